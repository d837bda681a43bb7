package io.tickertape.topology.freshness;

import io.tickertape.events.Article;
import io.tickertape.signals.fusion.FreshnessGate;
import io.tickertape.topology.drops.Drops;
import org.apache.kafka.streams.processor.api.FixedKeyProcessor;
import org.apache.kafka.streams.processor.api.FixedKeyProcessorContext;
import org.apache.kafka.streams.processor.api.FixedKeyRecord;

import java.time.Clock;
import java.time.Instant;

/**
 * Only fresh news goes on to the model: an article older than the configured age (6 h) is dropped before it costs
 * any inference. Live, age is measured against the processing clock; in replay mode, against the time the record
 * was produced (when the poller saw it), so a replay decides as the original run did.
 */
public final class FreshnessGateProcessor implements FixedKeyProcessor<String, Article, Article> {

    static final String STAGE = "freshness";

    private final FreshnessGate gate;
    private final Drops drops;
    private final Clock clock;
    private FixedKeyProcessorContext<String, Article> context;

    public FreshnessGateProcessor(FreshnessGate gate, Drops drops, Clock clock) {
        this.gate = gate;
        this.drops = drops;
        this.clock = clock;
    }

    @Override
    public void init(FixedKeyProcessorContext<String, Article> context) {
        this.context = context;
    }

    @Override
    public void process(FixedKeyRecord<String, Article> record) {
        Article article = record.value();
        if (article == null) {
            drops.drop(STAGE, "tombstone", record.key(), null);
            return;
        }
        Instant now = gate.now(Instant.ofEpochMilli(record.timestamp()), clock.instant());
        switch (gate.check(article.publishedAt(), now)) {
            case FRESH -> context.forward(record);
            case STALE -> drops.drop(STAGE, "stale_article", record.key(), "published " + article.publishedAt());
            case FUTURE -> drops.drop(STAGE, "future_article", record.key(), "published " + article.publishedAt());
        }
    }
}
