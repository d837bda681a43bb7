package io.tickertape.web.ratelimit;

import io.tickertape.web.WebSettings;
import io.tickertape.web.testing.RunningWeb;
import org.junit.jupiter.api.Test;

import java.net.http.HttpResponse;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;

class RateLimitTest {

    @Test
    void aClientOverItsBurstGets429AndPagesStayOpen() {
        try (RunningWeb web = new RunningWeb(WebSettings.defaults(0).withRate(60, 5), null)) {
            for (int i = 0; i < 5; i++) {
                assertThat(web.get("/api/signals").statusCode()).isEqualTo(200);
            }
            HttpResponse<String> limited = web.get("/api/signals");
            assertThat(limited.statusCode()).isEqualTo(429);
            assertThat(limited.body()).isEqualTo("{\"error\":\"too many requests\"}");
            assertThat(limited.headers().firstValue("Retry-After")).isPresent();
            assertThat(limited.headers().firstValue("Content-Security-Policy")).isPresent();
            // Pages and the operations endpoints are not limited: the ALB health check must never see 429.
            assertThat(web.get("/health").statusCode()).isEqualTo(200);
            assertThat(web.get("/signals").statusCode()).isEqualTo(200);
            assertThat(web.get("/metrics").body()).contains("tickertape_web_rate_limited_total 1.0");
        }
    }

    @Test
    void bucketsRefillAndTheClientMapIsBounded() {
        AtomicLong now = new AtomicLong();
        TokenBuckets buckets = new TokenBuckets(60, 2, 3, now::get);
        assertThat(buckets.tryAcquire("a")).isTrue();
        assertThat(buckets.tryAcquire("a")).isTrue();
        assertThat(buckets.tryAcquire("a")).isFalse();
        now.addAndGet(1_000_000_000L); // one second: one token at 60/min
        assertThat(buckets.tryAcquire("a")).isTrue();
        assertThat(buckets.tryAcquire("a")).isFalse();
        for (int i = 0; i < 100; i++) {
            buckets.tryAcquire("client-" + i);
        }
        assertThat(buckets.tracked()).isEqualTo(3);
    }
}
