package io.tickertape.digest.rendering;

import java.util.List;

/**
 * The digest's "Track record" section, formatted for both templates: how the signals of the last 30 and 90 days
 * did, a chart of their cumulative return against the benchmark, and how the previous digest's signals have moved.
 *
 * @param windows    the 30- and 90-day figures
 * @param chartCid   Content-ID of the cumulative-return chart, or null when there are too few closed signals
 * @param chartAlt   what the chart shows, for screen readers and blocked images
 * @param method     one line on how the numbers are measured
 * @param yesterday  the previous digest's signals and their move since entry
 */
public record TrackRecordView(List<Window> windows, String chartCid, String chartAlt, String method,
                              List<Move> yesterday) {

    public TrackRecordView {
        windows = List.copyOf(windows);
        yesterday = List.copyOf(yesterday);
    }

    /** Nothing closed in any window: the section says so instead of showing empty figures. */
    public boolean empty() {
        return windows.stream().allMatch(Window::empty);
    }

    /** One window's figures, already formatted ("57%", "+0.8%"). */
    public record Window(String label, int signals, int measured, String hitRate, String interval, String meanReturn,
                         String medianReturn, String excess, String targetRate, String stopRate) {
        public boolean empty() {
            return measured == 0;
        }

        public int pending() {
            return signals - measured;
        }
    }

    /**
     * A previous signal's move from its entry to the latest close.
     *
     * @param favourable true when the move went the signal's way, false against it, null when there is no close yet
     */
    public record Move(String ticker, String direction, String entry, String lastClose, String lastDate, String move,
                       Boolean favourable) {
    }
}
