package dev.memescalate.store;

import java.util.EnumSet;
import java.util.Set;

/**
 * The life of a round: {@code PLANNED -> SUBMITTED -> DECIDED -> DONE}; a round whose jobs could not be submitted
 * ends in {@code SUBMIT_FAILED} (from PLANNED, or from SUBMITTED when only some of its jobs got in). Stored by name.
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
    SUBMIT_FAILED;

    /** The statuses this one may move to; the store refuses any other transition. */
    public Set<RoundStatus> successors() {
        return switch (this) {
            case PLANNED -> EnumSet.of(SUBMITTED, SUBMIT_FAILED);
            case SUBMITTED -> EnumSet.of(DECIDED, SUBMIT_FAILED);
            case DECIDED -> EnumSet.of(DONE);
            case DONE, SUBMIT_FAILED -> EnumSet.noneOf(RoundStatus.class);
        };
    }

    public boolean canMoveTo(RoundStatus next) {
        return successors().contains(next);
    }
}
