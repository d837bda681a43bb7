package io.tickertape.digest.charts;

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
 * Draws one small price chart with XChart: daily closes over the last 3 months and horizontal lines at entry
 * (blue, dashed), stop (red) and target (green), the colours the email uses for the same numbers. Rendered at
 * twice the display size so it stays sharp on high-density screens. Thread-safe: every call builds its own chart.
 */
public final class PriceChartRenderer {

    static {
        // Servers have no display; AWT must not try to open one.
        if (System.getProperty("java.awt.headless") == null) {
            System.setProperty("java.awt.headless", "true");
        }
    }

    /** Display size in CSS pixels; the PNG is {@code scale} times larger. */
    public static final int WIDTH = 592;
    public static final int HEIGHT = 180;
    public static final int DEFAULT_SCALE = 2;

    static final Color CLOSE = new Color(0x37, 0x41, 0x51);
    static final Color ENTRY = new Color(0x1d, 0x4e, 0xd8);
    static final Color STOP = new Color(0xb9, 0x1c, 0x1c);
    static final Color TARGET = new Color(0x15, 0x80, 0x3d);

    private final int scale;

    public PriceChartRenderer() {
        this(DEFAULT_SCALE);
    }

    /** @param scale device pixels per CSS pixel: 2 is sharp on high-density screens, 1 is half the work */
    public PriceChartRenderer(int scale) {
        if (scale < 1 || scale > 3) {
            throw new IllegalArgumentException("scale must be 1, 2 or 3: " + scale);
        }
        this.scale = scale;
    }

    /** What to draw. */
    public record ChartRequest(String symbol, List<PriceHistory.DailyClose> closes, double entry, double stop,
                               double target) {
        public ChartRequest {
            closes = List.copyOf(closes);
        }
    }

    /** The chart as PNG bytes; needs at least two closes. */
    public byte[] png(ChartRequest request) {
        if (request.closes().size() < 2) {
            throw new IllegalArgumentException("a chart needs at least two closes, got " + request.closes().size());
        }
        XYChart chart = chart(request);
        BufferedImage image = new BufferedImage(WIDTH * scale, HEIGHT * scale, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        try {
            g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
            g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
            g.scale(scale, scale);
            chart.paint(g, WIDTH, HEIGHT);
        } finally {
            g.dispose();
        }
        return PngEncoder.encode(image);
    }

    private static XYChart chart(ChartRequest r) {
        XYChart chart = new XYChartBuilder().width(WIDTH).height(HEIGHT).build();
        var styler = chart.getStyler();
        styler.setChartTitleVisible(false);
        styler.setLegendVisible(true);
        styler.setLegendPosition(Styler.LegendPosition.OutsideE);
        styler.setLegendLayout(Styler.LegendLayout.Vertical);
        styler.setLegendBorderColor(Color.WHITE);
        styler.setLegendPadding(4);
        styler.setLegendSeriesLineLength(14);
        styler.setLegendFont(new Font(Font.SANS_SERIF, Font.PLAIN, 10));
        styler.setChartBackgroundColor(Color.WHITE);
        styler.setPlotBackgroundColor(Color.WHITE);
        styler.setPlotBorderVisible(false);
        styler.setPlotGridVerticalLinesVisible(false);
        styler.setPlotGridLinesColor(new Color(0xe5, 0xe7, 0xeb));
        styler.setChartPadding(4);
        styler.setAxisTickLabelsFont(new Font(Font.SANS_SERIF, Font.PLAIN, 10));
        styler.setAxisTickLabelsColor(new Color(0x6b, 0x72, 0x80));
        styler.setAxisTickMarksColor(new Color(0xd1, 0xd5, 0xdb));
        styler.setDatePattern("MMM d");
        styler.setLocale(Locale.US);
        styler.setTimezone(TimeZone.getTimeZone(ZoneOffset.UTC));
        styler.setYAxisDecimalPattern(r.closes().getLast().close() >= 1.0 ? "#,##0.00" : "0.0000");
        styler.setMarkerSize(0);
        styler.setToolTipsEnabled(false);
        styler.setAntiAlias(true);

        List<Date> dates = new ArrayList<>(r.closes().size());
        List<Double> closes = new ArrayList<>(r.closes().size());
        for (PriceHistory.DailyClose c : r.closes()) {
            dates.add(date(c.date()));
            closes.add(c.close());
        }
        List<Date> ends = List.of(dates.getFirst(), dates.getLast());
        level(chart, "Target", ends, r.target(), TARGET, new BasicStroke(1.2f));
        level(chart, "Entry", ends, r.entry(), ENTRY,
                new BasicStroke(1.2f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10f, new float[]{4f, 3f}, 0f));
        level(chart, "Stop", ends, r.stop(), STOP, new BasicStroke(1.2f));
        XYSeries close = chart.addSeries("Close", dates, closes);
        close.setLineColor(CLOSE);
        close.setLineStyle(new BasicStroke(1.6f));
        close.setMarker(SeriesMarkers.NONE);
        return chart;
    }

    private static void level(XYChart chart, String name, List<Date> ends, double value, Color color, BasicStroke stroke) {
        if (!Double.isFinite(value) || value <= 0) {
            return;
        }
        XYSeries s = chart.addSeries(name, ends, List.of(value, value));
        s.setLineColor(color);
        s.setLineStyle(stroke);
        s.setMarker(SeriesMarkers.NONE);
    }

    private static Date date(LocalDate d) {
        return Date.from(d.atStartOfDay(ZoneOffset.UTC).toInstant());
    }
}
