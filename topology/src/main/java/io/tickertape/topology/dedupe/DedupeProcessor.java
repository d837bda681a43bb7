package io.tickertape.topology.dedupe;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.tickertape.signals.fusion.Direction;
import io.tickertape.signals.fusion.Signal;
import io.tickertape.signals.history.DedupeSettings;
import io.tickertape.topology.drops.Drops;
import io.tickertape.topology.ledger.LedgerUnavailableException;
import io.tickertape.topology.ledger.WaitingSignal;
import io.tickertape.topology.ledger.WaitingSignals;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The 7-day dedupe, keyed by ticker (the stream is repartitioned by ticker first, so exactly one task decides for
 * a ticker). Two memories are consulted:
 * <ol>
 *   <li>the ledger ({@code signal_history}), which holds every signal ever committed to the {@code signals} topic:
 *       it survives resets, so a replay finds the signals it already made and emits none of them again;</li>
 *   <li>a changelogged store of this app's own recent emissions, committed in the same transaction as the emitted
 *       record: it covers the moment between emitting a signal and the ledger recording it, and is rolled back with
 *       the transaction if the app crashes, so an aborted signal is emitted again rather than lost.</li>
 * </ol>
 * A signal is new when neither holds a signal of its scope (ticker, or ticker and direction) within the window.
 * With per-ticker scope, an opposite signal inside the window whose |score| reaches the stricter reversal threshold
 * is emitted as the marked reversal of the earlier one (and takes its slot); anything else is a duplicate. Shadow
 * arms have slots of their own.
 * While the ledger cannot be reached the signal waits in a changelogged queue ({@link WaitingSignals}) and a
 * wall-clock punctuation releases the queue in order once the ledger answers; the stream thread never blocks on it.
 */
public final class DedupeProcessor implements Processor<String, Signal, String, Signal> {

    static final String STAGE = "dedupe";
    private static final int MAX_PURGE_PER_PUNCTUATION = 10_000;
    /** Held signals re-offered per punctuation, so one punctuation stays short. */
    private static final int MAX_RELEASE_PER_PUNCTUATION = 500;

    private final String storeName;
    private final String waitStoreName;
    private final int waitCapacity;
    private final SignalLedger ledger;
    private final DedupeSettings settings;
    private final Drops drops;
    private final MeterRegistry registry;
    private final Clock clock;

    private ProcessorContext<String, Signal> context;
    private KeyValueStore<String, RecentSignal> recent;
    private Counter emitted;
    private Counter reversals;
    private WaitingSignals waiting;

    public DedupeProcessor(String storeName, String waitStoreName, int waitCapacity, SignalLedger ledger,
                           DedupeSettings settings, Drops drops, MeterRegistry registry, Clock clock) {
        this.storeName = storeName;
        this.waitStoreName = waitStoreName;
        this.waitCapacity = waitCapacity;
        this.ledger = ledger;
        this.settings = settings;
        this.drops = drops;
        this.registry = registry;
        this.clock = clock;
    }

    @Override
    public void init(ProcessorContext<String, Signal> context) {
        this.context = context;
        this.recent = context.getStateStore(storeName);
        this.emitted = Counter.builder("tickertape_signals_emitted").description("Signals emitted to the signals topic")
                .register(registry);
        this.reversals = Counter.builder("tickertape_signals_reversals")
                .description("Signals emitted as the reversal of an opposite signal inside the dedupe window").register(registry);
        this.waiting = new WaitingSignals(context.getStateStore(waitStoreName), waitCapacity, STAGE,
                context.taskId().toString(), registry, clock);
        context.schedule(Duration.ofMinutes(10), PunctuationType.WALL_CLOCK_TIME, now -> purgeExpired());
        context.schedule(Duration.ofSeconds(1), PunctuationType.WALL_CLOCK_TIME, now -> releaseWaiting());
    }

    @Override
    public void process(Record<String, Signal> record) {
        Signal signal = record.value();
        if (signal == null) {
            return;
        }
        if (!waiting.isEmpty()) { // keep arrival order: nothing overtakes a held signal
            waiting.add(record.key(), signal, record.timestamp());
            return;
        }
        try {
            decide(signal, record.timestamp());
        } catch (LedgerUnavailableException e) {
            waiting.add(record.key(), signal, record.timestamp());
        }
    }

    private void releaseWaiting() {
        waiting.release(MAX_RELEASE_PER_PUNCTUATION, (WaitingSignal w) -> {
            try {
                decide(w.signal(), w.timestamp());
                return true;
            } catch (LedgerUnavailableException e) {
                return false;
            }
        });
    }

    /** Drops or emits the signal; throws {@link LedgerUnavailableException}, having done neither, if the ledger is away. */
    private void decide(Signal signal, long timestamp) {
        String scopeKey = signal.ticker() + "|" + settings.scopeOf(signal.arm(), signal.shadow(), signal.direction());
        Optional<SignalLedger.Entry> committed;
        try {
            committed = ledger.latest(signal);
        } catch (LedgerUnavailableException e) {
            throw e;
        } catch (RuntimeException e) {
            throw new LedgerUnavailableException("signal ledger unavailable: " + e.getMessage(), e);
        }
        // Of the two memories, the later holder is the one this signal competes with.
        RecentSignal mine = recent.get(scopeKey);
        String holderId = null;
        Instant holderAt = null;
        Direction holderDirection = null;
        if (committed.isPresent()) {
            holderId = committed.get().signalId();
            holderAt = committed.get().signalAt();
            holderDirection = committed.get().direction();
        }
        if (mine != null && (holderAt == null || Instant.ofEpochMilli(mine.signalAtMillis()).isAfter(holderAt)
                || mine.signalId().equals(signal.signalId()))) {
            holderId = mine.signalId();
            holderAt = Instant.ofEpochMilli(mine.signalAtMillis());
            holderDirection = mine.direction();
        }
        Signal out = signal;
        if (holderId != null && blocks(holderId, holderAt, signal)) {
            if (!holderId.equals(signal.signalId()) && !signal.shadow()
                    && settings.reverses(holderDirection, signal.direction(), signal.score())) {
                // An opposite call that clears the stricter bar replaces the earlier one, and says so.
                out = signal.asReversalOf(holderId);
                reversals.increment();
            } else {
                drops.drop(STAGE, holderId.equals(signal.signalId()) ? "already_emitted" : "duplicate_in_window",
                        signal.signalId(), signal.ticker() + " " + signal.direction() + " last at " + holderAt);
                return;
            }
        }
        recent.put(scopeKey, new RecentSignal(RecentSignal.SCHEMA_VERSION, out.signalId(), out.signalAt().toEpochMilli(),
                out.direction()));
        emitted.increment();
        context.forward(new Record<>(out.ticker(), out, timestamp));
    }

    @Override
    public void close() {
        if (waiting != null) {
            waiting.close();
        }
    }

    /** Same rule as the ledger: a new signal needs the previous one in its scope to be a full window older. */
    private boolean blocks(String previousId, Instant previousAt, Signal signal) {
        if (previousId.equals(signal.signalId())) {
            return true;
        }
        return Duration.between(previousAt, signal.signalAt()).compareTo(settings.window()) < 0;
    }

    /** Entries whose window has passed (measured on the processing clock) are no longer needed. */
    private void purgeExpired() {
        long cutoff = clock.instant().minus(settings.window()).minus(Duration.ofDays(1)).toEpochMilli();
        List<String> expired = new ArrayList<>();
        try (KeyValueIterator<String, RecentSignal> it = recent.all()) {
            while (it.hasNext() && expired.size() < MAX_PURGE_PER_PUNCTUATION) {
                KeyValue<String, RecentSignal> kv = it.next();
                if (kv.value.signalAtMillis() < cutoff) {
                    expired.add(kv.key);
                }
            }
        }
        expired.forEach(recent::delete);
    }
}
