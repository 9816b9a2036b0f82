package dev.memescalate.observe;

import java.time.Instant;
import java.util.Map;
import java.util.Optional;

/**
 * What Slurm said of a chain's live jobs at one refresh.
 *
 * @param queue squeue's answer; empty when squeue failed ({@code queueProblem} says why) or nothing was live
 * @param ended how the ended tasks of each array job ended, from the last sacct call (at most one every 30 s)
 * @param endedAsOf when that sacct call ran
 * @param fates how the chain's plain jobs (handlers) that sacct knows ended, from the same call
 */
public record Live(
        Instant at,
        Optional<QueueSnapshot> queue,
        Optional<String> queueProblem,
        Map<String, EndedCounts> ended,
        Optional<Instant> endedAsOf,
        Map<String, HandlerFate> fates,
        Optional<String> sacctProblem) {

    public Live {
        ended = Map.copyOf(ended);
        fates = Map.copyOf(fates);
    }

    /** Nothing of the chain is in Slurm (it has ended, or has not submitted anything yet). */
    public static Live nothingLive(Instant at) {
        return new Live(at, Optional.of(QueueSnapshot.of(java.util.List.of())), Optional.empty(), Map.of(),
                Optional.empty(), Map.of(), Optional.empty());
    }

    /** No Slurm call was made (a view from the store alone). */
    public static Live notAsked(Instant at) {
        return new Live(at, Optional.empty(), Optional.of("Slurm was not asked"), Map.of(), Optional.empty(),
                Map.of(), Optional.empty());
    }
}
