package io.tickertape.topology.ledger;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import io.tickertape.signals.fusion.Signal;
import io.tickertape.topology.errors.TransientInfrastructureException;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

/**
 * The signals of one task that wait for the ledger, in arrival order, in a changelogged store: the store write
 * commits in the same Kafka transaction as the input offset, so a held signal is neither lost nor doubled by a
 * crash. While anything waits, later signals queue behind it, so the order in which a ticker's signals are
 * decided never changes. Bounded: past {@code capacity} the task fails (and is retried) rather than grow.
 */
public final class WaitingSignals implements AutoCloseable {

    /** Zero-padded so the store's byte order is arrival order. */
    private static final String KEY_FORMAT = "%019d";

    private final KeyValueStore<String, WaitingSignal> store;
    private final int capacity;
    private final Clock clock;
    private final MeterRegistry registry;
    private final Gauge gauge;
    private final Timer waited;
    private long nextSequence;
    private int size;

    public WaitingSignals(KeyValueStore<String, WaitingSignal> store, int capacity, String stage, String taskId,
                          MeterRegistry registry, Clock clock) {
        this.store = store;
        this.capacity = capacity;
        this.clock = clock;
        this.registry = registry;
        try (KeyValueIterator<String, WaitingSignal> it = store.all()) { // restored from the changelog
            while (it.hasNext()) {
                KeyValue<String, WaitingSignal> kv = it.next();
                size++;
                nextSequence = Math.max(nextSequence, Long.parseLong(kv.key) + 1);
            }
        }
        Tags tags = Tags.of("stage", stage, "task", taskId);
        var stale = registry.find("tickertape_signals_waiting_for_ledger").tags(tags).gauge(); // a task re-created here
        if (stale != null) {
            registry.remove(stale);
        }
        this.gauge = Gauge.builder("tickertape_signals_waiting_for_ledger", this, WaitingSignals::size).tags(tags)
                .description("Signals held in this task until the signal ledger (PostgreSQL) answers").register(registry);
        this.waited = Timer.builder("tickertape_signals_ledger_wait").tags(Tags.of("stage", stage))
                .description("How long held signals waited for the signal ledger").register(registry);
    }

    public boolean isEmpty() {
        return size == 0;
    }

    public int size() {
        return size;
    }

    public void add(String key, Signal signal, long timestamp) {
        if (size >= capacity) {
            throw new TransientInfrastructureException(size + " signals already wait for the ledger; failing the task "
                    + "until the database answers", null);
        }
        store.put(KEY_FORMAT.formatted(nextSequence++),
                new WaitingSignal(WaitingSignal.SCHEMA_VERSION, key, signal, timestamp, clock.millis()));
        size++;
    }

    /**
     * Offers up to {@code limit} waiting signals, oldest first, to {@code release}; each it accepts leaves the
     * queue, and the first it refuses (the ledger is still away) ends the pass.
     *
     * @return how many were released
     */
    public int release(int limit, Predicate<WaitingSignal> release) {
        if (size == 0) {
            return 0;
        }
        List<KeyValue<String, WaitingSignal>> batch = new ArrayList<>(Math.min(limit, size));
        try (KeyValueIterator<String, WaitingSignal> it = store.all()) {
            while (it.hasNext() && batch.size() < limit) {
                batch.add(it.next());
            }
        }
        int released = 0;
        for (KeyValue<String, WaitingSignal> kv : batch) {
            if (!release.test(kv.value)) {
                break;
            }
            store.delete(kv.key);
            size--;
            released++;
            waited.record(Duration.ofMillis(Math.max(0, clock.millis() - kv.value.heldAtMillis())));
        }
        return released;
    }

    @Override
    public void close() {
        registry.remove(gauge);
    }
}
