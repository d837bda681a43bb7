package io.tickertape.topology.sentiment;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.tickertape.events.Article;
import io.tickertape.events.DeadLetter;
import io.tickertape.events.ScoredArticle;
import io.tickertape.events.TickerSentiment;
import io.tickertape.finbert.Sentiment;
import io.tickertape.finbert.SentimentInput;
import io.tickertape.signals.tickers.TickerLookup;
import io.tickertape.signals.tickers.TickerMatch;
import io.tickertape.topology.tickers.ResolvedArticle;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;

/**
 * Buffers articles in a changelogged state store and scores them in batches: when the buffer reaches the batch
 * size, or when the oldest buffered article has waited {@code maxWait} (wall-clock punctuation). Because the
 * buffer is a store whose changelog is written in the same transaction as the input offsets, a crash loses
 * nothing: the restarted task finds the same articles in its buffer.
 * <p>
 * It takes each article with the tickers the ticker gate resolved for it, and forwards a
 * {@link SentimentOutcome.Scored} per article (the {@link ScoredArticle} and those tickers), or a
 * {@link SentimentOutcome.Failed} dead letter for an article the model cannot score on its own (a failing batch is
 * retried one article at a time, so one poison text never blocks the others). With a target-aware model every
 * article is also scored toward each of its tickers ({@link ScoringTargets}), in the same batch as the whole texts.
 * Tickers are resolved here only for a buffered article restored from a schema-1 {@link PendingArticle}, which
 * did not keep them.
 */
public final class SentimentBatchProcessor implements Processor<String, ResolvedArticle, String, SentimentOutcome> {

    /** Upper bound on what one flush takes from the buffer, so a punctuation never runs unbounded. */
    private static final int MAX_FLUSH_BATCHES = 64;

    private final String storeName;
    private final BatchScorer.Factory scorers;
    private final ScoringTargets targets;
    private final TickerLookup tickers;
    private final int batchSize;
    private final Duration maxWait;
    private final MeterRegistry registry;
    private final Clock clock;

    private ProcessorContext<String, SentimentOutcome> context;
    private final String applicationId;
    private KeyValueStore<String, PendingArticle> buffer;
    private BatchScorer scorer;
    private long buffered;
    private long sequence;
    /** Wall-clock time the oldest buffered article arrived; -1 when unknown (restored after a restart). */
    private long oldestWaitingSince = -1;
    private Timer batchLatency;
    private DistributionSummary batchSizes;
    private Counter scored;

    /**
     * @param tickers resolves the tickers of a buffered article that has none recorded (a schema-1 entry restored
     *                from the changelog); every new article arrives with its tickers
     */
    public SentimentBatchProcessor(String storeName, BatchScorer.Factory scorers, ScoringTargets targets,
                                   TickerLookup tickers, int batchSize, Duration maxWait, MeterRegistry registry,
                                   Clock clock, String applicationId) {
        if (batchSize < 1) {
            throw new IllegalArgumentException("batchSize must be at least 1");
        }
        this.storeName = storeName;
        this.scorers = scorers;
        this.targets = Objects.requireNonNull(targets, "targets");
        this.tickers = Objects.requireNonNull(tickers, "tickers");
        this.batchSize = batchSize;
        this.maxWait = maxWait;
        this.registry = registry;
        this.clock = clock;
        this.applicationId = applicationId;
    }

    @Override
    public void init(ProcessorContext<String, SentimentOutcome> context) {
        this.context = context;
        this.buffer = context.getStateStore(storeName);
        this.scorer = scorers.open(); // one predictor per task: DJL predictors are not thread-safe
        this.batchLatency = Timer.builder("tickertape_model_batch_latency").description("Time to score one batch")
                .publishPercentiles(0.5, 0.99).register(registry);
        this.batchSizes = DistributionSummary.builder("tickertape_model_batch_size").register(registry);
        this.scored = Counter.builder("tickertape_articles_scored").register(registry);
        try (KeyValueIterator<String, PendingArticle> it = buffer.all()) {
            while (it.hasNext()) { // restored after a crash: count it and continue the sequence
                PendingArticle p = it.next().value;
                buffered++;
                sequence = Math.max(sequence, p.sequence() + 1);
            }
        }
        long interval = Math.max(10, maxWait.toMillis() / 2);
        context.schedule(Duration.ofMillis(interval), PunctuationType.WALL_CLOCK_TIME, now -> flushIfDue(now));
    }

    @Override
    public void process(Record<String, ResolvedArticle> record) {
        if (record.value() == null || record.key() == null) {
            return; // tombstones and keyless records carry no article
        }
        if (buffer.get(record.key()) == null) {
            if (buffered == 0) {
                oldestWaitingSince = context.currentSystemTimeMs();
            }
            buffered++;
        }
        var origin = context.recordMetadata();
        buffer.put(record.key(), new PendingArticle(PendingArticle.SCHEMA_VERSION, record.value().article(),
                record.timestamp(), sequence++, origin.map(m -> m.topic()).orElse(null),
                origin.map(m -> m.partition()).orElse(-1), origin.map(m -> m.offset()).orElse(-1L),
                record.value().tickers()));
        if (buffered >= batchSize) {
            flush(false);
        }
    }

    /** A partial batch is scored once its oldest article has waited {@code maxWait}; full batches go at once. */
    private void flushIfDue(long wallClockMillis) {
        if (buffered > 0 && (oldestWaitingSince < 0 || wallClockMillis - oldestWaitingSince >= maxWait.toMillis())) {
            flush(true);
        }
    }

    /** Scores what is buffered: full batches only, or everything when {@code all}. */
    private void flush(boolean all) {
        List<KeyValue<String, PendingArticle>> pending = new ArrayList<>();
        int cap = batchSize * MAX_FLUSH_BATCHES;
        try (KeyValueIterator<String, PendingArticle> it = buffer.all()) {
            while (it.hasNext() && pending.size() < cap) {
                pending.add(it.next());
            }
        }
        pending.sort(Comparator.comparingLong(kv -> kv.value.sequence()));
        int end = all ? pending.size() : pending.size() - pending.size() % batchSize;
        for (int from = 0; from < end; from += batchSize) {
            List<KeyValue<String, PendingArticle>> batch = pending.subList(from, Math.min(end, from + batchSize));
            boolean perTicker = scorer.targetAware();
            List<List<TickerMatch>> matched = new ArrayList<>(batch.size());
            List<List<ScoringTargets.Target>> planned = new ArrayList<>(batch.size());
            List<List<SentimentInput>> inputs = new ArrayList<>(batch.size());
            for (var kv : batch) {
                Article a = kv.value.article();
                List<TickerMatch> ms = tickersOf(kv.value);
                matched.add(ms);
                List<ScoringTargets.Target> ts = perTicker ? targets.of(a, ms) : List.of();
                List<SentimentInput> in = new ArrayList<>(1 + ts.size());
                in.add(SentimentInput.of(a.text()));
                ts.forEach(t -> in.add(SentimentInput.toward(t.text(), t.target())));
                planned.add(ts);
                inputs.add(in);
            }
            long start = System.nanoTime();
            List<List<Sentiment>> sentiments = scoreOrIsolate(inputs);
            List<List<Sentiment>> challengers = lastChallenger;
            batchLatency.record(Duration.ofNanos(System.nanoTime() - start));
            batchSizes.record(batch.size());
            var scoredAt = clock.instant();
            for (int i = 0; i < batch.size(); i++) {
                String key = batch.get(i).key;
                PendingArticle p = batch.get(i).value;
                List<Sentiment> ss = sentiments.get(i);
                if (ss == null) {
                    context.forward(new Record<>(key, new SentimentOutcome.Failed(deadLetter(key, p, failures.get(i))),
                            p.timestamp()));
                } else {
                    Sentiment s = ss.getFirst();
                    List<TickerSentiment> perTickerScores = new ArrayList<>(ss.size() - 1);
                    for (int t = 0; t < planned.get(i).size(); t++) {
                        ScoringTargets.Target target = planned.get(i).get(t);
                        Sentiment ts = ss.get(t + 1);
                        perTickerScores.add(new TickerSentiment(target.symbol(), target.target(), target.text(),
                                ts.label(), ts.positive(), ts.negative(), ts.neutral()));
                    }
                    ScoredArticle scoredArticle = new ScoredArticle(ScoredArticle.SCHEMA_VERSION, p.article(),
                            s.label(), s.positive(), s.negative(), s.neutral(), s.modelVersion(), scoredAt,
                            perTickerScores, challenger(challengers == null ? null : challengers.get(i), planned.get(i)));
                    context.forward(new Record<>(key, new SentimentOutcome.Scored(scoredArticle, matched.get(i)),
                            p.timestamp()));
                }
                buffer.delete(key);
                buffered--;
            }
            scored.increment(batch.size());
        }
        // What is left (less than a batch) starts its wait now: it arrived after what was just scored.
        oldestWaitingSince = buffered > 0 ? context.currentSystemTimeMs() : -1;
    }

    /** The tickers the gate resolved for a buffered article; resolved now for a schema-1 entry that has none. */
    private List<TickerMatch> tickersOf(PendingArticle p) {
        if (p.tickers() != null) {
            return p.tickers();
        }
        Article a = p.article();
        return tickers.resolve(a.title(), a.summary(), a.tickerHints());
    }

    private final java.util.Map<Integer, RuntimeException> failures = new java.util.HashMap<>();
    /** The challenger's scores of the last {@link #scoreOrIsolate} call, per article (null: none). */
    private List<List<Sentiment>> lastChallenger;

    /** The challenger's scores of one article, in the same shape as the active model's. */
    private static ScoredArticle.Challenger challenger(List<Sentiment> ss, List<ScoringTargets.Target> planned) {
        if (ss == null || ss.size() != planned.size() + 1) {
            return null;
        }
        Sentiment s = ss.getFirst();
        List<TickerSentiment> perTicker = new ArrayList<>(planned.size());
        for (int t = 0; t < planned.size(); t++) {
            ScoringTargets.Target target = planned.get(t);
            Sentiment ts = ss.get(t + 1);
            perTicker.add(new TickerSentiment(target.symbol(), target.target(), target.text(), ts.label(),
                    ts.positive(), ts.negative(), ts.neutral()));
        }
        return new ScoredArticle.Challenger(s.modelVersion(), s.label(), s.positive(), s.negative(), s.neutral(), perTicker);
    }

    /**
     * Scores every article's inputs in one call; if that fails, scores each article alone so only the articles that
     * fail by themselves are lost to the dead-letter topic. A null entry marks a failed article, its error in
     * {@link #failures}.
     */
    private List<List<Sentiment>> scoreOrIsolate(List<List<SentimentInput>> texts) {
        failures.clear();
        lastChallenger = null;
        try {
            List<SentimentInput> flat = texts.stream().flatMap(List::stream).toList();
            BatchScorer.Scores both = scorer.scoreWithChallenger(flat);
            List<Sentiment> sentiments = both.active();
            if (sentiments.size() != flat.size()) {
                throw new IllegalStateException("scorer returned " + sentiments.size() + " scores for " + flat.size() + " inputs");
            }
            List<List<Sentiment>> out = new ArrayList<>(texts.size());
            List<List<Sentiment>> challenger = both.challenger() != null && both.challenger().size() == flat.size()
                    ? new ArrayList<>(texts.size()) : null;
            int at = 0;
            for (List<SentimentInput> t : texts) {
                out.add(sentiments.subList(at, at + t.size()));
                if (challenger != null) {
                    challenger.add(both.challenger().subList(at, at + t.size()));
                }
                at += t.size();
            }
            lastChallenger = challenger;
            return out;
        } catch (RuntimeException batchFailure) {
            List<List<Sentiment>> one = new ArrayList<>(texts.size());
            for (int i = 0; i < texts.size(); i++) {
                try {
                    List<Sentiment> s = scorer.scoreInputs(texts.get(i));
                    if (s.size() != texts.get(i).size()) {
                        throw new IllegalStateException("scorer returned " + s.size() + " scores for "
                                + texts.get(i).size() + " inputs");
                    }
                    one.add(s);
                } catch (RuntimeException e) {
                    one.add(null);
                    failures.put(i, e);
                }
            }
            if (failures.size() == texts.size() && texts.size() > 1) {
                throw batchFailure; // every text fails: the model is broken, not the input; fail the task and retry
            }
            return one;
        }
    }

    private DeadLetter deadLetter(String key, PendingArticle p, RuntimeException error) {
        byte[] keyBytes = key.getBytes(java.nio.charset.StandardCharsets.UTF_8);
        byte[] valueBytes;
        try {
            valueBytes = io.tickertape.events.topics.JsonSerde.MAPPER.writeValueAsBytes(p.article());
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            valueBytes = p.article().text().getBytes(java.nio.charset.StandardCharsets.UTF_8);
        }
        return DeadLetter.of("sentiment", p.sourceTopic(), p.partition(), p.offset(), keyBytes, valueBytes, error,
                "sentiment", applicationId, clock.instant());
    }

    @Override
    public void close() {
        if (scorer != null) {
            scorer.close();
        }
    }
}
