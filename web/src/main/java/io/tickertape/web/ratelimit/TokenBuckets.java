package io.tickertape.web.ratelimit;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.LongSupplier;

/**
 * One token bucket per client: {@code burst} requests at once, refilled at {@code perMinute}. The map is bounded:
 * past {@code maxClients} the least recently seen client is forgotten (it simply starts again with a full bucket),
 * so a flood of spoofed or rotating addresses costs a fixed amount of memory.
 */
public final class TokenBuckets {

    private final double capacity;
    private final double tokensPerNano;
    private final LongSupplier nanoTime;
    private final Map<String, Bucket> buckets;

    private static final class Bucket {
        double tokens;
        long updatedAt;
    }

    public TokenBuckets(int perMinute, int burst, int maxClients) {
        this(perMinute, burst, maxClients, System::nanoTime);
    }

    TokenBuckets(int perMinute, int burst, int maxClients, LongSupplier nanoTime) {
        if (perMinute < 1 || burst < 1 || maxClients < 1) {
            throw new IllegalArgumentException("rate, burst and client bound must be positive");
        }
        this.capacity = burst;
        this.tokensPerNano = perMinute / 60e9;
        this.nanoTime = nanoTime;
        this.buckets = new LinkedHashMap<>(1024, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, Bucket> eldest) {
                return size() > maxClients;
            }
        };
    }

    /** Takes one token from the client's bucket; false means the client is over its rate. */
    public synchronized boolean tryAcquire(String client) {
        long now = nanoTime.getAsLong();
        Bucket b = buckets.get(client);
        if (b == null) {
            b = new Bucket();
            b.tokens = capacity;
            b.updatedAt = now;
            buckets.put(client, b);
        } else {
            b.tokens = Math.min(capacity, b.tokens + (now - b.updatedAt) * tokensPerNano);
            b.updatedAt = now;
        }
        if (b.tokens >= 1.0) {
            b.tokens -= 1.0;
            return true;
        }
        return false;
    }

    /** Clients currently tracked (at most the bound). */
    public synchronized int tracked() {
        return buckets.size();
    }
}
