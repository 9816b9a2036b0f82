package dev.memescalate.cli.command;

import static org.assertj.core.api.Assertions.assertThat;

import dev.memescalate.cli.ExitCodes;
import dev.memescalate.cli.Main;
import dev.memescalate.indexset.IndexSet;
import dev.memescalate.policy.Outcome;
import dev.memescalate.store.AttemptRecord;
import dev.memescalate.store.ChainRecord;
import dev.memescalate.store.ChainStatus;
import dev.memescalate.store.ChainStore;
import dev.memescalate.store.FinalOutcome;
import dev.memescalate.store.RoundKind;
import dev.memescalate.store.RoundRecord;
import dev.memescalate.store.TaskOutcomeRecord;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class StatusCommandTest {
    private static final Instant T0 = Instant.parse("2026-11-21T10:00:00Z");
    private static final String LADDER = """
            levels:
              - partition: day
                mem: 200M
                time: 1
              - partition: week
                mem: 2G
                time: 2
            """;

    @TempDir
    Path home;

    private record Result(int exitCode, String out, String err) {
    }

    private Result status(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cmd = Main.commandLine();
        CommandLine status = new CommandLine(new StatusCommand(Map.of("MEM_ESCALATE_HOME", home.toString())));
        status.setExecutionExceptionHandler(cmd.getExecutionExceptionHandler());
        status.setOut(new PrintWriter(out));
        status.setErr(new PrintWriter(err));
        int code = status.execute(args);
        return new Result(code, out.toString(), err.toString());
    }

    /** A chain of 3 tasks: task 1 ran out of memory at level 0 and completed at level 1; task 2 failed. */
    private void storeEndedChain() {
        try (ChainStore store = ChainStore.open(home.resolve("chains.db"))) {
            store.write(tx -> {
                tx.chains().insert(new ChainRecord("c0ffee01", T0, ChainStatus.RUNNING, Optional.empty(),
                        Path.of("/w/job.sh"), home.resolve("chains/c0ffee01/job.sh"), List.of("a"), List.of(),
                        "0-2", OptionalInt.empty(), "job.sh", "%x.out", "%x.out", LADDER, Optional.empty(), 0, 1,
                        Path.of("/w"), home.resolve("chains/c0ffee01"), "host", "user"));
                tx.rounds().insert(RoundRecord.planned("c0ffee01", 1, 0, IndexSet.range(0, 2), OptionalInt.empty(),
                        RoundKind.INITIAL, T0, List.of()));
                tx.rounds().insert(RoundRecord.planned("c0ffee01", 2, 1, IndexSet.of(1), OptionalInt.of(1),
                        RoundKind.ESCALATE, T0, List.of()));
                tx.attempts().insert(List.of(
                        attempt(0, 1, 0, "COMPLETED", 0, 0, Outcome.COMPLETED),
                        attempt(1, 1, 0, "OUT_OF_MEMORY", 0, 125, Outcome.ESCALATE),
                        attempt(2, 1, 0, "FAILED", 3, 0, Outcome.FAILED),
                        attempt(1, 2, 1, "COMPLETED", 0, 0, Outcome.COMPLETED)));
                tx.outcomes().insert(List.of(
                        new TaskOutcomeRecord("c0ffee01", 0, FinalOutcome.COMPLETED, 1, 0, "completed"),
                        new TaskOutcomeRecord("c0ffee01", 2, FinalOutcome.FAILED, 1, 0, "state FAILED 3:0 -> no_retry"),
                        new TaskOutcomeRecord("c0ffee01", 1, FinalOutcome.COMPLETED, 2, 1, "completed")));
                tx.chains().updateStatus("c0ffee01", ChainStatus.COMPLETED_WITH_FAILURES, Optional.of(T0.plusSeconds(60)));
                return null;
            });
        }
    }

    private static AttemptRecord attempt(int index, int round, int level, String state, int rc, int sig, Outcome o) {
        return new AttemptRecord("c0ffee01", index, round, level, "10" + round, state, state, rc, sig,
                OptionalLong.of(3), OptionalLong.empty(), Optional.of("day1"), Optional.empty(), Optional.empty(),
                OptionalInt.empty(), Optional.empty(), Optional.empty(), o, o.name());
    }

    @Test
    void showsRoundsOutcomesAndEveryTaskWithItsAttempts() {
        storeEndedChain();

        Result r = status("c0ffee01", "--tasks");

        assertThat(r.exitCode()).isEqualTo(ExitCodes.OK);
        assertThat(r.out()).startsWith("Chain c0ffee01: COMPLETED_WITH_FAILURES (job.sh, 3 task(s), levels 0-1,");
        assertThat(r.out()).contains("""
                Round  Level  Partition  Mem   Time      Tasks  Array jobs  Status
                1      0      day        200M  00:01:00  3                  PLANNED
                2      1      week       2G    00:02:00  1                  PLANNED
                Tasks: 2 completed, 1 failed, 0 exhausted, 0 still running or waiting
                """);
        assertThat(r.out()).contains("1     r1/L0: OUT_OF_MEMORY 0:125, r2/L1: COMPLETED 0:0  COMPLETED  1");
        assertThat(r.out()).contains("2     r1/L0: FAILED 3:0                                 FAILED     0      state FAILED 3:0 -> no_retry");
    }

    @Test
    void watchOnAnEndedChainWithFailuresExitsOne() {
        storeEndedChain();

        Result r = status("c0ffee01", "--watch", "--interval=1");

        assertThat(r.exitCode()).isEqualTo(ExitCodes.WORK_FAILED);
        assertThat(r.out()).contains("Task  Attempts");
    }

    @Test
    void anUnknownChainIsAUserError() {
        storeEndedChain();

        Result r = status("deadbeef");

        assertThat(r.exitCode()).isEqualTo(ExitCodes.INVALID_INPUT);
        assertThat(r.err()).contains("no chain 'deadbeef'").doesNotContain("Exception");
    }

    @Test
    void noStoreAtAllSaysWhereItLooked() {
        Result r = status("c0ffee01");

        assertThat(r.exitCode()).isEqualTo(ExitCodes.INVALID_INPUT);
        assertThat(r.err()).contains("no chains are tracked in " + home).contains("MEM_ESCALATE_HOME");
    }
}
