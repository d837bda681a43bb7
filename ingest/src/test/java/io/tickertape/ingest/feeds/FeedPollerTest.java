package io.tickertape.ingest.feeds;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.tickertape.ingest.IngestSettings;
import io.tickertape.ingest.RecordingPublisher;
import io.tickertape.ingest.fetch.FeedFetcher;
import io.tickertape.ingest.fetch.FetchException;
import io.tickertape.ingest.fetch.FetchResult;
import io.tickertape.ingest.fetch.Validators;
import io.tickertape.ingest.parsing.FeedParser;
import io.tickertape.ingest.publishing.SeenIds;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

class FeedPollerTest {

    private static final URI URL = URI.create("https://feeds.example/news.xml");
    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-11-21T12:00:00Z"), ZoneOffset.UTC);
    private static final String TWO_ITEMS = """
            <rss version="2.0"><channel><title>t</title><link>https://feeds.example/</link>
            <item><title>Apple beats estimates</title><link>https://feeds.example/a</link><pubDate>Sat, 21 Nov 2026 11:00:00 GMT</pubDate></item>
            <item><title>Ancient story</title><link>https://feeds.example/old</link><pubDate>Sat, 01 Nov 2025 11:00:00 GMT</pubDate></item>
            </channel></rss>""";

    /** Answers from a script: a FetchException to throw, or a body (null for 304). */
    private static final class ScriptedFetcher implements FeedFetcher {
        final List<Object> script = new ArrayList<>();
        final List<Validators> sent = new ArrayList<>();
        final AtomicInteger calls = new AtomicInteger();

        @Override
        public FetchResult fetch(URI uri, Validators validators) throws FetchException {
            sent.add(validators);
            Object next = script.get(Math.min(calls.getAndIncrement(), script.size() - 1));
            if (next instanceof FetchException e) {
                throw e;
            }
            if (next == null) {
                return FetchResult.notModified(validators, uri);
            }
            return new FetchResult(false, ((String) next).getBytes(StandardCharsets.UTF_8), "application/rss+xml",
                    new Validators("\"v" + calls.get() + "\"", null), uri);
        }
    }

    private final ScriptedFetcher fetcher = new ScriptedFetcher();
    private final RecordingPublisher publisher = new RecordingPublisher();
    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final IngestSettings settings = IngestSettings.defaults().withCircuit(3, Duration.ofMinutes(10))
            .withMaxArticleAge(Duration.ofDays(3)).withMaxBackoff(Duration.ofMinutes(15));

    private FeedPoller poller() {
        FeedDefinition feed = new FeedDefinition("news", URL, Duration.ofSeconds(60), true, List.of("AAPL"));
        return new FeedPoller(feed, fetcher, new FeedParser(), publisher, SeenIds.inMemory(),
                new FeedMetrics(registry, "news", CLOCK), settings, CLOCK);
    }

    @Test
    void publishesNewArticlesOnceAndSkipsOldOnes() {
        fetcher.script.add(TWO_ITEMS);
        FeedPoller poller = poller();
        PollOutcome first = poller.poll();
        assertThat(first.status()).isEqualTo(PollOutcome.Status.OK);
        assertThat(first.found()).isEqualTo(2);
        assertThat(first.published()).isEqualTo(1); // the 2025 story is older than maxArticleAge
        assertThat(publisher.published).singleElement().satisfies(a -> {
            assertThat(a.title()).isEqualTo("Apple beats estimates");
            assertThat(a.tickerHints()).containsExactly("AAPL");
            assertThat(a.source()).isEqualTo("news");
        });
        PollOutcome second = poller.poll(); // same document again (no 304 from this server): nothing new
        assertThat(second.published()).isZero();
        assertThat(publisher.published).hasSize(1);
        assertThat(fetcher.sent.get(1).etag()).isEqualTo("\"v1\"");
        assertThat(registry.get("tickertape_ingest_articles_new").tag("feed", "news").counter().count()).isEqualTo(1);
        assertThat(registry.get("tickertape_ingest_articles_skipped").tag("reason", "seen").counter().count()).isEqualTo(1);
        assertThat(registry.get("tickertape_ingest_fetches").tag("result", "ok").counter().count()).isEqualTo(2);
        assertThat(registry.get("tickertape_ingest_last_success").gauge().value()).isEqualTo(CLOCK.instant().getEpochSecond());
        assertThat(registry.get("tickertape_ingest_fetch_latency").timer().count()).isEqualTo(2);
    }

    @Test
    void notModifiedIsASuccessWithNothingToDo() {
        fetcher.script.add(null);
        PollOutcome outcome = poller().poll();
        assertThat(outcome.status()).isEqualTo(PollOutcome.Status.NOT_MODIFIED);
        assertThat(outcome.worked()).isTrue();
        assertThat(registry.get("tickertape_ingest_fetches").tag("result", "not_modified").counter().count()).isEqualTo(1);
    }

    @Test
    void failuresBackOffExponentiallyThenOpenTheCircuit() {
        fetcher.script.add(new FetchException(FetchException.Reason.HTTP_STATUS, "HTTP 500 from feeds.example"));
        FeedPoller poller = poller();
        List<Duration> delays = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            PollOutcome outcome = poller.poll();
            assertThat(outcome.status()).isEqualTo(PollOutcome.Status.FAILED);
            assertThat(outcome.reason()).isEqualTo("http_status");
            assertThat(outcome.message()).isEqualTo("HTTP 500 from feeds.example");
            delays.add(poller.nextDelay(outcome, Duration.ZERO));
        }
        // 60 s, 120 s, 240 s, each +-50 % jitter
        assertThat(delays.get(0)).isBetween(Duration.ofSeconds(30), Duration.ofSeconds(90));
        assertThat(delays.get(1)).isBetween(Duration.ofSeconds(60), Duration.ofSeconds(180));
        assertThat(delays.get(2)).isBetween(Duration.ofSeconds(120), Duration.ofSeconds(360));
        assertThat(poller.circuitState()).isEqualTo(CircuitBreaker.State.OPEN);

        PollOutcome skipped = poller.poll();
        assertThat(skipped.status()).isEqualTo(PollOutcome.Status.SKIPPED);
        assertThat(skipped.reason()).isEqualTo("circuit_open");
        assertThat(fetcher.calls.get()).isEqualTo(3); // the open circuit costs the feed no request
        assertThat(registry.get("tickertape_ingest_circuit_open").gauge().value()).isEqualTo(1);
        assertThat(registry.get("tickertape_ingest_failures").tag("reason", "http_status").counter().count()).isEqualTo(3);
    }

    @Test
    void retryAfterIsHonouredAndBackoffIsCapped() {
        fetcher.script.add(new FetchException(FetchException.Reason.HTTP_STATUS, "HTTP 429", Duration.ofMinutes(30), null));
        FeedPoller poller = poller();
        PollOutcome outcome = poller.poll();
        assertThat(poller.nextDelay(outcome, Duration.ofSeconds(1))).isEqualTo(Duration.ofMinutes(30).minusSeconds(1));
    }

    @Test
    void aFailedPublishKeepsTheOldValidatorsSoTheArticlesAreRetried() {
        fetcher.script.add(TWO_ITEMS);
        FeedPoller poller = poller();
        publisher.failing.set(true);
        PollOutcome failed = poller.poll();
        assertThat(failed.status()).isEqualTo(PollOutcome.Status.FAILED);
        assertThat(failed.reason()).isEqualTo("publish");
        assertThat(poller.nextDelay(failed, Duration.ZERO)).isEqualTo(Duration.ofSeconds(60));
        publisher.failing.set(false);
        PollOutcome retried = poller.poll();
        assertThat(fetcher.sent.get(1)).isEqualTo(Validators.NONE); // no conditional GET: the 304 would hide the article
        assertThat(retried.published()).isEqualTo(1);
        assertThat(poller.circuitState()).isEqualTo(CircuitBreaker.State.CLOSED); // the broker's trouble is not the feed's
    }
}
