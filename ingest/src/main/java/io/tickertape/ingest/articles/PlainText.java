package io.tickertape.ingest.articles;

import org.jsoup.Jsoup;

import java.util.regex.Pattern;

/**
 * Feed text to plain text with jsoup: tags, scripts, styles and event handlers go, entities are decoded, whitespace
 * (including no-break spaces) collapses to single spaces. Text that still looks like markup after one pass (a
 * double-escaped {@code &amp;lt;script&amp;gt;}) is passed through again, a bounded number of times, and any tag that
 * survives that is cut, so no {@code <script>} reaches an article even as text.
 */
public final class PlainText {

    private static final Pattern LOOKS_LIKE_MARKUP = Pattern.compile("<\\s*[a-zA-Z/!?]|&[a-zA-Z#][a-zA-Z0-9]{1,10};");
    private static final Pattern TAG = Pattern.compile("<\\s*/?\\s*[a-zA-Z!?][^>]{0,2000}>?");
    private static final Pattern SPACES = Pattern.compile("[\\s\\u00A0\\u2007\\u202F\\u200B\\uFEFF]+");
    private static final int MAX_PASSES = 3;

    private PlainText() {
    }

    /** @param maxChars cut at a word boundary with an ellipsis past this many characters */
    public static String of(String markup, int maxChars) {
        if (markup == null || markup.isBlank()) {
            return "";
        }
        String text = markup;
        for (int pass = 0; pass < MAX_PASSES && LOOKS_LIKE_MARKUP.matcher(text).find(); pass++) {
            text = Jsoup.parseBodyFragment(text).text();
        }
        text = TAG.matcher(text).replaceAll(" ");
        text = SPACES.matcher(text).replaceAll(" ").strip();
        return truncate(text, maxChars);
    }

    static String truncate(String text, int maxChars) {
        if (text.length() <= maxChars) {
            return text;
        }
        int cut = text.lastIndexOf(' ', maxChars - 1);
        if (cut < maxChars / 2) {
            cut = maxChars - 1;
        }
        if (Character.isHighSurrogate(text.charAt(cut - 1))) {
            cut--;
        }
        return text.substring(0, cut).stripTrailing() + "…";
    }
}
