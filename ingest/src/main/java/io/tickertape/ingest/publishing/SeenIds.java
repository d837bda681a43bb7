package io.tickertape.ingest.publishing;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;

import java.time.Duration;
import java.util.Collection;

/**
 * The ids published recently: a bounded Caffeine set (size and idle-time bounded). An id is <em>claimed</em> before
 * its article is sent, so two feeds carrying the same article, or two polls racing, publish it once; a failed send
 * releases the claim so the next poll retries it. Filled at start from Kafka ({@link KafkaSeenIds}), so a restart
 * does not republish.
 */
public final class SeenIds {

    public static final int DEFAULT_MAX_IDS = 250_000;

    private final Cache<String, Boolean> ids;

    /**
     * @param maxIds  memory bound (about 150 bytes an id)
     * @param idle    an id not seen in any feed for this long is forgotten
     */
    public SeenIds(int maxIds, Duration idle) {
        this.ids = Caffeine.newBuilder().maximumSize(maxIds).expireAfterAccess(idle).build();
    }

    public static SeenIds inMemory() {
        return new SeenIds(DEFAULT_MAX_IDS, Duration.ofDays(7));
    }

    /** @return true if the caller now owns publishing this id; false if it was seen or is being published */
    public boolean claim(String id) {
        return ids.asMap().putIfAbsent(id, Boolean.TRUE) == null;
    }

    /** Gives up a claim after a failed publish, so a later poll tries again. */
    public void release(String id) {
        ids.invalidate(id);
    }

    public boolean contains(String id) {
        return ids.getIfPresent(id) != null;
    }

    public void addAll(Collection<String> seen) {
        for (String id : seen) {
            ids.put(id, Boolean.TRUE);
        }
    }

    public void add(String id) {
        ids.put(id, Boolean.TRUE);
    }

    public long size() {
        ids.cleanUp();
        return ids.estimatedSize();
    }
}
