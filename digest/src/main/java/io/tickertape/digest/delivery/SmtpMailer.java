package io.tickertape.digest.delivery;

import jakarta.mail.Address;
import jakarta.mail.AuthenticationFailedException;
import jakarta.mail.MessagingException;
import jakarta.mail.SendFailedException;
import jakarta.mail.Session;
import jakarta.mail.Transport;
import jakarta.mail.internet.MimeMessage;
import org.eclipse.angus.mail.smtp.SMTPAddressFailedException;
import org.eclipse.angus.mail.smtp.SMTPSendFailedException;
import org.eclipse.angus.mail.util.MailConnectException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.concurrent.locks.ReentrantLock;

/**
 * Jakarta Mail (Angus) over SMTP. One connection is reused across messages and checked with NOOP before each send,
 * so a dropped connection is found before a message is started, not in the middle of one.
 */
public final class SmtpMailer implements Mailer {

    private static final Logger LOG = LoggerFactory.getLogger(SmtpMailer.class);

    private final SmtpSettings settings;
    private final Session session;
    private final ReentrantLock lock = new ReentrantLock();
    private Transport transport;

    public SmtpMailer(SmtpSettings settings) {
        this.settings = settings;
        this.session = Session.getInstance(settings.sessionProperties());
    }

    @Override
    public Session session() {
        return session;
    }

    @Override
    public void send(MimeMessage message) throws DeliveryException {
        lock.lock();
        try {
            Address[] recipients;
            try {
                message.saveChanges();
                recipients = message.getAllRecipients();
            } catch (MessagingException e) {
                throw new DeliveryException("message could not be prepared: " + e.getMessage(), true, e);
            }
            if (recipients == null || recipients.length == 0) {
                throw new DeliveryException("message has no recipients", true, null);
            }
            Transport t = connected();
            try {
                t.sendMessage(message, recipients);
            } catch (SMTPSendFailedException | SMTPAddressFailedException e) {
                // The server answered with an error code: it did not take the message.
                throw new DeliveryException("server refused the message: " + e.getMessage(), true, e);
            } catch (SendFailedException e) {
                // Thrown when recipients are refused before DATA; if none was accepted, nothing was sent.
                boolean none = e.getValidSentAddresses() == null || e.getValidSentAddresses().length == 0;
                closeQuietly();
                throw new DeliveryException("send failed: " + e.getMessage(), none, e);
            } catch (MessagingException e) {
                // I/O while the message was on the wire: the server may or may not have queued it.
                closeQuietly();
                throw new DeliveryException("connection failed during send: " + e.getMessage(), false, e);
            }
        } finally {
            lock.unlock();
        }
    }

    private Transport connected() throws DeliveryException {
        try {
            if (transport != null && transport.isConnected()) { // NOOP round trip, bounded by the read timeout
                return transport;
            }
            closeQuietly();
            Transport t = session.getTransport(settings.protocol());
            if (settings.authenticated()) {
                t.connect(settings.host(), settings.port(), settings.username(), settings.password());
            } else {
                t.connect(settings.host(), settings.port(), null, null);
            }
            transport = t;
            return t;
        } catch (AuthenticationFailedException e) {
            throw new DeliveryException("SMTP authentication failed for " + settings.username(), true, e);
        } catch (MailConnectException e) {
            throw new DeliveryException("cannot connect to " + settings.host() + ":" + settings.port() + ": " + e.getMessage(), true, e);
        } catch (MessagingException e) {
            // Connect-phase failures (greeting, EHLO, STARTTLS refused or missing): nothing was sent.
            closeQuietly();
            throw new DeliveryException("SMTP connection to " + settings.host() + " failed: " + e.getMessage(), true, e);
        }
    }

    private void closeQuietly() {
        if (transport == null) {
            return;
        }
        try {
            transport.close();
        } catch (MessagingException e) {
            LOG.debug("closing SMTP connection: {}", e.getMessage());
        }
        transport = null;
    }

    @Override
    public void close() {
        lock.lock();
        try {
            closeQuietly();
        } finally {
            lock.unlock();
        }
    }
}
