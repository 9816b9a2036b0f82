package dev.memescalate.slurm.exec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.memescalate.InvalidInputException;
import dev.memescalate.indexset.IndexSet;
import dev.memescalate.slurm.Fixtures;
import dev.memescalate.slurm.LineSplitter;
import dev.memescalate.slurm.RoundAccounting;
import dev.memescalate.slurm.SacctFormat;
import dev.memescalate.slurm.SlurmException;
import dev.memescalate.slurm.SlurmUnavailableException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.ZoneOffset;
import java.util.ArrayList;
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

    @Test
    void streamHandsOverEveryLineInOrderAndReturnsNoStdout() {
        long[] count = {0};
        long[] sum = {0};
        String[] last = {null};

        CommandResult result = runner.stream(CommandRequest.of(List.of("seq", "1", "300000"), GENEROUS), line -> {
            count[0]++;
            sum[0] += Long.parseLong(line.toString());
            last[0] = line.toString();
        });

        assertThat(result.exitCode()).isZero();
        assertThat(result.stdout()).isEmpty();
        assertThat(count[0]).isEqualTo(300_000);
        assertThat(sum[0]).isEqualTo(300_000L * 300_001 / 2);
        assertThat(last[0]).isEqualTo("300000");
    }

    @Test
    void streamHandsLinesOverWhileTheProcessStillRuns(@TempDir Path dir) throws IOException {
        // The process prints a line, then waits until the sink has seen it (a flag file) before printing the second:
        // a runner that collected stdout until the process exits would wait for the timeout instead.
        Path flag = dir.resolve("seen first");
        List<String> argv = List.of("sh", "-c", "echo first; while [ ! -e \"$1\" ]; do sleep 0.05; done; echo second",
                "sh", flag.toString());
        List<String> lines = new ArrayList<>();

        CommandResult result = runner.stream(CommandRequest.of(argv, GENEROUS), line -> {
            lines.add(line.toString());
            if (line.toString().equals("first")) {
                try {
                    Files.createFile(flag);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }
        });

        assertThat(result.exitCode()).isZero();
        assertThat(lines).containsExactly("first", "second");
    }

    @Test
    void streamCapturesStderrAndReturnsANonZeroExit() {
        // 2 MB on stderr while stdout is streamed: neither pipe may block the other.
        String script = "seq 1 100000; head -c 2000000 /dev/zero | tr '\\0' e >&2; echo done; exit 3";
        List<String> lines = new ArrayList<>();

        CommandResult result = runner.stream(CommandRequest.of(List.of("sh", "-c", script), GENEROUS),
                line -> lines.add(line.toString()));

        assertThat(result.exitCode()).isEqualTo(3);
        assertThat(result.stderr()).hasSize(2_000_000);
        assertThat(lines).hasSize(100_001).endsWith("done");
    }

    @Test
    void streamKeepsLongLinesOfMultiByteCharactersWholeAcrossBuffers() {
        // 100,000 two-byte characters per line: far beyond one 32 K buffer, and the bytes of one character may be
        // cut between two reads of the pipe.
        String script = "for i in 1 2 3; do head -c 100000 /dev/zero | tr '\\0' x | sed 's/x/\u00fc/g'; "
                + "printf '\\r\\n'; done; printf 'last without newline'";
        List<String> lines = new ArrayList<>();

        runner.stream(CommandRequest.of(List.of("sh", "-c", script), GENEROUS), line -> lines.add(line.toString()));

        assertThat(lines).hasSize(4);
        assertThat(lines.subList(0, 3)).allSatisfy(line -> assertThat(line).isEqualTo("\u00fc".repeat(100_000)));
        assertThat(lines.get(3)).isEqualTo("last without newline");
    }

    @Test
    void streamCutsLinesAsLineSplitterCutsTheSameText(@TempDir Path dir) throws IOException {
        // Lines shorter and longer than a 64 KB buffer, blank ones, CRLF, a lone CR inside, multi-byte characters
        // wherever a read of the pipe ends, and a last line without newline; then an empty output.
        java.util.Random random = new java.util.Random(42);
        StringBuilder text = new StringBuilder();
        for (int line = 0; line < 1_000; line++) {
            int length = random.nextInt(20) == 0 ? random.nextInt(200_000) : random.nextInt(120);
            for (int i = 0; i < length; i++) {
                text.append("ab|\u00fc\r x".charAt(random.nextInt(7)));
            }
            text.append(random.nextInt(5) == 0 ? "\r\n" : "\n");
        }
        text.append("last without newline");
        for (String output : List.of(text.toString(), "")) {
            Path file = Files.writeString(dir.resolve("output.txt"), output);
            List<String> expected = new ArrayList<>();
            LineSplitter.forEachLine(output, line -> expected.add(line.toString()));
            List<String> streamed = new ArrayList<>();

            runner.stream(CommandRequest.of(List.of("cat", file.toString()), GENEROUS),
                    line -> streamed.add(line.toString()));

            assertThat(streamed).hasSameSizeAs(expected).isEqualTo(expected);
        }
    }

    @Test
    void streamAppliesTheEnvironmentChangesAndWorkDir(@TempDir Path dir) throws IOException {
        Path workDir = Files.createDirectory(dir.resolve("with space"));
        CommandRequest request = new CommandRequest(
                List.of("sh", "-c", "echo \"${HOME-unset} $ADDED\"; pwd"),
                Map.of("ADDED", "yes"),
                new VariableFilter(Set.of("HOM"), Set.of()),
                Optional.of(workDir),
                GENEROUS);
        List<String> lines = new ArrayList<>();

        runner.stream(request, line -> lines.add(line.toString()));

        assertThat(lines).containsExactly("unset yes", workDir.toRealPath().toString());
    }

    @Test
    void streamTimeoutKillsTheProcessTreeAfterTheLinesSoFar() throws IOException {
        List<String> argv = List.of("sh", "-c", "echo before; sleep 300 & echo $! >&2; wait");
        List<String> lines = new ArrayList<>();

        SlurmException timeout = catchTimeout(() -> runner.stream(CommandRequest.of(argv, Duration.ofSeconds(1)),
                line -> lines.add(line.toString())));

        assertThat(lines).containsExactly("before");
        assertThat(timeout.isTransient()).isTrue();
        assertThat(timeout.getMessage()).isEqualTo("'sh' did not finish within 1 s; killed it and its child processes");
        long childPid = Long.parseLong(timeout.stderr().strip());
        assertThat(isRunning(childPid)).as("child sleep %d still running", childPid).isFalse();
    }

    @Test
    void aSinkThatThrowsStopsTheProcessTreeAndItsExceptionGoesOn() throws IOException {
        // The child's pid is the first line; the sink refuses it.
        List<String> argv = List.of("sh", "-c", "sleep 300 & echo $!; wait");
        long[] childPid = {0};

        assertThatThrownBy(() -> runner.stream(CommandRequest.of(argv, GENEROUS), line -> {
            childPid[0] = Long.parseLong(line.toString());
            throw new IllegalStateException("sink refuses " + line);
        })).isInstanceOf(IllegalStateException.class).hasMessageStartingWith("sink refuses ");

        assertThat(isRunning(childPid[0])).as("child sleep %d still running", childPid[0]).isFalse();
    }

    @Test
    void aSacctAnswerStreamedFromAProcessFoldsLikeItsText() throws Exception {
        Path fixture = Path.of(Fixtures.class.getResource("/slurm-22.05/sacct-P-steps-final.txt").toURI());
        Map<Long, IndexSet> expected = Map.of(134L, IndexSet.range(0, 11));
        RoundAccounting.Folder streamed = RoundAccounting.folder(expected, SacctFormat.STANDARD, ZoneOffset.UTC);
        RoundAccounting.Folder fromText = RoundAccounting.folder(expected, SacctFormat.STANDARD, ZoneOffset.UTC);

        runner.stream(CommandRequest.of(List.of("cat", fixture.toString()), GENEROUS), streamed);
        LineSplitter.forEachLine(Fixtures.slurm2205("sacct-P-steps-final.txt"), fromText);

        RoundAccounting fromProcess = streamed.finish();
        RoundAccounting reference = fromText.finish();
        assertThat(fromProcess.isComplete()).isTrue();
        for (int index = 0; index <= 11; index++) {
            assertThat(fromProcess.task(134, index)).isEqualTo(reference.task(134, index)).isPresent();
        }
    }

    @Test
    void streamOfAMissingProgramSaysSlurmIsNotOnPath() {
        assertThatThrownBy(() -> runner.stream(CommandRequest.of(List.of("mem-escalate-no-such-sacct"), GENEROUS),
                        line -> {}))
                .isInstanceOf(SlurmUnavailableException.class)
                .hasMessageContaining("'mem-escalate-no-such-sacct' was not found on PATH");
    }

    private SlurmException catchTimeout(CommandRequest request) {
        return catchTimeout(() -> runner.run(request));
    }

    private static SlurmException catchTimeout(Runnable command) {
        try {
            command.run();
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
