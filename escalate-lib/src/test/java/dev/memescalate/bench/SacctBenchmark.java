package dev.memescalate.bench;

import dev.memescalate.indexset.IndexSet;
import dev.memescalate.policy.Classification;
import dev.memescalate.policy.Outcome;
import dev.memescalate.policy.StatePolicy;
import dev.memescalate.slurm.SacctFormat;
import dev.memescalate.slurm.SacctOutput;
import dev.memescalate.slurm.SacctParser;
import dev.memescalate.slurm.TaskAccounting;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * Times parse + fold + classify of a synthetic 100,000-task sacct answer shaped like real 22.05 output: an allocation
 * row, a {@code .batch} and a {@code .extern} row per task (300,000 lines), with the state mix of the fixture array.
 * With {@code arrays} > 1 the tasks are split over that many array jobs in one answer and each array is folded
 * on its own, as the handler does for a split round (one sacct call for all arrays). A main, not a test (no timing
 * assertions in tests). Run after {@code mvn -pl escalate-lib test-compile}:
 *
 * <pre>java -cp escalate-lib/target/classes:escalate-lib/target/test-classes dev.memescalate.bench.SacctBenchmark [tasks [arrays]]</pre>
 */
public final class SacctBenchmark {
    private static final int WARM_UP_ROUNDS = 5;
    private static final int MEASURED_ROUNDS = 10;
    /** sacct's standard time format; LocalDateTime.toString would drop ":00" seconds. */
    private static final DateTimeFormatter SACCT_TIME = DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss");
    private static final String[] ENDINGS = {
        "COMPLETED|0:0", "COMPLETED|0:0", "COMPLETED|0:0", "OUT_OF_MEMORY|0:125", "FAILED|1:0", "FAILED|0:9",
        "TIMEOUT|0:0", "CANCELLED by 0|0:0", "COMPLETED|0:0", "COMPLETED|0:0"};

    private SacctBenchmark() {}

    /**
     * One allocation, {@code .batch} and {@code .extern} row per task. Start, End and Elapsed differ per task (tasks
     * run 4 at a time over ~7 hours, 3-62 s each) and tasks spread over 50 nodes, so the parser's sharing of repeated
     * values is not flattered by identical rows.
     */
    static String syntheticSacct(long jobId, int tasks) {
        StringBuilder out = new StringBuilder(tasks * 420);
        LocalDateTime submit = LocalDateTime.of(2026, 11, 21, 19, 41, 52);
        for (int i = 0; i < tasks; i++) {
            String ending = ENDINGS[i % ENDINGS.length];
            String batchEnding = ending.startsWith("TIMEOUT") ? "CANCELLED|0:15" : ending;
            int elapsedSeconds = 3 + i % 60;
            LocalDateTime start = submit.plusSeconds(1 + i / 4);
            String elapsed = String.format("00:%02d:%02d", elapsedSeconds / 60, elapsedSeconds % 60);
            String node = "node" + (i % 50);
            String times = "|" + SACCT_TIME.format(submit) + "|" + SACCT_TIME.format(start) + "|"
                    + SACCT_TIME.format(start.plusSeconds(elapsedSeconds)) + "\n";
            String id = jobId + "_" + i;
            out.append(id).append("|bench-array|day|").append(ending).append("|200M|00:01:00|").append(elapsed)
                    .append("||").append(node).append(times);
            out.append(id).append(".batch|batch||").append(batchEnding).append("|||").append(elapsed).append('|')
                    .append(4000 + i % 1000).append("K|").append(node).append(times);
            out.append(id).append(".extern|extern||COMPLETED|0:0|||").append(elapsed).append('|')
                    .append(i % 100).append("K|").append(node).append(times);
        }
        return out.toString();
    }

    public static void main(String[] args) {
        int requestedTasks = args.length > 0 ? Integer.parseInt(args[0]) : 100_000;
        int arrays = args.length > 1 ? Integer.parseInt(args[1]) : 1;
        int tasksPerArray = requestedTasks / arrays;
        int tasks = tasksPerArray * arrays;
        long firstJobId = 4_242_000L;
        StringBuilder answer = new StringBuilder();
        for (int a = 0; a < arrays; a++) {
            answer.append(syntheticSacct(firstJobId + a, tasksPerArray));
        }
        String text = answer.toString();
        long lines = text.chars().filter(c -> c == '\n').count();
        IndexSet expected = IndexSet.range(0, tasksPerArray - 1);
        SacctParser parser = new SacctParser(SacctFormat.STANDARD);
        StatePolicy policy = StatePolicy.defaults();

        for (int round = 0; round < WARM_UP_ROUNDS; round++) {
            runOnce(parser, policy, firstJobId, arrays, expected, text);
        }
        long[] parseNanos = new long[MEASURED_ROUNDS];
        long[] foldNanos = new long[MEASURED_ROUNDS];
        long[] classifyNanos = new long[MEASURED_ROUNDS];
        // CPU time of this thread as well as wall time: the 2 cores are shared with other work, so wall time alone
        // measures the machine's load as much as the code. (GC threads' CPU is not in the thread's CPU time.)
        long[] cpuNanos = new long[MEASURED_ROUNDS];
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        Map<Outcome, Integer> counts = null;
        int anomalies = 0;
        for (int round = 0; round < MEASURED_ROUNDS; round++) {
            long cpu0 = threads.getCurrentThreadCpuTime();
            long t0 = System.nanoTime();
            SacctOutput output = parser.parse(text);
            long t1 = System.nanoTime();
            List<TaskAccounting> accountings = new ArrayList<>();
            for (int a = 0; a < arrays; a++) {
                accountings.add(TaskAccounting.fold(firstJobId + a, expected, output));
            }
            long t2 = System.nanoTime();
            List<Map<Integer, Classification>> outcomes = accountings.stream().map(policy::classifyAll).toList();
            long t3 = System.nanoTime();
            cpuNanos[round] = threads.getCurrentThreadCpuTime() - cpu0;
            parseNanos[round] = t1 - t0;
            foldNanos[round] = t2 - t1;
            classifyNanos[round] = t3 - t2;
            boolean foldedCompletely = accountings.stream().allMatch(TaskAccounting::isComplete)
                    && outcomes.stream().mapToInt(Map::size).sum() == tasks;
            if (!foldedCompletely) {
                throw new IllegalStateException("benchmark input did not fold completely: " + output.rejects());
            }
            counts = countOutcomes(outcomes);
            anomalies = accountings.stream().mapToInt(accounting -> accounting.anomalies().size()).sum();
        }
        long[] total = new long[MEASURED_ROUNDS];
        for (int round = 0; round < MEASURED_ROUNDS; round++) {
            total[round] = parseNanos[round] + foldNanos[round] + classifyNanos[round];
        }
        System.out.printf("tasks=%d in %d array(s) lines=%d bytes=%d (Java %s, %d cpus)%n", tasks, arrays, lines,
                text.length(), Runtime.version(), Runtime.getRuntime().availableProcessors());
        System.out.printf("median of %d rounds after %d warm-up: parse %.1f ms, fold %.1f ms, classify %.1f ms,"
                        + " total %.1f ms (min %.1f ms) = %.0f rows/s%n",
                MEASURED_ROUNDS, WARM_UP_ROUNDS, millis(median(parseNanos)), millis(median(foldNanos)),
                millis(median(classifyNanos)), millis(median(total)), millis(Arrays.stream(total).min().orElseThrow()),
                lines / (median(total) / 1e9));
        System.out.printf("thread CPU time per round: median %.1f ms (min %.1f ms) = %.0f rows per CPU-second%n",
                millis(median(cpuNanos)), millis(Arrays.stream(cpuNanos).min().orElseThrow()),
                lines / (median(cpuNanos) / 1e9));
        System.out.println("outcomes: " + counts + ", anomalies kept: " + anomalies);
    }

    private static void runOnce(
            SacctParser parser, StatePolicy policy, long firstJobId, int arrays, IndexSet expected, String text) {
        SacctOutput output = parser.parse(text);
        for (int a = 0; a < arrays; a++) {
            TaskAccounting accounting = TaskAccounting.fold(firstJobId + a, expected, output);
            if (policy.classifyAll(accounting).size() != expected.size()) {
                throw new IllegalStateException("warm-up lost tasks");
            }
        }
    }

    private static Map<Outcome, Integer> countOutcomes(List<Map<Integer, Classification>> outcomes) {
        Map<Outcome, Integer> counts = new EnumMap<>(Outcome.class);
        outcomes.forEach(perArray -> perArray.values().forEach(c -> counts.merge(c.outcome(), 1, Integer::sum)));
        return counts;
    }

    private static long median(long[] values) {
        long[] sorted = values.clone();
        Arrays.sort(sorted);
        return sorted[sorted.length / 2];
    }

    private static double millis(long nanos) {
        return nanos / 1e6;
    }
}
