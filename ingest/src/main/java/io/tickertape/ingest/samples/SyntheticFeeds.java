package io.tickertape.ingest.samples;

import io.tickertape.ingest.feeds.FeedDefinition;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Many small RSS feeds on a {@link LocalFeedServer}, for tests and benchmarks of many feeds: feed {@code i} is
 * {@code /synthetic/NAME-i.xml}; {@link #publish} adds an item with a unique title and remembers when it appeared,
 * so a reader of {@code news.articles} can count every article and time its delay. A feed keeps its last
 * {@value #ITEMS_KEPT} items, like a real one.
 */
public final class SyntheticFeeds {

    public static final int ITEMS_KEPT = 20;
    private static final DateTimeFormatter RFC_1123 = DateTimeFormatter.RFC_1123_DATE_TIME.withZone(ZoneOffset.UTC);

    private final LocalFeedServer server;
    private final String name;
    private final int count;
    private final Clock clock;
    private final List<Deque<String>> items = new ArrayList<>();
    private final Map<String, Instant> appeared = new ConcurrentHashMap<>();
    private final int[] next;

    public SyntheticFeeds(LocalFeedServer server, String name, int count, Clock clock) {
        this.server = server;
        this.name = name;
        this.count = count;
        this.clock = clock;
        this.next = new int[count];
        for (int i = 0; i < count; i++) {
            items.add(new ArrayDeque<>());
            render(i);
        }
    }

    public String feedName(int i) {
        return "%s-%04d".formatted(name, i);
    }

    public String path(int i) {
        return "/synthetic/" + feedName(i) + ".xml";
    }

    public int count() {
        return count;
    }

    public List<FeedDefinition> definitions(Duration interval) {
        List<FeedDefinition> out = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            out.add(new FeedDefinition(feedName(i), server.uri(path(i)), interval, true, List.of()));
        }
        return out;
    }

    /** Adds a new item to feed {@code i}. @return its title, unique across all feeds */
    public synchronized String publish(int i) {
        String title = feedName(i) + " item " + next[i]++;
        Instant now = clock.instant();
        String item = "<item><title>" + title + "</title><link>https://example.com/synthetic/" + feedName(i) + "/" + (next[i] - 1)
                + "</link><guid isPermaLink=\"false\">" + title + "</guid><pubDate>" + RFC_1123.format(now) + "</pubDate>"
                + "<description>Synthetic news for the many-feeds tests.</description></item>";
        Deque<String> feed = items.get(i);
        feed.addFirst(item);
        while (feed.size() > ITEMS_KEPT) {
            feed.removeLast();
        }
        appeared.put(title, now);
        render(i);
        return title;
    }

    /** Every title published so far, with when it appeared. */
    public Map<String, Instant> appeared() {
        return Map.copyOf(appeared);
    }

    private void render(int i) {
        StringBuilder rss = new StringBuilder("<?xml version=\"1.0\" encoding=\"UTF-8\"?><rss version=\"2.0\"><channel><title>")
                .append(feedName(i)).append("</title><link>https://example.com/synthetic/").append(feedName(i))
                .append("</link><description>synthetic</description>");
        items.get(i).forEach(rss::append);
        rss.append("</channel></rss>");
        server.put(path(i), LocalFeedServer.Document.xml(rss.toString(), clock.instant()));
    }
}
