package io.tickertape.signals.outcomes;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;

/** Track records of measured signals, overall or split by one attribute of the signal. */
public final class OutcomeReport {

    /** What a report is split by. */
    public enum GroupBy {
        ALL(m -> "all"),
        MODEL(m -> m.signal().modelVersion()),
        STRATEGY(OutcomeStore.Measured::strategy),
        DIRECTION(m -> m.signal().direction().name()),
        TICKER(m -> m.signal().ticker()),
        ARM(m -> m.signal().arm() == null ? "(no experiment)" : m.signal().arm() + (m.signal().shadow() ? " (shadow)" : ""));

        private final Function<OutcomeStore.Measured, String> key;

        GroupBy(Function<OutcomeStore.Measured, String> key) {
            this.key = key;
        }

        public static GroupBy parse(String text) {
            try {
                return valueOf(text.strip().toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("--by must be one of model, strategy, direction, ticker, arm: " + text);
            }
        }
    }

    private OutcomeReport() {
    }

    /** One track record per group, groups in alphabetical order, at {@code horizon} sessions (1, 5 or 20). */
    public static List<TrackRecord> of(List<OutcomeStore.Measured> measured, GroupBy by, int horizon) {
        if (horizon != 1 && horizon != 5 && horizon != 20) {
            throw new IllegalArgumentException("horizon must be 1, 5 or 20: " + horizon);
        }
        Map<String, List<SignalOutcome>> groups = new TreeMap<>();
        for (OutcomeStore.Measured m : measured) {
            String key = by.key.apply(m);
            groups.computeIfAbsent(key == null ? "(none)" : key, k -> new ArrayList<>()).add(m.outcome());
        }
        if (groups.isEmpty() && by == GroupBy.ALL) {
            groups.put("all", List.of());
        }
        List<TrackRecord> out = new ArrayList<>(groups.size());
        groups.forEach((group, outcomes) -> out.add(TrackRecord.of(group, horizon, outcomes, outcomes.size())));
        return out;
    }
}
