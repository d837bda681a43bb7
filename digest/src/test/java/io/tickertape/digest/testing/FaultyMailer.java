package io.tickertape.digest.testing;

import io.tickertape.digest.delivery.DeliveryException;
import io.tickertape.digest.delivery.Mailer;
import jakarta.mail.Session;
import jakarta.mail.internet.MimeMessage;

import java.util.concurrent.atomic.AtomicInteger;

/**
 * A mailer that works for the first {@code okCount} messages and then fails in a chosen way, to crash a run in
 * the middle of sending.
 */
public final class FaultyMailer implements Mailer {

    public enum Fault {
        /** The server is unreachable: the message certainly did not leave. */
        NOT_SENT,
        /** The message reached the server, then the connection broke before its reply: outcome unknown. Only
         *  the one message after {@code okCount} is affected; the next reconnects and works. */
        DELIVERED_THEN_LOST,
        /** The process dies (an unchecked error escapes) before the message is handed over. */
        PROCESS_CRASH
    }

    private final Mailer delegate;
    private final int okCount;
    private final Fault fault;
    private final AtomicInteger calls = new AtomicInteger();

    public FaultyMailer(Mailer delegate, int okCount, Fault fault) {
        this.delegate = delegate;
        this.okCount = okCount;
        this.fault = fault;
    }

    @Override
    public Session session() {
        return delegate.session();
    }

    @Override
    public void send(MimeMessage message) throws DeliveryException {
        int call = calls.incrementAndGet();
        if (call <= okCount || (fault == Fault.DELIVERED_THEN_LOST && call > okCount + 1)) {
            delegate.send(message);
            return;
        }
        switch (fault) {
            case NOT_SENT -> throw new DeliveryException("connection refused (injected)", true, null);
            case DELIVERED_THEN_LOST -> {
                delegate.send(message);
                throw new DeliveryException("connection reset before the server's reply (injected)", false, null);
            }
            case PROCESS_CRASH -> throw new IllegalStateException("process killed (injected)");
        }
    }

    @Override
    public void close() {
        delegate.close();
    }
}
