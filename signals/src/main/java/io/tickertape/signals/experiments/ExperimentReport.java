package io.tickertape.signals.experiments;

import io.tickertape.signals.outcomes.OutcomeStore;
import io.tickertape.signals.outcomes.SignalOutcome;
import io.tickertape.signals.outcomes.TrackRecord;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * Outcomes per arm of one experiment, and each arm against the first live arm (the control): the difference in hit
 * rate with a 95 % Newcombe interval (built from the two Wilson intervals; sound for small n) and a two-sided
 * two-proportion z-test. Below {@link #MIN_PER_ARM} measured signals, or fewer than 5 hits or 5 misses in an arm,
 * the normal approximation does not hold and the comparison says so instead of printing a p-value.
 */
public final class ExperimentReport {

    public static final int MIN_PER_ARM = 30;
    static final int MIN_EACH_OUTCOME = 5;

    /**
     * One arm against the control.
     *
     * @param verdict  "too few to tell: ..." when the data cannot support a test, else a one-line reading
     */
    public record Comparison(String arm, String control, double difference, double low, double high, double z,
                             double pValue, boolean enoughData, String verdict) {
    }

    public record Result(String experiment, int horizon, List<TrackRecord> arms, List<Comparison> comparisons) {
        public Result {
            arms = List.copyOf(arms);
            comparisons = List.copyOf(comparisons);
        }

        public boolean empty() {
            return arms.isEmpty();
        }
    }

    private ExperimentReport() {
    }

    /**
     * @param measured signals with their outcomes (any; those outside the experiment are ignored)
     * @param control  the control arm's name, or null for the first arm found in sorted order that is not a shadow
     */
    public static Result of(String experiment, List<OutcomeStore.Measured> measured, int horizon, String control) {
        Objects.requireNonNull(experiment, "experiment");
        String prefix = experiment + "/";
        Map<String, List<SignalOutcome>> byArm = new TreeMap<>();
        Map<String, Boolean> shadow = new TreeMap<>();
        for (OutcomeStore.Measured m : measured) {
            String arm = m.signal().arm();
            if (arm == null || !arm.startsWith(prefix)) {
                continue;
            }
            String name = arm.substring(prefix.length());
            byArm.computeIfAbsent(name, k -> new ArrayList<>()).add(m.outcome());
            shadow.merge(name, m.signal().shadow(), (a, b) -> a || b);
        }
        List<TrackRecord> records = new ArrayList<>();
        byArm.forEach((arm, outcomes) -> records.add(TrackRecord.of(arm + (shadow.get(arm) ? " (shadow)" : ""),
                horizon, outcomes, outcomes.size())));
        String controlName = control;
        if (controlName == null) {
            controlName = byArm.keySet().stream().filter(a -> !shadow.get(a)).findFirst().orElse(null);
        }
        List<Comparison> comparisons = new ArrayList<>();
        if (controlName != null && byArm.containsKey(controlName)) {
            TrackRecord c = TrackRecord.of(controlName, horizon, byArm.get(controlName), byArm.get(controlName).size());
            for (var e : byArm.entrySet()) {
                if (e.getKey().equals(controlName)) {
                    continue;
                }
                TrackRecord t = TrackRecord.of(e.getKey(), horizon, e.getValue(), e.getValue().size());
                comparisons.add(compare(e.getKey(), controlName, t.hits(), t.measured(), c.hits(), c.measured()));
            }
        }
        return new Result(experiment, horizon, records, comparisons);
    }

    /** {@code arm}'s hit rate minus the control's, with its interval and test. */
    public static Comparison compare(String arm, String control, int hits, int n, int controlHits, int controlN) {
        boolean enough = enough(hits, n) && enough(controlHits, controlN);
        if (n == 0 || controlN == 0) {
            return new Comparison(arm, control, Double.NaN, Double.NaN, Double.NaN, Double.NaN, Double.NaN, false,
                    "too few to tell: an arm has no measured signal yet");
        }
        double p1 = (double) hits / n;
        double p0 = (double) controlHits / controlN;
        double d = p1 - p0;
        double[] w1 = TrackRecord.wilson(hits, n);
        double[] w0 = TrackRecord.wilson(controlHits, controlN);
        double low = d - Math.sqrt(sq(p1 - w1[0]) + sq(w0[1] - p0));
        double high = d + Math.sqrt(sq(w1[1] - p1) + sq(p0 - w0[0]));
        double pooled = (double) (hits + controlHits) / (n + controlN);
        double se = Math.sqrt(pooled * (1 - pooled) * (1.0 / n + 1.0 / controlN));
        double z = se == 0 ? 0 : d / se;
        double p = 2 * (1 - normalCdf(Math.abs(z)));
        String verdict;
        if (!enough) {
            verdict = "too few to tell: each arm needs " + MIN_PER_ARM + " measured signals with at least "
                    + MIN_EACH_OUTCOME + " hits and " + MIN_EACH_OUTCOME + " misses (" + arm + " " + hits + "/" + n
                    + ", " + control + " " + controlHits + "/" + controlN + ")";
        } else if (p < 0.05) {
            verdict = arm + (d > 0 ? " beats " : " trails ") + control + " (p = " + String.format(java.util.Locale.ROOT, "%.3f", p) + ")";
        } else {
            verdict = "no significant difference (p = " + String.format(java.util.Locale.ROOT, "%.3f", p) + ")";
        }
        return new Comparison(arm, control, d, low, high, z, enough ? p : Double.NaN, enough, verdict);
    }

    private static boolean enough(int hits, int n) {
        return n >= MIN_PER_ARM && hits >= MIN_EACH_OUTCOME && n - hits >= MIN_EACH_OUTCOME;
    }

    private static double sq(double v) {
        return v * v;
    }

    /** Φ(x) through erf (Abramowitz and Stegun 7.1.26, |error| < 1.5e-7). */
    static double normalCdf(double x) {
        double t = 1 / (1 + 0.3275911 * Math.abs(x) / Math.sqrt(2));
        double y = 1 - (((((1.061405429 * t - 1.453152027) * t) + 1.421413741) * t - 0.284496736) * t + 0.254829592)
                * t * Math.exp(-x * x / 2);
        return x >= 0 ? 0.5 * (1 + y) : 0.5 * (1 - y);
    }
}
