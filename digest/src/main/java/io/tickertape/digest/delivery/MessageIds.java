package io.tickertape.digest.delivery;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.util.HexFormat;
import java.util.Locale;

/**
 * Deterministic Message-IDs: the same digest date and recipient (or signal and recipient) always get the same ID.
 * A resend after an ambiguous failure therefore carries the ID of the first attempt, and receiving systems that
 * deduplicate by Message-ID show it once. The hash part keeps IDs from two installations (say staging and
 * production, whose recipient ids overlap) apart.
 */
public final class MessageIds {

    private MessageIds() {
    }

    /** {@code <digest.20261121.r42.<hash>@domain>} */
    public static String digest(LocalDate date, long recipientId, String email, String domain) {
        String day = date.format(DateTimeFormatter.BASIC_ISO_DATE);
        return "<digest." + day + ".r" + recipientId + "." + hash("digest", day, Long.toString(recipientId),
                email.toLowerCase(Locale.ROOT)) + "@" + domain(domain) + ">";
    }

    /** {@code <alert.<signal>.r42.<hash>@domain>} */
    public static String alert(String signalId, long recipientId, String email, String domain) {
        String id = signalId.replaceAll("[^A-Za-z0-9]", "");
        id = id.length() > 32 ? id.substring(0, 32) : id;
        return "<alert." + id + ".r" + recipientId + "." + hash("alert", signalId, Long.toString(recipientId),
                email.toLowerCase(Locale.ROOT)) + "@" + domain(domain) + ">";
    }

    /** The domain part of an address, for Message-IDs and List-Id. */
    public static String domainOf(String address) {
        int at = address.lastIndexOf('@');
        return domain(at < 0 ? "tickertape.invalid" : address.substring(at + 1));
    }

    private static String domain(String d) {
        String lower = d.toLowerCase(Locale.ROOT);
        if (!lower.matches("[a-z0-9]([a-z0-9.-]{0,250}[a-z0-9])?")) {
            throw new IllegalArgumentException("not a usable domain for Message-IDs: " + HeaderValues.text(d, 80));
        }
        return lower;
    }

    private static String hash(String... parts) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            for (String p : parts) {
                sha.update(p.getBytes(StandardCharsets.UTF_8));
                sha.update((byte) 0);
            }
            return HexFormat.of().formatHex(sha.digest(), 0, 6);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is always available", e);
        }
    }
}
