package dev.memescalate.slurm;

import dev.memescalate.indexset.ArraySpec;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * sacct's {@code JobID} column, taken apart. Forms seen on Slurm 22.05:
 *
 * <ul>
 *   <li>{@code 134_3}: task 3 of array job 134 (its allocation row);
 *   <li>{@code 134_3.batch}, {@code 134_3.extern}, {@code 134_3.0}: step rows of that task;
 *   <li>{@code 134_[6-11%4]}: tasks not started yet, grouped; sacct 22.05 has no {@code --array} to list them one
 *       by one. Tasks cancelled before they started are grouped the same way ({@code 123_[2-9%2]|CANCELLED by 0});
 *   <li>{@code 148}: a plain job, or an array cancelled before any task started (one row for the whole array).
 * </ul>
 *
 * @param raw the text as sacct printed it
 * @param jobId the number before {@code _} (the array's job id) or the whole number of a plain job
 * @param taskIndex the task index of a {@code 134_3} row
 * @param pendingTasks the indices and throttle of a {@code 134_[6-11%4]} row
 * @param step the text after the {@code .}; empty for the allocation row
 */
public record SacctJobId(String raw, long jobId, OptionalInt taskIndex, Optional<ArraySpec> pendingTasks, String step) {

    public SacctJobId {
        if (taskIndex.isPresent() && pendingTasks.isPresent()) {
            throw new IllegalArgumentException("a job id has a task index or a pending range, not both: " + raw);
        }
    }

    /** The allocation row of a job or task (not a step such as {@code .batch}). */
    public boolean isAllocation() {
        return step.isEmpty();
    }

    /** A row with neither a task index nor a pending range: a plain job, or a whole array before any task ran. */
    public boolean isPlainJob() {
        return taskIndex.isEmpty() && pendingTasks.isEmpty();
    }

    /** Parses a JobID field; throws {@link IllegalArgumentException} naming the text when it is not one of the forms above. */
    public static SacctJobId parse(String raw) {
        String text = raw.strip();
        int dot = text.indexOf('.');
        // The step cannot contain '.', but a pending range cannot contain '.' either, so the first dot splits.
        String step = dot < 0 ? "" : text.substring(dot + 1);
        String job = dot < 0 ? text : text.substring(0, dot);
        if (dot >= 0 && step.isEmpty()) {
            throw new IllegalArgumentException("job id has an empty step after '.': '" + raw + "'");
        }
        int underscore = job.indexOf('_');
        if (underscore < 0) {
            return new SacctJobId(raw, parseJobNumber(job, raw), OptionalInt.empty(), Optional.empty(), step);
        }
        long jobId = parseJobNumber(job.substring(0, underscore), raw);
        String task = job.substring(underscore + 1);
        boolean isGroupedRange = task.startsWith("[") && task.endsWith("]");
        if (isGroupedRange) {
            ArraySpec pending = parsePendingRange(task.substring(1, task.length() - 1), raw);
            return new SacctJobId(raw, jobId, OptionalInt.empty(), Optional.of(pending), step);
        }
        int index = SacctValues.parseNonNegativeInt(task, "array task index in job id '" + raw + "'");
        return new SacctJobId(raw, jobId, OptionalInt.of(index), Optional.empty(), step);
    }

    private static long parseJobNumber(String digits, String raw) {
        boolean allDigits = SacctValues.isDigits(digits, 18);
        if (!allDigits) {
            throw new IllegalArgumentException("job id must start with a job number, got '" + raw + "'");
        }
        return Long.parseLong(digits);
    }

    private static ArraySpec parsePendingRange(String spec, String raw) {
        try {
            return ArraySpec.parse(spec); // never empty: the parser rejects a spec that names no index
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("job id has an unreadable task range '" + spec + "' in '" + raw + "': "
                    + e.getMessage(), e);
        }
    }
}
