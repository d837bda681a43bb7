package io.tickertape.web.operations;

import io.tickertape.web.signals.SignalReader;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Whether the load balancer may send traffic: the database answers (within its query timeout) and holds the
 * schema. The model (when scoring is on) is loaded before the server starts listening, so it needs no check.
 * Checked per request: the ALB asks every few seconds and the query is one catalog lookup with a 2 s timeout.
 */
public final class Readiness {

    private static final Logger LOG = LoggerFactory.getLogger(Readiness.class);

    private final SignalReader reader;
    public Readiness(SignalReader reader) {
        this.reader = reader;
    }

    /** "READY", or what is missing. */
    public String state() {
        try {
            if (!reader.schemaPresent()) {
                return "NO_SCHEMA";
            }
        } catch (RuntimeException e) {
            LOG.warn("readiness: database unreachable: {}", e.toString());
            return "DATABASE_UNREACHABLE";
        }
        return "READY";
    }
}
