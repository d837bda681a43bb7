package io.tickertape.signals.outcomes;

import io.tickertape.signals.outcomes.SignalOutcome.ExitReason;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/**
 * The figures of a set of signals at one horizon: how many were measured, how often they were right (with a 95 %
 * Wilson interval, which stays inside [0, 1] and is honest for small n), the mean and median signed return, the
 * excess over the benchmark, and how often the target or the stop ended the trade.
 *
 * @param signals       signals in the set, measured or not
 * @param measured      signals whose return at the horizon is known
 * @param hits          measured signals with a positive signed return
 * @param exits         signals whose exit is known (target, stop or time)
 */
public record TrackRecord(String group, int horizon, int signals, int measured, int hits, double hitRate,
                          double hitRateLow, double hitRateHigh, double meanReturn, double medianReturn,
                          double meanBenchmark, double meanExcess, int exits, int targets, int stops) {

    /** z for a two-sided 95 % interval. */
    static final double Z95 = 1.959963984540054;

    public double targetRate() {
        return exits == 0 ? Double.NaN : (double) targets / exits;
    }

    public double stopRate() {
        return exits == 0 ? Double.NaN : (double) stops / exits;
    }

    /** Whether anything is measured: reports and the digest say so plainly when not. */
    public boolean empty() {
        return measured == 0;
    }

    /** The figures of {@code outcomes} (null entries are signals with no outcome yet) at {@code horizon}. */
    public static TrackRecord of(String group, int horizon, Collection<SignalOutcome> outcomes, int signals) {
        List<Double> returns = new ArrayList<>();
        double benchmark = 0;
        double excess = 0;
        int hits = 0;
        int exits = 0;
        int targets = 0;
        int stops = 0;
        for (SignalOutcome o : outcomes) {
            if (o == null) {
                continue;
            }
            if (o.exitReason() != null) {
                exits++;
                if (o.exitReason() == ExitReason.TARGET) {
                    targets++;
                } else if (o.exitReason() == ExitReason.STOP) {
                    stops++;
                }
            }
            Double r = o.returnAt(horizon);
            if (r == null) {
                continue;
            }
            returns.add(r);
            if (r > 0) {
                hits++;
            }
            benchmark += o.benchmarkReturnAt(horizon);
            excess += o.excessAt(horizon);
        }
        int n = returns.size();
        double[] interval = wilson(hits, n);
        double mean = n == 0 ? Double.NaN : returns.stream().mapToDouble(Double::doubleValue).sum() / n;
        return new TrackRecord(group, horizon, signals, n, hits, n == 0 ? Double.NaN : (double) hits / n,
                interval[0], interval[1], mean, median(returns), n == 0 ? Double.NaN : benchmark / n,
                n == 0 ? Double.NaN : excess / n, exits, targets, stops);
    }

    /** The 95 % Wilson score interval of {@code hits} in {@code n}; [NaN, NaN] for n = 0. */
    public static double[] wilson(int hits, int n) {
        if (n == 0) {
            return new double[]{Double.NaN, Double.NaN};
        }
        double p = (double) hits / n;
        double z2 = Z95 * Z95;
        double denominator = 1 + z2 / n;
        double centre = (p + z2 / (2.0 * n)) / denominator;
        double half = Z95 * Math.sqrt(p * (1 - p) / n + z2 / (4.0 * n * n)) / denominator;
        return new double[]{Math.max(0, centre - half), Math.min(1, centre + half)};
    }

    static double median(List<Double> values) {
        if (values.isEmpty()) {
            return Double.NaN;
        }
        List<Double> sorted = values.stream().sorted().toList();
        int mid = sorted.size() / 2;
        return sorted.size() % 2 == 1 ? sorted.get(mid) : (sorted.get(mid - 1) + sorted.get(mid)) / 2.0;
    }
}
