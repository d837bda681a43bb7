package io.tickertape.signals.prices;

import com.github.benmanes.caffeine.cache.Ticker;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.tickertape.signals.prices.PriceUnavailableException.Reason;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class GuardedPriceSourceTest {

    private FakeYahoo yahoo;
    private YahooChartClient client;
    private final AtomicLong nanos = new AtomicLong();
    private final Ticker ticker = nanos::get;
    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();

    @BeforeEach
    void start() throws IOException {
        yahoo = new FakeYahoo();
        client = new YahooChartClient(yahoo.settings().withRequestTimeout(Duration.ofMillis(2_000)));
        yahoo.charts.put("TSCO.L", new FakeYahoo.Reply(200, YahooChartClientTest.fixture("chart-gbp-null-bar-live-row.json"), 0));
    }

    @AfterEach
    void stop() {
        client.close();
        yahoo.close();
    }

    private GuardedPriceSource guarded(GuardedPriceSource.Protection p) {
        return new GuardedPriceSource(client, p, registry, ticker);
    }

    private static GuardedPriceSource.Protection fast() {
        // A generous rate so only the feature under test limits anything.
        return GuardedPriceSource.Protection.defaults().withRequestsPerSecond(1_000);
    }

    @Test
    void quotesAreCachedPerSymbolForTheirTtlOnly() throws Exception {
        GuardedPriceSource source = guarded(fast());
        source.quote("TSCO.L");
        source.quote("TSCO.L");
        assertThat(yahoo.requestsFor("TSCO.L")).isEqualTo(1);
        nanos.addAndGet(Duration.ofSeconds(31).toNanos());
        source.quote("TSCO.L");
        assertThat(yahoo.requestsFor("TSCO.L")).isEqualTo(2);
        source.dailyHistory("TSCO.L", LocalDate.of(2024, 1, 1), LocalDate.of(2024, 1, 31));
        source.dailyHistory("TSCO.L", LocalDate.of(2024, 1, 1), LocalDate.of(2024, 1, 31));
        assertThat(yahoo.requestsFor("TSCO.L")).isEqualTo(3);
    }

    @Test
    void unknownSymbolsAreRememberedAndDoNotTripTheBreaker() {
        GuardedPriceSource source = guarded(fast());
        for (int i = 0; i < 5; i++) {
            assertThatThrownBy(() -> source.quote("NOPE")).isInstanceOfSatisfying(PriceUnavailableException.class,
                    e -> assertThat(e.reason()).isEqualTo(Reason.NOT_FOUND));
        }
        assertThat(yahoo.requestsFor("NOPE")).isEqualTo(1);
        assertThat(source.breakerState()).isEqualTo("CLOSED");
    }

    @Test
    void theBreakerOpensAfterThreeFailuresAtLowVolumeAndFailsFast() throws Exception {
        yahoo.charts.put("DOWN", new FakeYahoo.Reply(503, "Service Unavailable", 0));
        GuardedPriceSource source = guarded(fast());
        for (int i = 0; i < 3; i++) {
            assertThatThrownBy(() -> source.quote("DOWN")).isInstanceOfSatisfying(PriceUnavailableException.class,
                    e -> assertThat(e.reason()).isEqualTo(Reason.UNAVAILABLE));
        }
        assertThat(source.breakerState()).isEqualTo("OPEN");
        int before = yahoo.requestsFor("DOWN") + yahoo.requestsFor("TSCO.L");
        assertThatThrownBy(() -> source.quote("TSCO.L")).isInstanceOfSatisfying(PriceUnavailableException.class, e -> {
            assertThat(e.reason()).isEqualTo(Reason.CIRCUIT_OPEN);
            assertThat(e.retryable()).isTrue();
        });
        assertThat(yahoo.requestsFor("DOWN") + yahoo.requestsFor("TSCO.L")).isEqualTo(before);
        assertThat(registry.get("tickertape.prices.requests").tag("outcome", "circuit_open").counter().count())
                .isEqualTo(1.0);
    }

    @Test
    void theGlobalRateLimitRefusesABurstAcrossSymbols() throws Exception {
        yahoo.charts.put("OTHER", yahoo.charts.get("TSCO.L"));
        GuardedPriceSource source = guarded(GuardedPriceSource.Protection.defaults()
                .withRequestsPerSecond(0.5).withRateLimitWait(Duration.ZERO));
        source.quote("TSCO.L");
        assertThatThrownBy(() -> source.quote("OTHER")).isInstanceOfSatisfying(PriceUnavailableException.class, e -> {
            assertThat(e.reason()).isEqualTo(Reason.RATE_LIMITED);
            assertThat(e.retryable()).isTrue();
        });
        assertThat(yahoo.requestsFor("OTHER")).isZero();
    }

    @Test
    void freshQuotesNeverHandOutAnOldPrice() throws Exception {
        // The fixture's live price is from 2024-01-05 12:00 UTC.
        Instant priced = Instant.ofEpochSecond(1704456000);
        SimpleMeterRegistry reg = new SimpleMeterRegistry();
        FreshQuotes fresh = new FreshQuotes(guarded(fast()), Clock.fixed(priced.plusSeconds(30), ZoneOffset.UTC),
                FreshQuotes.DEFAULT_MAX_AGE, reg);
        assertThat(fresh.quote("TSCO.L").price()).isEqualTo(2.905);
        FreshQuotes later = new FreshQuotes(guarded(fast()), Clock.fixed(priced.plusSeconds(61), ZoneOffset.UTC),
                FreshQuotes.DEFAULT_MAX_AGE, reg);
        assertThatThrownBy(() -> later.quote("TSCO.L")).isInstanceOfSatisfying(PriceUnavailableException.class, e -> {
            assertThat(e.reason()).isEqualTo(Reason.STALE);
            assertThat(e.retryable()).isTrue();
        });
        assertThat(reg.get("tickertape.prices.stale").counter().count()).isEqualTo(1.0);
    }
}
