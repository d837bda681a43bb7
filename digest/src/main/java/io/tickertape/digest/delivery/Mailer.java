package io.tickertape.digest.delivery;

import jakarta.mail.Session;
import jakarta.mail.internet.MimeMessage;

/** Hands messages to a mail server. Implementations keep one connection open between sends and are thread-safe. */
public interface Mailer extends AutoCloseable {

    /** The Jakarta Mail session messages for this mailer are built with. */
    Session session();

    /** Sends one message to its recipients; returns when the server has accepted it. */
    void send(MimeMessage message) throws DeliveryException;

    @Override
    void close();
}
