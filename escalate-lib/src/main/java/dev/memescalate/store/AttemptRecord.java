package dev.memescalate.store;

import static java.util.Objects.requireNonNull;

import dev.memescalate.policy.Outcome;
import java.time.Instant;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;

/**
 * One attempt of one array task, as the handler read it from sacct and classified it.
 *
 * @param index the array task index
 * @param round the round the attempt ran in
 * @param state the normalised state name (first word of sacct's State, for example {@code CANCELLED})
 * @param rawState sacct's State text unchanged (for example {@code CANCELLED by 1234})
 * @param exitCode the exit code part of sacct's {@code ExitCode} ({@code code:signal})
 * @param signal the signal part of sacct's {@code ExitCode}
 * @param maxRssBytes the largest MaxRSS of the task's steps, in bytes, when sacct reported one
 * @param node the node it ran on, when sacct reported one
 * @param allocCpus the CPUs Slurm allocated to it (sacct's AllocCPUS), when known: the core-hours of reports
 * @param batchState the state of its {@code .batch} step as sacct printed it, when there was one: a task whose
 *     allocation row says COMPLETED while this says OUT_OF_MEMORY deserves a look
 * @param batchExitCode the {@code rc:signal} exit code of its {@code .batch} step, when there was one
 * @param outcome what the state policy decided for this attempt
 * @param reason why, in words, for reports
 */
public record AttemptRecord(
        String chainId,
        int index,
        int round,
        int level,
        String slurmJobId,
        String state,
        String rawState,
        int exitCode,
        int signal,
        OptionalLong elapsedSeconds,
        OptionalLong maxRssBytes,
        Optional<String> node,
        Optional<Instant> start,
        Optional<Instant> end,
        OptionalInt allocCpus,
        Optional<String> batchState,
        Optional<String> batchExitCode,
        Outcome outcome,
        String reason) {

    public AttemptRecord {
        requireNonNull(chainId, "chainId");
        if (index < 0) {
            throw new IllegalArgumentException("task index must be >= 0, got " + index);
        }
        if (round < 1) {
            throw new IllegalArgumentException("round must be >= 1, got " + round);
        }
        requireNonNull(slurmJobId, "slurmJobId");
        requireNonNull(state, "state");
        requireNonNull(rawState, "rawState");
        requireNonNull(elapsedSeconds, "elapsedSeconds");
        requireNonNull(maxRssBytes, "maxRssBytes");
        requireNonNull(node, "node");
        requireNonNull(start, "start");
        requireNonNull(end, "end");
        requireNonNull(allocCpus, "allocCpus");
        requireNonNull(batchState, "batchState");
        requireNonNull(batchExitCode, "batchExitCode");
        requireNonNull(outcome, "outcome");
        requireNonNull(reason, "reason");
    }
}
