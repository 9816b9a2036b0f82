package dev.memescalate.engine;

import dev.memescalate.indexset.IndexSet;
import dev.memescalate.slurm.Fixtures;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * sacct answers for {@link FakeSlurm}: the rows are REAL output of the local cluster (array job 134 in
 * src/test/resources/slurm-22.05, see its README), with the job id and task indices renumbered to those of the
 * test's round. Nothing but the JobID column is changed, except where a method says otherwise.
 */
final class RealSacctRows {
    /** The fixture's array job id. */
    static final String FIXTURE_JOB = "134";
    /** Steps included, as the handler asks (MaxRSS is only on step rows). */
    static final String STEPS_FINAL = "sacct-P-steps-final.txt";

    // Fixture task indices by how they ended (README of slurm-22.05).
    static final int COMPLETED = 0;
    static final int OUT_OF_MEMORY = 3;
    static final int FAILED_1_0 = 4;
    static final int FAILED_0_9 = 5;
    static final int TIMEOUT = 6;
    static final int CANCELLED = 7;

    private static final Pattern TASK_ID = Pattern.compile(FIXTURE_JOB + "_(\\d+)(\\..*)?");

    private RealSacctRows() {
    }

    /** The fixture's rows of the given tasks, as rows of {@code jobId} with the same indices. */
    static String of(String jobId, IndexSet indices) {
        Map<Integer, Integer> same = new LinkedHashMap<>();
        indices.stream().forEach(i -> same.put(i, i));
        return renumbered(jobId, same);
    }

    /**
     * The fixture's rows of the tasks that are keys of {@code fixtureToIndex}, renumbered: fixture task k becomes task
     * {@code fixtureToIndex.get(k)} of job {@code jobId}. Several indices may replay the same fixture task.
     */
    static String renumbered(String jobId, Map<Integer, Integer> fixtureToIndex) {
        String fixture = Fixtures.slurm2205(STEPS_FINAL);
        StringBuilder out = new StringBuilder();
        for (Map.Entry<Integer, Integer> e : fixtureToIndex.entrySet()) {
            fixture.lines().forEach(line -> {
                int bar = line.indexOf('|');
                Matcher m = TASK_ID.matcher(line.substring(0, bar));
                if (m.matches() && Integer.parseInt(m.group(1)) == e.getKey()) {
                    String step = m.group(2) == null ? "" : m.group(2);
                    out.append(jobId).append('_').append(e.getValue()).append(step).append(line.substring(bar))
                            .append('\n');
                }
            });
        }
        return out.toString();
    }

    /** Every index of {@code indices} replays the fixture's task {@code fixtureTask}. */
    static String allLike(String jobId, IndexSet indices, int fixtureTask) {
        StringBuilder out = new StringBuilder();
        indices.stream().forEach(index -> out.append(renumbered(jobId, Map.of(fixtureTask, index))));
        return out.toString();
    }

    /**
     * The wrong answer sacct gave right after a short array ended (3 of 6 tries on the local cluster,
     * SLURM-LOCAL-CLUSTER.md): one plain COMPLETED row for the whole array; the task rows appeared ~1.5 s later.
     * Same row as in SacctLiesBrieflyAfterArrayEndsTest.
     */
    static String liesBriefly(String jobId) {
        return jobId + "|allocation|day|COMPLETED|0:0|200M|00:01:00|00:00:03||day1|"
                + "2026-11-21T19:41:52|2026-11-21T19:41:53|2026-11-21T19:41:56\n";
    }

    /**
     * EDITED, not captured: the local cluster cannot fail a node on demand. The fixture's FAILED 1:0 rows (task 4),
     * as task {@code index}, with State and ExitCode set to what sacct prints for a node failure
     * ({@code NODE_FAIL 0:0})
     * and NodeList to {@code node}.
     */
    static String nodeFailed(String jobId, int index, String node) {
        return renumbered(jobId, Map.of(FAILED_1_0, index))
                .replace("|FAILED|1:0|", "|NODE_FAIL|0:0|")
                .replace("|day1|", "|" + node + "|");
    }
}
