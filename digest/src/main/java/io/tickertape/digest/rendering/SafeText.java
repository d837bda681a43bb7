package io.tickertape.digest.rendering;

import org.jsoup.Jsoup;
import org.jsoup.parser.Parser;
import org.jsoup.safety.Safelist;

/**
 * Turns article text from the wild (feed titles, sources, explanations) into one line of plain text. Markup is
 * removed with jsoup's {@link Safelist#none()} cleaner, entities are decoded, and control, line-separator and
 * bidi-override characters are dropped, so the result cannot break out of a template, a header or a line.
 * The HTML template still escapes it on output: sanitising here and escaping there are independent defences.
 */
public final class SafeText {

    private SafeText() {
    }

    /** Plain, single-line text of at most {@code maxChars} characters ("" for null). */
    public static String line(String raw, int maxChars) {
        if (raw == null || raw.isEmpty()) {
            return "";
        }
        String text = raw;
        if (text.indexOf('<') >= 0 || text.indexOf('&') >= 0) {
            // clean() keeps text nodes and drops tags, script/style bodies and comments; it re-escapes the text.
            text = Parser.unescapeEntities(Jsoup.clean(text, Safelist.none()), false);
        }
        return truncate(collapse(text), maxChars);
    }

    /** Replaces every character that can end a line or reorder text with a space and collapses whitespace. */
    static String collapse(String s) {
        StringBuilder out = new StringBuilder(s.length());
        boolean space = true; // also trims the start
        for (int i = 0; i < s.length(); ) {
            int cp = s.codePointAt(i);
            i += Character.charCount(cp);
            if (isDropped(cp)) {
                continue;
            }
            if (Character.isWhitespace(cp) || Character.isSpaceChar(cp) || Character.isISOControl(cp)) {
                if (!space) {
                    out.append(' ');
                    space = true;
                }
                continue;
            }
            out.appendCodePoint(cp);
            space = false;
        }
        int end = out.length();
        while (end > 0 && out.charAt(end - 1) == ' ') {
            end--;
        }
        out.setLength(end);
        return out.toString();
    }

    /** Invisible characters used for spoofing: bidi embeddings/overrides/isolates, zero-width marks, BOM. */
    private static boolean isDropped(int cp) {
        return (cp >= 0x202A && cp <= 0x202E) || (cp >= 0x2066 && cp <= 0x2069)
                || cp == 0x200B || cp == 0x200E || cp == 0x200F || cp == 0xFEFF || cp == 0x061C
                || Character.getType(cp) == Character.SURROGATE || Character.getType(cp) == Character.UNASSIGNED;
    }

    private static String truncate(String s, int maxChars) {
        if (maxChars <= 0 || s.length() <= maxChars) {
            return s;
        }
        int cut = maxChars - 1;
        if (Character.isHighSurrogate(s.charAt(cut - 1))) {
            cut--;
        }
        int space = s.lastIndexOf(' ', cut);
        if (space > maxChars * 2 / 3) {
            cut = space;
        }
        return s.substring(0, cut).stripTrailing() + "…";
    }
}
