package dev.memescalate.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import dev.memescalate.engine.ChainLauncher;
import dev.memescalate.engine.JobNames;
import dev.memescalate.store.AttemptRecord;
import dev.memescalate.store.ChainRecord;
import dev.memescalate.store.ChainStore;
import dev.memescalate.store.JobRecord;
import dev.memescalate.store.RoundRecord;
import dev.memescalate.store.TaskOutcomeRecord;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Runs the real {@code bin/mem-escalate} (the shaded jar) against the local cluster, with a private tracker
 * directory, and reads what the chain did from its store.
 */
final class ChainHarness {
    /** The launcher in the source tree; failsafe runs in escalate-cli, after the shaded jar was packaged. */
    static final Path LAUNCHER = Path.of("..", "bin", "mem-escalate").toAbsolutePath().normalize();
    static final Path SCENARIO = Path.of("..", "tests", "jobs", "scenario.sh").toAbsolutePath().normalize();
    private static final Pattern CHAIN_ID = Pattern.compile("Submitted chain ([0-9a-f]+):");

    private final SlurmTestCluster cluster;
    private final Path launcher;
    final Path home;
    final Path work;

    ChainHarness(SlurmTestCluster cluster, String name) {
        this(cluster, name, LAUNCHER);
    }

    /** A harness that runs another installation's launcher, e.g. one unpacked from the release tarball. */
    ChainHarness(SlurmTestCluster cluster, String name, Path launcher) {
        this.cluster = cluster;
        this.launcher = launcher;
        try {
            Path root = Files.createTempDirectory("mem-escalate-e2e-" + name + "-");
            this.home = Files.createDirectories(root.resolve("tracker"));
            this.work = Files.createDirectories(root.resolve("work dir"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** One finished mem-escalate command. */
    record Run(List<String> argv, int exitCode, String stdout, String stderr) {
        String chainId() {
            Matcher m = CHAIN_ID.matcher(stdout);
            if (!m.find()) {
                fail("no chain id in the output of " + argv + ":\n" + stdout + "\nstderr:\n" + stderr);
            }
            return m.group(1);
        }
    }

    /** Runs {@code mem-escalate ARGS} and fails the test unless it exits {@code expected}. */
    Run runExpecting(int expected, String... args) {
        Run run = run(List.of(args), Map.of());
        assertThat(run.exitCode()).as("exit code of mem-escalate %s; stdout:%n%s%nstderr:%n%s", List.of(args),
                run.stdout(), run.stderr()).isEqualTo(expected);
        return run;
    }

    /** Writes a file in the work directory (a config, a scenario table) and returns its path. */
    Path write(String name, String text) {
        try {
            Path file = work.resolve(name);
            Files.createDirectories(file.getParent());
            return Files.writeString(file, text, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Runs {@code mem-escalate ARGS} in the work directory with extra environment variables. */
    Run run(List<String> args, Map<String, String> extraEnv) {
        return run(args, extraEnv, Duration.ofSeconds(120));
    }

    /** {@link #run(List, Map)} with a time limit of its own (status --watch runs as long as the chain). */
    Run run(List<String> args, Map<String, String> extraEnv, Duration timeout) {
        List<String> argv = new ArrayList<>();
        argv.add(launcher.toString());
        argv.addAll(args);
        ProcessBuilder pb = new ProcessBuilder(argv).directory(work.toFile());
        pb.environment().put("MEM_ESCALATE_HOME", home.toString());
        pb.environment().put("SLURM_CONF", cluster.slurmConf());
        pb.environment().putAll(extraEnv);
        try {
            Path out = Files.createTempFile("mem-escalate-out", ".txt");
            Path err = Files.createTempFile("mem-escalate-err", ".txt");
            Process p = pb.redirectOutput(out.toFile()).redirectError(err.toFile()).start();
            if (!p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                p.destroyForcibly();
                fail("mem-escalate " + args + " did not finish within " + timeout);
            }
            return new Run(argv, p.exitValue(), Files.readString(out), Files.readString(err));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** {@code mem-escalate submit ...}; fails the test unless it exits 0; returns the chain id. */
    String submit(List<String> args, Map<String, String> extraEnv) {
        List<String> argv = new ArrayList<>(List.of("submit"));
        argv.addAll(args);
        Run run = run(argv, extraEnv);
        assertThat(run.exitCode()).as("submit exit code; stderr:\n%s\nstdout:\n%s", run.stderr(), run.stdout())
                .isZero();
        return run.chainId();
    }

    Path storeFile() {
        return home.resolve(ChainLauncher.STORE_FILE);
    }

    /** What the store says of one chain, read in one transaction. */
    record Snapshot(ChainRecord chain, List<RoundRecord> rounds, List<JobRecord> jobs, List<AttemptRecord> attempts,
            List<TaskOutcomeRecord> outcomes) {
        Map<Integer, TaskOutcomeRecord> outcomeByIndex() {
            return outcomes.stream().collect(Collectors.toMap(TaskOutcomeRecord::index, o -> o));
        }

        Map<Integer, List<AttemptRecord>> attemptsByIndex() {
            Map<Integer, List<AttemptRecord>> byIndex = new HashMap<>();
            attempts.stream().sorted((a, b) -> Integer.compare(a.round(), b.round()))
                    .forEach(a -> byIndex.computeIfAbsent(a.index(), k -> new ArrayList<>()).add(a));
            return byIndex;
        }
    }

    Snapshot snapshot(String chainId) {
        try (ChainStore store = ChainStore.open(storeFile())) {
            return store.read(tx -> new Snapshot(tx.chains().find(chainId).orElseThrow(), tx.rounds().forChain(chainId),
                    tx.jobs().forChain(chainId), tx.attempts().forChain(chainId), tx.outcomes().forChain(chainId)));
        }
    }

    /** Polls the store until the chain has ended; fails the test after {@code timeout}. */
    Snapshot awaitEnd(String chainId, Duration timeout) {
        Instant deadline = Instant.now().plus(timeout);
        while (true) {
            Snapshot s = snapshot(chainId);
            if (s.chain().status().isTerminal()) {
                return s;
            }
            if (Instant.now().isAfter(deadline)) {
                fail("chain " + chainId + " did not end within " + timeout + "; it is " + s.chain().status()
                        + " with rounds " + s.rounds() + "\nhandler logs:\n" + handlerLogs(s.chain()));
            }
            sleep(Duration.ofSeconds(1));
        }
    }

    /** The job id of round {@code round}'s first array part. */
    static String arrayJobId(Snapshot s, int round) {
        return s.jobs().stream()
                .filter(j -> j.key().round() == round && j.key().role() == dev.memescalate.store.JobRole.ARRAY)
                .map(j -> j.slurmJobId().orElseThrow())
                .findFirst()
                .orElseThrow(() -> new AssertionError("round " + round + " has no submitted array job"));
    }

    /**
     * (g) Once a chain has ended, none of its jobs may stay pending or running. The last handler is itself still
     * running while it writes the end, so this waits (bounded) for the queue to empty.
     */
    void assertNothingLeftInQueue(Snapshot s) {
        List<String> names = s.jobs().stream().map(JobRecord::jobName).distinct().toList();
        Instant deadline = Instant.now().plus(Duration.ofSeconds(30));
        String queued;
        do {
            var result = cluster.runOk(List.of("squeue", "-h", "-o", "%i %j %T %r", "--name=" + String.join(",", names)));
            queued = result.stdout().strip();
            if (queued.isEmpty()) {
                return;
            }
            sleep(Duration.ofSeconds(1));
        } while (Instant.now().isBefore(deadline));
        fail("chain " + s.chain().id() + " ended " + s.chain().status() + " but jobs of it are still queued:\n"
                + queued);
    }

    /** The handler logs of a chain, for failure messages. */
    static String handlerLogs(ChainRecord chain) {
        try (var files = Files.list(chain.chainDir())) {
            StringBuilder sb = new StringBuilder();
            for (Path f : files.filter(p -> p.getFileName().toString().startsWith("handler-")).sorted().toList()) {
                sb.append("== ").append(f.getFileName()).append('\n').append(Files.readString(f));
            }
            return sb.toString();
        } catch (IOException e) {
            return "(cannot read handler logs: " + e + ")";
        }
    }

    static String arrayName(String base, String chainId, int round) {
        return JobNames.array(base, chainId, round, 0);
    }

    static Optional<String> read(Path file) {
        try {
            return Files.exists(file) ? Optional.of(Files.readString(file, StandardCharsets.UTF_8)) : Optional.empty();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static void sleep(Duration d) {
        try {
            Thread.sleep(d.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
