package io.tickertape.web.unsubscribe;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.regex.Pattern;

/**
 * Recipient tokens as the digest makes them (RecipientStore: 32 random bytes, base64url), and their comparison.
 * Tokens are compared as SHA-256 digests with {@link MessageDigest#isEqual}: a fixed 32-byte, constant-time
 * comparison whatever the lengths, so how much of a guess matched never shows in the time taken.
 */
final class UnsubscribeToken {

    /** The same shape RecipientStore.unsubscribe accepts. */
    private static final Pattern SHAPE = Pattern.compile("[A-Za-z0-9_-]{20,100}");
    /** Looked up in place of a malformed token, so a malformed token costs the same as an unknown one. */
    static final String PLACEHOLDER = "x".repeat(43);

    private UnsubscribeToken() {
    }

    static boolean wellFormed(String token) {
        return token != null && SHAPE.matcher(token).matches();
    }

    static boolean sameToken(String stored, String given) {
        return MessageDigest.isEqual(sha256(stored), sha256(given));
    }

    private static byte[] sha256(String s) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is always available", e);
        }
    }
}
