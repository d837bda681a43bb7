package io.tickertape.signals.strategies;

import io.tickertape.signals.fusion.DropReason;
import io.tickertape.signals.fusion.FusionInput;
import io.tickertape.signals.fusion.FusionOutcome;
import io.tickertape.signals.fusion.FusionSettings;
import io.tickertape.signals.fusion.SignalFusion;

import java.util.Locale;

/**
 * Sentiment confirmed by trend: the 70/30 fusion, but only where the technical score points the same way as the
 * sentiment and is at least {@code minTrend} strong. Fewer calls, each with the price already moving its way:
 * the experiment asks whether that filter earns more than it misses.
 */
public final class TrendConfirmedStrategy implements SignalStrategy {

    public static final String NAME = "trend-confirmed";
    public static final double DEFAULT_MIN_TREND = 0.10;

    private final SignalFusion fusion;
    private final double minTrend;

    public TrendConfirmedStrategy(FusionSettings settings, double minTrend) {
        if (!(minTrend >= 0 && minTrend <= 1)) {
            throw new IllegalArgumentException("minTrend must be in [0, 1]: " + minTrend);
        }
        this.fusion = new SignalFusion(settings);
        this.minTrend = minTrend;
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public FusionOutcome decide(FusionInput in) {
        double sentiment = SignalFusion.sentimentScore(in.sentiment(), in.ticker().relevance());
        if (in.technicals() == null) {
            return new FusionOutcome.Dropped(DropReason.TREND_DISAGREES, "no technicals to confirm the sentiment", Double.NaN);
        }
        double technical = in.technicals().score();
        boolean agrees = Math.signum(technical) == Math.signum(sentiment) && Math.abs(technical) >= minTrend;
        if (!agrees) {
            return new FusionOutcome.Dropped(DropReason.TREND_DISAGREES, String.format(Locale.ROOT,
                    "technical %+.3f does not confirm sentiment %+.3f (needs the same sign and |t| >= %.2f)",
                    technical, sentiment, minTrend), Double.NaN);
        }
        return StrategyNames.stamp(fusion.fuse(in), NAME);
    }
}
