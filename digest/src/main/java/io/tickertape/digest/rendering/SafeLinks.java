package io.tickertape.digest.rendering;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;
import java.util.Optional;

/**
 * Links that may appear in an email: absolute http(s) URLs with a host and no user info. Everything else
 * ({@code javascript:}, {@code data:}, relative links, {@code http://bank@evil}) is dropped, and the headline is
 * shown without a link.
 */
public final class SafeLinks {

    static final int MAX_LENGTH = 2048;

    private SafeLinks() {
    }

    /** The link in its ASCII form, or empty when it is not a safe http(s) URL. */
    public static Optional<String> http(String raw) {
        if (raw == null) {
            return Optional.empty();
        }
        String s = raw.strip();
        if (s.isEmpty() || s.length() > MAX_LENGTH) {
            return Optional.empty();
        }
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            // Whitespace and controls inside a URL are how filters get split and headers get injected.
            if (c <= 0x20 || c == 0x7F || Character.isWhitespace(c) || Character.isISOControl(c)) {
                return Optional.empty();
            }
        }
        try {
            URI uri = new URI(s);
            String scheme = uri.getScheme();
            if (scheme == null) {
                return Optional.empty();
            }
            scheme = scheme.toLowerCase(Locale.ROOT);
            if (!scheme.equals("http") && !scheme.equals("https")) {
                return Optional.empty();
            }
            if (uri.getHost() == null || uri.getHost().isEmpty() || uri.getRawUserInfo() != null) {
                return Optional.empty();
            }
            return Optional.of(uri.toASCIIString());
        } catch (URISyntaxException e) {
            return Optional.empty();
        }
    }

    /** True for an absolute https URL that {@link #http} accepts: what RFC 8058 one-click unsubscribe requires. */
    public static boolean isHttps(String raw) {
        return http(raw).map(u -> u.regionMatches(true, 0, "https:", 0, 6)).orElse(false);
    }
}
