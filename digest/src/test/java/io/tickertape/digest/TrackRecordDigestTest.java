package io.tickertape.digest;

import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.util.ServerSetupTest;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.tickertape.digest.charts.PriceSourceHistory;
import io.tickertape.digest.charts.SignalCharts;
import io.tickertape.digest.delivery.SmtpMailer;
import io.tickertape.digest.recipients.RecipientStore;
import io.tickertape.digest.rendering.DigestRenderer;
import io.tickertape.digest.rendering.RenderSettings;
import io.tickertape.digest.testing.DigestHarness;
import io.tickertape.digest.testing.MailFixtures;
import io.tickertape.digest.testing.SignalRows;
import io.tickertape.digest.trackrecord.TrackRecordSection;
import io.tickertape.migrations.Database;
import io.tickertape.migrations.testing.TestDatabases;
import io.tickertape.signals.fusion.Direction;
import io.tickertape.signals.fusion.Signal;
import io.tickertape.signals.outcomes.OutcomeSettings;
import io.tickertape.signals.outcomes.OutcomeStore;
import io.tickertape.signals.outcomes.OutcomeUpdater;
import io.tickertape.signals.prices.FilePriceSource;
import jakarta.mail.BodyPart;
import jakarta.mail.internet.MimeMessage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static io.tickertape.digest.testing.MailFixtures.parts;
import static io.tickertape.digest.testing.MailFixtures.textPart;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The digest's "Track record": outcomes computed by the digest run itself from price files this test writes, the
 * section as a GreenMail-received message shows it, and the same digest rendered in headless Chromium.
 * <p>
 * Every ticker's close rises 0.1 a session, so a BUY's 5-session return is positive and a SELL's negative: ACME
 * (BUY, 55 sessions ago) and DELTA (BUY, 15 sessions ago) hit, BETA (SELL, 35 sessions ago) misses. The last 90
 * days hold all three (2 of 3, 67 %); the last 30 days only DELTA (1 of 1, 100 %).
 */
class TrackRecordDigestTest {

    @RegisterExtension
    static GreenMailExtension mail = new GreenMailExtension(ServerSetupTest.SMTP.dynamicPort());
    static final ZoneId NEW_YORK = ZoneId.of("America/New_York");

    @TempDir
    Path prices;
    private Database db;
    private SmtpMailer mailer;
    private List<LocalDate> sessions;

    @BeforeEach
    void setUp() throws Exception {
        db = TestDatabases.freshSchema();
        mailer = new SmtpMailer(MailFixtures.plainSmtp(mail.getSmtp().getPort()));
        // 70 weekdays ending with the last one before today (New York).
        List<LocalDate> days = new ArrayList<>();
        for (LocalDate d = LocalDate.now(NEW_YORK).minusDays(1); days.size() < 70; d = d.minusDays(1)) {
            if (d.getDayOfWeek() != DayOfWeek.SATURDAY && d.getDayOfWeek() != DayOfWeek.SUNDAY) {
                days.addFirst(d);
            }
        }
        sessions = days;
        for (String symbol : List.of("SPY", "ACME", "BETA", "DELTA", "GAMMA", "ZETA")) {
            StringBuilder csv = new StringBuilder("Date,Open,High,Low,Close,Volume\n");
            for (int k = 0; k < sessions.size(); k++) {
                double close = 100.0 + 0.1 * k;
                csv.append(String.format(Locale.US, "%s,%.2f,%.2f,%.2f,%.2f,1000%n", sessions.get(k), close,
                        close + 0.3, close - 0.3, close));
            }
            Files.writeString(prices.resolve(symbol + ".csv"), csv);
        }
        new RecipientStore(db.jdbi()).add("ann@example.com", "Ann Reader");
    }

    @AfterEach
    void tearDown() {
        mailer.close();
        db.close();
    }

    private Instant sessionMorning(int index) {
        return sessions.get(index).atTime(10, 0).atZone(NEW_YORK).toInstant();
    }

    private static Signal signal(String ticker, Direction direction, Instant at) {
        String article = "article-" + ticker;
        return new Signal(Signal.SCHEMA_VERSION, Signal.idFor(article, ticker, direction), ticker, ticker + " Corp",
                direction, at, article, ticker + " headline", null, "Reuters", at.minusSeconds(600), 0.6, 0.7, 0.3,
                0.9, 0.9, "finbert-test", 100.0, at, "USD", 100.0, direction == Direction.BUY ? 50.0 : 150.0,
                direction == Direction.BUY ? 150.0 : 50.0, List.of("test reason"));
    }

    /** Signals stored as the stream app would have, each created when it was made. */
    private void storeSignals(Instant now) {
        for (Signal s : List.of(signal("ACME", Direction.BUY, sessionMorning(14)),
                signal("BETA", Direction.SELL, sessionMorning(34)),
                signal("DELTA", Direction.BUY, sessionMorning(54)),
                signal("GAMMA", Direction.BUY, now.minus(Duration.ofHours(36))))) {
            SignalRows.insert(db.jdbi(), s, s.signalAt());
        }
        Signal today = signal("ZETA", Direction.BUY, now.minus(Duration.ofHours(1)));
        SignalRows.insert(db.jdbi(), today, today.signalAt());
    }

    private DigestRun runDigest() {
        var source = new FilePriceSource(List.of(prices), Clock.systemUTC(), FilePriceSource.QuoteTime.BAR_CLOSE, "USD", Map.of());
        OutcomeStore store = new OutcomeStore(db.jdbi());
        DigestSettings settings = DigestHarness.settings();
        try (SignalCharts charts = SignalCharts.withDefaults(new PriceSourceHistory(source))) {
            DigestBuilder builder = new DigestBuilder(settings.render(), charts, new DigestRenderer(),
                    new TrackRecordSection(store, "SPY"));
            DigestService service = new DigestService(db.jdbi(), mailer, builder, settings, Clock.systemUTC(),
                    new SimpleMeterRegistry(), new OutcomeUpdater(store, source, OutcomeSettings.defaults(), Clock.systemUTC()));
            return service.run(LocalDate.now(RenderSettings.PHOENIX));
        }
    }

    @Test
    void theReceivedDigestCarriesTheTrackRecordComputedBeforeItWasBuilt() throws Exception {
        storeSignals(SignalRows.dbNow(db.jdbi()));

        DigestRun run = runDigest();

        assertThat(run.outcome()).isEqualTo(DigestRun.Outcome.COMPLETED);
        assertThat(run.shown()).as("only ZETA is new; the older ones are history").isEqualTo(1);
        MimeMessage[] received = mail.getReceivedMessages();
        assertThat(received).hasSize(1);
        String text = textPart(received[0], "text/plain");
        assertThat(text).contains("TRACK RECORD")
                .contains("Last 30 days: 1 signals, hit rate 100%")
                .contains("Last 90 days: 3 signals, hit rate 67%")
                .contains("Yesterday's signals so far:")
                .contains("- GAMMA BUY at 100.00");
        String html = textPart(received[0], "text/html");
        assertThat(html).contains(">Track record<").contains("cid:" + TrackRecordSection.CHART_CID);
        List<String> contentIds = new ArrayList<>();
        for (BodyPart part : parts(received[0].getContent())) {
            String[] id = part.getHeader("Content-ID");
            if (id != null) {
                contentIds.add(id[0]);
            }
        }
        assertThat(contentIds).contains("<" + TrackRecordSection.CHART_CID + ">");
    }

    @Test
    void withoutClosedSignalsTheSectionSaysSoPlainly() throws Exception {
        Instant now = SignalRows.dbNow(db.jdbi());
        Signal today = signal("ZETA", Direction.BUY, now.minus(Duration.ofHours(1)));
        SignalRows.insert(db.jdbi(), today, today.signalAt());

        runDigest();

        String text = textPart(mail.getReceivedMessages()[0], "text/plain");
        assertThat(text).contains("No closed signals yet").contains("Last 30 days: 1 signal still open.");
        assertThat(textPart(mail.getReceivedMessages()[0], "text/html")).doesNotContain("cid:" + TrackRecordSection.CHART_CID);
    }

    @Test
    void theTrackRecordRendersInChromium() throws Exception {
        String chromium = null;
        for (String candidate : new String[]{"/usr/bin/chromium", "/usr/bin/chromium-browser"}) {
            if (new File(candidate).canExecute()) {
                chromium = candidate;
            }
        }
        Assumptions.assumeTrue(chromium != null, "headless Chromium not installed (apt-get install chromium): screenshot skipped");
        Instant now = SignalRows.dbNow(db.jdbi());
        storeSignals(now);
        var source = new FilePriceSource(List.of(prices), Clock.systemUTC(), FilePriceSource.QuoteTime.BAR_CLOSE, "USD", Map.of());
        OutcomeStore store = new OutcomeStore(db.jdbi());
        new OutcomeUpdater(store, source, OutcomeSettings.defaults(), Clock.systemUTC()).update(100);
        Path out = Path.of("target", "track-record-preview").toAbsolutePath();
        DigestPreview.Files files;
        DigestSettings settings = DigestHarness.settings();
        try (SignalCharts charts = SignalCharts.withDefaults(new PriceSourceHistory(source))) {
            DigestBuilder builder = new DigestBuilder(settings.render(), charts, new DigestRenderer(),
                    new TrackRecordSection(store, "SPY"));
            files = DigestPreview.fromDatabase(db.jdbi(), builder, settings, LocalDate.now(RenderSettings.PHOENIX),
                    Clock.systemUTC(), out);
        }
        assertThat(Files.readString(files.html())).contains("Track record");
        assertThat(files.images()).extracting(p -> p.getFileName().toString()).contains("track-record.png");

        Path png = out.resolve("track-record-screenshot.png");
        Files.deleteIfExists(png);
        Path profile = Files.createTempDirectory("chromium-profile");
        Process p = new ProcessBuilder(chromium, "--headless", "--no-sandbox", "--disable-gpu",
                "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run",
                "--hide-scrollbars", "--user-data-dir=" + profile, "--window-size=800,1600", "--screenshot=" + png,
                files.html().toUri().toString())
                .redirectErrorStream(true).redirectOutput(out.resolve("chromium.log").toFile()).start();
        if (!p.waitFor(90, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("chromium did not finish within 90 s; see " + out.resolve("chromium.log"));
        }
        BufferedImage image = ImageIO.read(png.toFile());
        assertThat(image.getWidth()).isEqualTo(800);
        // The chart's signal line is drawn in #1d4ed8: the track record chart is really on the page.
        long chartBlue = 0;
        for (int y = 0; y < image.getHeight(); y++) {
            for (int x = 0; x < image.getWidth(); x++) {
                int rgb = image.getRGB(x, y) & 0xFFFFFF;
                int r = rgb >> 16 & 0xFF;
                int g = rgb >> 8 & 0xFF;
                int b = rgb & 0xFF;
                if (Math.abs(r - 0x1d) < 24 && Math.abs(g - 0x4e) < 24 && Math.abs(b - 0xd8) < 24) {
                    chartBlue++;
                }
            }
        }
        assertThat(chartBlue).as("pixels of the signals' line and blue text").isGreaterThan(150);
    }
}
