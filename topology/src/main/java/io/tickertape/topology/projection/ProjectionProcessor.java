package io.tickertape.topology.projection;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.tickertape.signals.fusion.Signal;
import io.tickertape.signals.history.SignalHistory;
import io.tickertape.topology.dedupe.SignalLedger;
import io.tickertape.topology.ledger.LedgerUnavailableException;
import io.tickertape.topology.ledger.WaitingSignal;
import io.tickertape.topology.ledger.WaitingSignals;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;

/**
 * Reads the {@code signals} topic (read_committed under exactly_once_v2, so only committed signals) and records
 * each in {@code signal_history}, then tells the subscriber (alerts). Both writes are idempotent by signal id, so
 * a crash between them, a retry or a replay never duplicates a row or an email. While the database is away the
 * signal waits in a changelogged queue ({@link WaitingSignals}) committed with the input offset, and is recorded
 * when the database answers again: never skipped, and the stream thread never blocks on it.
 */
public final class ProjectionProcessor implements Processor<String, Signal, Void, Void> {

    static final String STAGE = "signal_history";
    private static final Logger LOG = LoggerFactory.getLogger(ProjectionProcessor.class);
    private static final int MAX_RELEASE_PER_PUNCTUATION = 500;

    private final String waitStoreName;
    private final int waitCapacity;
    private final SignalLedger ledger;
    private final SignalSubscriber subscriber;
    private final MeterRegistry registry;
    private final Clock clock;
    private Counter recorded;
    private Counter conflicts;
    private WaitingSignals waiting;

    public ProjectionProcessor(String waitStoreName, int waitCapacity, SignalLedger ledger, SignalSubscriber subscriber,
                               MeterRegistry registry, Clock clock) {
        this.waitStoreName = waitStoreName;
        this.waitCapacity = waitCapacity;
        this.ledger = ledger;
        this.subscriber = subscriber;
        this.registry = registry;
        this.clock = clock;
    }

    @Override
    public void init(ProcessorContext<Void, Void> context) {
        recorded = Counter.builder("tickertape_signals_recorded").description("Committed signals written to signal_history")
                .register(registry);
        conflicts = Counter.builder("tickertape_signals_ledger_conflicts")
                .description("Committed signals the ledger refused as duplicates (should stay 0)").register(registry);
        waiting = new WaitingSignals(context.getStateStore(waitStoreName), waitCapacity, STAGE, context.taskId().toString(),
                registry, clock);
        context.schedule(Duration.ofSeconds(1), PunctuationType.WALL_CLOCK_TIME, now -> releaseWaiting());
    }

    @Override
    public void process(Record<String, Signal> record) {
        Signal signal = record.value();
        if (signal == null) {
            return;
        }
        if (!waiting.isEmpty()) {
            waiting.add(record.key(), signal, record.timestamp());
            return;
        }
        try {
            project(signal);
        } catch (LedgerUnavailableException e) {
            waiting.add(record.key(), signal, record.timestamp());
        }
    }

    private void releaseWaiting() {
        waiting.release(MAX_RELEASE_PER_PUNCTUATION, (WaitingSignal w) -> {
            try {
                project(w.signal());
                return true;
            } catch (LedgerUnavailableException e) {
                return false;
            }
        });
    }

    private void project(Signal signal) {
        SignalHistory.RecordResult result;
        try {
            result = ledger.record(signal);
        } catch (LedgerUnavailableException e) {
            throw e;
        } catch (RuntimeException e) {
            throw new LedgerUnavailableException("cannot record signal " + signal.signalId() + ": " + e.getMessage(), e);
        }
        switch (result) {
            case NEW -> recorded.increment();
            case ALREADY_RECORDED -> LOG.debug("signal {} was already recorded (replay or retry)", signal.signalId());
            case DUPLICATE -> {
                conflicts.increment();
                LOG.warn("ledger refused committed signal {} {} {}: another signal of its scope is within the window",
                        signal.signalId(), signal.ticker(), signal.direction());
                return;
            }
        }
        subscriber.onSignal(signal);
    }

    @Override
    public void close() {
        if (waiting != null) {
            waiting.close();
        }
    }
}
