package io.tickertape.signals.experiments;

import io.tickertape.signals.strategies.Strategies;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;

/**
 * An experiment: named arms, each a strategy with a share of the tickers, or a shadow that sees every ticker and
 * whose signals are recorded and measured but never sent. Tickers are split between the live arms by
 * {@link ArmAssignment} (consistent hashing), so each ticker is in exactly one live arm and a recipient never gets
 * two calls on it.
 * <p>
 * Spec syntax (`run --experiment NAME --arms SPEC`): {@code arm=strategy[@challenger][:weight|:shadow],...}, e.g.
 * {@code control=fusion:1,trend=trend-confirmed:1,tech=technical-only:shadow}. {@code @challenger} makes the arm
 * decide with the challenger model's sentiment (`run --shadow-model DIR`) instead of the active model's: a variant
 * is a (model version, strategy) pair, e.g. {@code control=fusion:1,next=fusion@challenger:1}.
 */
public record Experiment(String name, List<Arm> arms) {

    static final String NAME_PATTERN = "[a-z0-9][a-z0-9_-]{0,39}";

    /**
     * One arm; {@code weight} is its share among the live arms (ignored for a shadow); {@code challenger}: it decides
     * with the challenger model's scores.
     */
    public record Arm(String name, String strategy, double weight, boolean shadow, boolean challenger) {

        public Arm(String name, String strategy, double weight, boolean shadow) {
            this(name, strategy, weight, shadow, false);
        }

        public Arm {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(strategy, "strategy");
            if (!name.matches(NAME_PATTERN)) {
                throw new IllegalArgumentException("arm name must match " + NAME_PATTERN + ": " + name);
            }
            if (!Strategies.NAMES.contains(strategy)) {
                throw new IllegalArgumentException("arm " + name + ": unknown strategy '" + strategy + "', one of "
                        + String.join(", ", Strategies.NAMES));
            }
            if (!shadow && !(weight > 0 && weight <= 1000)) {
                throw new IllegalArgumentException("arm " + name + ": weight must be in (0, 1000]: " + weight);
            }
        }
    }

    public Experiment {
        Objects.requireNonNull(name, "name");
        if (!name.matches(NAME_PATTERN)) {
            throw new IllegalArgumentException("experiment name must match " + NAME_PATTERN + ": " + name);
        }
        arms = List.copyOf(arms);
        Set<String> seen = new HashSet<>();
        for (Arm a : arms) {
            if (!seen.add(a.name())) {
                throw new IllegalArgumentException("arm " + a.name() + " is named twice");
            }
        }
        if (arms.stream().noneMatch(a -> !a.shadow())) {
            throw new IllegalArgumentException("an experiment needs at least one arm that is not a shadow");
        }
        if (arms.size() > 16) {
            throw new IllegalArgumentException("at most 16 arms");
        }
    }

    /** Parses {@code arm=strategy[:weight|:shadow],...}; one-line messages for every mistake. */
    public static Experiment parse(String name, String spec) {
        Objects.requireNonNull(spec, "spec");
        List<Arm> arms = new ArrayList<>();
        for (String part : spec.split(",")) {
            String p = part.strip();
            if (p.isEmpty()) {
                continue;
            }
            int eq = p.indexOf('=');
            if (eq <= 0) {
                throw new IllegalArgumentException("arm '" + p + "' is not arm=strategy[:weight|:shadow]");
            }
            String arm = p.substring(0, eq).strip().toLowerCase(Locale.ROOT);
            String[] rest = p.substring(eq + 1).strip().split(":", 2);
            String strategy = rest[0].strip().toLowerCase(Locale.ROOT);
            boolean challenger = false;
            int at = strategy.indexOf('@');
            if (at >= 0) {
                String model = strategy.substring(at + 1).strip();
                if (!model.equals("challenger") && !model.equals("active")) {
                    throw new IllegalArgumentException("arm " + arm + ": model '@" + model + "' is not @challenger or @active");
                }
                challenger = model.equals("challenger");
                strategy = strategy.substring(0, at).strip();
            }
            boolean shadow = rest.length == 2 && rest[1].strip().equalsIgnoreCase("shadow");
            double weight = 1.0;
            if (rest.length == 2 && !shadow) {
                try {
                    weight = Double.parseDouble(rest[1].strip());
                } catch (NumberFormatException e) {
                    throw new IllegalArgumentException("arm " + arm + ": weight '" + rest[1] + "' is not a number or 'shadow'");
                }
            }
            arms.add(new Arm(arm, strategy, weight, shadow, challenger));
        }
        return new Experiment(name.strip().toLowerCase(Locale.ROOT), arms);
    }

    /** How an arm is recorded with its signals: "experiment/arm". */
    public String label(Arm arm) {
        return name + "/" + arm.name();
    }

    public List<Arm> liveArms() {
        return arms.stream().filter(a -> !a.shadow()).toList();
    }

    /** Whether an arm decides with the challenger model (so `run` needs --shadow-model). */
    public boolean usesChallenger() {
        return arms.stream().anyMatch(Arm::challenger);
    }

    public List<Arm> shadowArms() {
        return arms.stream().filter(Arm::shadow).toList();
    }
}
