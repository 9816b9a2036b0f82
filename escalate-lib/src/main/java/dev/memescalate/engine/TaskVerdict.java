package dev.memescalate.engine;

import dev.memescalate.policy.Outcome;
import dev.memescalate.policy.Raise;

/**
 * How one task's attempt in a round ended, as the state policy (and the done-file rule) judged it.
 *
 * @param raise for an escalation, which resource it needs more of (acted on by {@code escalation: by_reason} only)
 */
public record TaskVerdict(int index, Outcome outcome, String reason, Raise raise) {
    /** A verdict that raises both resources when it escalates. */
    public TaskVerdict(int index, Outcome outcome, String reason) {
        this(index, outcome, reason, Raise.BOTH);
    }
}
