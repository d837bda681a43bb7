package io.tickertape.digest.testing;

import io.tickertape.digest.delivery.HeaderValues;
import io.tickertape.digest.delivery.SmtpSettings;
import jakarta.mail.BodyPart;
import jakarta.mail.MessagingException;
import jakarta.mail.Multipart;
import jakarta.mail.internet.MimeMessage;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

/** SMTP settings for an in-process GreenMail server, and helpers to take received messages apart. */
public final class MailFixtures {

    public static final String FROM = "tickertape <digest@tickertape.example>";
    public static final String UNSUBSCRIBE = "https://tickertape.example/unsubscribe";

    private MailFixtures() {
    }

    public static SmtpSettings plainSmtp(int port) {
        return SmtpSettings.of("127.0.0.1", port, SmtpSettings.Security.NONE, null, null, HeaderValues.mailbox(FROM));
    }

    public static int freePort() {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The first To address of a message. */
    public static String to(MimeMessage m) {
        try {
            return ((jakarta.mail.internet.InternetAddress) m.getRecipients(MimeMessage.RecipientType.TO)[0]).getAddress();
        } catch (MessagingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Number of messages per To address. */
    public static Map<String, Long> countByRecipient(MimeMessage[] messages) {
        return Arrays.stream(messages).collect(Collectors.groupingBy(MailFixtures::to, Collectors.counting()));
    }

    /** The body parts of a multipart, as a list. */
    public static List<BodyPart> parts(Object content) throws MessagingException {
        Multipart mp = (Multipart) content;
        List<BodyPart> out = new ArrayList<>();
        for (int i = 0; i < mp.getCount(); i++) {
            out.add(mp.getBodyPart(i));
        }
        return out;
    }

    /** The text of the first part (searching depth-first) whose content type starts with {@code type}. */
    public static String textPart(MimeMessage m, String type) throws MessagingException, IOException {
        return find(m.getContent(), type, p -> {
            try {
                return (String) p.getContent();
            } catch (IOException | MessagingException e) {
                throw new IllegalStateException(e);
            }
        });
    }

    private static <T> T find(Object content, String type, Function<BodyPart, T> f) throws MessagingException, IOException {
        if (!(content instanceof Multipart)) {
            return null;
        }
        for (BodyPart p : parts(content)) {
            if (p.getContentType().toLowerCase().startsWith(type)) {
                return f.apply(p);
            }
            if (p.getContent() instanceof Multipart) {
                T inner = find(p.getContent(), type, f);
                if (inner != null) {
                    return inner;
                }
            }
        }
        return null;
    }
}
