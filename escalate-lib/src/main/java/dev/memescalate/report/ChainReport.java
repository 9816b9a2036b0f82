package dev.memescalate.report;

import dev.memescalate.ladder.Ladder;
import dev.memescalate.ladder.Level;
import dev.memescalate.ladder.LevelPair;
import dev.memescalate.store.ChainRecord;
import dev.memescalate.store.RoundRecord;
import java.time.Duration;
import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.TreeMap;

/**
 * The numbers of {@code generate-report} for one chain: one model that the markdown, JSON (and HTML) renderers
 * write. Aggregates only: a chain of 100,000 tasks gives a model of a few kilobytes, with the rows it lists capped and
 * the rest counted.
 *
 * @param summary the chain in one line (from the store alone: a report does not ask Slurm)
 * @param wallTime from submission to the end, or to now for a chain still running
 * @param rounds one per round
 * @param failed the tasks that did not complete
 * @param cost what the chain reserved, and what escalation cost
 * @param levels per level of the ladder: tasks that entered it, succeeded there, escalated from it, failed there,
 *     and how much of their memory and time its attempts used
 * @param flags things that deserve a look
 * @param recommendations what the data says the ladder could ask instead ({@link Recommendations})
 * @param learnedStart what the learned start level did, for a chain submitted with {@code --start-level=auto}
 */
public record ChainReport(
        ChainSummary summary,
        Ladder ladder,
        Optional<String> configFile,
        Optional<Duration> wallTime,
        List<RoundReport> rounds,
        FailedTasks failed,
        Cost cost,
        List<LevelReport> levels,
        List<Flag> flags,
        boolean detailed,
        List<Recommendation> recommendations,
        Optional<LearnedStart> learnedStart) {

    public ChainReport {
        java.util.Objects.requireNonNull(learnedStart, "learnedStart");
        rounds = List.copyOf(rounds);
        levels = List.copyOf(levels);
        flags = List.copyOf(flags);
        recommendations = List.copyOf(recommendations);
    }

    public ChainRecord chain() {
        return summary.chain();
    }

    /**
     * Whether {@link #levels()} are memory levels, each of whose attempts ran under several time limits: with
     * separate ladders, and in a by_reason chain, where a task's time level moves apart from its memory level. Then
     * a level row has no one time limit to show, or to advise a shorter one for.
     */
    public boolean memoryLevels() {
        return memoryLevels(ladder, rounds.stream().map(RoundReport::round).toList());
    }

    /** {@link #memoryLevels()} of a chain with this ladder and these rounds. */
    public static boolean memoryLevels(Ladder ladder, List<RoundRecord> rounds) {
        return ladder.isSeparate() || rounds.stream().anyMatch(RoundRecord::byReason);
    }

    /**
     * What starting each task where it last completed ({@code --start-level=auto}) did, against starting every task
     * at level 0.
     *
     * @param tasksByLevel how many tasks started at each level
     * @param learnedTasks how many of them started above level 0 because an earlier chain completed them there
     * @param savedGbHours the GB-h those tasks spent below their start level in the chains they were learned from:
     *     what starting at level 0 would have cost them again, as measured then
     * @param savedRounds the escalation rounds the highest learned start skipped (a task that needs level L goes
     *     through L rounds below it when it starts at 0)
     * @param sourceChains the earlier chains learned from
     */
    public record LearnedStart(Map<Integer, Integer> tasksByLevel, int learnedTasks, double savedGbHours,
            int savedRounds, List<String> sourceChains) {
        public LearnedStart {
            tasksByLevel = Collections.unmodifiableMap(new TreeMap<>(tasksByLevel));
            sourceChains = List.copyOf(sourceChains);
        }
    }

    /**
     * One round.
     *
     * @param completed attempts of the round that completed
     * @param outOfMemory attempts that ended OUT_OF_MEMORY
     * @param timeout attempts that ended TIMEOUT
     * @param failed attempts that ended otherwise (FAILED, CANCELLED, NODE_FAIL, ... or no accounting record)
     * @param detail the {@code --detailed} figures, when asked for
     * @param timing when its steps happened: queued, running, waiting for its handler
     */
    public record RoundReport(RoundRecord round, Level resources, List<String> jobIds, List<String> handlerIds,
            int tasks, int completed, int outOfMemory, int timeout, int failed, Optional<RoundDetail> detail,
            Timing timing) {
        public RoundReport {
            jobIds = List.copyOf(jobIds);
            handlerIds = List.copyOf(handlerIds);
        }
    }

    /**
     * When a round's steps happened, from the store alone: the round's own timestamps (created, submitted, decided by
     * its handler, closed) and the start and end of its attempts as sacct reported them.
     *
     * @param firstStart when its first task started
     * @param lastEnd when its last task ended
     * @param jobs each array job of the round, in the order its attempts name them
     * @param latency the escalation latency: from the last task of the round that planned this one ended to this
     *     round's first task started (empty for round 1, or while either is unknown)
     */
    public record Timing(Instant created, Optional<Instant> submitted, Optional<Instant> firstStart,
            Optional<Instant> lastEnd, Optional<Instant> decided, Optional<Instant> closed, List<JobSpan> jobs,
            Optional<Duration> latency) {
        public Timing {
            jobs = List.copyOf(jobs);
        }

        /** From sbatch to its first task's start: time in the queue. */
        public Optional<Duration> queued() {
            return between(submitted, firstStart);
        }

        /** From its first task's start to its last task's end. */
        public Optional<Duration> running() {
            return between(firstStart, lastEnd);
        }

        /** From its last task's end to its handler's decision: the handler's own wait, start and sacct. */
        public Optional<Duration> handlerGap() {
            return between(lastEnd, decided);
        }

        /**
         * From one to the other, to the second: sacct's times are whole seconds, the store's own are finer, so a task
         * that started in the second its round was submitted was queued 0 s, not a negative time.
         */
        static Optional<Duration> between(Optional<Instant> from, Optional<Instant> to) {
            if (from.isEmpty() || to.isEmpty()) {
                return Optional.empty();
            }
            Instant a = from.get().truncatedTo(java.time.temporal.ChronoUnit.SECONDS);
            Instant b = to.get().truncatedTo(java.time.temporal.ChronoUnit.SECONDS);
            return b.isBefore(a) ? Optional.empty() : Optional.of(Duration.between(a, b));
        }
    }

    /**
     * One array job of a round.
     *
     * @param submitted when sbatch accepted it
     * @param attempts how many of its tasks' attempts the store recorded
     */
    public record JobSpan(String jobId, Optional<Instant> submitted, Optional<Instant> firstStart,
            Optional<Instant> lastEnd, int attempts) {
        public Optional<Duration> queued() {
            return Timing.between(submitted, firstStart);
        }

        public Optional<Duration> running() {
            return Timing.between(firstStart, lastEnd);
        }
    }

    /**
     * The {@code --detailed} figures of a round.
     *
     * @param states how many attempts ended in each state
     * @param elapsedSeconds run time of its attempts that ran
     * @param maxRssPercent MaxRSS as a percent of the requested memory, of attempts that reported one
     * @param maxRssBytes MaxRSS in bytes, of the same attempts
     * @param underHalf attempts whose MaxRSS was under half the requested memory
     * @param topNodes the ten nodes that ran most of its attempts, with their counts
     */
    public record RoundDetail(Map<String, Integer> states, Stats elapsedSeconds, Stats maxRssPercent,
            Stats maxRssBytes, int underHalf, List<Map.Entry<String, Integer>> topNodes) {
        public RoundDetail {
            states = Collections.unmodifiableMap(new TreeMap<>(states));
            topNodes = List.copyOf(topNodes);
        }
    }

    /** The map in a stable order for rendering: largest count first, then by name. */
    static Map<String, Integer> byCountThenName(Map<String, Integer> counts) {
        Map<String, Integer> ordered = new LinkedHashMap<>();
        counts.entrySet().stream()
                .sorted(Map.Entry.<String, Integer>comparingByValue().reversed()
                        .thenComparing(Map.Entry.comparingByKey()))
                .forEach(e -> ordered.put(e.getKey(), e.getValue()));
        return Collections.unmodifiableMap(ordered);
    }

    /** Min, median and max of some values; {@code count} 0 when there were none. */
    public record Stats(int count, double min, double median, double max) {
        public static final Stats NONE = new Stats(0, 0, 0, 0);
    }

    /**
     * The tasks that did not complete.
     *
     * @param byReason how many for each kind of reason (code error, exhausted at the highest level, ...)
     * @param rows the first {@code MAX_ROWS}, by task index
     * @param total how many there are in all (the rows left out: {@code total - rows.size()})
     */
    public record FailedTasks(Map<String, Integer> byReason, List<FailedRow> rows, int total) {
        public FailedTasks {
            byReason = byCountThenName(byReason);
            rows = List.copyOf(rows);
        }

        public int leftOut() {
            return total - rows.size();
        }
    }

    /**
     * One failed task as the report's table shows it: its last attempt, and its outcome's reason.
     *
     * @param level the level its outcome came at; in a by_reason chain the memory level
     * @param timeLevel in a by_reason chain, the time level its outcome came at
     */
    public record FailedRow(int task, String outcome, String state, String exitCode, String node,
            Optional<Duration> elapsed, int level, OptionalInt timeLevel, String reason) {

        /** {@code 2}, or {@code mem 1 / time 2} in a by_reason chain. */
        public String levelLabel() {
            return timeLevel.isPresent() ? new LevelPair(level, timeLevel.getAsInt()).label() : Integer.toString(level);
        }
    }

    /**
     * What the chain reserved (requested memory or CPUs x elapsed), split by whether the attempt succeeded, and what
     * other starts would have reserved.
     *
     * @param cpusAssumed attempts whose CPUs sacct did not report, counted as one CPU
     * @param firstSucceededAt how many tasks completed at each level
     * @param topLevel the highest level the chain was allowed
     * @param allAtTopGbHours had every task run at the top level from the start (its last attempt's run time)
     * @param startAtFinalLevelSavesGbHours the GB-h of attempts below the level where each completed task finally
     *     succeeded: what starting each task there would have saved
     * @param requeued the runs Slurm ended and ran again by itself, which no attempt counts
     */
    public record Cost(double coreHoursSucceeded, double coreHoursFailed, double gbHoursSucceeded,
            double gbHoursFailed, int cpusAssumed, Map<Integer, Integer> firstSucceededAt, int topLevel,
            double allAtTopGbHours, double startAtFinalLevelSavesGbHours, Requeued requeued) {
        public Cost {
            firstSucceededAt = Collections.unmodifiableMap(new TreeMap<>(firstSucceededAt));
        }

        /** Everything the chain reserved: its attempts, and the runs Slurm requeued. */
        public double gbHours() {
            return gbHoursSucceeded + gbHoursFailed + requeued.gbHours();
        }

        public double coreHours() {
            return coreHoursSucceeded + coreHoursFailed + requeued.coreHours();
        }
    }

    /**
     * The runs that Slurm ended and ran again under the same job id by itself (a node failed under them, or they were
     * preempted, with requeueing on): not attempts of the chain, which records them apart ({@code sacct
     * --duplicates}), but reserved resources all the same.
     *
     * @param runs how many such runs
     * @param tasks how many attempts had one or more of them
     * @param byState how many runs ended in each state (NODE_FAIL, PREEMPTED, ...)
     * @param coreHours CPUs x run time of those runs (one CPU each: sacct's CPU count is the last run's)
     * @param gbHours the level's memory x run time of those runs
     */
    public record Requeued(int runs, int tasks, Map<String, Integer> byState, double coreHours, double gbHours) {
        public static final Requeued NONE = new Requeued(0, 0, Map.of(), 0, 0);

        public Requeued {
            byState = byCountThenName(byState);
        }
    }

    /**
     * One level of the ladder: the funnel.
     *
     * @param entered tasks that ran at least once at this level
     * @param succeeded tasks that completed at this level
     * @param escalated tasks that left this level for a higher one
     * @param failed tasks whose final outcome (failed, exhausted, cancelled) came at this level
     * @param inProgress tasks sent to this level (round 1, or escalated) whose round its handler has not decided
     *     yet: a round's attempts are recorded only then, so they are not among {@code entered}
     * @param usage how much of the level's memory and time its attempts used
     */
    public record LevelReport(Level level, int entered, int succeeded, int escalated, int failed, int inProgress,
            Usage usage) {
    }

    /**
     * What the attempts at one level used of what they asked for.
     *
     * @param maxRss MaxRSS as a percent of the level's memory
     * @param elapsed run time as a percent of the level's time limit
     * @param gbHours the level's memory x run time of every attempt at the level
     * @param escalatedGbHours the same, of the attempts that escalated from it
     */
    public record Usage(Histogram maxRss, Histogram elapsed, double gbHours, double escalatedGbHours) {
        public static final Usage NONE = new Usage(Histogram.EMPTY, Histogram.EMPTY, 0, 0);
    }

    /**
     * Something the data says the ladder could ask instead.
     *
     * @param kind a stable name for scripts ({@code lower_memory}, {@code start_higher}, {@code shorter_time})
     * @param level the level it concerns
     * @param text the advice in one sentence
     * @param savesGbHours what it would have saved on this chain, as far as the data tells (0 when it does not)
     */
    public record Recommendation(String kind, int level, String text, double savesGbHours) {
    }

    /**
     * Something that deserves a look.
     *
     * @param tasks the first few tasks it concerns
     * @param count how many tasks it concerns
     */
    public record Flag(String what, List<Integer> tasks, int count) {
        public Flag {
            tasks = List.copyOf(tasks);
        }
    }
}
