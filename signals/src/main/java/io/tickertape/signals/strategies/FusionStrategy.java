package io.tickertape.signals.strategies;

import io.tickertape.signals.fusion.FusionInput;
import io.tickertape.signals.fusion.FusionOutcome;
import io.tickertape.signals.fusion.FusionSettings;
import io.tickertape.signals.fusion.Signal;
import io.tickertape.signals.fusion.SignalFusion;

/** The default: 70 % sentiment and 30 % technicals (see {@link SignalFusion}). */
public final class FusionStrategy implements SignalStrategy {

    public static final String NAME = Signal.DEFAULT_STRATEGY;

    private final SignalFusion fusion;
    private final String name;

    public FusionStrategy(FusionSettings settings) {
        this(NAME, new SignalFusion(settings));
    }

    FusionStrategy(String name, SignalFusion fusion) {
        this.name = name;
        this.fusion = fusion;
    }

    public FusionSettings settings() {
        return fusion.settings();
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public FusionOutcome decide(FusionInput input) {
        return StrategyNames.stamp(fusion.fuse(input), name);
    }
}
