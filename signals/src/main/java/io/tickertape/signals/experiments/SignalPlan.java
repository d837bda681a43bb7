package io.tickertape.signals.experiments;

import io.tickertape.signals.fusion.FusionSettings;
import io.tickertape.signals.strategies.SignalStrategy;
import io.tickertape.signals.strategies.Strategies;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Which strategies decide for a ticker: one strategy outside experiments; inside one, the ticker's live arm (by
 * {@link ArmAssignment}) and every shadow arm. Immutable and thread-safe.
 */
public final class SignalPlan {

    /**
     * One decision to make for a candidate: a strategy, the arm it is recorded under (null: none), and whether it
     * decides with the challenger model's sentiment.
     */
    public record Step(SignalStrategy strategy, String arm, boolean shadow, boolean challenger) {
        public Step(SignalStrategy strategy, String arm, boolean shadow) {
            this(strategy, arm, shadow, false);
        }
    }

    private final Experiment experiment;
    private final ArmAssignment assignment;
    private final List<Step> liveSteps;
    private final List<Step> shadowSteps;
    private final Step single;

    private SignalPlan(Experiment experiment, Step single, List<Step> liveSteps, List<Step> shadowSteps) {
        this.experiment = experiment;
        this.assignment = experiment == null ? null : new ArmAssignment(experiment);
        this.single = single;
        this.liveSteps = List.copyOf(liveSteps);
        this.shadowSteps = List.copyOf(shadowSteps);
    }

    /** Every ticker decided by {@code strategy}, outside any experiment. */
    public static SignalPlan single(SignalStrategy strategy) {
        return new SignalPlan(null, new Step(Objects.requireNonNull(strategy, "strategy"), null, false), List.of(), List.of());
    }

    /** The arms of {@code experiment}, each strategy built with {@code settings}. */
    public static SignalPlan experiment(Experiment experiment, FusionSettings settings) {
        List<Step> live = new ArrayList<>();
        List<Step> shadows = new ArrayList<>();
        for (Experiment.Arm arm : experiment.arms()) {
            Step step = new Step(Strategies.named(arm.strategy(), settings), experiment.label(arm), arm.shadow(),
                    arm.challenger());
            (arm.shadow() ? shadows : live).add(step);
        }
        return new SignalPlan(experiment, null, live, shadows);
    }

    /** The decisions for {@code ticker}: exactly one that may be sent, then the shadows. */
    public List<Step> stepsFor(String ticker) {
        if (experiment == null) {
            return List.of(single);
        }
        Experiment.Arm arm = assignment.armOf(ticker);
        String label = experiment.label(arm);
        List<Step> out = new ArrayList<>(1 + shadowSteps.size());
        for (Step s : liveSteps) {
            if (s.arm().equals(label)) {
                out.add(s);
                break;
            }
        }
        out.addAll(shadowSteps);
        return out;
    }

    /** One line for the start-up log. */
    public String describe() {
        if (experiment == null) {
            return "strategy " + single.strategy().name();
        }
        StringBuilder b = new StringBuilder("experiment ").append(experiment.name()).append(": ");
        for (Experiment.Arm a : experiment.arms()) {
            b.append(a.name()).append('=').append(a.strategy()).append(a.challenger() ? "@challenger" : "")
                    .append(a.shadow() ? " (shadow)" : " (weight " + a.weight() + ")").append(", ");
        }
        b.setLength(b.length() - 2);
        return b.toString();
    }

    /** Whether any step decides with the challenger model. */
    public boolean usesChallenger() {
        return experiment != null && experiment.usesChallenger();
    }

    public Experiment experiment() {
        return experiment;
    }
}
