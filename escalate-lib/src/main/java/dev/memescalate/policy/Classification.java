package dev.memescalate.policy;

import java.util.Objects;

/** The outcome of one task attempt and a short reason for reports, e.g. {@code state OUT_OF_MEMORY 0:125 -> escalate}. */
public record Classification(Outcome outcome, String reason) {
    public Classification {
        Objects.requireNonNull(outcome, "outcome");
        Objects.requireNonNull(reason, "reason");
    }
}
