package io.tickertape.ingest;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.tickertape.events.Article;
import io.tickertape.ingest.feeds.FeedDefinition;
import io.tickertape.ingest.feeds.PollOutcome;
import io.tickertape.ingest.fetch.FetchLimits;
import io.tickertape.ingest.publishing.SeenIds;
import io.tickertape.ingest.samples.LocalFeedServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The whole ingest against a local HTTP server serving the real captures, plus broken, slow and hostile feeds. */
class IngestServiceTest {

    private LocalFeedServer server;
    private final RecordingPublisher publisher = new RecordingPublisher();
    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final IngestSettings settings = IngestSettings.defaults()
            .withFetch(new FetchLimits(Duration.ofSeconds(2), Duration.ofSeconds(2), 5, 2L * 1024 * 1024, "tickertape-test/1.0"))
            .withMaxArticleAge(null)
            .withMaxConcurrentPolls(4)
            .withStartSpread(Duration.ofMillis(10));

    @BeforeEach
    void start() throws IOException {
        server = LocalFeedServer.start(0);
        server.handle("/broken/503", ex -> ex.sendResponseHeaders(503, -1));
        server.handle("/broken/slow", ex -> {
            sleep(10_000);
            ex.sendResponseHeaders(200, -1);
        });
        server.handle("/broken/html", ex -> {
            byte[] page = Fixtures.hostile("html-page.html");
            ex.getResponseHeaders().set("Content-Type", "text/html; charset=utf-8");
            ex.sendResponseHeaders(200, page.length);
            ex.getResponseBody().write(page);
        });
        server.handle("/broken/empty", ex -> ex.sendResponseHeaders(200, -1));
        server.handle("/broken/50mb", ex -> {
            ex.sendResponseHeaders(200, 0);
            byte[] chunk = new byte[64 * 1024];
            java.util.Arrays.fill(chunk, (byte) 'x');
            try (OutputStream out = ex.getResponseBody()) {
                for (int i = 0; i < 50 * 16; i++) {
                    out.write(chunk);
                }
            } catch (IOException hungUp) {
                // expected: the client stops reading at its cap
            }
        });
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private List<FeedDefinition> realFeeds() throws IOException {
        List<FeedDefinition> feeds = new ArrayList<>();
        for (Path file : Fixtures.realFeedFiles()) {
            byte[] body = Files.readAllBytes(file);
            String name = file.getFileName().toString().replace(".xml", "");
            server.put("/real/" + name, new LocalFeedServer.Document(body, "application/xml", Instant.parse("2026-11-20T00:00:00Z")));
            feeds.add(FeedDefinition.of(name.length() > 60 ? name.substring(0, 60) : name, server.uri("/real/" + name)));
        }
        return feeds;
    }

    private static List<FeedDefinition> broken(LocalFeedServer server) {
        return List.of("503", "slow", "html", "empty", "50mb").stream()
                .map(n -> FeedDefinition.of("broken-" + n, server.uri("/broken/" + n))).toList();
    }

    @Test
    void everyRealFeedIsPublishedOnceThen304sAndBrokenFeedsFailAlone() throws IOException {
        List<FeedDefinition> feeds = new ArrayList<>(realFeeds());
        feeds.addAll(broken(server));
        try (IngestService service = new IngestService(feeds, publisher, SeenIds.inMemory(), registry, settings)) {
            Map<String, PollOutcome> first = byFeed(service.pollOnce());
            for (FeedDefinition f : feeds) {
                PollOutcome o = first.get(f.name());
                if (f.name().startsWith("broken-")) {
                    assertThat(o.status()).as(f.name()).isEqualTo(PollOutcome.Status.FAILED);
                    assertThat(o.message()).as(f.name()).doesNotContain("\n");
                } else {
                    assertThat(o.status()).as(f.name() + ": " + o.message()).isEqualTo(PollOutcome.Status.OK);
                    assertThat(o.found()).as(f.name()).isPositive();
                }
            }
            assertThat(first.get("broken-503").message()).isEqualTo("HTTP 503 from 127.0.0.1");
            assertThat(first.get("broken-slow").reason()).isEqualTo("timeout");
            assertThat(first.get("broken-html").message()).isEqualTo("got an HTML page, not a feed (title: \"Sign in to continue\")");
            assertThat(first.get("broken-empty").message()).isEqualTo("empty body (0 bytes) where a feed was expected");
            assertThat(first.get("broken-50mb").reason()).isEqualTo("too_large");

            int published = publisher.published.size();
            int expected = first.values().stream().mapToInt(PollOutcome::published).sum();
            assertThat(published).isEqualTo(expected).isGreaterThan(900);
            assertThat(publisher.published).extracting(Article::id).doesNotHaveDuplicates();

            // Second round: every real feed answers 304, nothing is published again.
            long notModifiedBefore = server.notModifiedResponses();
            Map<String, PollOutcome> second = byFeed(service.pollOnce());
            for (FeedDefinition f : feeds) {
                if (!f.name().startsWith("broken-")) {
                    assertThat(second.get(f.name()).status()).as(f.name()).isEqualTo(PollOutcome.Status.NOT_MODIFIED);
                }
            }
            assertThat(server.notModifiedResponses() - notModifiedBefore).isEqualTo(feeds.size() - 5);
            assertThat(publisher.published).hasSize(published);
            assertThat(registry.get("tickertape_ingest_fetches").tag("feed", "broken-503").tag("result", "failed").counter().count()).isEqualTo(2);
        }
        assertThat(publisher.closed).isTrue();
    }

    @Test
    void aSlowFeedDoesNotDelayTheOthers() throws IOException {
        server.put("/fast", LocalFeedServer.Document.xml("""
                <rss version="2.0"><channel><title>fast</title><link>https://fast.example/</link>
                <item><title>Fast feed item</title><link>https://fast.example/1</link></item></channel></rss>""", Instant.now()));
        List<FeedDefinition> feeds = new ArrayList<>();
        // Three slow feeds polled as often as the fast one: each holds at most one of the four slots, so one stays free.
        for (int i = 0; i < 3; i++) {
            feeds.add(new FeedDefinition("slow-" + i, server.uri("/broken/slow"), Duration.ofSeconds(1), true, List.of()));
        }
        feeds.add(new FeedDefinition("fast", server.uri("/fast"), Duration.ofSeconds(1), true, List.of()));
        IngestSettings fourSlots = settings.withMaxConcurrentPolls(4);
        try (IngestService service = new IngestService(feeds, publisher, SeenIds.inMemory(), registry, fourSlots)) {
            service.start();
            await().atMost(Duration.ofSeconds(20)).untilAsserted(() ->
                    assertThat(registry.get("tickertape_ingest_fetches").tag("feed", "fast").tag("result", "not_modified")
                            .counter().count()).isGreaterThanOrEqualTo(4));
            assertThat(publisher.published).singleElement().extracting(Article::title).isEqualTo("Fast feed item");
            assertThat(registry.get("tickertape_ingest_failures").tag("feed", "slow-0").tag("reason", "timeout").counter().count())
                    .isGreaterThanOrEqualTo(1);
        }
    }

    private static Map<String, PollOutcome> byFeed(List<PollOutcome> outcomes) {
        return outcomes.stream().collect(Collectors.toMap(PollOutcome::feed, Function.identity()));
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
