package io.tickertape.topology.drops;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Nothing is dropped silently: every record the pipeline lets go of is counted here with the stage and the
 * reason ({@code tickertape_dropped_total{stage,reason}}) and logged at debug with its key.
 */
public final class Drops {

    private static final Logger LOG = LoggerFactory.getLogger(Drops.class);

    private final MeterRegistry registry;
    private final Map<String, Counter> counters = new ConcurrentHashMap<>();

    public Drops(MeterRegistry registry) {
        this.registry = registry;
    }

    public void drop(String stage, Enum<?> reason, String key, String detail) {
        drop(stage, reason.name().toLowerCase(Locale.ROOT), key, detail);
    }

    public void drop(String stage, String reason, String key, String detail) {
        counters.computeIfAbsent(stage + '\u0000' + reason, k -> Counter.builder("tickertape_dropped")
                .description("Records dropped, by stage and reason").tag("stage", stage).tag("reason", reason)
                .register(registry)).increment();
        if (LOG.isDebugEnabled()) {
            LOG.debug("dropped {} at {}: {} {}", key, stage, reason, detail == null ? "" : detail);
        }
    }

    /** How many records a stage dropped for a reason so far (for tests and the demo's summary). */
    public double count(String stage, String reason) {
        Counter c = counters.get(stage + '\u0000' + reason);
        return c == null ? 0 : c.count();
    }
}
