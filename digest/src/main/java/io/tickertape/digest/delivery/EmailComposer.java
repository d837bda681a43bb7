package io.tickertape.digest.delivery;

import io.tickertape.digest.rendering.DigestRenderer.RenderedEmail;
import io.tickertape.digest.rendering.InlineImage;
import io.tickertape.digest.rendering.SafeLinks;
import io.tickertape.digest.rendering.SignalView;
import jakarta.activation.DataHandler;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.Part;
import jakarta.mail.Session;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeBodyPart;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;
import jakarta.mail.util.ByteArrayDataSource;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Builds the MIME message:
 * <pre>
 * multipart/related; type="multipart/alternative"
 *   multipart/alternative
 *     text/plain; charset=UTF-8      (first: the fallback)
 *     text/html; charset=UTF-8       (last: the preferred part)
 *   image/png  Content-ID: &lt;chart-1...&gt;  Content-Disposition: inline
 *   ...
 * </pre>
 * (just the multipart/alternative when there are no images), with a fixed Message-ID and, for recipients,
 * RFC 2369/8058 one-click {@code List-Unsubscribe} headers. Every header value goes through {@link HeaderValues}.
 */
public final class EmailComposer {

    /**
     * Who and which.
     *
     * @param unsubscribeUrl the recipient's https one-click unsubscribe URL, or null (previews)
     * @param listId         List-Id header value, e.g. {@code "tickertape digest" <digest.example.com>}, or null
     */
    public record Envelope(InternetAddress from, InternetAddress to, String messageId, String unsubscribeUrl,
                           String listId, Instant date) {
        public Envelope {
            Objects.requireNonNull(from, "from");
            Objects.requireNonNull(to, "to");
            HeaderValues.token(messageId);
            if (unsubscribeUrl != null && !SafeLinks.isHttps(unsubscribeUrl)) {
                throw new IllegalArgumentException("List-Unsubscribe needs an https URL (RFC 8058)");
            }
            Objects.requireNonNull(date, "date");
        }
    }

    public MimeMessage compose(Session session, Envelope envelope, RenderedEmail email, List<InlineImage> images)
            throws MessagingException {
        MimeMessage message = new FixedIdMessage(session, envelope.messageId());
        message.setFrom(envelope.from());
        message.setRecipient(Message.RecipientType.TO, envelope.to());
        message.setSubject(HeaderValues.text(email.model().subject(), 200), StandardCharsets.UTF_8.name());
        message.setSentDate(Date.from(envelope.date()));
        if (envelope.unsubscribeUrl() != null) {
            // SafeLinks.http() returned an ASCII URL without spaces or controls, so it cannot break the header.
            String url = SafeLinks.http(envelope.unsubscribeUrl()).orElseThrow();
            message.setHeader("List-Unsubscribe", "<" + url + ">");
            message.setHeader("List-Unsubscribe-Post", "List-Unsubscribe=One-Click");
        }
        if (envelope.listId() != null) {
            message.setHeader("List-Id", envelope.listId());
        }
        message.setHeader("Auto-Submitted", "auto-generated"); // keeps vacation responders quiet

        MimeMultipart alternative = new MimeMultipart("alternative");
        MimeBodyPart text = new MimeBodyPart();
        text.setText(email.text(), StandardCharsets.UTF_8.name(), "plain");
        alternative.addBodyPart(text);
        MimeBodyPart html = new MimeBodyPart();
        html.setText(email.html(), StandardCharsets.UTF_8.name(), "html");
        alternative.addBodyPart(html);

        // Only the charts of signals that made it into the (possibly size-trimmed) email are attached, and the
        // track record's chart when the email shows it.
        Set<String> referenced = email.model().signals().stream().map(SignalView::chartCid)
                .filter(Objects::nonNull).collect(Collectors.toCollection(java.util.HashSet::new));
        if (email.model().trackRecord() != null && email.model().trackRecord().chartCid() != null) {
            referenced.add(email.model().trackRecord().chartCid());
        }
        List<InlineImage> used = images.stream().filter(i -> referenced.contains(i.contentId())).toList();
        if (used.isEmpty()) {
            message.setContent(alternative);
        } else {
            MimeMultipart related = new MimeMultipart("related; type=\"multipart/alternative\"");
            MimeBodyPart body = new MimeBodyPart();
            body.setContent(alternative);
            related.addBodyPart(body);
            for (InlineImage image : used) {
                MimeBodyPart part = new MimeBodyPart();
                part.setDataHandler(new DataHandler(new ByteArrayDataSource(image.png(), "image/png")));
                part.setContentID("<" + image.contentId() + ">");
                part.setDisposition(Part.INLINE);
                part.setFileName(image.fileName());
                part.setHeader("Content-Transfer-Encoding", "base64");
                related.addBodyPart(part);
            }
            message.setContent(related);
        }
        message.saveChanges();
        return message;
    }

    /** A MimeMessage whose Message-ID is ours: Jakarta Mail would otherwise replace it with a random one. */
    static final class FixedIdMessage extends MimeMessage {
        private final String messageId;

        FixedIdMessage(Session session, String messageId) {
            super(session);
            this.messageId = HeaderValues.token(messageId);
        }

        @Override
        protected void updateMessageID() throws MessagingException {
            setHeader("Message-ID", messageId);
        }
    }
}
