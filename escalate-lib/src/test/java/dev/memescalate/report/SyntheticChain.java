package dev.memescalate.report;

import dev.memescalate.indexset.IndexSet;
import dev.memescalate.policy.Outcome;
import dev.memescalate.store.AttemptRecord;
import dev.memescalate.store.ChainRecord;
import dev.memescalate.store.ChainStatus;
import dev.memescalate.store.ChainStore;
import dev.memescalate.store.FinalOutcome;
import dev.memescalate.store.JobKey;
import dev.memescalate.store.JobRecord;
import dev.memescalate.store.JobRole;
import dev.memescalate.store.JobStatus;
import dev.memescalate.store.RoundKind;
import dev.memescalate.store.RoundRecord;
import dev.memescalate.store.RoundStatus;
import dev.memescalate.store.TaskOutcomeRecord;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;
import java.util.Random;

/**
 * A large ended chain of made-up but plausible data, for the report's benchmark and for tests that need more tasks
 * than {@link ViewFixtures} spells out. Seeded: the same arguments give the same store. Per task, at level 0 (2G,
 * 1 h): about 92% complete with MaxRSS of 150-700M, 7% run out of memory and 0.5% time out (both escalate), 0.3%
 * exit 1 (failed); at level 1 (8G) most of the escalated complete, a few run out of memory again; at level 2 (32G)
 * they complete, but for a handful that exhaust the ladder.
 */
public final class SyntheticChain {
    public static final String LADDER = """
            levels:
              - partition: day
                mem: 2G
                time: 1:00:00
              - partition: day
                mem: 8G
                time: 2:00:00
              - partition: week
                mem: 32G
                time: 8:00:00
            """;
    public static final Instant T0 = Instant.parse("2026-11-30T08:00:00Z");
    private static final long MB = 1024L * 1024L;
    /** Tasks a round starts per minute (the cluster's share of the chain). */
    private static final int STARTS_PER_MINUTE = 400;

    private SyntheticChain() {
    }

    /** Seeds chain {@code id} of {@code tasks} tasks; returns when it ended. */
    public static Instant seed(ChainStore store, String id, int tasks, long seed) {
        Random random = new Random(seed);
        List<AttemptRecord> attempts = new ArrayList<>(tasks + tasks / 8);
        List<TaskOutcomeRecord> outcomes = new ArrayList<>(tasks);
        IndexSet.Builder level1 = IndexSet.builder();
        IndexSet.Builder level2 = IndexSet.builder();
        long[] lastEnd = new long[3];
        long round1 = 60;
        for (int i = 0; i < tasks; i++) {
            double u = random.nextDouble();
            long start = round1 + 30 + (long) i / STARTS_PER_MINUTE * 60 + random.nextInt(60);
            if (u < 0.003) {
                long elapsed = 20 + random.nextInt(100);
                attempts.add(attempt(id, i, 1, 0, "1000", "FAILED", 1, 0, start, elapsed, (50 + random.nextInt(200))
                        * MB, Outcome.FAILED, "state FAILED 1:0 -> no_retry"));
                outcomes.add(new TaskOutcomeRecord(id, i, FinalOutcome.FAILED, 1, 0, "state FAILED 1:0 -> no_retry"));
                lastEnd[0] = Math.max(lastEnd[0], start + elapsed);
            } else if (u < 0.08) {
                long elapsed = 60 + random.nextInt(540);
                attempts.add(attempt(id, i, 1, 0, "1000", "OUT_OF_MEMORY", 0, 125, start, elapsed, 2048 * MB,
                        Outcome.ESCALATE, "state OUT_OF_MEMORY -> escalate"));
                level1.add(i);
                lastEnd[0] = Math.max(lastEnd[0], start + elapsed);
            } else if (u < 0.085) {
                attempts.add(attempt(id, i, 1, 0, "1000", "TIMEOUT", 0, 0, start, 3600 + random.nextInt(60),
                        (300 + random.nextInt(400)) * MB, Outcome.ESCALATE, "state TIMEOUT -> escalate"));
                level1.add(i);
                lastEnd[0] = Math.max(lastEnd[0], start + 3660);
            } else {
                long elapsed = 300 + random.nextInt(1200);
                long rss = (long) (150 + Math.min(550, Math.abs(random.nextGaussian()) * 200)) * MB;
                attempts.add(attempt(id, i, 1, 0, "1000", "COMPLETED", 0, 0, start, elapsed, rss, Outcome.COMPLETED,
                        "completed"));
                outcomes.add(new TaskOutcomeRecord(id, i, FinalOutcome.COMPLETED, 1, 0, "completed"));
                lastEnd[0] = Math.max(lastEnd[0], start + elapsed);
            }
        }
        long round2 = lastEnd[0] + 40;
        IndexSet escalated1 = level1.build();
        int[] n = {0};
        escalated1.stream().forEach(i -> {
            long start = round2 + 30 + n[0]++ / STARTS_PER_MINUTE * 60 + random.nextInt(60);
            if (random.nextDouble() < 0.04) {
                long elapsed = 120 + random.nextInt(600);
                attempts.add(attempt(id, i, 2, 1, "1002", "OUT_OF_MEMORY", 0, 125, start, elapsed, 8192 * MB,
                        Outcome.ESCALATE, "state OUT_OF_MEMORY -> escalate"));
                level2.add(i);
                lastEnd[1] = Math.max(lastEnd[1], start + elapsed);
            } else {
                long elapsed = 600 + random.nextInt(3000);
                attempts.add(attempt(id, i, 2, 1, "1002", "COMPLETED", 0, 0, start, elapsed,
                        (2100 + random.nextInt(4000)) * MB, Outcome.COMPLETED, "completed"));
                outcomes.add(new TaskOutcomeRecord(id, i, FinalOutcome.COMPLETED, 2, 1, "completed"));
                lastEnd[1] = Math.max(lastEnd[1], start + elapsed);
            }
        });
        long round3 = lastEnd[1] + 40;
        IndexSet escalated2 = level2.build();
        escalated2.stream().forEach(i -> {
            long start = round3 + 30 + random.nextInt(60);
            boolean exhausted = random.nextDouble() < 0.1;
            long elapsed = 1200 + random.nextInt(6000);
            attempts.add(attempt(id, i, 3, 2, "1004", exhausted ? "OUT_OF_MEMORY" : "COMPLETED", 0,
                    exhausted ? 125 : 0, start, elapsed, (exhausted ? 32768 : 9000 + random.nextInt(20000)) * MB,
                    exhausted ? Outcome.ESCALATE : Outcome.COMPLETED, exhausted ? "state OUT_OF_MEMORY -> escalate"
                            : "completed"));
            outcomes.add(exhausted
                    ? new TaskOutcomeRecord(id, i, FinalOutcome.EXHAUSTED, 3, 2, "OUT_OF_MEMORY at level 2, the"
                            + " highest allowed")
                    : new TaskOutcomeRecord(id, i, FinalOutcome.COMPLETED, 3, 2, "completed"));
            lastEnd[2] = Math.max(lastEnd[2], start + elapsed);
        });
        Instant ended = T0.plusSeconds(Math.max(lastEnd[2], lastEnd[1]) + 40);
        store.write(tx -> {
            tx.chains().insert(new ChainRecord(id, T0, ChainStatus.RUNNING, Optional.empty(), Path.of("/work/align.sh"),
                    Path.of("/tracker/chains/" + id + "/align.sh"), List.of("--sample", "reads.fq"), List.of(),
                    "0-" + (tasks - 1), OptionalInt.of(400), "align.sh", "%x-%A_%a.out", "%x-%A_%a.out", LADDER,
                    Optional.of(Path.of("/work/ladder.yaml")), 0, 2, Path.of("/work"), Path.of("/tracker/chains/" + id),
                    "login1", "alice"));
            round(tx, id, 1, 0, IndexSet.range(0, tasks - 1), OptionalInt.empty(), "1000", round1, lastEnd[0]);
            if (!escalated1.isEmpty()) {
                round(tx, id, 2, 1, escalated1, OptionalInt.of(1), "1002", round2, lastEnd[1]);
            }
            if (!escalated2.isEmpty()) {
                round(tx, id, 3, 2, escalated2, OptionalInt.of(2), "1004", round3, lastEnd[2]);
            }
            tx.attempts().insert(attempts);
            tx.outcomes().insert(outcomes);
            tx.chains().updateStatus(id, ChainStatus.COMPLETED_WITH_FAILURES, Optional.of(ended));
            return null;
        });
        return ended;
    }

    private static void round(dev.memescalate.store.StoreTransaction tx, String chain, int number, int level,
            IndexSet indices, OptionalInt parent, String arrayId, long created, long lastEnd) {
        Instant at = T0.plusSeconds(created);
        tx.rounds().insert(new RoundRecord(chain, number, level, indices, parent,
                number == 1 ? RoundKind.INITIAL : RoundKind.ESCALATE, RoundStatus.DONE, at, Optional.of(at.plusSeconds(1)),
                Optional.of(T0.plusSeconds(lastEnd + 35)), Optional.of(T0.plusSeconds(lastEnd + 36)), List.of()));
        tx.jobs().insert(new JobRecord(new JobKey(chain, number, JobRole.ARRAY, 0), "align.sh-" + chain + "-r" + number
                + "-p0", List.of("--array=x"), Optional.of(indices), Optional.of("x"), JobStatus.SUBMITTED,
                Optional.of(arrayId), Optional.of("bench"), Optional.of(at), at, Optional.of(at.plusSeconds(1)),
                Optional.empty()));
        tx.jobs().insert(new JobRecord(new JobKey(chain, number, JobRole.HANDLER, 0), "mem-escalate-" + chain + "-r"
                + number + "-handler", List.of("x"), Optional.empty(), Optional.empty(), JobStatus.SUBMITTED,
                Optional.of(String.valueOf(Integer.parseInt(arrayId) + 1)), Optional.of("bench"), Optional.of(at), at,
                Optional.of(at.plusSeconds(1)), Optional.empty()));
    }

    private static AttemptRecord attempt(String chain, int index, int round, int level, String job, String state,
            int rc, int signal, long startSecond, long elapsed, long rss, Outcome outcome, String reason) {
        Instant start = T0.plusSeconds(startSecond);
        return new AttemptRecord(chain, index, round, level, job, state, state, rc, signal, OptionalLong.of(elapsed),
                OptionalLong.of(rss), Optional.of("node" + (index % 64)), Optional.of(start),
                Optional.of(start.plusSeconds(elapsed)), OptionalInt.of(1), Optional.of(state),
                Optional.of(rc + ":" + signal), outcome, reason);
    }
}
