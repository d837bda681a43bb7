package io.tickertape.signals.experiments;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.List;
import java.util.Objects;

/**
 * Which live arm a ticker belongs to: weighted rendezvous (highest-random-weight) hashing. Each (arm, ticker) pair
 * gets a pseudo-random u in (0, 1) from SHA-256 of "experiment/arm/ticker"; the arm with the largest
 * {@code -weight / ln(u)} wins. So:
 * <ul>
 *   <li>the answer depends only on the experiment's name, the arms and the ticker: stable across restarts,
 *       instances and replays;</li>
 *   <li>each arm gets its weight's share of tickers;</li>
 *   <li>adding an arm moves only the tickers the new arm wins (its share), and removing one moves only its own.</li>
 * </ul>
 */
public final class ArmAssignment {

    private final Experiment experiment;
    private final List<Experiment.Arm> live;

    public ArmAssignment(Experiment experiment) {
        this.experiment = Objects.requireNonNull(experiment, "experiment");
        this.live = experiment.liveArms();
    }

    public Experiment experiment() {
        return experiment;
    }

    /** The live arm of {@code ticker}. */
    public Experiment.Arm armOf(String ticker) {
        Objects.requireNonNull(ticker, "ticker");
        Experiment.Arm best = null;
        double bestScore = Double.NEGATIVE_INFINITY;
        for (Experiment.Arm arm : live) {
            double u = unit(experiment.name() + "/" + arm.name() + "/" + ticker);
            double score = -arm.weight() / Math.log(u);
            if (score > bestScore) {
                bestScore = score;
                best = arm;
            }
        }
        return best;
    }

    /** A uniform number in (0, 1) from the first 53 bits of SHA-256. */
    static double unit(String key) {
        byte[] digest;
        try {
            digest = MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is always available", e);
        }
        long bits = 0;
        for (int i = 0; i < 7; i++) {
            bits = (bits << 8) | (digest[i] & 0xFF);
        }
        bits >>>= 3;                                   // 53 bits
        return (bits + 0.5) / (double) (1L << 53);     // never 0 or 1, so ln(u) is finite and negative
    }
}
