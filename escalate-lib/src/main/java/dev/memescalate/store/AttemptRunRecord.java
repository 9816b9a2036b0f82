package dev.memescalate.store;

import static java.util.Objects.requireNonNull;

import java.time.Instant;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * An earlier run of one task's attempt: Slurm requeued the task (after a NODE_FAIL, by itself: {@code JobRequeue=1},
 * its default) and ran it again under the same job id. {@code sacct --duplicates} lists every run; the attempt
 * records the last one, these the ones before it.
 *
 * @param run 1 for the first run, 2 for the second, ...
 */
public record AttemptRunRecord(String chainId, int index, int round, int run, String state, String rawState,
        int exitCode, int signal, OptionalLong elapsedSeconds, Optional<String> node, Optional<Instant> start,
        Optional<Instant> end) {

    public AttemptRunRecord {
        requireNonNull(chainId, "chainId");
        if (run < 1) {
            throw new IllegalArgumentException("run must be >= 1, got " + run);
        }
        requireNonNull(state, "state");
        requireNonNull(rawState, "rawState");
        requireNonNull(elapsedSeconds, "elapsedSeconds");
        requireNonNull(node, "node");
        requireNonNull(start, "start");
        requireNonNull(end, "end");
    }
}
