package io.tickertape.topology.projection;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.tickertape.signals.fusion.Signal;
import io.tickertape.signals.history.SignalHistory;
import io.tickertape.topology.dedupe.SignalLedger;
import io.tickertape.topology.errors.TransientInfrastructureException;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads the {@code signals} topic (read_committed under exactly_once_v2, so only committed signals) and records
 * each in {@code signal_history}, then tells the subscriber (alerts). Both writes are idempotent by signal id, so
 * a crash between them, a retry or a replay never duplicates a row or an email. If the database is down the task
 * fails and is retried rather than skipping signals.
 */
public final class ProjectionProcessor implements Processor<String, Signal, Void, Void> {

    private static final Logger LOG = LoggerFactory.getLogger(ProjectionProcessor.class);

    private final SignalLedger ledger;
    private final SignalSubscriber subscriber;
    private final MeterRegistry registry;
    private Counter recorded;
    private Counter conflicts;

    public ProjectionProcessor(SignalLedger ledger, SignalSubscriber subscriber, MeterRegistry registry) {
        this.ledger = ledger;
        this.subscriber = subscriber;
        this.registry = registry;
    }

    @Override
    public void init(ProcessorContext<Void, Void> context) {
        recorded = Counter.builder("tickertape_signals_recorded").description("Committed signals written to signal_history")
                .register(registry);
        conflicts = Counter.builder("tickertape_signals_ledger_conflicts")
                .description("Committed signals the ledger refused as duplicates (should stay 0)").register(registry);
    }

    @Override
    public void process(Record<String, Signal> record) {
        Signal signal = record.value();
        if (signal == null) {
            return;
        }
        SignalHistory.RecordResult result;
        try {
            result = ledger.record(signal);
        } catch (RuntimeException e) {
            throw new TransientInfrastructureException("cannot record signal " + signal.signalId() + ": " + e.getMessage(), e);
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
}
