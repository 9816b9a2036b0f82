package dev.memescalate.slurm.exec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.memescalate.InvalidInputException;
import dev.memescalate.slurm.SlurmException;
import dev.memescalate.slurm.SlurmUnavailableException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Runs small real processes (sh, printf): the process edge itself, no Slurm needed. */
class ProcessCommandRunnerTest {

    private static final Duration GENEROUS = Duration.ofSeconds(60);
    private final ProcessCommandRunner runner = new ProcessCommandRunner();

    @Test
    void argumentsReachTheProgramUnchangedWithoutAShell() {
        List<String> awkward = List.of("a b", "it's", "\"q\"", "$(echo no)", "x;y", "ünï");
        List<String> argv = new java.util.ArrayList<>(List.of("printf", "%s\\n"));
        argv.addAll(awkward);

        CommandResult result = runner.run(CommandRequest.of(argv, GENEROUS));

        assertThat(result.exitCode()).isZero();
        assertThat(result.stdout()).isEqualTo(String.join("\n", awkward) + "\n");
        assertThat(result.argv()).isEqualTo(argv);
    }

    @Test
    void nonZeroExitAndStderrAreReturnedNotThrown() {
        CommandResult result = runner.run(CommandRequest.of(List.of("sh", "-c", "echo oops >&2; exit 3"), GENEROUS));

        assertThat(result.exitCode()).isEqualTo(3);
        assertThat(result.stderr()).isEqualTo("oops\n");
        assertThat(result.succeeded()).isFalse();
    }

    @Test
    void largeOutputOnBothStreamsDoesNotDeadlock() {
        // 20 MB on stdout and 2 MB on stderr, far beyond the 64 KB pipe buffers.
        String script = "head -c 2000000 /dev/zero | tr '\\0' e >&2; head -c 20000000 /dev/zero | tr '\\0' o";

        CommandResult result = runner.run(CommandRequest.of(List.of("sh", "-c", script), GENEROUS));

        assertThat(result.stdout()).hasSize(20_000_000);
        assertThat(result.stderr()).hasSize(2_000_000);
    }

    @Test
    void environmentChangesAndWorkDirApply(@TempDir Path dir) throws IOException {
        Path workDir = Files.createDirectory(dir.resolve("with space"));
        CommandRequest request = new CommandRequest(
                List.of("sh", "-c", "echo \"${HOME-unset} $ADDED\"; pwd"),
                Map.of("ADDED", "yes"),
                new VariableFilter(Set.of("HOM"), Set.of()),
                Optional.of(workDir),
                GENEROUS);

        CommandResult result = runner.run(request);

        assertThat(result.stdout()).isEqualTo("unset yes\n" + workDir.toRealPath() + "\n");
    }

    @Test
    void missingProgramSaysSlurmIsNotOnPath() {
        assertThatThrownBy(() -> runner.run(CommandRequest.of(List.of("mem-escalate-no-such-sbatch"), GENEROUS)))
                .isInstanceOf(SlurmUnavailableException.class)
                .hasMessageContaining("'mem-escalate-no-such-sbatch' was not found on PATH")
                .hasMessageContaining("Slurm's client commands");
    }

    @Test
    void missingWorkDirIsNamed(@TempDir Path dir) {
        Path missing = dir.resolve("gone");
        CommandRequest request = new CommandRequest(
                List.of("true"), Map.of(), VariableFilter.NONE, Optional.of(missing), GENEROUS);

        assertThatThrownBy(() -> runner.run(request))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining(missing.toString());
    }

    @Test
    void timeoutKillsTheWholeProcessTreeAndIsTransient() throws IOException {
        // The shell starts a child sleep and reports its pid on stderr; both must be gone after the timeout.
        List<String> argv = List.of("sh", "-c", "sleep 300 & echo $! >&2; wait");

        SlurmException timeout = catchTimeout(CommandRequest.of(argv, Duration.ofSeconds(1)));

        assertThat(timeout.isTransient()).isTrue();
        assertThat(timeout.exitCode()).isEqualTo(SlurmException.NO_EXIT_CODE);
        assertThat(timeout.getMessage()).isEqualTo("'sh' did not finish within 1 s; killed it and its child processes");
        long childPid = Long.parseLong(timeout.stderr().strip());
        assertThat(isRunning(childPid)).as("child sleep %d still running", childPid).isFalse();
    }

    private SlurmException catchTimeout(CommandRequest request) {
        try {
            runner.run(request);
        } catch (SlurmException expected) {
            return expected;
        }
        throw new AssertionError("expected a timeout");
    }

    /** Alive and not a zombie: PID 1 here may be no real init, so killed children can linger as zombies. */
    private static boolean isRunning(long pid) throws IOException {
        Path status = Path.of("/proc/" + pid + "/status");
        if (!Files.exists(status)) {
            return false;
        }
        return Files.readAllLines(status).stream()
                .filter(line -> line.startsWith("State:"))
                .map(line -> line.substring("State:".length()).strip().charAt(0))
                .noneMatch(state -> state == 'Z' || state == 'X');
    }
}
