package dev.memescalate.store;

/** Why a round exists. Stored by name. */
public enum RoundKind {
    /** The first round of a chain, at its start level. */
    INITIAL,
    /** Tasks that failed for want of resources, one level up. */
    ESCALATE,
    /** Tasks that failed for a reason outside themselves (node failure, preemption), at the same level. */
    RETRY
}
