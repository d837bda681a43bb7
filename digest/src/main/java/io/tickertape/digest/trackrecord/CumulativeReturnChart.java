package io.tickertape.digest.trackrecord;

import io.tickertape.digest.charts.PngEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.markers.SeriesMarkers;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Locale;
import java.util.TimeZone;

/**
 * The track record's chart: the signals' cumulative return against the benchmark's, in percent, one point per
 * signal day. Drawn with XChart like the price charts, at twice the display size.
 */
final class CumulativeReturnChart {

    static {
        if (System.getProperty("java.awt.headless") == null) {
            System.setProperty("java.awt.headless", "true");
        }
    }

    static final int WIDTH = 592;
    static final int HEIGHT = 160;
    static final int SCALE = 2;

    /** One signal day: the cumulative returns up to and including it, as fractions. */
    record Point(LocalDate date, double signals, double benchmark) {
    }

    byte[] png(List<Point> points, String benchmark) {
        if (points.size() < 2) {
            throw new IllegalArgumentException("a chart needs at least two points, got " + points.size());
        }
        XYChart chart = new XYChartBuilder().width(WIDTH).height(HEIGHT).build();
        var styler = chart.getStyler();
        styler.setChartTitleVisible(false);
        styler.setLegendPosition(Styler.LegendPosition.InsideNW);
        styler.setLegendBorderColor(Color.WHITE);
        styler.setLegendFont(new Font(Font.SANS_SERIF, Font.PLAIN, 10));
        styler.setChartBackgroundColor(Color.WHITE);
        styler.setPlotBackgroundColor(Color.WHITE);
        styler.setPlotBorderVisible(false);
        styler.setPlotGridVerticalLinesVisible(false);
        styler.setPlotGridLinesColor(new Color(0xe5, 0xe7, 0xeb));
        styler.setChartPadding(4);
        styler.setAxisTickLabelsFont(new Font(Font.SANS_SERIF, Font.PLAIN, 10));
        styler.setAxisTickLabelsColor(new Color(0x6b, 0x72, 0x80));
        styler.setDatePattern("MMM d");
        styler.setLocale(Locale.US);
        styler.setTimezone(TimeZone.getTimeZone(ZoneOffset.UTC));
        styler.setYAxisDecimalPattern("+0.0'%';-0.0'%'");
        styler.setMarkerSize(0);
        styler.setToolTipsEnabled(false);

        List<Date> dates = new ArrayList<>();
        List<Double> ours = new ArrayList<>();
        List<Double> theirs = new ArrayList<>();
        for (Point p : points) {
            dates.add(Date.from(p.date().atStartOfDay(ZoneOffset.UTC).toInstant()));
            ours.add(100 * p.signals());
            theirs.add(100 * p.benchmark());
        }
        XYSeries market = chart.addSeries(benchmark, dates, theirs);
        market.setLineColor(new Color(0x9c, 0xa3, 0xaf));
        market.setLineStyle(new BasicStroke(1.4f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10f, new float[]{4f, 3f}, 0f));
        market.setMarker(SeriesMarkers.NONE);
        XYSeries signals = chart.addSeries("Signals", dates, ours);
        signals.setLineColor(new Color(0x1d, 0x4e, 0xd8));
        signals.setLineStyle(new BasicStroke(1.8f));
        signals.setMarker(SeriesMarkers.NONE);

        BufferedImage image = new BufferedImage(WIDTH * SCALE, HEIGHT * SCALE, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        try {
            g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
            g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
            g.scale(SCALE, SCALE);
            chart.paint(g, WIDTH, HEIGHT);
        } finally {
            g.dispose();
        }
        return PngEncoder.encode(image);
    }
}
