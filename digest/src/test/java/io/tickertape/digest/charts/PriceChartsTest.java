package io.tickertape.digest.charts;

import io.tickertape.digest.rendering.InlineImage;
import io.tickertape.digest.testing.SignalFixtures;
import io.tickertape.signals.fusion.Signal;
import org.junit.jupiter.api.Test;

import javax.imageio.ImageIO;
import java.awt.Color;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class PriceChartsTest {

    private static final Instant AS_OF = Instant.parse("2026-11-21T13:30:00Z");

    @Test
    void theChartIsASharpPngWithClosesAndTheThreeLevelsInTheirColours() throws Exception {
        List<PriceHistory.DailyClose> closes = SignalFixtures.priceHistory()
                .dailyCloses("NVDA", LocalDate.of(2026, 8, 21), LocalDate.of(2026, 11, 20));
        double last = closes.getLast().close();
        byte[] png = new PriceChartRenderer().png(new PriceChartRenderer.ChartRequest("NVDA", closes, last, last * 0.95, last * 1.1));

        BufferedImage image = ImageIO.read(new ByteArrayInputStream(png));
        assertThat(image.getWidth()).isEqualTo(PriceChartRenderer.WIDTH * 2);
        assertThat(image.getHeight()).isEqualTo(PriceChartRenderer.HEIGHT * 2);
        Set<Integer> colours = new HashSet<>();
        for (int y = 0; y < image.getHeight(); y++) {
            for (int x = 0; x < image.getWidth(); x++) {
                colours.add(image.getRGB(x, y) & 0xFFFFFF);
            }
        }
        assertThat(colours.size()).isGreaterThan(50);
        for (Color level : new Color[]{PriceChartRenderer.ENTRY, PriceChartRenderer.STOP, PriceChartRenderer.TARGET, PriceChartRenderer.CLOSE}) {
            assertThat(colours).as("colour %06x drawn", level.getRGB() & 0xFFFFFF).contains(level.getRGB() & 0xFFFFFF);
        }
        assertThatThrownBy(() -> new PriceChartRenderer().png(new PriceChartRenderer.ChartRequest("X", closes.subList(0, 1), 1, 1, 1)))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void thePngEncoderIsExactUpTo256ColoursAndMapsRarerColoursToTheNearestOne() throws Exception {
        BufferedImage image = new BufferedImage(97, 41, BufferedImage.TYPE_INT_RGB);
        Random random = new Random(3);
        int[] common = new int[256];
        for (int i = 0; i < common.length; i++) {
            common[i] = random.nextInt(0x1000000);
        }
        for (int y = 0; y < image.getHeight(); y++) {
            for (int x = 0; x < image.getWidth(); x++) {
                image.setRGB(x, y, common[(x * 7 + y * 13) % common.length]);
            }
        }
        BufferedImage exact = ImageIO.read(new ByteArrayInputStream(PngEncoder.encode(image)));
        for (int y = 0; y < image.getHeight(); y++) {
            for (int x = 0; x < image.getWidth(); x++) {
                assertThat(exact.getRGB(x, y) & 0xFFFFFF).isEqualTo(image.getRGB(x, y) & 0xFFFFFF);
            }
        }
        // Rarer colours (anti-aliasing fringes): 20 pixels, each a unique shade one step from a common colour.
        for (int i = 0; i < 20; i++) {
            int c = common[5];
            int g = Math.min(255, ((c >> 8) & 0xFF) + 1 + i % 2);
            int b = Math.min(255, (c & 0xFF) + 1 + i / 2);
            image.setRGB(i, 0, (c & 0xFF0000) | (g << 8) | b);
        }
        BufferedImage mapped = ImageIO.read(new ByteArrayInputStream(PngEncoder.encode(image)));
        assertThat(mapped.getRGB(0, 0) & 0xFFFFFF).isEqualTo(common[5]);
        assertThat(mapped.getRGB(50, 20) & 0xFFFFFF).isEqualTo(image.getRGB(50, 20) & 0xFFFFFF);
    }

    @Test
    void signalsWithoutPricesOrWithAFailingOrSlowSourceSimplyHaveNoChart() {
        List<Signal> signals = SignalFixtures.signals(4, AS_OF, 5);
        PriceHistory mixed = (symbol, from, to) -> {
            if (symbol.equals(signals.get(1).ticker())) {
                throw new IllegalStateException("price source down");
            }
            if (symbol.equals(signals.get(2).ticker())) {
                return List.of(new PriceHistory.DailyClose(to, 10.0)); // one close: not a chart
            }
            if (symbol.equals(signals.get(3).ticker())) {
                Thread.sleep(5_000); // slower than the deadline below
            }
            return SignalFixtures.priceHistory().dailyCloses(symbol, from, to);
        };
        try (SignalCharts charts = new SignalCharts(mixed, ZoneId.of("America/New_York"), Duration.ofSeconds(2), 2)) {
            Map<String, InlineImage> out = charts.charts(signals);
            assertThat(out).containsOnlyKeys(signals.getFirst().signalId());
            assertThat(out.get(signals.getFirst().signalId()).contentId()).startsWith("chart-1.").endsWith("@tickertape");
        }
    }
}
