package io.tickertape.ingest.samples;

import io.tickertape.ingest.feeds.FeedDefinition;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The sample feeds shipped for the demo ({@code sample-feeds/*.xml} in this jar): fictional but realistic financial
 * headlines about Apple, Tesla, Microsoft, NVIDIA and others, clearly positive or negative. Their dates are
 * placeholders, {@code {{NOW-15m}}} (RFC 822) or {@code {{NOW-15m|iso}}} (ISO 8601), filled in relative to a given
 * instant so the articles are always fresh.
 *
 * <pre>{@code
 * try (LocalFeedServer server = LocalFeedServer.start(0)) {
 *     List<FeedDefinition> feeds = SampleFeeds.serve(server, Instant.now(), Duration.ofSeconds(5));
 *     ... new IngestService(feeds, publisher, seen, registry, settings).start();
 * }
 * }</pre>
 */
public final class SampleFeeds {

    /** Sample feeds: name, resource, tickers the feed is about. */
    public record Sample(String name, String resource, List<String> tickers) {
    }

    public static final List<Sample> ALL = List.of(
            new Sample("sample-market-wire", "/sample-feeds/market-wire.xml", List.of()),
            new Sample("sample-tech-desk", "/sample-feeds/tech-desk.xml", List.of()),
            new Sample("sample-tsla", "/sample-feeds/tsla-headlines.xml", List.of("TSLA")));

    private static final Pattern PLACEHOLDER = Pattern.compile("\\{\\{NOW(?:-(\\d{1,5})([smhd]))?(\\|iso)?}}");
    private static final DateTimeFormatter RFC_822 = DateTimeFormatter.RFC_1123_DATE_TIME.withZone(ZoneOffset.UTC);

    private SampleFeeds() {
    }

    /** The sample's XML with every date placeholder filled in relative to {@code now}. */
    public static String render(Sample sample, Instant now) {
        return fill(read(sample.resource()), now);
    }

    /** Fills {@code {{NOW-15m}}} / {@code {{NOW-15m|iso}}} placeholders (units s, m, h, d) in any text. */
    public static String fill(String template, Instant now) {
        Instant base = now.truncatedTo(ChronoUnit.SECONDS);
        Matcher m = PLACEHOLDER.matcher(template);
        StringBuilder out = new StringBuilder(template.length());
        while (m.find()) {
            Instant at = base;
            if (m.group(1) != null) {
                long n = Long.parseLong(m.group(1));
                at = base.minus(switch (m.group(2)) {
                    case "s" -> Duration.ofSeconds(n);
                    case "m" -> Duration.ofMinutes(n);
                    case "h" -> Duration.ofHours(n);
                    default -> Duration.ofDays(n);
                });
            }
            m.appendReplacement(out, Matcher.quoteReplacement(m.group(3) != null ? at.toString() : RFC_822.format(at)));
        }
        m.appendTail(out);
        return out.toString();
    }

    /**
     * Serves every sample on {@code server} at {@code /samples/<name>.xml}, rendered once relative to {@code now}
     * (so ETags hold and polls get 304s), and returns their feed definitions.
     */
    public static List<FeedDefinition> serve(LocalFeedServer server, Instant now, Duration interval) {
        List<FeedDefinition> feeds = new ArrayList<>();
        for (Sample sample : ALL) {
            String path = "/samples/" + sample.name() + ".xml";
            String contentType = sample.resource().contains("tech-desk") ? "application/atom+xml; charset=utf-8" : "application/rss+xml; charset=utf-8";
            server.put(path, new LocalFeedServer.Document(render(sample, now).getBytes(StandardCharsets.UTF_8), contentType, now));
            feeds.add(new FeedDefinition(sample.name(), server.uri(path), interval, true, sample.tickers()));
        }
        return feeds;
    }

    private static String read(String resource) {
        try (InputStream in = SampleFeeds.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("sample feed " + resource + " is missing from the jar");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
