package io.tickertape.digest.delivery;

import io.tickertape.digest.rendering.SafeText;
import jakarta.mail.internet.AddressException;
import jakarta.mail.internet.InternetAddress;

import java.io.UnsupportedEncodingException;
import java.nio.charset.StandardCharsets;

/**
 * The only way values reach a header. Free text is flattened to one line by {@link SafeText} (no CR, LF, NUL or
 * other controls survive, so no header can be ended early and no new header started); structured values
 * (addresses, Message-IDs, URLs) are checked against strict grammars and rejected otherwise.
 */
public final class HeaderValues {

    private HeaderValues() {
    }

    /** Free text for Subject and display names: one line, at most {@code maxChars}. */
    public static String text(String raw, int maxChars) {
        return SafeText.line(raw, maxChars);
    }

    /**
     * A mailbox: a strictly parsed, single address with an optional display name. Throws for anything else,
     * including group syntax, several addresses, or control characters.
     */
    public static InternetAddress mailbox(String address, String displayName) {
        if (address == null || address.isBlank()) {
            throw new IllegalArgumentException("email address is empty");
        }
        if (hasControl(address) || address.length() > 254) {
            throw new IllegalArgumentException("email address has control characters or is too long");
        }
        try {
            InternetAddress parsed = new InternetAddress(address.strip(), true);
            parsed.validate();
            if (parsed.isGroup() || parsed.getAddress() == null || !parsed.getAddress().contains("@")) {
                throw new IllegalArgumentException("not a single mailbox: " + address);
            }
            String name = displayName != null ? displayName : parsed.getPersonal();
            String cleanName = text(name, 80);
            InternetAddress out = new InternetAddress(parsed.getAddress());
            if (!cleanName.isEmpty()) {
                out.setPersonal(cleanName, StandardCharsets.UTF_8.name());
            }
            return out;
        } catch (AddressException e) {
            throw new IllegalArgumentException("not a valid email address: " + SafeText.line(address, 80), e);
        } catch (UnsupportedEncodingException e) {
            throw new IllegalStateException("UTF-8 is always supported", e);
        }
    }

    /** Parses "Name &lt;addr@host&gt;" or "addr@host" into a mailbox. */
    public static InternetAddress mailbox(String addressWithOptionalName) {
        return mailbox(addressWithOptionalName, null);
    }

    /** A token that is safe anywhere in a header: letters, digits and {@code . - _ @ = < >}. */
    public static String token(String value) {
        if (value == null || !value.matches("[A-Za-z0-9._@=<>-]{1,250}")) {
            throw new IllegalArgumentException("unsafe header token: " + SafeText.line(value, 80));
        }
        return value;
    }

    static boolean hasControl(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < 0x20 || c == 0x7F || (c >= 0x80 && c <= 0x9F) || c == '\u2028' || c == '\u2029') {
                return true;
            }
        }
        return false;
    }
}
