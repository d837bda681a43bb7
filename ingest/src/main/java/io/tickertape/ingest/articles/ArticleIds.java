package io.tickertape.ingest.articles;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Locale;

/**
 * Stable article ids. The id is a kind letter and 128 bits of SHA-256 over an identity string, so it is fixed-length,
 * safe as a Kafka key and the same on every poll and every restart:
 * <ul>
 *   <li>{@code g-…}: a trusted GUID, scoped by the publisher's host (opaque GUIDs are only unique per publisher);</li>
 *   <li>{@code u-…}: the canonical URL (tracking parameters removed), used for GUIDs that are URLs too, so the same
 *       article from two feeds gets one id;</li>
 *   <li>{@code h-…}: a hash of source, title and published date (no date when the feed gave none, since the fetch
 *       time changes on every poll).</li>
 * </ul>
 */
public final class ArticleIds {

    private ArticleIds() {
    }

    public static String fromGuid(String scopeHost, String guid) {
        return "g-" + hash("guid\n" + scopeHost.toLowerCase(Locale.ROOT) + "\n" + guid.strip());
    }

    /** @param canonicalUrl from {@link UrlCanonicalizer}; http and https are the same article */
    public static String fromUrl(String canonicalUrl) {
        return "u-" + hash("url\n" + canonicalUrl.replaceFirst("^https?://", "//"));
    }

    public static String fromContent(String source, String title, String publishedOrEmpty) {
        return "h-" + hash("content\n" + source + "\n" + title.strip().toLowerCase(Locale.ROOT) + "\n" + publishedOrEmpty);
    }

    private static String hash(String identity) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(identity.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest, 0, 16);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required by the Java platform", e);
        }
    }
}
