package dev.memescalate.store;

import java.util.EnumSet;
import java.util.Set;

/**
 * The life of a round: {@code PLANNED -> SUBMITTED -> DECIDED -> DONE}; a round whose jobs could not be submitted
 * ends in {@code SUBMIT_FAILED} (from PLANNED, or from SUBMITTED when only some of its jobs got in); a round the user
 * cancelled before it was decided ends in {@code CANCELLED}. Stored by name.
 */
public enum RoundStatus {
    /** Recorded with its jobs; nothing submitted yet. */
    PLANNED,
    /** Its array part(s) and handler are in Slurm. */
    SUBMITTED,
    /** Its handler recorded every attempt and chose what comes next. */
    DECIDED,
    /** What came next is submitted (or nothing came next): nothing more will happen to this round. */
    DONE,
    /** Its jobs could not (all) be submitted. */
    SUBMIT_FAILED,
    /** The chain was cancelled before this round was decided: its unfinished tasks ended CANCELLED. */
    CANCELLED;

    /** The statuses this one may move to; the store refuses any other transition. */
    public Set<RoundStatus> successors() {
        return switch (this) {
            case PLANNED -> EnumSet.of(SUBMITTED, SUBMIT_FAILED, CANCELLED);
            case SUBMITTED -> EnumSet.of(DECIDED, SUBMIT_FAILED, CANCELLED);
            case DECIDED -> EnumSet.of(DONE);
            case DONE, SUBMIT_FAILED, CANCELLED -> EnumSet.noneOf(RoundStatus.class);
        };
    }

    public boolean canMoveTo(RoundStatus next) {
        return successors().contains(next);
    }

    /** True while something of the round may still run or be decided: PLANNED, SUBMITTED or DECIDED. */
    public boolean isActive() {
        return this == PLANNED || this == SUBMITTED || this == DECIDED;
    }
}
