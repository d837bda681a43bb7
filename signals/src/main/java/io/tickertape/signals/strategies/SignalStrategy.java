package io.tickertape.signals.strategies;

import io.tickertape.signals.fusion.FusionInput;
import io.tickertape.signals.fusion.FusionOutcome;

/**
 * How a scored, priced (article, ticker) pair becomes a signal or a drop. Implementations are stateless and
 * thread-safe, and every emitted signal names its strategy, so outcomes can be compared per strategy.
 */
public interface SignalStrategy {

    /** A short, stable name recorded with each signal, e.g. "fusion". */
    String name();

    FusionOutcome decide(FusionInput input);
}
