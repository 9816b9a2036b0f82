package dev.memescalate.engine;

import dev.memescalate.policy.Outcome;

/** How one task's attempt in a round ended, as the state policy (and the done-file rule) judged it. */
public record TaskVerdict(int index, Outcome outcome, String reason) {
}
