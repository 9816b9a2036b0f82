package dev.memescalate.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.memescalate.slurm.Sleeper;
import dev.memescalate.store.ChainStore;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.UserPrincipal;
import java.time.Clock;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import picocli.CommandLine;

/**
 * A store that belongs to another user is refused by every command that opens it, with exit code 3 (unexpected
 * state), before SQLite opens it: nothing is read, written or submitted. The store is chown'ed to {@code nobody},
 * which needs root (the tests run as root on the test machine; elsewhere this is skipped). The same refusal seen
 * from the other side, nobody running mem-escalate against root's store, is in DiskFullAndUnwritableIT.
 */
class AnotherUsersStoreTest {
    @TempDir
    Path root;
    Path tracker;
    Path script;
    Path ladder;

    @BeforeEach
    void nobodysStore() throws IOException {
        assumeTrue(((Integer) Files.getAttribute(Path.of("/proc/self"), "unix:uid")) == 0,
                "chown to another user needs root");
        tracker = Files.createDirectories(root.resolve("tracker"));
        script = Files.writeString(root.resolve("job.sh"), "#!/bin/sh\n");
        ladder = Files.writeString(root.resolve("ladder.yaml"), "levels:\n  - partition: day\n    mem: 200M\n"
                + "    time: 1\nhandler:\n  partition: pi_jetz\n");
        Path store = tracker.resolve("chains.db");
        ChainStore.open(store).close();
        UserPrincipal nobody = root.getFileSystem().getUserPrincipalLookupService().lookupPrincipalByName("nobody");
        Files.setOwner(store, nobody);
    }

    static List<List<String>> commands() {
        return List.of(List.of("status", "c0ffee01"), List.of("list"), List.of("cancel", "c0ffee01"),
                List.of("resume", "c0ffee01"), List.of("generate-report", "--all"), List.of("submit", "--array=0-3",
                        "--config=LADDER", "SCRIPT"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("commands")
    void isRefusedWithExitCodeThreeAndLeftAsItWas(List<String> command) throws IOException {
        Map<String, String> before = BadInputTest.tree(root);
        ReplayingSlurm slurm = new ReplayingSlurm();
        CliEnvironment env = new CliEnvironment(Map.of(Tracker.HOME_VARIABLE, tracker.toString(),
                HandlerJar.VARIABLE, script.toString()), () -> slurm, Clock.systemUTC(), ZoneOffset.UTC,
                Terminal.PLAIN, Sleeper.THREAD_SLEEP);
        StringWriter err = new StringWriter();
        CommandLine cmd = Main.commandLine(env);
        cmd.setOut(new PrintWriter(new StringWriter()));
        cmd.setErr(new PrintWriter(err));

        int exitCode = cmd.execute(command.stream()
                .map(a -> a.replace("LADDER", ladder.toString()).replace("SCRIPT", script.toString()))
                .toArray(String[]::new));

        assertThat(exitCode).as(err.toString()).isEqualTo(ExitCodes.UNEXPECTED_STATE);
        assertThat(err.toString()).isEqualTo("mem-escalate: the chain store: " + tracker.resolve("chains.db")
                + " belongs to user nobody, not to you (root, uid 0); nothing was read or written. Use your own"
                + " tracker directory (MEM_ESCALATE_HOME or --tracker-dir), or run as nobody\n");
        assertThat(BadInputTest.tree(root)).isEqualTo(before);
        assertThat(slurm.sbatchCalls()).isEmpty();
        assertThat(slurm.cancels()).isEmpty();
    }
}
