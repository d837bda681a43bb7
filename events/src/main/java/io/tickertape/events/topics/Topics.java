package io.tickertape.events.topics;

import io.tickertape.events.Article;
import io.tickertape.events.DeadLetter;
import io.tickertape.events.FeedEntry;
import io.tickertape.events.ScoredArticle;
import io.tickertape.signals.fusion.Signal;
import org.apache.kafka.common.serialization.Serdes;

import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The one registry of the pipeline's topics. Names take a configurable prefix (e.g. {@code prod.}) so several
 * environments can share a cluster. Keys are article ids for articles and {@code TICKER} or signal ids downstream.
 */
public final class Topics {

    public static final String ARTICLES = "news.articles";
    public static final String SCORED = "news.scored";
    public static final String SIGNALS = "signals";
    public static final String DEAD_LETTERS = "news.dlq";
    public static final String FEEDS = "news.feeds";

    private static final Pattern LEGAL_PREFIX = Pattern.compile("[a-zA-Z0-9._-]{0,100}");

    private final String prefix;
    private final Topic<String, Article> articles;
    private final Topic<String, ScoredArticle> scored;
    private final Topic<String, Signal> signals;
    private final Topic<String, DeadLetter> deadLetters;
    private final Topic<String, FeedEntry> feeds;

    private Topics(String prefix) {
        if (!LEGAL_PREFIX.matcher(prefix).matches()) {
            throw new IllegalArgumentException("topic prefix may hold only letters, digits, '.', '_' and '-': " + prefix);
        }
        this.prefix = prefix;
        this.articles = new Topic<>(prefix + ARTICLES, Serdes.String(), new JsonSerde<>(Article.class, Article.SCHEMA_VERSION));
        this.scored = new Topic<>(prefix + SCORED, Serdes.String(), new JsonSerde<>(ScoredArticle.class, ScoredArticle.SCHEMA_VERSION));
        this.signals = new Topic<>(prefix + SIGNALS, Serdes.String(), new JsonSerde<>(Signal.class, Signal.SCHEMA_VERSION));
        this.deadLetters = new Topic<>(prefix + DEAD_LETTERS, Serdes.String(), new JsonSerde<>(DeadLetter.class, DeadLetter.SCHEMA_VERSION));
        // Compacted: the topic is the feed registry, the latest definition per id; a tombstone removes a feed.
        this.feeds = new Topic<>(prefix + FEEDS, Serdes.String(), new JsonSerde<>(FeedEntry.class, FeedEntry.SCHEMA_VERSION),
                Map.of("cleanup.policy", "compact"));
    }

    public static Topics withPrefix(String prefix) {
        return new Topics(prefix == null ? "" : prefix);
    }

    public String prefix() {
        return prefix;
    }

    /** Normalized articles from the pollers, keyed by article id. */
    public Topic<String, Article> articles() {
        return articles;
    }

    /** Articles with sentiment, keyed by article id. */
    public Topic<String, ScoredArticle> scored() {
        return scored;
    }

    /** Emitted signals, keyed by ticker. */
    public Topic<String, Signal> signals() {
        return signals;
    }

    /** Records that failed, with their origin and the error. */
    public Topic<String, DeadLetter> deadLetters() {
        return deadLetters;
    }

    /** The feed registry, keyed by feed id; ingest instances share its partitions (compacted). */
    public Topic<String, FeedEntry> feeds() {
        return feeds;
    }

    public List<Topic<?, ?>> all() {
        return List.of(articles, scored, signals, deadLetters, feeds);
    }
}
