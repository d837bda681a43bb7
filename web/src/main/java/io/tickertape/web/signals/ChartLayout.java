package io.tickertape.web.signals;

import io.tickertape.signals.fusion.Signal;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Places a signal's levels and scores in a small SVG. It needs nothing but the stored signal, so a page never
 * waits on a price source (the digest's 3-month chart fetches closes; a page must answer in milliseconds).
 */
final class ChartLayout {

    static final int WIDTH = 640;
    static final int HEIGHT = 240;
    private static final int TOP = 40;
    private static final int BOTTOM = HEIGHT - 20;
    private static final int BAR_ZERO = 530;
    private static final int BAR_HALF = 90;

    private ChartLayout() {
    }

    static ChartView of(Signal s) {
        record Raw(String label, double value, String color, boolean dashed) {
        }
        List<Raw> raw = new ArrayList<>(List.of(
                new Raw("Target", s.target(), "#15803d", false),
                new Raw("Entry", s.entry(), "#1d4ed8", false),
                new Raw("Price", s.price(), "#111827", true),
                new Raw("Stop", s.stop(), "#b91c1c", false)));
        raw.removeIf(r -> !Double.isFinite(r.value()));
        raw.sort(Comparator.comparingDouble(Raw::value).reversed());
        double max = raw.stream().mapToDouble(Raw::value).max().orElse(1);
        double min = raw.stream().mapToDouble(Raw::value).min().orElse(0);
        double span = max - min;
        if (span <= 0) {
            span = Math.max(Math.abs(max) * 0.02, 1e-6);
            min -= span / 2;
        }
        List<ChartView.Level> levels = new ArrayList<>();
        int lastY = Integer.MIN_VALUE;
        for (Raw r : raw) {
            int y = (int) Math.round(TOP + (max - r.value()) / span * (BOTTOM - TOP));
            y = Math.max(y, lastY + 16); // labels of close levels must not overlap
            lastY = y;
            levels.add(new ChartView.Level(r.label(), SignalFormat.money(r.value(), s.currency()), y, r.color(), r.dashed()));
        }
        List<ChartView.Bar> bars = List.of(
                bar("Sentiment", s.sentimentScore(), 70),
                bar("Technical", s.technicalScore(), 130),
                bar("Combined", s.score(), 190));
        String alt = s.ticker() + " " + s.direction() + ": entry " + SignalFormat.money(s.entry(), s.currency())
                + ", stop " + SignalFormat.money(s.stop(), s.currency()) + ", target "
                + SignalFormat.money(s.target(), s.currency()) + "; score " + SignalFormat.signed(s.score());
        return new ChartView(WIDTH, HEIGHT, alt, levels, BAR_ZERO, bars);
    }

    private static ChartView.Bar bar(String label, double value, int y) {
        double v = Double.isFinite(value) ? Math.max(-1, Math.min(1, value)) : 0;
        int length = (int) Math.round(Math.abs(v) * BAR_HALF);
        int x = v >= 0 ? BAR_ZERO : BAR_ZERO - length;
        return new ChartView.Bar(label, SignalFormat.signed(value), x, y, Math.max(1, length), v >= 0);
    }
}
