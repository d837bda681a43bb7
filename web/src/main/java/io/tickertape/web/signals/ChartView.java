package io.tickertape.web.signals;

import java.util.List;

/**
 * A signal's chart, laid out in SVG user units: price levels (stop, entry, price, target) on one scale and the
 * three scores as bars around zero. Drawn by chart.jte as inline SVG: no script, no image request.
 */
public record ChartView(int width, int height, String alt, List<Level> levels, int barZero, List<Bar> bars) {

    public record Level(String label, String value, int y, String color, boolean dashed) {
    }

    public record Bar(String label, String value, int x, int y, int width, boolean positive) {
    }
}
