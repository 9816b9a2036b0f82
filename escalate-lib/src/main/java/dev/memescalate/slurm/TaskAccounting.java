package dev.memescalate.slurm;

import dev.memescalate.indexset.IndexSet;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;

/**
 * The rows of one sacct answer folded into one record per expected task of one array job, with everything that
 * makes the answer incomplete or suspect.
 *
 * <p>sacct can briefly lie (SLURM-LOCAL-CLUSTER.md): right after a short array ended, the first query returned a
 * single wrong row {@code 103|allocation|COMPLETED|...} in 3 of 6 tries; the real rows appeared ~1.5 s later. Start
 * records lag by up to ~3 s, so a task that already started may be missing. Hence:
 *
 * <ul>
 *   <li>a plain row (no task index) for the array is read as "every task" only when it says CANCELLED, the one case
 *       measured to be real (an array cancelled before any task started, {@code 148|allocation|CANCELLED by 0}).
 *       Any other plain row is ignored and listed in {@link #anomalies()}; the tasks stay missing;
 *   <li>{@link #isComplete()} is true only when every expected index has a terminal row and no line was rejected.
 *       The caller asks sacct again, with backoff, until it is.
 * </ul>
 *
 * @param arrayJobId the array's job id
 * @param expected the indices submitted in this round
 * @param tasks the record of each expected index sacct gave a row for
 * @param rejects lines that could not be parsed
 * @param anomalies rows that were ignored or overridden, each with the reason (rows of other jobs as one line with
 *     their count), for logs and reports
 */
public record TaskAccounting(long arrayJobId, IndexSet expected, Map<Integer, TaskRecord> tasks,
        List<RejectedLine> rejects, List<String> anomalies) {

    public TaskAccounting {
        Objects.requireNonNull(expected, "expected");
        tasks = Collections.unmodifiableMap(new HashMap<>(tasks));
        rejects = List.copyOf(rejects);
        anomalies = List.copyOf(anomalies);
    }

    /** Folds one parsed sacct answer for array {@code arrayJobId}, whose tasks {@code expected} were submitted. */
    public static TaskAccounting fold(long arrayJobId, IndexSet expected, SacctOutput output) {
        Map<Integer, SacctRecord> taskRows = new HashMap<>();
        Map<Integer, SacctRecord> rangeRows = new HashMap<>();
        Map<Integer, SacctRecord> batchRows = new HashMap<>();
        Map<Integer, Long> maxRss = new HashMap<>();
        SacctRecord wholeArrayRow = null;
        List<String> anomalies = new ArrayList<>();
        // One sacct call answers for every array of a round (--jobs=A,B,...), so each fold sees the others' rows:
        // they are counted, not listed one by one, or the anomalies of a round grow as arrays x rows (measured: 10
        // arrays of 10,000 tasks kept 2.7 million such lines, 263 MB, in a handler whose heap is ~300 MB).
        int otherJobRows = 0;
        String firstOtherJobRow = null;

        for (SacctRecord row : output.records()) {
            SacctJobId id = row.id();
            if (row.jobId() != arrayJobId) {
                if (otherJobRows++ == 0) {
                    firstOtherJobRow = id.raw();
                }
                continue;
            }
            OptionalInt task = id.taskIndex();
            boolean isExpectedTask = task.isPresent() && expected.contains(task.getAsInt());
            if (task.isPresent() && !isExpectedTask) {
                anomalies.add("row " + id.raw() + " is for index " + task.getAsInt()
                        + ", which was not submitted in this round: ignored");
                continue;
            }
            if (!row.isAllocation()) {
                if (isExpectedTask) {
                    foldStep(row, task.getAsInt(), batchRows, maxRss);
                }
                // Step rows of a pending range or of a plain row carry nothing a task needs.
                continue;
            }
            if (isExpectedTask) {
                SacctRecord earlier = taskRows.put(task.getAsInt(), row);
                if (earlier != null) {
                    // sacct prints one row per task unless --duplicates; a second one is an old record reusing the
                    // job id (ids restart when StateSaveLocation is wiped: query with -S) or a requeue.
                    anomalies.add("two rows for task " + id.raw() + " (" + earlier.stateText() + ", then "
                            + row.stateText() + "): the later one is used");
                }
            } else if (id.pendingTasks().isPresent()) {
                IndexSet range = id.pendingTasks().get().indices();
                range.stream().filter(expected::contains).forEach(i -> rangeRows.put(i, row));
                IndexSet outside = range.minus(expected);
                if (outside.size() > 0) {
                    anomalies.add("row " + id.raw() + " names " + outside.size()
                            + " indices not submitted in this round: those are ignored");
                }
            } else if (row.state() == JobState.CANCELLED) {
                wholeArrayRow = row;
            } else {
                anomalies.add("plain row " + id.raw() + " with state " + row.stateText() + " for array job "
                        + arrayJobId + " ignored: sacct is known to print such a row briefly after an array ends");
            }
        }
        if (otherJobRows > 0) {
            anomalies.add(otherJobRows + " row(s) not of job " + arrayJobId + " (the first: " + firstOtherJobRow
                    + "): ignored");
        }

        Map<Integer, TaskRecord> tasks = new HashMap<>(expected.size() * 2);
        for (int index : expected.toArray()) {
            SacctRecord taskRow = taskRows.get(index);
            SacctRecord rangeRow = rangeRows.get(index);
            TaskRecord.Source source;
            SacctRecord allocation;
            if (taskRow != null) {
                source = TaskRecord.Source.TASK_ROW;
                allocation = taskRow;
            } else if (rangeRow != null) {
                source = TaskRecord.Source.PENDING_RANGE;
                allocation = rangeRow;
            } else if (wholeArrayRow != null) {
                source = TaskRecord.Source.WHOLE_ARRAY;
                allocation = wholeArrayRow;
            } else {
                continue;
            }
            Long rss = maxRss.get(index);
            tasks.put(index, new TaskRecord(index, source, allocation, Optional.ofNullable(batchRows.get(index)),
                    rss == null ? OptionalLong.empty() : OptionalLong.of(rss)));
        }
        return new TaskAccounting(arrayJobId, expected, tasks, output.rejects(), anomalies);
    }

    private static void foldStep(SacctRecord step, int index, Map<Integer, SacctRecord> batchRows,
            Map<Integer, Long> maxRss) {
        if (step.step().equals("batch")) {
            batchRows.put(index, step);
        }
        if (step.maxRssBytes().isPresent()) {
            maxRss.merge(index, step.maxRssBytes().getAsLong(), Math::max);
        }
    }

    public Optional<TaskRecord> task(int index) {
        return Optional.ofNullable(tasks.get(index));
    }

    /** Expected indices sacct printed no row for (yet). */
    public IndexSet missing() {
        return IndexSet.of(expected.stream().filter(i -> !tasks.containsKey(i)).toArray());
    }

    /** Expected indices whose row is not terminal (pending, running, requeued, or a state this build does not know). */
    public IndexSet notTerminal() {
        return IndexSet.of(expected.stream().filter(i -> {
            TaskRecord task = tasks.get(i);
            return task != null && !task.isTerminal();
        }).toArray());
    }

    /** Expected indices without a terminal row: {@link #missing()} and {@link #notTerminal()} together. */
    public IndexSet unsettled() {
        return IndexSet.of(expected.stream().filter(i -> {
            TaskRecord task = tasks.get(i);
            return task == null || !task.isTerminal();
        }).toArray());
    }

    /** True when every expected index has a terminal row and every line parsed: only then may the caller decide. */
    public boolean isComplete() {
        boolean everyLineParsed = rejects.isEmpty();
        return everyLineParsed && unsettled().isEmpty();
    }
}
