package io.tickertape.finbert;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.cache.CaffeineCacheMetrics;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;

/**
 * Bounded score cache shared across predictors (thread-safe). The key is SHA-256 of the model version, the
 * whitespace-normalized text and the target (if any), so entries of different model versions, or of the same text
 * toward different companies, never mix.
 */
public final class ScoreCache {
    private final Cache<String, Sentiment> cache;

    public ScoreCache(long maxEntries) {
        this(maxEntries, null);
    }

    /** @param expireAfterAccess null = no time-based expiry */
    public ScoreCache(long maxEntries, Duration expireAfterAccess) {
        if (maxEntries < 1) {
            throw new IllegalArgumentException("maxEntries must be >= 1");
        }
        Caffeine<Object, Object> b = Caffeine.newBuilder().maximumSize(maxEntries).recordStats();
        if (expireAfterAccess != null) {
            b.expireAfterAccess(expireAfterAccess);
        }
        this.cache = b.build();
    }

    /** Trims and collapses runs of whitespace (what the scorer sees; the tokenizer ignores whitespace runs). */
    public static String normalize(String text) {
        StringBuilder sb = new StringBuilder(text.length());
        boolean space = false;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (Character.isWhitespace(c) || Character.isSpaceChar(c)) {
                space = sb.length() > 0;
            } else {
                if (space) {
                    sb.append(' ');
                    space = false;
                }
                sb.append(c);
            }
        }
        return sb.toString();
    }

    static String key(String modelVersion, String normalizedText, String target) {
        try {
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            md.update(modelVersion.getBytes(StandardCharsets.UTF_8));
            md.update((byte) 0);
            md.update(normalizedText.getBytes(StandardCharsets.UTF_8));
            if (target != null) { // a target-less key stays what it was before targets existed
                md.update((byte) 0);
                md.update(target.getBytes(StandardCharsets.UTF_8));
            }
            return HexFormat.of().formatHex(md.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The cached score of an already-normalized text, or null (counted as a hit or a miss). */
    public Sentiment get(String modelVersion, String normalizedText) {
        return get(modelVersion, normalizedText, null);
    }

    /** The cached score of an already-normalized text toward {@code target} (null: the whole text), or null. */
    public Sentiment get(String modelVersion, String normalizedText, String target) {
        return cache.getIfPresent(key(modelVersion, normalizedText, target));
    }

    public void put(String modelVersion, String normalizedText, Sentiment sentiment) {
        put(modelVersion, normalizedText, null, sentiment);
    }

    public void put(String modelVersion, String normalizedText, String target, Sentiment sentiment) {
        cache.put(key(modelVersion, normalizedText, target), sentiment);
    }

    public long hits() {
        return cache.stats().hitCount();
    }

    public long misses() {
        return cache.stats().missCount();
    }

    public long size() {
        cache.cleanUp();
        return cache.estimatedSize();
    }

    public void invalidateAll() {
        cache.invalidateAll();
    }

    /** Publishes size, hits, misses and evictions as {@code cache.*} meters tagged {@code cache=name}. */
    public ScoreCache bindTo(MeterRegistry registry, String name) {
        CaffeineCacheMetrics.monitor(registry, cache, name);
        return this;
    }
}
