package io.tickertape.signals.strategies;

import io.tickertape.signals.fusion.FusionOutcome;
import io.tickertape.signals.fusion.Signal;

/** Stamps the strategy's name on what it emitted. */
final class StrategyNames {

    private StrategyNames() {
    }

    static FusionOutcome stamp(FusionOutcome outcome, String strategy) {
        if (outcome instanceof FusionOutcome.Emitted(Signal signal)) {
            return new FusionOutcome.Emitted(signal.madeBy(strategy, signal.scorer(), signal.arm(), signal.shadow()));
        }
        return outcome;
    }
}
