package io.tickertape.digest.testing;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.tickertape.digest.DigestBuilder;
import io.tickertape.digest.DigestService;
import io.tickertape.digest.DigestSettings;
import io.tickertape.digest.charts.PriceHistory;
import io.tickertape.digest.charts.SignalCharts;
import io.tickertape.digest.delivery.Mailer;
import io.tickertape.digest.rendering.DigestRenderer;
import org.jdbi.v3.core.Jdbi;

import java.time.Clock;

/** Wires a DigestService the way the launcher does, with test prices. One harness = one "process". */
public final class DigestHarness implements AutoCloseable {

    public final SignalCharts charts;
    public final DigestBuilder builder;
    public final DigestService service;

    public DigestHarness(Jdbi jdbi, Mailer mailer, DigestSettings settings, PriceHistory prices) {
        this.charts = SignalCharts.withDefaults(prices);
        this.builder = new DigestBuilder(settings.render(), charts, new DigestRenderer());
        this.service = new DigestService(jdbi, mailer, builder, settings, Clock.systemUTC(), new SimpleMeterRegistry());
    }

    public static DigestSettings settings() {
        return DigestSettings.defaults(MailFixtures.FROM, MailFixtures.UNSUBSCRIBE);
    }

    @Override
    public void close() {
        charts.close();
    }
}
