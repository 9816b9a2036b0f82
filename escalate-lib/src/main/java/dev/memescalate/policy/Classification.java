package dev.memescalate.policy;

import java.util.Objects;

/**
 * The outcome of one task attempt and a short reason for reports, e.g. {@code state OUT_OF_MEMORY 0:125 -> escalate}.
 *
 * @param raise for an escalation, which resource it needs more of ({@code escalation: by_reason}); BOTH otherwise
 */
public record Classification(Outcome outcome, String reason, Raise raise) {
    public Classification {
        Objects.requireNonNull(outcome, "outcome");
        Objects.requireNonNull(reason, "reason");
        Objects.requireNonNull(raise, "raise");
    }

    /** A classification that raises nothing in particular: not an escalation, or one of unknown reason. */
    public Classification(Outcome outcome, String reason) {
        this(outcome, reason, Raise.BOTH);
    }
}
