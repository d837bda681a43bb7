package io.tickertape.topology.sentiment;

import java.text.BreakIterator;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * The text an article is scored on toward one company: the headline, then the summary sentences that name the
 * company (in order), joined with spaces. The model weighs every part by its token count, so a headline and a
 * sentence of equal length count the same; sentences that do not name the company are left out, because they are
 * about something else. When neither the headline nor any sentence names the alias (a ticker from feed metadata),
 * the whole article is scored.
 */
public final class TargetText {
    private TargetText() {
    }

    /** The alias as a whole word, case-insensitive ("Amazon" matches "Amazon's", not "Amazonas"). */
    static Pattern mention(String alias) {
        return Pattern.compile("(?<![\\p{L}\\p{N}])" + Pattern.quote(alias) + "(?![\\p{L}\\p{N}])",
                Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE);
    }

    /** True if {@code text} names {@code alias} as a whole word. */
    public static boolean mentions(String text, String alias) {
        return text != null && alias != null && !alias.isBlank() && mention(alias).matcher(text).find();
    }

    public static String of(String title, String summary, String alias) {
        String head = title == null ? "" : title.strip();
        String body = summary == null ? "" : summary.strip();
        Pattern p = mention(alias);
        StringBuilder out = new StringBuilder(head);
        boolean named = p.matcher(head).find();
        BreakIterator sentences = BreakIterator.getSentenceInstance(Locale.ENGLISH);
        sentences.setText(body);
        for (int start = sentences.first(), end = sentences.next(); end != BreakIterator.DONE;
             start = end, end = sentences.next()) {
            String sentence = body.substring(start, end).strip();
            if (!sentence.isEmpty() && p.matcher(sentence).find()) {
                if (!out.isEmpty()) {
                    out.append(' ');
                }
                out.append(sentence);
                named = true;
            }
        }
        if (!named) {
            return (head + " " + body).strip();
        }
        return out.toString();
    }
}
