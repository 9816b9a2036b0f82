package dev.memescalate.slurm;

import dev.memescalate.indexset.IndexSet;
import dev.memescalate.indexset.Renumbering;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;
import java.util.PrimitiveIterator;
import java.util.function.Supplier;

/**
 * What one sacct answer says about every expected task of a round (one or several array jobs), folded line by line
 * as sacct prints it ({@link Folder}) into a few primitive arrays: no object per row and none per task, so a
 * million-task round takes about 60 MB where the whole answer as text is 387 MB. Read it in index order with a
 * {@link Cursor}, or one task at a time with {@link #task}.
 *
 * <p>The same rules as {@link TaskAccounting}, which folds parsed {@link SacctRecord}s of one array:
 *
 * <ul>
 *   <li>a task's own row ({@code 134_3}) gives its state; else a pending range naming it ({@code 134_[6-11%4]},
 *       PENDING or CANCELLED before start); else a plain row of the whole array ({@code 148}) that says CANCELLED
 *       (an array cancelled before any task started). A plain row in any other state is a known, brief sacct lie
 *       ({@code 103|allocation|COMPLETED} right after an array ended, SLURM-LOCAL-CLUSTER.md): it is ignored and
 *       counted as an anomaly, and the tasks stay missing;
 *   <li>{@link #isComplete()} only when every expected index has a terminal row and no line was rejected: a line
 *       that could not be read may be the row that says a task failed. The caller asks sacct again until it is;
 *   <li>rows of indices not expected, and ranges naming such indices, are anomalies; rows of job ids that are not
 *       in the round are counted. Anomalies and rejected lines are counted, and only the first
 *       {@value #KEPT_EXAMPLES} are kept as examples, so nothing grows with the number of rows.
 * </ul>
 *
 * <p>Requeued runs (asked with {@code --duplicates}): a task that Slurm requeued (NODE_FAIL, then run again under
 * the same id) has one allocation row per run, in the order sacct prints them. The last is the task's state; each
 * earlier one is kept as an {@link EarlierRun}. Step rows belong to the run whose allocation row came last before
 * them (sacct prints a run's steps right after it), so {@code .batch} and MaxRSS are those of the current run. Without
 * {@code --duplicates} sacct prints one row per task and there are no earlier runs.
 *
 * <p>Values sacct left blank (or the format did not ask for) are {@link #NO_VALUE} (Elapsed, MaxRSS, AllocCPUS) and
 * {@link #NO_TIME} (Start, End). Immutable once built.
 */
public final class RoundAccounting {
    /** A count, size or duration sacct left blank or was not asked for. */
    public static final long NO_VALUE = SacctRowReader.NO_VALUE;
    /** A time sacct left blank, printed as {@code Unknown} or {@code None}, or was not asked for. */
    public static final long NO_TIME = SacctRowReader.NO_TIME;
    /** How many rejected lines and anomalies are kept as examples; beyond that they are only counted. */
    public static final int KEPT_EXAMPLES = 10;

    private final TaskSlots slots;
    private final TaskColumns columns;
    private final EarlierRuns earlierRuns;
    private final TextTable<JobState> states;
    private final TextTable<ExitCode> exitCodes;
    private final TextTable<String> nodeLists;
    private final int lines;
    private final int rejectCount;
    private final List<RejectedLine> rejects;
    private final long anomalyCount;
    private final List<String> anomalies;
    private final long otherJobRows;
    private final Optional<String> firstOtherJobRow;
    private final int unsettledCount;

    private RoundAccounting(Folder folder) {
        slots = folder.slots;
        columns = folder.columns;
        earlierRuns = folder.earlierRuns;
        states = folder.row.states;
        exitCodes = folder.row.exitCodes;
        nodeLists = folder.row.nodeLists;
        lines = folder.lines;
        rejectCount = folder.rejectCount;
        rejects = List.copyOf(folder.rejects);
        anomalyCount = folder.anomalyCount;
        anomalies = List.copyOf(folder.anomalies);
        otherJobRows = folder.otherJobRows;
        firstOtherJobRow = Optional.ofNullable(folder.firstOtherJobRow);
        int unsettled = 0;
        for (int slot = 0; slot < slots.taskCount(); slot++) {
            if (!isSettled(slot)) {
                unsettled++;
            }
        }
        unsettledCount = unsettled;
    }

    /**
     * Starts a fold of one sacct answer.
     *
     * @param expected the indices submitted of each array job of the round; the cursor visits the arrays in this
     *     map's order
     * @param format the columns and delimiter sacct was asked for (any format: only JobID, State and ExitCode must
     *     be there, the others are read when present)
     * @param zone the zone in which sacct prints Start and End (the cluster's local time)
     */
    public static Folder folder(Map<Long, IndexSet> expected, SacctFormat format, ZoneId zone) {
        return new Folder(expected, Map.of(), format, zone);
    }

    /**
     * Starts a fold of one sacct answer for a round some of whose arrays Slurm runs under other indices than the
     * tasks' own ({@code --array=0-(n-1)} and an index map): their rows are read back to the real indices as they
     * are folded, so the accounting, its cursor and everything after speak of real indices only.
     *
     * @param expected the real indices of each array job's tasks, in the cursor's order
     * @param renumbered for the arrays submitted under other indices, how those map to the real ones
     */
    public static Folder folder(Map<Long, IndexSet> expected, Map<Long, Renumbering> renumbered, SacctFormat format,
            ZoneId zone) {
        return new Folder(expected, renumbered, format, zone);
    }

    /** The expected indices of each array job, in the order given. */
    public Map<Long, IndexSet> expected() {
        Map<Long, IndexSet> expected = new LinkedHashMap<>();
        for (int a = 0; a < slots.arrays(); a++) {
            expected.put(slots.jobId(a), slots.expected(a));
        }
        return Collections.unmodifiableMap(expected);
    }

    /** The number of expected tasks over all arrays. */
    public int taskCount() {
        return slots.taskCount();
    }

    /** True when every expected index has a terminal row and every line was read: only then may the caller decide. */
    public boolean isComplete() {
        return rejectCount == 0 && unsettledCount == 0;
    }

    /** How many expected tasks have no terminal row (missing or not terminal), over all arrays. */
    public int unsettledCount() {
        return unsettledCount;
    }

    /** Expected indices of the array without a terminal row: {@link #missing} and {@link #notTerminal} together. */
    public IndexSet unsettled(long jobId) {
        return indices(arrayOf(jobId), slot -> !isSettled(slot));
    }

    /** Expected indices of the array that sacct printed no row for (yet). */
    public IndexSet missing(long jobId) {
        return indices(arrayOf(jobId), slot -> !columns.hasRow(slot));
    }

    /** Expected indices of the array whose row is not terminal (pending, running, requeued, a state not known). */
    public IndexSet notTerminal(long jobId) {
        return indices(arrayOf(jobId), slot -> columns.hasRow(slot) && !state(slot).isTerminal());
    }

    /** How many lines were given to the fold, blank ones included (line numbers of rejects count the same way). */
    public int lineCount() {
        return lines;
    }

    /** How many lines could not be read. */
    public int rejectCount() {
        return rejectCount;
    }

    /** The first {@value #KEPT_EXAMPLES} lines that could not be read, for messages. */
    public List<RejectedLine> rejects() {
        return rejects;
    }

    /** How many rows of the round's arrays were ignored: plain rows that lie, rows of indices not expected. */
    public long anomalyCount() {
        return anomalyCount;
    }

    /** The first {@value #KEPT_EXAMPLES} anomalies, each with the reason, for logs and reports. */
    public List<String> anomalies() {
        return anomalies;
    }

    /** How many rows were of job ids that are not arrays of this round (ignored). */
    public long otherJobRows() {
        return otherJobRows;
    }

    /** The JobID of the first such row. */
    public Optional<String> firstOtherJobRow() {
        return firstOtherJobRow;
    }

    /** How many earlier runs of requeued tasks there are, over all tasks. */
    public int earlierRunCount() {
        return earlierRuns.count();
    }

    /** A cursor over every expected task: array by array in the order given, by index within an array. */
    public Cursor cursor() {
        return new Cursor(0, slots.arrays());
    }

    /** A cursor over the expected tasks of one array, by index. */
    public Cursor cursor(long jobId) {
        int array = arrayOf(jobId);
        return new Cursor(array, array + 1);
    }

    /**
     * One task as a value, empty when sacct gave no allocation row for it; for tests and single look-ups (the
     * cursor reads a round without an object per task).
     *
     * @throws IllegalArgumentException when the task is not expected in this round
     */
    public Optional<Task> task(long jobId, int index) {
        int array = arrayOf(jobId);
        int run = slots.run(array, index, -1);
        if (run < 0) {
            throw new IllegalArgumentException("task " + jobId + "_" + index + " is not expected in this round");
        }
        int slot = slots.slot(array, run, index);
        return columns.hasRow(slot) ? Optional.of(task(jobId, index, slot)) : Optional.empty();
    }

    private int arrayOf(long jobId) {
        int array = slots.array(jobId);
        if (array < 0) {
            throw new IllegalArgumentException("job " + jobId + " is not an array of this round; its arrays are "
                    + expected().keySet());
        }
        return array;
    }

    private boolean isSettled(int slot) {
        return columns.hasRow(slot) && state(slot).isTerminal();
    }

    private JobState state(int slot) {
        return states.value(columns.state[slot]);
    }

    private interface SlotTest {
        boolean test(int slot);
    }

    private IndexSet indices(int array, SlotTest test) {
        IndexSet.Builder chosen = IndexSet.builder();
        for (int run = 0; run < slots.runCount(array); run++) {
            int slot = slots.runSlot(array, run);
            for (int index = slots.runStart(array, run); index <= slots.runEnd(array, run); index++, slot++) {
                if (test.test(slot)) {
                    chosen.add(index);
                }
            }
        }
        return chosen.build();
    }

    private Task task(long jobId, int index, int slot) {
        return new Task(jobId, index, TaskColumns.source(columns.source[slot]), state(slot),
                states.text(columns.state[slot]), exitCodes.value(columns.exitCode[slot]),
                optional(columns.elapsedSeconds[slot], NO_VALUE), optional(columns.maxRssBytes[slot], NO_VALUE),
                nodeList(columns.nodeList[slot]), optional(columns.startEpochSecond[slot], NO_TIME),
                optional(columns.endEpochSecond[slot], NO_TIME),
                columns.allocCpus[slot] < 0 ? OptionalInt.empty() : OptionalInt.of(columns.allocCpus[slot]),
                columns.batchState[slot] < 0 ? Optional.empty() : Optional.of(states.text(columns.batchState[slot])),
                columns.batchExitCode[slot] < 0 ? Optional.empty()
                        : Optional.of(exitCodes.value(columns.batchExitCode[slot])),
                earlierRuns(slot, earlierRuns.firstAtOrAfter(slot)));
    }

    private List<EarlierRun> earlierRuns(int slot, int first) {
        List<EarlierRun> runs = new ArrayList<>();
        for (int run = first; run < earlierRuns.count() && earlierRuns.slot(run) == slot; run++) {
            runs.add(new EarlierRun(states.value(earlierRuns.state(run)), states.text(earlierRuns.state(run)),
                    exitCodes.value(earlierRuns.exitCode(run)), optional(earlierRuns.elapsedSeconds(run), NO_VALUE),
                    nodeList(earlierRuns.nodeList(run)), optional(earlierRuns.startEpochSecond(run), NO_TIME),
                    optional(earlierRuns.endEpochSecond(run), NO_TIME)));
        }
        return List.copyOf(runs);
    }

    private String nodeList(int id) {
        return id < 0 ? "" : nodeLists.value(id);
    }

    private static OptionalLong optional(long value, long absent) {
        return value == absent ? OptionalLong.empty() : OptionalLong.of(value);
    }

    /**
     * Walks expected tasks in order, one at a time, with primitive getters: no object per task. Start with
     * {@link #next()}. Values of the allocation row ({@link #state()}, {@link #exitCode()}, ...) need
     * {@link #hasRow()}; step values ({@link #maxRssBytes()}, the batch step) may exist without it. Not
     * thread-safe; any number of cursors may walk one accounting.
     */
    public final class Cursor {
        private final int endArray;
        private int array;
        private int run = -1;
        private int index;
        private int slot = -1;
        /** The first earlier run of this slot or of a later one. */
        private int earlier;

        private Cursor(int firstArray, int endArray) {
            this.array = firstArray;
            this.endArray = endArray;
            this.earlier = firstArray < endArray ? earlierRuns.firstAtOrAfter(slots.firstSlot(firstArray)) : 0;
        }

        /** Moves to the next expected task; false when there is none left. */
        public boolean next() {
            while (array < endArray) {
                if (run >= 0 && index < slots.runEnd(array, run)) {
                    index++;
                    slot++;
                    return skipEarlierRuns();
                }
                if (run + 1 < slots.runCount(array)) {
                    run++;
                    index = slots.runStart(array, run);
                    slot = slots.runSlot(array, run);
                    return skipEarlierRuns();
                }
                array++;
                run = -1;
            }
            return false;
        }

        private boolean skipEarlierRuns() {
            while (earlier < earlierRuns.count() && earlierRuns.slot(earlier) < slot) {
                earlier++;
            }
            return true;
        }

        private int at() {
            if (run < 0) {
                throw new IllegalStateException("the cursor is not on a task: call next() first, and only while it"
                        + " returns true");
            }
            return slot;
        }

        private int withRow() {
            int at = at();
            if (!columns.hasRow(at)) {
                throw new IllegalStateException("task " + jobId() + "_" + index + " has no sacct row: check hasRow()");
            }
            return at;
        }

        public long jobId() {
            at();
            return slots.jobId(array);
        }

        public int index() {
            at();
            return index;
        }

        /** True when an allocation row (the task's own, a pending range or the whole array's) gave its state. */
        public boolean hasRow() {
            return columns.hasRow(at());
        }

        /** True when it has a row and the row's state is terminal: the task is settled. */
        public boolean isTerminal() {
            return isSettled(at());
        }

        public TaskRecord.Source source() {
            return TaskColumns.source(columns.source[withRow()]);
        }

        public JobState state() {
            return RoundAccounting.this.state(withRow());
        }

        /** State as printed, e.g. {@code CANCELLED by 0}. */
        public String stateText() {
            return states.text(columns.state[withRow()]);
        }

        /**
         * A number for the allocation row's State text and ExitCode together: the same for two tasks of this
         * accounting exactly when both are printed the same, so whatever is made of a state and an exit code (a
         * classification) is made once per distinct pair, not per task.
         */
        public long stateAndExitCode() {
            int at = withRow();
            return (long) columns.state[at] << 32 | columns.exitCode[at];
        }

        public ExitCode exitCode() {
            return exitCodes.value(columns.exitCode[withRow()]);
        }

        /** Elapsed in whole seconds, or {@link #NO_VALUE}. */
        public long elapsedSeconds() {
            return columns.elapsedSeconds[at()];
        }

        /** NodeList; empty when blank, {@code None assigned} or not asked for. */
        public String nodeList() {
            return RoundAccounting.this.nodeList(columns.nodeList[at()]);
        }

        /** Start in seconds since the epoch, or {@link #NO_TIME}. */
        public long startEpochSecond() {
            return columns.startEpochSecond[at()];
        }

        /** End in seconds since the epoch, or {@link #NO_TIME}. */
        public long endEpochSecond() {
            return columns.endEpochSecond[at()];
        }

        /** AllocCPUS, or {@link #NO_VALUE}. */
        public int allocCpus() {
            return columns.allocCpus[at()];
        }

        /**
         * The largest MaxRSS over the step rows of the task's current run, in bytes, or {@link #NO_VALUE}.
         * Meaningless for OOM-killed tasks (measured: tiny); never size a retry from it.
         */
        public long maxRssBytes() {
            return columns.maxRssBytes[at()];
        }

        /** True when sacct printed a {@code .batch} row for the task's current run. */
        public boolean hasBatchStep() {
            return columns.batchState[at()] >= 0;
        }

        /** The {@code .batch} row's state, e.g. OUT_OF_MEMORY under a COMPLETED allocation row. */
        public JobState batchState() {
            return states.value(batchStep());
        }

        public String batchStateText() {
            return states.text(batchStep());
        }

        /** The {@code .batch} row's exit code; empty when sacct printed none (a node failure ended the step). */
        public Optional<ExitCode> batchExitCode() {
            int at = at();
            batchStep();
            int id = columns.batchExitCode[at];
            return id < 0 ? Optional.empty() : Optional.of(exitCodes.value(id));
        }

        private int batchStep() {
            int at = at();
            if (columns.batchState[at] < 0) {
                throw new IllegalStateException("task " + jobId() + "_" + index + " has no .batch row: check"
                        + " hasBatchStep()");
            }
            return columns.batchState[at];
        }

        /** How many earlier runs sacct printed for the task (requeues, asked with {@code --duplicates}). */
        public int earlierRunCount() {
            int at = at();
            int count = 0;
            for (int run = earlier; run < earlierRuns.count() && earlierRuns.slot(run) == at; run++) {
                count++;
            }
            return count;
        }

        /** The earlier runs in the order sacct printed them; an empty list for a task that ran once. */
        public List<EarlierRun> earlierRuns() {
            int at = at();
            return earlierRunCount() == 0 ? List.of() : RoundAccounting.this.earlierRuns(at, earlier);
        }

        /** The task as a value (an object: for tests and single tasks, not for walking a round). */
        public Task task() {
            return RoundAccounting.this.task(slots.jobId(array), index, withRow());
        }
    }

    /**
     * One task as a value.
     *
     * @param source which kind of row gave the state
     * @param stateText State as printed, e.g. {@code CANCELLED by 0}
     * @param maxRssBytes the largest MaxRSS over the step rows of the current run
     * @param nodeList empty when blank, {@code None assigned} or not asked for
     * @param batchStateText and {@code batchExitCode}: the {@code .batch} row of the current run
     * @param earlierRuns earlier runs of a requeued task, in the order sacct printed them
     */
    public record Task(long jobId, int index, TaskRecord.Source source, JobState state, String stateText,
            ExitCode exitCode, OptionalLong elapsedSeconds, OptionalLong maxRssBytes, String nodeList,
            OptionalLong startEpochSecond, OptionalLong endEpochSecond, OptionalInt allocCpus,
            Optional<String> batchStateText, Optional<ExitCode> batchExitCode, List<EarlierRun> earlierRuns) {

        public Task {
            earlierRuns = List.copyOf(earlierRuns);
        }

        public boolean isTerminal() {
            return state.isTerminal();
        }

        public Optional<JobState> batchState() {
            return batchStateText.map(JobState::parse);
        }
    }

    /** An earlier run of a requeued task (e.g. {@code NODE_FAIL}), from its own allocation row. */
    public record EarlierRun(JobState state, String stateText, ExitCode exitCode, OptionalLong elapsedSeconds,
            String nodeList, OptionalLong startEpochSecond, OptionalLong endEpochSecond) {}

    /**
     * Folds one sacct answer, line by line, as it arrives ({@link Slurm#accounting(List, LineSink)}); then
     * {@link #finish()}. Holds one line at a time, never the answer. Not thread-safe; one folder folds one answer.
     * After a failed sacct call the folder may hold part of an answer: drop it and fold the next answer with a new
     * one.
     */
    public static final class Folder implements LineSink {
        private final TaskSlots slots;
        private final SacctRowReader row;
        /** One slot per expected task, then one per array for its whole-array row. */
        private final TaskColumns columns;
        private final EarlierRuns earlierRuns = new EarlierRuns();
        private final List<RejectedLine> rejects = new ArrayList<>();
        private final List<String> anomalies = new ArrayList<>();
        private int lines;
        private int rejectCount;
        private long anomalyCount;
        private long otherJobRows;
        private String firstOtherJobRow;
        private boolean finished;
        // The array of the last row and the run of its last task row: the rows of one task, and tasks in index
        // order, mostly come together.
        private long lastJobId;
        private int lastArray = -1;
        private int lastRun = -1;
        /** Per array (by position), how Slurm's indices map to the real ones; null where they are the same. */
        private final Renumbering[] renumberings;

        private Folder(Map<Long, IndexSet> expected, Map<Long, Renumbering> renumbered, SacctFormat format,
                ZoneId zone) {
            Objects.requireNonNull(expected, "expected");
            Objects.requireNonNull(renumbered, "renumbered");
            Objects.requireNonNull(format, "format");
            Objects.requireNonNull(zone, "zone");
            slots = new TaskSlots(expected);
            row = new SacctRowReader(format, zone);
            columns = new TaskColumns(slots.taskCount() + slots.arrays());
            renumberings = new Renumbering[slots.arrays()];
            renumbered.forEach((jobId, renumbering) -> {
                int array = slots.array(jobId);
                if (array < 0) {
                    throw new IllegalArgumentException("renumbered job " + jobId + " is not an expected array");
                }
                if (!renumbering.tasks().equals(slots.expected(array))) {
                    throw new IllegalArgumentException("the renumbering of job " + jobId + " is not of its "
                            + "expected tasks");
                }
                renumberings[array] = renumbering.isIdentity() ? null : renumbering;
            });
        }

        /** sacct's one-byte delimiter ({@code |}), for the reader of its output to find beside the line ends. */
        @Override
        public int fieldDelimiter() {
            return row.fieldDelimiter;
        }

        /** Folds one line of sacct's answer (blank lines are skipped, but counted for line numbers). */
        @Override
        public void accept(Line line) {
            if (finished) {
                throw new IllegalStateException("this folder has finished its answer: fold another with a new folder");
            }
            lines++;
            boolean isRow;
            try {
                isRow = row.read(line);
            } catch (IllegalArgumentException unreadable) {
                if (rejectCount++ < KEPT_EXAMPLES) {
                    rejects.add(new RejectedLine(lines, row.lineText(), unreadable.getMessage()));
                }
                return;
            }
            if (isRow) {
                fold();
            }
        }

        /** The accounting of the answer given so far; the folder takes no more lines. */
        public RoundAccounting finish() {
            if (finished) {
                throw new IllegalStateException("this folder has already finished");
            }
            finished = true;
            for (int array = 0; array < slots.arrays(); array++) {
                int wholeArrayRow = slots.taskCount() + array;
                if (!columns.hasRow(wholeArrayRow)) {
                    continue;
                }
                for (int slot = slots.firstSlot(array); slot < slots.endSlot(array); slot++) {
                    if (!columns.hasRow(slot)) {
                        columns.copyAllocation(wholeArrayRow, slot);
                    }
                }
            }
            earlierRuns.sortBySlot();
            return new RoundAccounting(this);
        }

        private void fold() {
            int array = array(row.jobId);
            if (array < 0) {
                // One sacct call may answer for more than this round (a job id typed twice, another user's query):
                // counted, not listed, so nothing grows with the rows.
                if (otherJobRows++ == 0) {
                    firstOtherJobRow = row.jobIdText();
                }
            } else if (row.taskIndex >= 0) {
                foldTaskRow(array);
            } else if (row.isStep) {
                return; // Step rows of a pending range or of a plain row carry nothing a task needs.
            } else if (row.pendingTasks != null) {
                foldPendingRange(array);
            } else if (states().value(row.state) == JobState.CANCELLED) {
                columns.setAllocation(slots.taskCount() + array, row, TaskRecord.Source.WHOLE_ARRAY);
            } else {
                anomaly(() -> "plain row " + row.jobIdText() + " with state " + states().text(row.state)
                        + " for array job " + row.jobId + " ignored: sacct is known to print such a row briefly"
                        + " after an array ends");
            }
        }

        private void foldTaskRow(int array) {
            Renumbering renumbering = renumberings[array];
            int index = renumbering == null ? row.taskIndex : renumbering.task(row.taskIndex);
            int run = index < 0 ? -1 : slots.run(array, index, lastRun);
            if (run < 0) {
                anomaly(() -> "row " + row.jobIdText() + " is for index " + row.taskIndex
                        + ", which was not submitted in this round: ignored");
                return;
            }
            lastRun = run;
            int slot = slots.slot(array, run, index);
            if (row.isStep) {
                columns.addStep(slot, row);
                return;
            }
            if (columns.isTaskRow(slot)) {
                // A second allocation row of the task: with --duplicates, an earlier run of a requeued task
                // (NODE_FAIL, then run again under the same id); the later row is the current run.
                earlierRuns.add(slot, columns);
                columns.clearSteps(slot);
            }
            columns.setAllocation(slot, row, TaskRecord.Source.TASK_ROW);
        }

        private void foldPendingRange(int array) {
            IndexSet range = row.pendingTasks.indices();
            Renumbering renumbering = renumberings[array];
            IndexSet inRound = renumbering == null ? range.intersect(slots.expected(array))
                    : renumbering.tasks(range);
            int hint = -1;
            for (PrimitiveIterator.OfInt it = inRound.iterator(); it.hasNext(); ) {
                int index = it.nextInt();
                hint = slots.run(array, index, hint);
                int slot = slots.slot(array, hint, index);
                if (!columns.isTaskRow(slot)) {
                    columns.setAllocation(slot, row, TaskRecord.Source.PENDING_RANGE);
                }
            }
            int outside = range.size() - inRound.size();
            if (outside > 0) {
                anomaly(() -> "row " + row.jobIdText() + " names " + outside
                        + " indices not submitted in this round: those are ignored");
            }
        }

        private int array(long jobId) {
            if (lastArray >= 0 && jobId == lastJobId) {
                return lastArray;
            }
            int array = slots.array(jobId);
            if (array >= 0) {
                lastArray = array;
                lastJobId = jobId;
                lastRun = -1;
            }
            return array;
        }

        private TextTable<JobState> states() {
            return row.states;
        }

        /** Counts an anomaly; the message is only made for the ones kept. */
        private void anomaly(Supplier<String> message) {
            if (anomalyCount++ < KEPT_EXAMPLES) {
                anomalies.add(message.get());
            }
        }
    }
}
