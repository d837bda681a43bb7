package io.tickertape.signals.strategies;

import io.tickertape.signals.fusion.FusionSettings;

import java.util.List;
import java.util.Locale;

/** The strategies a deployment can name on the command line. */
public final class Strategies {

    /** Technicals alone: the rollback when sentiment cannot be trusted (`--scorer technical`). */
    public static final String TECHNICAL_ONLY = "technical-only";
    public static final List<String> NAMES = List.of(FusionStrategy.NAME, TrendConfirmedStrategy.NAME, TECHNICAL_ONLY);

    private Strategies() {
    }

    /** The strategy called {@code name}, with these fusion settings (threshold, levels, gates). */
    public static SignalStrategy named(String name, FusionSettings settings) {
        return switch (name.strip().toLowerCase(Locale.ROOT)) {
            case FusionStrategy.NAME -> new FusionStrategy(settings);
            case TrendConfirmedStrategy.NAME -> new TrendConfirmedStrategy(settings, TrendConfirmedStrategy.DEFAULT_MIN_TREND);
            case TECHNICAL_ONLY -> new FusionStrategy(TECHNICAL_ONLY,
                    new io.tickertape.signals.fusion.SignalFusion(settings.withWeights(0.0, 1.0)));
            default -> throw new IllegalArgumentException("unknown strategy '" + name + "': one of " + String.join(", ", NAMES));
        };
    }
}
