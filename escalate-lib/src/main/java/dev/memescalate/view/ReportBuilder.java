package dev.memescalate.view;

import dev.memescalate.engine.ChainConfig;
import dev.memescalate.ladder.Ladder;
import dev.memescalate.ladder.Level;
import dev.memescalate.ladder.MemorySize;
import dev.memescalate.ladder.TimeLimit;
import dev.memescalate.policy.Outcome;
import dev.memescalate.report.ChainReport;
import dev.memescalate.report.ChainSummary;
import dev.memescalate.report.Histogram;
import dev.memescalate.report.Recommendations;
import dev.memescalate.report.RoundLevels;
import dev.memescalate.store.AttemptRecord;
import dev.memescalate.store.AttemptRunRecord;
import dev.memescalate.store.ChainRecord;
import dev.memescalate.store.FinalOutcome;
import dev.memescalate.store.JobRecord;
import dev.memescalate.store.JobRole;
import dev.memescalate.store.RoundKind;
import dev.memescalate.store.RoundRecord;
import dev.memescalate.store.RoundStatus;
import dev.memescalate.store.StoreTransaction;
import dev.memescalate.store.TaskHistory;
import dev.memescalate.store.TaskOutcomeRecord;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.TreeMap;

/**
 * Builds the {@link ChainReport} of one chain from the store in one pass over its tasks (each with its attempts):
 * per-round accumulators of primitive values (counts, the first start and last end of each array job), per-level
 * fixed-bucket histograms of MaxRSS and run time, a few counters, and the first rows of what the report lists.
 * Nothing proportional to the chain is kept but the run times and MaxRSS values of {@code --detailed} (8 bytes an
 * attempt).
 */
public final class ReportBuilder {
    /** Rows of the failed-task table; the rest are counted. */
    public static final int MAX_FAILED_ROWS = 20;
    /** Rows of the HTML report's failed-task table, which a reader can search; the rest are counted. */
    public static final int MAX_FAILED_ROWS_HTML = 1000;
    /** Tasks named per flag; the rest are counted. */
    public static final int MAX_FLAG_TASKS = 20;
    /** Nodes listed per round with --detailed. */
    public static final int TOP_NODES = 10;

    private static final double MB_PER_GB = 1024.0;
    private static final double SECONDS_PER_HOUR = 3600.0;

    private ReportBuilder() {
    }

    /** Reads chain {@code chainId} in {@code tx} (one read transaction) and builds its report. */
    public static Optional<ChainReport> build(StoreTransaction tx, String chainId, boolean detailed, Instant now) {
        return build(tx, chainId, detailed, now, MAX_FAILED_ROWS);
    }

    /** {@link #build(StoreTransaction, String, boolean, Instant)} listing up to {@code maxFailedRows} failed tasks. */
    public static Optional<ChainReport> build(StoreTransaction tx, String chainId, boolean detailed, Instant now,
            int maxFailedRows) {
        if (maxFailedRows < 0) {
            throw new IllegalArgumentException("maxFailedRows must be >= 0, got " + maxFailedRows);
        }
        Optional<ChainRecord> found = tx.chains().find(chainId);
        if (found.isEmpty()) {
            return Optional.empty();
        }
        ChainRecord chain = found.get();
        Ladder ladder = ChainConfig.of(chain).ladder();
        List<RoundRecord> rounds = tx.rounds().forChain(chainId);
        List<JobRecord> jobs = tx.jobs().forChain(chainId);
        Pass pass = new Pass(chain, ladder, rounds, detailed, maxFailedRows);
        tx.attempts().forEachTask(chainId, false, pass::accept);
        tx.attempts().forEachRun(chainId, pass::requeued);
        Map<FinalOutcome, Integer> counts = tx.outcomes().counts(chainId);
        int level = rounds.stream().filter(r -> r.status().isActive()).mapToInt(r -> r.levels().higher()).max()
                .orElse(rounds.isEmpty() ? chain.startLevel() : rounds.get(rounds.size() - 1).levels().higher());
        ChainSummary summary = ChainSummary.of(chain, Optional.empty(), chain.indices().size(), counts, 0, level);
        Optional<Duration> wall = Optional.of(Duration.between(chain.createdAt(), chain.endedAt().orElse(now)));
        ChainReport.Cost cost = pass.cost();
        List<ChainReport.LevelReport> levels = pass.levels();
        return Optional.of(new ChainReport(summary, ladder, chain.configSourcePath().map(Object::toString), wall,
                pass.rounds(jobs), pass.failed(), cost, levels, pass.flags(), detailed,
                recommendations(ChainReport.memoryLevels(ladder, rounds), levels, chain.startLevel(), cost),
                LearnedStartSavings.of(tx, chainId)));
    }

    /**
     * The advice on the levels. When a row is a memory level whose attempts ran under several time limits (separate
     * ladders, by_reason), there is no one limit to propose a shorter one for: no {@code shorter_time} advice then.
     */
    private static List<ChainReport.Recommendation> recommendations(boolean memoryLevels,
            List<ChainReport.LevelReport> levels, int startLevel, ChainReport.Cost cost) {
        return Recommendations.of(levels, startLevel, cost.topLevel(), cost.gbHours()).stream()
                .filter(r -> !memoryLevels || !r.kind().equals("shorter_time"))
                .toList();
    }

    /** The one pass over a chain's tasks. */
    private static final class Pass {
        private final ChainRecord chain;
        private final Ladder ladder;
        private final List<RoundRecord> rounds;
        private final RoundLevels roundTimeLevels;
        private final boolean detailed;
        private final int maxFailedRows;
        private final int topLevel;
        private final Map<Integer, RoundAccumulator> byRound = new HashMap<>();

        private double coreHoursSucceeded;
        private double coreHoursFailed;
        private double gbHoursSucceeded;
        private double gbHoursFailed;
        private int cpusAssumed;
        private double allAtTopGbHours;
        private double savedByStartingAtFinalLevel;
        private final Map<Integer, Integer> firstSucceededAt = new TreeMap<>();
        private final int[] entered;
        private final int[] escalatedFrom;
        private final int[] finalFailureAt;
        private final Histogram.Counter[] maxRssAt;
        private final Histogram.Counter[] elapsedAt;
        private final double[] gbHoursAt;
        private final double[] escalatedGbHoursAt;

        private int requeuedRuns;
        private int requeuedAttempts;
        private long lastRequeuedAttempt = Long.MIN_VALUE;
        private final Map<String, Integer> requeuedByState = new TreeMap<>();
        private double requeuedCoreHours;
        private double requeuedGbHours;

        private final Map<String, Integer> failedByReason = new LinkedHashMap<>();
        private final List<ChainReport.FailedRow> failedRows = new ArrayList<>();
        private int failedTotal;

        private final FlagAccumulator completedButOom = new FlagAccumulator(
                "completed although the .batch step says OUT_OF_MEMORY or exit 0:125 (part of its work may have been"
                        + " killed: check its output)");
        private final FlagAccumulator killedBySignal9 = new FlagAccumulator(
                "killed by signal 9 without an OUT_OF_MEMORY state (on a cluster without cgroup memory limits an"
                        + " over-memory task looks like this: consider exit_codes: {\"0:9\": escalate})");
        private final FlagAccumulator timedOutEverywhere = new FlagAccumulator(
                "timed out at every level it ran at, up to the highest allowed (more time may not help: check for a"
                        + " hang)");

        Pass(ChainRecord chain, Ladder ladder, List<RoundRecord> rounds, boolean detailed, int maxFailedRows) {
            this.chain = chain;
            this.ladder = ladder;
            this.rounds = rounds;
            this.roundTimeLevels = RoundLevels.of(rounds);
            this.detailed = detailed;
            this.maxFailedRows = maxFailedRows;
            this.topLevel = Math.min(ladder.topLevel(), chain.maxLevel());
            this.entered = new int[ladder.size()];
            this.escalatedFrom = new int[ladder.size()];
            this.finalFailureAt = new int[ladder.size()];
            this.maxRssAt = new Histogram.Counter[ladder.size()];
            this.elapsedAt = new Histogram.Counter[ladder.size()];
            for (int level = 0; level < ladder.size(); level++) {
                maxRssAt[level] = new Histogram.Counter();
                elapsedAt[level] = new Histogram.Counter();
            }
            this.gbHoursAt = new double[ladder.size()];
            this.escalatedGbHoursAt = new double[ladder.size()];
            for (RoundRecord r : rounds) {
                byRound.put(r.number(), new RoundAccumulator(ladder.at(r.levels()), detailed));
            }
        }

        void accept(TaskHistory task) {
            List<AttemptRecord> attempts = task.attempts();
            boolean[] ranAt = new boolean[ladder.size()];
            for (AttemptRecord a : attempts) {
                ranAt[a.level()] = true;
                if (a.outcome() == Outcome.ESCALATE) {
                    escalatedFrom[a.level()]++;
                }
                RoundAccumulator round = byRound.get(a.round());
                if (round != null) {
                    round.add(a);
                }
                costOf(a);
                usageOf(a);
                if (a.state().equals("COMPLETED") && (a.batchState().map(s -> s.startsWith("OUT_OF_MEMORY"))
                        .orElse(false) || a.batchExitCode().map("0:125"::equals).orElse(false))) {
                    completedButOom.add(task.index());
                }
                if (a.signal() == 9 && !a.state().equals("OUT_OF_MEMORY")) {
                    killedBySignal9.add(task.index());
                }
            }
            for (int level = 0; level < ranAt.length; level++) {
                entered[level] += ranAt[level] ? 1 : 0;
            }
            if (!attempts.isEmpty()) {
                AttemptRecord last = attempts.get(attempts.size() - 1);
                allAtTopGbHours += gb(ladder.memory(Math.min(topLevel, ladder.memoryTop()))) * hours(last);
            }
            task.outcome().ifPresent(o -> outcome(task, o));
        }

        private void outcome(TaskHistory task, TaskOutcomeRecord o) {
            List<AttemptRecord> attempts = task.attempts();
            if (o.outcome() == FinalOutcome.COMPLETED) {
                firstSucceededAt.merge(o.level(), 1, Integer::sum);
                for (AttemptRecord a : attempts) {
                    if (a.level() < o.level()) {
                        savedByStartingAtFinalLevel += gb(ladder.memory(a.level())) * hours(a);
                    }
                }
                return;
            }
            finalFailureAt[Math.min(o.level(), finalFailureAt.length - 1)]++;
            failedTotal++;
            Optional<AttemptRecord> last = attempts.stream().filter(a -> a.round() == o.round()).findFirst()
                    .or(() -> attempts.isEmpty() ? Optional.empty() : Optional.of(attempts.get(attempts.size() - 1)));
            failedByReason.merge(reasonKind(o, last), 1, Integer::sum);
            if (failedRows.size() < maxFailedRows) {
                failedRows.add(new ChainReport.FailedRow(task.index(), o.outcome().name(),
                        last.map(AttemptRecord::rawState).orElse("-"),
                        last.map(a -> a.exitCode() + ":" + a.signal()).orElse("-"),
                        last.flatMap(AttemptRecord::node).orElse("-"),
                        last.flatMap(a -> a.elapsedSeconds().isPresent()
                                ? Optional.of(Duration.ofSeconds(a.elapsedSeconds().getAsLong()))
                                : Optional.empty()),
                        o.level(), roundTimeLevels.timeLevel(o.round()).map(OptionalInt::of)
                                .orElse(OptionalInt.empty()), o.reason()));
            }
            boolean everyAttemptTimedOut = !attempts.isEmpty()
                    && attempts.stream().allMatch(a -> a.state().equals("TIMEOUT"));
            if (o.outcome() == FinalOutcome.EXHAUSTED && everyAttemptTimedOut) {
                timedOutEverywhere.add(task.index());
            }
        }

        /** The kind of reason a task did not complete, for the report's breakdown. */
        private static String reasonKind(TaskOutcomeRecord o, Optional<AttemptRecord> last) {
            if (o.outcome() == FinalOutcome.EXHAUSTED) {
                return "exhausted at the highest level";
            }
            if (o.outcome() == FinalOutcome.CANCELLED) {
                return "cancelled with the chain";
            }
            if (last.isEmpty() || last.get().round() != o.round()) {
                return "refused by sbatch";
            }
            AttemptRecord a = last.get();
            if (a.state().equals("CANCELLED")) {
                return "cancelled";
            }
            return switch (a.outcome()) {
                case RETRY_SAME_LEVEL -> "same-level retries used up";
                case NOT_FINISHED, UNKNOWN -> "no accounting record";
                default -> "code error";
            };
        }

        /** An earlier run of an attempt that Slurm requeued; runs come ordered by round, then task. */
        void requeued(AttemptRunRecord run) {
            requeuedRuns++;
            long attempt = ((long) run.round() << 32) | (run.index() & 0xffffffffL);
            if (attempt != lastRequeuedAttempt) {
                lastRequeuedAttempt = attempt;
                requeuedAttempts++;
            }
            requeuedByState.merge(run.state(), 1, Integer::sum);
            RoundAccumulator round = byRound.get(run.round());
            double hours = run.elapsedSeconds().orElse(0) / SECONDS_PER_HOUR;
            requeuedCoreHours += hours;
            if (round != null) {
                requeuedGbHours += gb(round.level.mem()) * hours;
            }
        }

        /** An attempt's level is its memory level (by_reason rounds record the time level apart). */
        private void costOf(AttemptRecord a) {
            MemorySize mem = ladder.memory(a.level());
            double hours = hours(a);
            int cpus = a.allocCpus().orElse(1);
            if (a.allocCpus().isEmpty() && a.elapsedSeconds().isPresent()) {
                cpusAssumed++;
            }
            boolean succeeded = a.outcome() == Outcome.COMPLETED;
            if (succeeded) {
                coreHoursSucceeded += cpus * hours;
                gbHoursSucceeded += gb(mem) * hours;
            } else {
                coreHoursFailed += cpus * hours;
                gbHoursFailed += gb(mem) * hours;
            }
        }

        /** The attempt in its level's histograms and GB-h. */
        private void usageOf(AttemptRecord a) {
            int n = a.level();
            MemorySize mem = ladder.memory(n);
            boolean completed = a.outcome() == Outcome.COMPLETED;
            double hours = hours(a);
            gbHoursAt[n] += gb(mem) * hours;
            if (a.outcome() == Outcome.ESCALATE) {
                escalatedGbHoursAt[n] += gb(mem) * hours;
            }
            if (a.maxRssBytes().isPresent()) {
                double requested = mem.megabytes() * 1024.0 * 1024.0;
                maxRssAt[n].add(100.0 * a.maxRssBytes().getAsLong() / requested, completed, hours);
            } else {
                maxRssAt[n].notReported();
            }
            if (a.elapsedSeconds().isPresent()) {
                // A by_reason round's time limit is its time level's, not its (memory) level's.
                TimeLimit limit = ladder.time(roundTimeLevels.timeLevel(a.round()).orElse(n));
                elapsedAt[n].add(100.0 * a.elapsedSeconds().getAsLong() / limit.seconds(), completed,
                        hours);
            } else {
                elapsedAt[n].notReported();
            }
        }

        private static double gb(MemorySize mem) {
            return mem.megabytes() / MB_PER_GB;
        }

        private static double hours(AttemptRecord a) {
            return a.elapsedSeconds().orElse(0) / SECONDS_PER_HOUR;
        }

        List<ChainReport.RoundReport> rounds(List<JobRecord> jobs) {
            List<ChainReport.RoundReport> reports = new ArrayList<>();
            for (RoundRecord r : rounds) {
                RoundAccumulator acc = byRound.get(r.number());
                List<String> arrayIds = jobIds(jobs, r.number(), JobRole.ARRAY);
                List<String> handlerIds = jobIds(jobs, r.number(), JobRole.HANDLER);
                RoundAccumulator parent = r.parentRound().isPresent() ? byRound.get(r.parentRound().getAsInt()) : null;
                reports.add(new ChainReport.RoundReport(r, acc.level, arrayIds, handlerIds, r.indices().size(),
                        acc.completed, acc.outOfMemory, acc.timeout, acc.failed,
                        detailed ? Optional.of(acc.detail()) : Optional.empty(), acc.timing(r, jobs, parent)));
            }
            return reports;
        }

        private static List<String> jobIds(List<JobRecord> jobs, int round, JobRole role) {
            return jobs.stream()
                    .filter(j -> j.key().round() == round && j.key().role() == role)
                    .flatMap(j -> j.slurmJobId().stream())
                    .toList();
        }

        ChainReport.FailedTasks failed() {
            return new ChainReport.FailedTasks(failedByReason, failedRows, failedTotal);
        }

        ChainReport.Cost cost() {
            return new ChainReport.Cost(coreHoursSucceeded, coreHoursFailed, gbHoursSucceeded, gbHoursFailed,
                    cpusAssumed, firstSucceededAt, topLevel, allAtTopGbHours, savedByStartingAtFinalLevel,
                    requeuedRuns == 0 ? ChainReport.Requeued.NONE : new ChainReport.Requeued(requeuedRuns,
                            requeuedAttempts, requeuedByState, requeuedCoreHours, requeuedGbHours));
        }

        /**
         * One row per level the attempts count by: the ladder's levels, or for separate ladders the memory levels
         * (each labelled with its memory step's mem; its time is the longer list's diagonal, see {@link Ladder}).
         */
        List<ChainReport.LevelReport> levels() {
            List<ChainReport.LevelReport> levels = new ArrayList<>();
            List<Level> rows = ladder.isSeparate() ? ladder.levels().subList(0, ladder.memoryTop() + 1)
                    : ladder.levels();
            for (Level level : rows) {
                int n = level.number();
                if (n > topLevel && entered[n] == 0 && inProgressAt(n) == 0) {
                    continue;
                }
                levels.add(new ChainReport.LevelReport(level, entered[n], firstSucceededAt.getOrDefault(n, 0),
                        escalatedFrom[n], finalFailureAt[n], inProgressAt(n), new ChainReport.Usage(maxRssAt[n].freeze(),
                                elapsedAt[n].freeze(), gbHoursAt[n], escalatedGbHoursAt[n])));
            }
            return levels;
        }

        /** Tasks of rounds at {@code level} not decided yet that have no attempt there (retries already do). */
        private int inProgressAt(int level) {
            int n = 0;
            for (RoundRecord r : rounds) {
                boolean undecided = r.status() == RoundStatus.PLANNED || r.status() == RoundStatus.SUBMITTED;
                if (r.level() == level && undecided && r.kind() != RoundKind.RETRY) {
                    n += r.indices().size();
                }
            }
            return n;
        }

        List<ChainReport.Flag> flags() {
            List<ChainReport.Flag> flags = new ArrayList<>();
            for (FlagAccumulator f : List.of(completedButOom, killedBySignal9, timedOutEverywhere)) {
                if (f.count > 0) {
                    flags.add(new ChainReport.Flag(f.what, f.tasks, f.count));
                }
            }
            return flags;
        }
    }

    /** A flag's tasks: the first few by index, and how many. */
    private static final class FlagAccumulator {
        final String what;
        final List<Integer> tasks = new ArrayList<>();
        int count;
        private int lastTask = -1;

        FlagAccumulator(String what) {
            this.what = what;
        }

        void add(int task) {
            if (task == lastTask) {
                return; // one task may have several such attempts
            }
            lastTask = task;
            count++;
            if (tasks.size() < MAX_FLAG_TASKS) {
                tasks.add(task);
            }
        }
    }

    /** What one round's attempts add up to. */
    private static final class RoundAccumulator {
        final Level level;
        final boolean detailed;
        int completed;
        int outOfMemory;
        int timeout;
        int failed;
        final Map<String, Integer> states = new TreeMap<>();
        final Map<String, Integer> nodes = new HashMap<>();
        long[] elapsed = new long[16];
        int elapsedCount;
        long[] rss = new long[16];
        int rssCount;
        int underHalf;
        /** Epoch seconds of the first start and last end of the round's attempts, and per array job. */
        long firstStart = Long.MAX_VALUE;
        long lastEnd = Long.MIN_VALUE;
        final Map<String, long[]> spans = new LinkedHashMap<>();

        RoundAccumulator(Level level, boolean detailed) {
            this.level = level;
            this.detailed = detailed;
        }

        void add(AttemptRecord a) {
            switch (a.state()) {
                case "COMPLETED" -> completed++;
                case "OUT_OF_MEMORY" -> outOfMemory++;
                case "TIMEOUT" -> timeout++;
                default -> failed++;
            }
            long[] span = spans.computeIfAbsent(a.slurmJobId(), id -> new long[] {Long.MAX_VALUE, Long.MIN_VALUE, 0});
            span[2]++;
            if (a.start().isPresent()) {
                long s = a.start().get().getEpochSecond();
                firstStart = Math.min(firstStart, s);
                span[0] = Math.min(span[0], s);
            }
            if (a.end().isPresent()) {
                long e = a.end().get().getEpochSecond();
                lastEnd = Math.max(lastEnd, e);
                span[1] = Math.max(span[1], e);
            }
            if (!detailed) {
                return;
            }
            states.merge(a.state(), 1, Integer::sum);
            a.node().ifPresent(n -> nodes.merge(n, 1, Integer::sum));
            if (a.elapsedSeconds().isPresent()) {
                elapsed = push(elapsed, elapsedCount++, a.elapsedSeconds().getAsLong());
            }
            if (a.maxRssBytes().isPresent()) {
                long bytes = a.maxRssBytes().getAsLong();
                rss = push(rss, rssCount++, bytes);
                if (bytes < level.mem().megabytes() * 1024L * 1024L / 2) {
                    underHalf++;
                }
            }
        }

        ChainReport.Timing timing(RoundRecord r, List<JobRecord> jobs, RoundAccumulator parent) {
            List<ChainReport.JobSpan> jobSpans = new ArrayList<>();
            Set<String> seen = new HashSet<>();
            for (JobRecord j : jobs) {
                if (j.key().round() == r.number() && j.key().role() == JobRole.ARRAY && j.slurmJobId().isPresent()) {
                    String id = j.slurmJobId().get();
                    seen.add(id);
                    jobSpans.add(span(id, j.submittedAt()));
                }
            }
            spans.keySet().stream().filter(id -> !seen.contains(id)).forEach(id -> jobSpans.add(span(id,
                    Optional.empty())));
            Optional<Instant> first = instant(firstStart, Long.MAX_VALUE);
            Optional<Instant> parentEnd = parent == null ? Optional.empty() : instant(parent.lastEnd, Long.MIN_VALUE);
            Optional<Duration> latency = parentEnd.isPresent() && first.isPresent()
                    && !first.get().isBefore(parentEnd.get())
                    ? Optional.of(Duration.between(parentEnd.get(), first.get()))
                    : Optional.empty();
            return new ChainReport.Timing(r.createdAt(), r.submittedAt(), first, instant(lastEnd, Long.MIN_VALUE),
                    r.decidedAt(), r.closedAt(), jobSpans, latency);
        }

        private ChainReport.JobSpan span(String jobId, Optional<Instant> submitted) {
            long[] s = spans.getOrDefault(jobId, new long[] {Long.MAX_VALUE, Long.MIN_VALUE, 0});
            return new ChainReport.JobSpan(jobId, submitted, instant(s[0], Long.MAX_VALUE),
                    instant(s[1], Long.MIN_VALUE), (int) s[2]);
        }

        private static Optional<Instant> instant(long epochSecond, long none) {
            return epochSecond == none ? Optional.empty() : Optional.of(Instant.ofEpochSecond(epochSecond));
        }

        private static long[] push(long[] values, int at, long value) {
            long[] grown = at < values.length ? values : Arrays.copyOf(values, values.length * 2);
            grown[at] = value;
            return grown;
        }

        ChainReport.RoundDetail detail() {
            long requestedBytes = level.mem().megabytes() * 1024L * 1024L;
            ChainReport.Stats rssBytes = stats(rss, rssCount, 1.0);
            ChainReport.Stats rssPercent = stats(rss, rssCount, 100.0 / requestedBytes);
            List<Map.Entry<String, Integer>> top = nodes.entrySet().stream()
                    .sorted(Map.Entry.<String, Integer>comparingByValue(Comparator.reverseOrder())
                            .thenComparing(Map.Entry.comparingByKey()))
                    .limit(TOP_NODES)
                    .map(e -> Map.entry(e.getKey(), e.getValue()))
                    .toList();
            return new ChainReport.RoundDetail(states, stats(elapsed, elapsedCount, 1.0), rssPercent, rssBytes,
                    underHalf, top);
        }

        private static ChainReport.Stats stats(long[] values, int count, double scale) {
            if (count == 0) {
                return ChainReport.Stats.NONE;
            }
            long[] sorted = Arrays.copyOf(values, count);
            Arrays.sort(sorted);
            double median = count % 2 == 1
                    ? sorted[count / 2]
                    : (sorted[count / 2 - 1] + sorted[count / 2]) / 2.0;
            return new ChainReport.Stats(count, sorted[0] * scale, median * scale, sorted[count - 1] * scale);
        }
    }
}
