package io.tickertape.ingest.parsing;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.Charset;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.IllegalCharsetNameException;
import java.nio.charset.StandardCharsets;
import java.nio.charset.UnsupportedCharsetException;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Bytes to text, before any XML parser sees them, so that encoding mistakes are handled in one place:
 * <ol>
 *   <li>a byte-order mark wins (UTF-8, UTF-16 LE/BE, UTF-32 LE/BE);</li>
 *   <li>else UTF-16 without a BOM is recognised from the {@code <?} pattern;</li>
 *   <li>else the XML declaration's encoding, unless it names a UTF-16/32 encoding the bytes clearly are not;</li>
 *   <li>else the HTTP {@code charset}; else UTF-8.</li>
 * </ol>
 * ISO-8859-1 and US-ASCII are read as windows-1252 (as browsers do), since servers that say Latin-1 send smart
 * quotes from 1252. When the chosen charset is UTF-8 and the bytes are not valid UTF-8 (Latin-1 declared as UTF-8,
 * a common publisher bug), the body is read as windows-1252 instead of being rejected or mangled with U+FFFD.
 */
public final class FeedDecoder {

    private static final Pattern DECLARED = Pattern.compile("^<\\?xml[^>]{0,200}?encoding\\s*=\\s*[\"']([A-Za-z0-9._:-]{1,40})[\"']");
    private static final Pattern HEADER_CHARSET = Pattern.compile("(?i)charset\\s*=\\s*\"?([A-Za-z0-9._:-]{1,40})");
    private static final Charset WINDOWS_1252 = Charset.forName("windows-1252");

    private FeedDecoder() {
    }

    public static DecodedFeed decode(byte[] bytes, String contentType) {
        int n = bytes.length;
        // 1. Byte-order marks (UTF-32 LE first: its BOM starts with the UTF-16 LE one).
        if (n >= 4 && b(bytes, 0) == 0xFF && b(bytes, 1) == 0xFE && b(bytes, 2) == 0 && b(bytes, 3) == 0) {
            return result(bytes, 4, Charset.forName("UTF-32LE"), "bom");
        }
        if (n >= 4 && b(bytes, 0) == 0 && b(bytes, 1) == 0 && b(bytes, 2) == 0xFE && b(bytes, 3) == 0xFF) {
            return result(bytes, 4, Charset.forName("UTF-32BE"), "bom");
        }
        if (n >= 3 && b(bytes, 0) == 0xEF && b(bytes, 1) == 0xBB && b(bytes, 2) == 0xBF) {
            return utf8OrFallback(bytes, 3, "bom");
        }
        if (n >= 2 && b(bytes, 0) == 0xFE && b(bytes, 1) == 0xFF) {
            return result(bytes, 2, StandardCharsets.UTF_16BE, "bom");
        }
        if (n >= 2 && b(bytes, 0) == 0xFF && b(bytes, 1) == 0xFE) {
            return result(bytes, 2, StandardCharsets.UTF_16LE, "bom");
        }
        // 2. UTF-16 without a BOM: '<' is 0x3C next to a NUL.
        if (n >= 4 && b(bytes, 0) == 0x3C && b(bytes, 1) == 0 && b(bytes, 2) != 0 && b(bytes, 3) == 0) {
            return result(bytes, 0, StandardCharsets.UTF_16LE, "xml-declaration");
        }
        if (n >= 4 && b(bytes, 0) == 0 && b(bytes, 1) == 0x3C && b(bytes, 2) == 0 && b(bytes, 3) != 0) {
            return result(bytes, 0, StandardCharsets.UTF_16BE, "xml-declaration");
        }
        // 3. The XML declaration, read as ASCII (the bytes are ASCII-compatible by now).
        String head = new String(bytes, 0, Math.min(n, 256), StandardCharsets.ISO_8859_1).stripLeading();
        Matcher declared = DECLARED.matcher(head);
        if (declared.find()) {
            Charset cs = charset(declared.group(1));
            if (cs != null && !isWideUnicode(cs)) {
                return decodeAs(bytes, cs, "xml-declaration");
            }
        }
        // 4. The HTTP header.
        if (contentType != null) {
            Matcher header = HEADER_CHARSET.matcher(contentType);
            if (header.find()) {
                Charset cs = charset(header.group(1));
                if (cs != null && !isWideUnicode(cs)) {
                    return decodeAs(bytes, cs, "http-header");
                }
            }
        }
        return utf8OrFallback(bytes, 0, "default");
    }

    private static DecodedFeed decodeAs(byte[] bytes, Charset cs, String how) {
        if (cs.equals(StandardCharsets.UTF_8)) {
            return utf8OrFallback(bytes, 0, how);
        }
        if (cs.equals(StandardCharsets.ISO_8859_1) || cs.equals(StandardCharsets.US_ASCII)) {
            cs = WINDOWS_1252;
        }
        return result(bytes, 0, cs, how);
    }

    private static DecodedFeed utf8OrFallback(byte[] bytes, int offset, String how) {
        CharsetDecoder strict = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        try {
            CharBuffer chars = strict.decode(ByteBuffer.wrap(bytes, offset, bytes.length - offset));
            return new DecodedFeed(clean(chars), StandardCharsets.UTF_8, how);
        } catch (CharacterCodingException e) {
            return result(bytes, offset, WINDOWS_1252, "fallback");
        }
    }

    private static DecodedFeed result(byte[] bytes, int offset, Charset cs, String how) {
        return new DecodedFeed(clean(CharBuffer.wrap(new String(bytes, offset, bytes.length - offset, cs))), cs, how);
    }

    /** Drops the characters XML 1.0 forbids (stray control bytes are common in feeds and fatal to parsers). */
    private static String clean(CharSequence chars) {
        StringBuilder out = null;
        int len = chars.length();
        for (int i = 0; i < len; i++) {
            char c = chars.charAt(i);
            boolean bad = (c < 0x20 && c != '\t' && c != '\n' && c != '\r') || c == 0xFFFE || c == 0xFFFF
                    || (i == 0 && c == 0xFEFF);
            if (bad && out == null) {
                out = new StringBuilder(len);
                out.append(chars, 0, i);
            } else if (!bad && out != null) {
                out.append(c);
            }
        }
        return out == null ? chars.toString() : out.toString();
    }

    private static Charset charset(String name) {
        try {
            return Charset.forName(name.toLowerCase(Locale.ROOT));
        } catch (IllegalCharsetNameException | UnsupportedCharsetException e) {
            return null;
        }
    }

    private static boolean isWideUnicode(Charset cs) {
        String name = cs.name().toUpperCase(Locale.ROOT);
        return name.startsWith("UTF-16") || name.startsWith("UTF-32");
    }

    private static int b(byte[] bytes, int i) {
        return bytes[i] & 0xff;
    }
}
