package io.tickertape.ingest.bench;

import io.tickertape.events.Article;
import io.tickertape.ingest.articles.ArticleNormalizer;
import io.tickertape.ingest.articles.FeedContext;
import io.tickertape.ingest.fetch.FetchException;
import io.tickertape.ingest.fetch.FetchLimits;
import io.tickertape.ingest.fetch.FetchResult;
import io.tickertape.ingest.fetch.HttpFeedFetcher;
import io.tickertape.ingest.fetch.Validators;
import io.tickertape.ingest.parsing.FeedParser;
import io.tickertape.ingest.parsing.ParsedFeed;
import io.tickertape.ingest.samples.LocalFeedServer;

import java.io.IOException;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Target "a 50 MB feed is refused or processed in bounded memory within 20 s". A local server streams a 50 MB
 * RSS document (no Content-Length, so the client cannot refuse up front); measured: wall time to the outcome and the
 * peak heap during it (all heap pools' peak usage, reset before each case).
 * <ol>
 *   <li>default limits (10 MiB): refused;</li>
 *   <li>{@code --max-body-mb 64}: fetched, parsed whole and normalized (items capped at 2,000).</li>
 * </ol>
 * <pre>./mvnw -B -ntp -pl ingest -Pbench test-compile exec:exec -Dbench.main=io.tickertape.ingest.bench.LargeFeedBench</pre>
 */
public final class LargeFeedBench {

    public static void main(String[] args) throws Exception {
        Map<String, String> opts = BenchArgs.parse(args);
        long size = Long.parseLong(opts.getOrDefault("mb", "50")) * 1024 * 1024;
        byte[] feed = bigFeed(size);
        System.out.printf(Locale.ROOT, "large-feed bench: %.1f MB RSS document, %s max heap%n", feed.length / 1e6,
                Runtime.getRuntime().maxMemory() / (1024 * 1024) + " MiB");
        try (LocalFeedServer server = LocalFeedServer.start(0)) {
            server.handle("/big.xml", exchange -> {
                exchange.getResponseHeaders().set("Content-Type", "application/rss+xml");
                exchange.sendResponseHeaders(200, 0); // chunked: the size is unknown until it is read
                try (OutputStream out = exchange.getResponseBody()) {
                    for (int off = 0; off < feed.length; off += 256 * 1024) {
                        out.write(feed, off, Math.min(256 * 1024, feed.length - off));
                    }
                } catch (IOException hungUp) {
                    // the client refused the body: expected in the first case
                }
            });
            for (int round = 0; round < 2; round++) { // round 0 warms up
                run(server, FetchLimits.defaults(), round == 1, "default limits (10 MiB)");
                run(server, FetchLimits.defaults().withMaxBodyBytes(64L * 1024 * 1024), round == 1, "--max-body-mb 64");
            }
        }
    }

    private static void run(LocalFeedServer server, FetchLimits limits, boolean report, String label) throws Exception {
        System.gc();
        ManagementFactory.getMemoryPoolMXBeans().forEach(MemoryPoolMXBean::resetPeakUsage);
        long baseline = heapUsed();
        long t0 = System.nanoTime();
        String outcome;
        try (HttpFeedFetcher fetcher = new HttpFeedFetcher(limits)) {
            FetchResult result = fetcher.fetch(server.uri("/big.xml"), Validators.NONE);
            ParsedFeed parsed = new FeedParser().parse(result.body(), result.contentType(), result.finalUri());
            List<Article> articles = ArticleNormalizer.normalize(parsed, new FeedContext("big", result.finalUri(), List.of()), Instant.now());
            outcome = "processed: " + articles.size() + " articles (items capped at " + FeedParser.MAX_ITEMS + ")";
        } catch (FetchException e) {
            outcome = "refused: " + e.getMessage();
        }
        Duration took = Duration.ofNanos(System.nanoTime() - t0);
        long peak = peakHeap();
        if (report) {
            System.out.printf(Locale.ROOT, "%-26s %6d ms, peak heap %5d MiB above a %d MiB baseline -> %s%n", label, took.toMillis(),
                    Math.max(0, peak - baseline) / (1024 * 1024), baseline / (1024 * 1024), outcome);
        }
    }

    static byte[] bigFeed(long size) {
        StringBuilder sb = new StringBuilder((int) Math.min(Integer.MAX_VALUE - 16, size + 4096));
        sb.append("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<rss version=\"2.0\"><channel><title>Big</title>")
                .append("<link>https://big.example/</link><description>50 MB of items</description>\n");
        String pad = "Shares of Example Corp rose after the company reported quarterly results above expectations. ".repeat(4);
        for (int i = 0; sb.length() < size - 200; i++) {
            sb.append("<item><title>Story ").append(i).append("</title><link>https://big.example/story/").append(i)
                    .append("</link><guid>big-").append(i).append("</guid><pubDate>Sat, 21 Nov 2026 10:00:00 GMT</pubDate><description>")
                    .append(pad).append("</description></item>\n");
        }
        sb.append("</channel></rss>\n");
        return sb.toString().getBytes(StandardCharsets.UTF_8);
    }

    private static long heapUsed() {
        long used = 0;
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            if (pool.getType() == MemoryType.HEAP) {
                used += pool.getUsage().getUsed();
            }
        }
        return used;
    }

    private static long peakHeap() {
        long peak = 0;
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            if (pool.getType() == MemoryType.HEAP) {
                peak += pool.getPeakUsage().getUsed();
            }
        }
        return peak;
    }
}
