package dev.memescalate.report;

import static org.assertj.core.api.Assertions.assertThat;

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
import dev.memescalate.store.StoreTransaction;
import dev.memescalate.store.TaskOutcomeRecord;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;

/**
 * A fixed store for the views' golden tests: chains whose every record is spelled out here, so a rendering change
 * shows as a golden-file diff and nothing else.
 *
 * <ul>
 *   <li>{@link #ENDED}: 10 tasks over three rounds, like the demo: 6 complete at level 0, task 6 needs level 1,
 *       task 7 level 2 (where its .batch step still says OUT_OF_MEMORY), task 8 times out once, task 9 exits 2;</li>
 *   <li>{@link #RUNNING}: round 1 decided, round 2 (array job 80, handler 81: the ids of the real squeue and sacct
 *       fixtures {@code squeue-r-live.txt} and {@code sacct-X-live.txt}) running;</li>
 *   <li>{@link #STALLED}: round 1 submitted, its handler (job 91, {@code sacct-X-handler-cancelled.txt}) gone.</li>
 * </ul>
 */
public final class ViewFixtures {
    public static final String ENDED = "c0ffee01";
    public static final String RUNNING = "c0ffee02";
    public static final String STALLED = "c0ffee03";
    public static final Instant T0 = Instant.parse("2026-11-30T13:09:51Z");
    /** The zone the golden files show times in: T0 is 14:09:51 there. */
    public static final ZoneId ZONE = ZoneId.of("Europe/Berlin");

    public static final String LADDER = """
            levels:
              - partition: devel,day
                mem: 256M
                time: 1
              - partition: day
                mem: 1G
                time: 1
              - partition: week
                mem: 4G
                time: 2
            """;

    private ViewFixtures() {
    }

    public static void seed(ChainStore store) {
        store.write(tx -> {
            ended(tx);
            running(tx);
            stalled(tx);
            return null;
        });
    }

    static ChainRecord chain(String id, String array, ChainStatus status, Optional<Instant> ended, Instant created) {
        return chain(id, array, status, ended, created, LADDER);
    }

    /** {@link #chain(String, String, ChainStatus, Optional, Instant)} of the config {@code yaml}. */
    static ChainRecord chain(String id, String array, ChainStatus status, Optional<Instant> ended, Instant created,
            String yaml) {
        return new ChainRecord(id, created, status, ended, Path.of("/work/job.sh"),
                Path.of("/tracker/chains/" + id + "/job.sh"), List.of("input file.txt", "$(x);y|z"), List.of(),
                array, OptionalInt.empty(), "job.sh", "%x-%A_%a.out", "%x-%A_%a.out", yaml,
                Optional.of(Path.of("/work/ladder.yaml")), 0, 2, Path.of("/work"), Path.of("/tracker/chains/" + id),
                "login1", "alice");
    }

    /**
     * Twenty tasks of {@code chain}'s round 1 (level 0) that each completed in 5 s, and the chain COMPLETED at
     * {@code ended}: under a limit of an hour, what earns {@code shorter_time} advice where one limit applies.
     */
    static void twentyQuickCompletions(StoreTransaction tx, String chain, Instant ended) {
        for (int i = 0; i < 20; i++) {
            tx.attempts().insert(List.of(attempt(chain, i, 1, 0, "491", "COMPLETED", 0, 0, 5, 100L << 20, "day1",
                    Outcome.COMPLETED, "completed", Optional.of("COMPLETED"))));
        }
        tx.chains().updateStatus(chain, ChainStatus.COMPLETED, Optional.of(ended));
    }

    /** The report's levels would earn {@code shorter_time} advice, and the report leaves it out. */
    static void assertNoShorterTimeAdvice(ChainReport r) {
        assertThat(Recommendations.of(r.levels(), 0, 2, r.cost().gbHours()))
                .extracting(ChainReport.Recommendation::kind).contains("shorter_time");
        assertThat(r.recommendations()).extracting(ChainReport.Recommendation::kind).doesNotContain("shorter_time");
    }

    private static void ended(StoreTransaction tx) {
        tx.chains().insert(chain(ENDED, "0-9", ChainStatus.RUNNING, Optional.empty(), T0));
        round(tx, ENDED, 1, 0, IndexSet.range(0, 9), OptionalInt.empty(), RoundKind.INITIAL, RoundStatus.DONE,
                "4711", "4712", 0);
        round(tx, ENDED, 2, 1, IndexSet.of(6, 7, 8), OptionalInt.of(1), RoundKind.ESCALATE, RoundStatus.DONE,
                "4713", "4714", 120);
        round(tx, ENDED, 3, 2, IndexSet.of(7), OptionalInt.of(2), RoundKind.ESCALATE, RoundStatus.DONE, "4715",
                "4716", 240);
        List<AttemptRecord> attempts = new ArrayList<>();
        for (int i = 0; i <= 5; i++) {
            attempts.add(attempt(ENDED, i, 1, 0, "4711", "COMPLETED", 0, 0, 30 + 5 * i, (100 + 20L * i) << 20,
                    i % 2 == 0 ? "day1" : "day2", Outcome.COMPLETED, "completed", Optional.empty()));
        }
        attempts.add(attempt(ENDED, 6, 1, 0, "4711", "OUT_OF_MEMORY", 0, 125, 4, 250L << 20, "day1",
                Outcome.ESCALATE, "state OUT_OF_MEMORY -> escalate", Optional.of("OUT_OF_MEMORY")));
        attempts.add(attempt(ENDED, 7, 1, 0, "4711", "OUT_OF_MEMORY", 0, 125, 3, 255L << 20, "day2",
                Outcome.ESCALATE, "state OUT_OF_MEMORY -> escalate", Optional.of("OUT_OF_MEMORY")));
        attempts.add(attempt(ENDED, 8, 1, 0, "4711", "TIMEOUT", 0, 0, 88, 10L << 20, "day1", Outcome.ESCALATE,
                "state TIMEOUT -> escalate", Optional.of("CANCELLED")));
        attempts.add(attempt(ENDED, 9, 1, 0, "4711", "FAILED", 2, 0, 1, 5L << 20, "day2", Outcome.FAILED,
                "state FAILED 2:0 -> no_retry", Optional.of("FAILED")));
        attempts.add(attempt(ENDED, 6, 2, 1, "4713", "COMPLETED", 0, 0, 40, 400L << 20, "day1", Outcome.COMPLETED,
                "completed", Optional.of("COMPLETED")));
        attempts.add(attempt(ENDED, 7, 2, 1, "4713", "OUT_OF_MEMORY", 0, 125, 6, 1000L << 20, "day2",
                Outcome.ESCALATE, "state OUT_OF_MEMORY -> escalate", Optional.of("OUT_OF_MEMORY")));
        attempts.add(attempt(ENDED, 8, 2, 1, "4713", "COMPLETED", 0, 0, 2, 8L << 20, "day2", Outcome.COMPLETED,
                "completed", Optional.of("COMPLETED")));
        attempts.add(attempt(ENDED, 7, 3, 2, "4715", "COMPLETED", 0, 0, 50, 1500L << 20, "week1",
                Outcome.COMPLETED, "completed", Optional.of("OUT_OF_MEMORY")));
        tx.attempts().insert(attempts);
        List<TaskOutcomeRecord> outcomes = new ArrayList<>();
        for (int i = 0; i <= 5; i++) {
            outcomes.add(new TaskOutcomeRecord(ENDED, i, FinalOutcome.COMPLETED, 1, 0, "completed"));
        }
        outcomes.add(new TaskOutcomeRecord(ENDED, 9, FinalOutcome.FAILED, 1, 0, "state FAILED 2:0 -> no_retry"));
        outcomes.add(new TaskOutcomeRecord(ENDED, 6, FinalOutcome.COMPLETED, 2, 1, "completed"));
        outcomes.add(new TaskOutcomeRecord(ENDED, 8, FinalOutcome.COMPLETED, 2, 1, "completed"));
        outcomes.add(new TaskOutcomeRecord(ENDED, 7, FinalOutcome.COMPLETED, 3, 2, "completed"));
        tx.outcomes().insert(outcomes);
        tx.chains().updateStatus(ENDED, ChainStatus.COMPLETED_WITH_FAILURES, Optional.of(T0.plusSeconds(362)));
    }

    private static void running(StoreTransaction tx) {
        Instant created = T0.plusSeconds(600);
        tx.chains().insert(chain(RUNNING, "0-19", ChainStatus.RUNNING, Optional.empty(), created));
        round(tx, RUNNING, 1, 0, IndexSet.range(0, 19), OptionalInt.empty(), RoundKind.INITIAL, RoundStatus.DONE,
                "70", "71", 600);
        round(tx, RUNNING, 2, 1, IndexSet.range(0, 9), OptionalInt.of(1), RoundKind.ESCALATE, RoundStatus.SUBMITTED,
                "80", "81", 700);
        List<AttemptRecord> attempts = new ArrayList<>();
        List<TaskOutcomeRecord> outcomes = new ArrayList<>();
        for (int i = 0; i <= 19; i++) {
            boolean oom = i <= 9;
            attempts.add(attempt(RUNNING, i, 1, 0, "70", oom ? "OUT_OF_MEMORY" : "COMPLETED", 0, oom ? 125 : 0, 20,
                    100L << 20, "day1", oom ? Outcome.ESCALATE : Outcome.COMPLETED, oom ? "oom" : "completed",
                    Optional.empty()));
            if (!oom) {
                outcomes.add(new TaskOutcomeRecord(RUNNING, i, FinalOutcome.COMPLETED, 1, 0, "completed"));
            }
        }
        tx.attempts().insert(attempts);
        tx.outcomes().insert(outcomes);
    }

    private static void stalled(StoreTransaction tx) {
        Instant created = T0.plusSeconds(900);
        tx.chains().insert(chain(STALLED, "0-3", ChainStatus.RUNNING, Optional.empty(), created));
        round(tx, STALLED, 1, 0, IndexSet.range(0, 3), OptionalInt.empty(), RoundKind.INITIAL, RoundStatus.SUBMITTED,
                "90", "91", 900);
    }

    /** A round with its array and handler jobs SUBMITTED, at {@code T0 + seconds}. */
    private static void round(StoreTransaction tx, String chain, int number, int level, IndexSet indices,
            OptionalInt parent, RoundKind kind, RoundStatus status, String arrayId, String handlerId, long seconds) {
        Instant at = T0.plusSeconds(seconds);
        tx.rounds().insert(new RoundRecord(chain, number, level, indices, parent, kind, status, at,
                Optional.of(at.plusSeconds(1)),
                status == RoundStatus.DONE ? Optional.of(at.plusSeconds(110)) : Optional.empty(),
                status == RoundStatus.DONE ? Optional.of(at.plusSeconds(112)) : Optional.empty(), List.of()));
        tx.jobs().insert(new JobRecord(new JobKey(chain, number, JobRole.ARRAY, 0), "job.sh-" + chain + "-r" + number
                + "-p0", List.of("--array=x"), Optional.of(indices), Optional.of("x"), JobStatus.SUBMITTED,
                Optional.of(arrayId), Optional.of("test"), Optional.of(at), at, Optional.of(at), Optional.empty()));
        tx.jobs().insert(new JobRecord(new JobKey(chain, number, JobRole.HANDLER, 0), "mem-escalate-" + chain + "-r"
                + number + "-handler", List.of("x"), Optional.empty(), Optional.empty(), JobStatus.SUBMITTED,
                Optional.of(handlerId), Optional.of("test"), Optional.of(at), at, Optional.of(at), Optional.empty()));
    }

    /**
     * Seconds after T0 that a fixture round was created; it is submitted a second later, and its tasks start 2 to 4 s
     * after that (by index), so that the rounds' timelines read like a real chain's.
     */
    private static long roundCreated(String chain, int round) {
        return switch (chain) {
            case ENDED -> 120L * (round - 1);
            case RUNNING -> round == 1 ? 600 : 700;
            default -> 900;
        };
    }

    static AttemptRecord attempt(String chain, int index, int round, int level, String job, String state, int rc,
            int signal, long elapsed, long rss, String node, Outcome outcome, String reason,
            Optional<String> batchState) {
        Instant start = T0.plusSeconds(roundCreated(chain, round) + 3 + index % 3);
        return new AttemptRecord(chain, index, round, level, job, state, state, rc, signal, OptionalLong.of(elapsed),
                OptionalLong.of(rss), Optional.of(node), Optional.of(start), Optional.of(start.plusSeconds(elapsed)),
                OptionalInt.of(1), batchState, batchState.map(s -> s.equals("OUT_OF_MEMORY") ? "0:125" : rc + ":"
                        + signal), outcome, reason);
    }
}
