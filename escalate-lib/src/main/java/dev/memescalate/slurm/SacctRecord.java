package dev.memescalate.slurm;

import java.time.Duration;
import java.time.LocalDateTime;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;

/**
 * One row of sacct output. Columns the query did not ask for are empty (empty string or empty optional); JobID,
 * State and ExitCode are always asked for (see {@link SacctFormat}).
 *
 * @param id the JobID, taken apart
 * @param state the first word of State, {@link JobState#UNKNOWN} for a word this build does not know
 * @param stateText State as printed, e.g. {@code CANCELLED by 0}
 * @param cancelledBy the uid in {@code CANCELLED by <uid>}
 * @param requestedMemory ReqMem; empty on step rows and when sacct prints an unknown value ({@code 16?})
 * @param timelimit empty for {@code UNLIMITED}, {@code Partition_Limit} and on step rows
 * @param maxRssBytes MaxRSS; only step rows carry it
 * @param nodeList empty when blank or {@code None assigned}
 * @param reason Reason, empty when not asked for
 */
public record SacctRecord(
        SacctJobId id,
        String jobName,
        String partition,
        JobState state,
        String stateText,
        OptionalInt cancelledBy,
        ExitCode exitCode,
        Optional<RequestedMemory> requestedMemory,
        Optional<Duration> timelimit,
        Optional<Duration> elapsed,
        OptionalLong maxRssBytes,
        String nodeList,
        Optional<LocalDateTime> submit,
        Optional<LocalDateTime> start,
        Optional<LocalDateTime> end,
        String reason) {

    public SacctRecord {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(jobName, "jobName");
        Objects.requireNonNull(partition, "partition");
        Objects.requireNonNull(state, "state");
        Objects.requireNonNull(stateText, "stateText");
        Objects.requireNonNull(cancelledBy, "cancelledBy");
        Objects.requireNonNull(exitCode, "exitCode");
        Objects.requireNonNull(requestedMemory, "requestedMemory");
        Objects.requireNonNull(timelimit, "timelimit");
        Objects.requireNonNull(elapsed, "elapsed");
        Objects.requireNonNull(maxRssBytes, "maxRssBytes");
        Objects.requireNonNull(nodeList, "nodeList");
        Objects.requireNonNull(submit, "submit");
        Objects.requireNonNull(start, "start");
        Objects.requireNonNull(end, "end");
        Objects.requireNonNull(reason, "reason");
    }

    /** The number before {@code _}: the array's job id for task rows, the job's id for a plain job. */
    public long jobId() {
        return id.jobId();
    }

    public OptionalInt taskIndex() {
        return id.taskIndex();
    }

    /** Empty for the allocation row; {@code batch}, {@code extern}, {@code 0}, ... for step rows. */
    public String step() {
        return id.step();
    }

    public boolean isAllocation() {
        return id.isAllocation();
    }
}
