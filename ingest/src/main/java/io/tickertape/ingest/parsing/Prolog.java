package io.tickertape.ingest.parsing;

import java.util.Locale;

/**
 * Looks at what comes before the root element, so that wrong bodies fail with a clear message and DTDs are dealt
 * with before the parser: an HTML page is named as such; a DTD with an internal subset (where XXE and "billion
 * laughs" live) is refused; a DTD that only names an external file (old RSS 0.91 feeds) is dropped, since it would
 * never be fetched anyway. The parser itself still refuses any DOCTYPE, so this is not the only line of defence.
 */
final class Prolog {

    private static final int MAX_PROLOG_SCAN = 64 * 1024;

    private Prolog() {
    }

    /** @return the text to parse (possibly without its DOCTYPE) */
    static String check(String text, String contentType) throws FeedParseException {
        int i = 0;
        int n = text.length();
        int limit = Math.min(n, MAX_PROLOG_SCAN);
        while (i < limit) {
            char c = text.charAt(i);
            if (Character.isWhitespace(c) || c == '\uFEFF') {
                i++;
            } else if (text.startsWith("<?", i)) {
                int end = text.indexOf("?>", i + 2);
                if (end < 0) {
                    break;
                }
                i = end + 2;
            } else if (text.startsWith("<!--", i)) {
                int end = text.indexOf("-->", i + 4);
                if (end < 0) {
                    break;
                }
                i = end + 3;
            } else if (regionMatches(text, i, "<!DOCTYPE")) {
                int end = doctypeEnd(text, i);
                String doctype = text.substring(i, end < 0 ? Math.min(n, i + 200) : end);
                if (regionMatches(doctype, 0, "<!DOCTYPE html")) {
                    throw html(text);
                }
                if (end < 0 || doctype.indexOf('[') >= 0) {
                    throw new FeedParseException(FeedParseException.Kind.DOCTYPE,
                            "refused: the document declares a DTD with an internal subset (entity declarations are not allowed)");
                }
                return text.substring(0, i) + text.substring(end);
            } else if (c == '<') {
                if (regionMatches(text, i, "<html") || regionMatches(text, i, "<head") || regionMatches(text, i, "<body")) {
                    throw html(text);
                }
                return text;
            } else {
                break;
            }
        }
        if (i >= n) {
            throw new FeedParseException(FeedParseException.Kind.EMPTY, "the body has no XML element (only whitespace, comments or declarations)");
        }
        String start = text.substring(i, Math.min(n, i + 40));
        if (contentType != null && contentType.toLowerCase(Locale.ROOT).contains("html")) {
            throw html(text);
        }
        throw new FeedParseException(FeedParseException.Kind.NOT_A_FEED, "not XML: the body starts with '" + abbreviate(start) + "'"
                + (contentType == null ? "" : " (Content-Type " + abbreviate(contentType) + ")"));
    }

    private static FeedParseException html(String text) {
        String title = null;
        int t = indexOfIgnoreCase(text, "<title", 0, 16 * 1024);
        if (t >= 0) {
            int gt = text.indexOf('>', t);
            int end = gt < 0 ? -1 : indexOfIgnoreCase(text, "</title", gt, 2048);
            if (end > gt) {
                title = text.substring(gt + 1, end).strip();
            }
        }
        return new FeedParseException(FeedParseException.Kind.HTML, "got an HTML page, not a feed"
                + (title == null || title.isEmpty() ? "" : " (title: \"" + abbreviate(title) + "\")"));
    }

    /** End of a DOCTYPE declaration, skipping quoted strings and an internal subset; -1 if it never ends. */
    private static int doctypeEnd(String text, int start) {
        char quote = 0;
        int depth = 0;
        int limit = Math.min(text.length(), start + MAX_PROLOG_SCAN);
        for (int j = start + 2; j < limit; j++) {
            char c = text.charAt(j);
            if (quote != 0) {
                if (c == quote) {
                    quote = 0;
                }
            } else if (c == '"' || c == '\'') {
                quote = c;
            } else if (c == '[') {
                depth++;
            } else if (c == ']') {
                depth--;
            } else if (c == '>' && depth <= 0) {
                return j + 1;
            }
        }
        return -1;
    }

    private static boolean regionMatches(String text, int offset, String prefix) {
        return text.regionMatches(true, offset, prefix, 0, prefix.length());
    }

    private static int indexOfIgnoreCase(String text, String needle, int from, int window) {
        int limit = Math.min(text.length() - needle.length(), from + window);
        for (int j = Math.max(0, from); j <= limit; j++) {
            if (text.regionMatches(true, j, needle, 0, needle.length())) {
                return j;
            }
        }
        return -1;
    }

    static String abbreviate(String s) {
        if (s == null) {
            return "";
        }
        String flat = s.replaceAll("\\s+", " ").strip();
        return flat.length() > 160 ? flat.substring(0, 160) + "…" : flat;
    }
}
