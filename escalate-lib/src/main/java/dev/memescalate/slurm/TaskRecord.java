package dev.memescalate.slurm;

import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * What sacct says about one array task: the allocation row that gives its state and exit code, and the largest
 * MaxRSS over its step rows.
 *
 * @param index the array task index
 * @param source which kind of row gave the state
 * @param allocation that row (for {@link Source#PENDING_RANGE} and {@link Source#WHOLE_ARRAY} it is shared by
 *     several indices)
 * @param batchStep the task's {@code .batch} step row, when sacct printed one
 * @param maxRssBytes the largest MaxRSS over the task's step rows ({@code .batch}, {@code .extern}, {@code .0}, ...).
 *     Meaningless for OOM-killed tasks (measured: tiny); never size a retry from it.
 */
public record TaskRecord(int index, Source source, SacctRecord allocation, Optional<SacctRecord> batchStep,
        OptionalLong maxRssBytes) {

    /** Which kind of allocation row the state of a task was read from. */
    public enum Source {
        /** Its own row, {@code 134_3}. */
        TASK_ROW,
        /** A grouped row of tasks not started, {@code 134_[6-11%4]} (PENDING, or CANCELLED before start). */
        PENDING_RANGE,
        /** The single plain row, {@code 148}, of an array cancelled before any task started. */
        WHOLE_ARRAY
    }

    public TaskRecord {
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(allocation, "allocation");
        Objects.requireNonNull(batchStep, "batchStep");
        Objects.requireNonNull(maxRssBytes, "maxRssBytes");
    }

    public JobState state() {
        return allocation.state();
    }

    public ExitCode exitCode() {
        return allocation.exitCode();
    }

    public boolean isTerminal() {
        return allocation.state().isTerminal();
    }
}
