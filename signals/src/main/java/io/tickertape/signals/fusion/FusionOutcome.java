package io.tickertape.signals.fusion;

import java.util.Objects;
import java.util.Optional;

/** The result of {@link SignalFusion#fuse}: a signal, or the reason there is none. */
public sealed interface FusionOutcome permits FusionOutcome.Emitted, FusionOutcome.Dropped {

    /** The signal, when one was emitted. */
    default Optional<Signal> emitted() {
        return this instanceof Emitted(Signal s) ? Optional.of(s) : Optional.empty();
    }

    /** A signal was made. */
    record Emitted(Signal signal) implements FusionOutcome {
        public Emitted {
            Objects.requireNonNull(signal, "signal");
        }
    }

    /**
     * No signal.
     *
     * @param reason why
     * @param detail a short human-readable explanation with the numbers involved
     * @param score  the combined score when it was computed (BELOW_THRESHOLD), else NaN
     */
    record Dropped(DropReason reason, String detail, double score) implements FusionOutcome {
        public Dropped {
            Objects.requireNonNull(reason, "reason");
            detail = detail == null ? "" : detail;
        }
    }
}
