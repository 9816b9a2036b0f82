package dev.memescalate.it;

import dev.memescalate.slurm.JobState;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.function.Supplier;
import java.util.stream.IntStream;

/**
 * The real Slurm cluster the integration tests run against, and the few commands they need.
 *
 * <p>{@link #connect()} finds the cluster through {@code SLURM_CONF}; when that is unset it uses the config of
 * {@code docker/local-cluster} at {@value #LOCAL_CLUSTER_CONF} if present. When no cluster answers, the test fails
 * (it never skips) and the message names the command that starts one.
 *
 * <p>Every job this class submits is remembered; {@link #cancelSubmittedJobs()} cancels those still queued.
 */
final class SlurmTestCluster {

    static final String LOCAL_CLUSTER_CONF = "/tmp/mem-escalate-cluster/etc/slurm.conf";
    /** Where Slurm commands look when SLURM_CONF is unset (Debian's build). */
    private static final String SYSTEM_CONF = "/etc/slurm/slurm.conf";

    private static final String HOW_TO_START = "Start the local cluster with `docker/local-cluster up` (as root) and "
            + "point the tests at it with `eval \"$(docker/local-cluster env)\"`.";
    private static final Duration COMMAND_TIMEOUT = Duration.ofSeconds(30);
    /** scontrol ping answers in well under a second when slurmctld is down; this bounds a hung probe. */
    private static final Duration PROBE_TIMEOUT = Duration.ofSeconds(15);
    private static final Duration FIRST_POLL_DELAY = Duration.ofMillis(200);
    private static final Duration MAX_POLL_DELAY = Duration.ofSeconds(1);
    /** sacct -S takes local time to the second. */
    private static final DateTimeFormatter SACCT_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss");

    /** One finished command: what ran, how it ended, what it printed. */
    record CommandResult(List<String> command, int exitCode, String stdout, String stderr) {
        boolean succeeded() {
            return exitCode == 0;
        }

        String describe() {
            return String.join(" ", command) + " -> exit " + exitCode + "\nstdout: " + stdout + "\nstderr: " + stderr;
        }
    }

    /**
     * One allocation row of {@code sacct -X -P -o JobID,State,ExitCode,Partition,NodeList}, e.g.
     * {@code 12_3|OUT_OF_MEMORY|0:125|day|day1}.
     */
    record SacctRow(String jobId, String stateText, String exitCode, String partition, String nodeList) {
        JobState state() {
            return JobState.parse(stateText);
        }
    }

    /** squeue's view of a queued job: state and reason, e.g. {@code PENDING} / {@code PartitionTimeLimit}. */
    record QueueEntry(String state, String reason, String partition) {}

    /** The script that starts the local cluster, and stops and restarts its daemons for the fault tests. */
    private static final Path LOCAL_CLUSTER = Path.of("..", "docker", "local-cluster").toAbsolutePath().normalize();

    private final Map<String, String> environment;
    private final Path workDir;
    /** Lower bound for sacct -S: job ids restart at 1 on a fresh cluster while slurmdbd keeps old records. */
    private final String sacctSince;
    private final List<String> submittedJobIds = new ArrayList<>();

    private SlurmTestCluster(Map<String, String> environment, Path workDir, String sacctSince) {
        this.environment = Map.copyOf(environment);
        this.workDir = workDir;
        this.sacctSince = sacctSince;
    }

    /** Checks that a cluster answers {@code scontrol ping} and {@code sinfo}; throws AssertionError otherwise. */
    static SlurmTestCluster connect() {
        Map<String, String> environment = new HashMap<>();
        String configured = System.getenv("SLURM_CONF");
        boolean useLocalCluster = configured == null && Files.isReadable(Path.of(LOCAL_CLUSTER_CONF));
        if (useLocalCluster) {
            environment.put("SLURM_CONF", LOCAL_CLUSTER_CONF);
        }
        String config = configured != null ? configured : useLocalCluster ? LOCAL_CLUSTER_CONF : SYSTEM_CONF;
        // With a missing config file every Slurm command retries for 60 s before failing: check first.
        if (!Files.isReadable(Path.of(config))) {
            String source = configured != null ? "SLURM_CONF=" + configured
                    : "SLURM_CONF is unset and neither " + LOCAL_CLUSTER_CONF + " nor " + SYSTEM_CONF + " exists";
            throw new AssertionError("No Slurm cluster configured: " + source + ". " + HOW_TO_START);
        }
        String since = LocalDateTime.now().minusSeconds(1).truncatedTo(ChronoUnit.SECONDS).format(SACCT_TIME);
        Path workDir;
        try {
            workDir = Files.createTempDirectory("mem-escalate-it-");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        SlurmTestCluster cluster = new SlurmTestCluster(environment, workDir, since);
        for (List<String> probe : List.of(List.of("scontrol", "ping"), List.of("sinfo", "-h", "-o", "%P %a"))) {
            String command = "`" + String.join(" ", probe) + "` with SLURM_CONF=" + config;
            CommandResult result;
            try {
                result = cluster.run(probe, PROBE_TIMEOUT);
            } catch (UncheckedIOException | AssertionError noAnswer) {
                throw new AssertionError("No Slurm cluster reachable: " + command + " failed: "
                        + noAnswer.getMessage() + ". " + HOW_TO_START, noAnswer);
            }
            boolean answered = result.succeeded() && !result.stdout().contains("DOWN");
            if (!answered) {
                throw new AssertionError("No Slurm cluster reachable: " + command + " gave exit " + result.exitCode()
                        + ": " + (result.stdout() + " " + result.stderr()).strip() + ". " + HOW_TO_START);
            }
        }
        return cluster;
    }

    /** The slurm.conf every command here uses: for child processes that need SLURM_CONF set. */
    String slurmConf() {
        String fromEnv = System.getenv("SLURM_CONF");
        return environment.getOrDefault("SLURM_CONF", fromEnv != null ? fromEnv : SYSTEM_CONF);
    }

    /** A private directory on the local file system for job scripts and job output. */
    Path workDir() {
        return workDir;
    }

    /** Runs argv (no shell) with SLURM_CONF set as in {@link #connect()}; waits at most 30 s. */
    CommandResult run(List<String> argv) {
        return run(argv, COMMAND_TIMEOUT);
    }

    CommandResult run(List<String> argv, Duration timeout) {
        ProcessBuilder builder = new ProcessBuilder(argv);
        builder.environment().putAll(environment);
        // sacct cuts array expressions such as 12_[4-9] at 64 bytes unless this is 0.
        builder.environment().put("SLURM_BITSTR_LEN", "0");
        try {
            Path stdout = Files.createTempFile(workDir, "stdout-", ".txt");
            Path stderr = Files.createTempFile(workDir, "stderr-", ".txt");
            builder.redirectOutput(stdout.toFile()).redirectError(stderr.toFile());
            Process process = builder.start();
            boolean finished = process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
            if (!finished) {
                process.destroyForcibly();
                throw new AssertionError("`" + String.join(" ", argv) + "` did not finish within " + timeout);
            }
            CommandResult result = new CommandResult(List.copyOf(argv), process.exitValue(),
                    Files.readString(stdout, StandardCharsets.UTF_8), Files.readString(stderr, StandardCharsets.UTF_8));
            Files.delete(stdout);
            Files.delete(stderr);
            return result;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted while running " + argv, e);
        }
    }

    /** Runs argv and fails the test unless it exits 0. */
    CommandResult runOk(List<String> argv) {
        CommandResult result = run(argv);
        if (!result.succeeded()) {
            throw new AssertionError("command failed: " + result.describe());
        }
        return result;
    }

    /** Writes {@code script} (a bash script body) to the work dir and submits it; returns the job id. */
    /**
     * Runs {@code docker/local-cluster ARGS} (fault tests stop a daemon with {@code stop}, and put everything back
     * with {@code up}); fails the test unless it exits 0.
     */
    void localCluster(String... args) {
        List<String> argv = new ArrayList<>(List.of(LOCAL_CLUSTER.toString()));
        argv.addAll(List.of(args));
        CommandResult result = run(argv, Duration.ofMinutes(3));
        if (!result.succeeded()) {
            throw new AssertionError(result.describe());
        }
    }

    String sbatch(List<String> options, String script) {
        Path file = writeScript(script);
        List<String> argv = new ArrayList<>(List.of("sbatch", "--parsable",
                "--output=" + workDir.resolve("slurm-%j.out")));
        argv.addAll(options);
        argv.add(file.toString());
        CommandResult result = runOk(argv);
        // --parsable prints "jobid" or "jobid;cluster".
        String jobId = result.stdout().strip().split(";", 2)[0];
        if (!jobId.matches("[0-9]+")) {
            throw new AssertionError("sbatch printed no job id: " + result.describe());
        }
        submittedJobIds.add(jobId);
        return jobId;
    }

    /** Where a job submitted by {@link #sbatch} writes its output (for an array task: its own job id). */
    Path outputOf(String jobId) {
        return workDir.resolve("slurm-" + jobId + ".out");
    }

    private Path writeScript(String body) {
        try {
            Path file = Files.createTempFile(workDir, "job-", ".sh",
                    PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwxr-xr-x")));
            Files.writeString(file, "#!/bin/bash\n" + body + "\n", StandardCharsets.UTF_8);
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The job's allocation rows in sacct (tasks of an array as {@code ID_i}), keyed by JobID. */
    Map<String, SacctRow> sacctRows(String jobId) {
        CommandResult result = runOk(List.of("sacct", "-X", "-n", "-P", "-j", jobId, "-S", sacctSince,
                "-o", "JobID,State,ExitCode,Partition,NodeList"));
        Map<String, SacctRow> rows = new LinkedHashMap<>();
        for (String line : result.stdout().split("\n")) {
            String[] fields = line.split("\\|", -1);
            if (fields.length == 5) {
                rows.put(fields[0], new SacctRow(fields[0], fields[1], fields[2], fields[3], fields[4]));
            }
        }
        return rows;
    }

    /**
     * The allocation rows of jobs in sacct, since this cluster connection began, with the given fields
     * ({@code -o}), each row split at {@code |}.
     */
    List<String[]> sacctFields(List<String> jobIds, String fields) {
        CommandResult result = runOk(List.of("sacct", "-X", "-n", "-P", "-j", String.join(",", jobIds), "-S",
                sacctSince, "-o", fields));
        return result.stdout().lines().filter(l -> !l.isBlank()).map(l -> l.split("\\|", -1)).toList();
    }

    /**
     * Polls sacct until every task in {@code indices} of array {@code jobId} has a terminal row; returns the rows.
     * Right after an array ends sacct can briefly return a single wrong row, so only a full set of terminal rows
     * counts as done.
     */
    Map<Integer, SacctRow> awaitTerminalTasks(String jobId, Collection<Integer> indices, Duration timeout) {
        Map<String, SacctRow> rows = pollUntil(() -> sacctRows(jobId),
                current -> indices.stream().allMatch(index -> isTerminal(current.get(jobId + "_" + index))),
                timeout, () -> "array " + jobId + " tasks " + indices + " terminal in sacct");
        Map<Integer, SacctRow> byIndex = new LinkedHashMap<>();
        for (int index : indices) {
            byIndex.put(index, rows.get(jobId + "_" + index));
        }
        return byIndex;
    }

    /** Polls sacct until the (non-array) job has a terminal row; returns it. */
    SacctRow awaitTerminalJob(String jobId, Duration timeout) {
        Map<String, SacctRow> rows = pollUntil(() -> sacctRows(jobId), current -> isTerminal(current.get(jobId)),
                timeout, () -> "job " + jobId + " terminal in sacct");
        return rows.get(jobId);
    }

    private static boolean isTerminal(SacctRow row) {
        return row != null && row.state().isTerminal();
    }

    /** squeue's state and reason for the job; empty once it has left the queue. */
    Optional<QueueEntry> squeue(String jobId) {
        CommandResult result = run(List.of("squeue", "-h", "-j", jobId, "-o", "%T|%r|%P"));
        // A job purged from slurmctld (MinJobAge) makes squeue fail with "Invalid job id specified".
        boolean unknownToSlurmctld = !result.succeeded() && result.stderr().contains("Invalid job id");
        if (unknownToSlurmctld) {
            return Optional.empty();
        }
        if (!result.succeeded()) {
            throw new AssertionError("squeue failed: " + result.describe());
        }
        String line = result.stdout().strip();
        if (line.isEmpty()) {
            return Optional.empty();
        }
        String[] fields = line.split("\n", 2)[0].split("\\|", -1);
        return Optional.of(new QueueEntry(fields[0], fields[1], fields[2]));
    }

    /** Polls squeue until {@code condition} holds for the job's queue entry (empty = gone); returns the last one. */
    Optional<QueueEntry> awaitQueue(String jobId, Predicate<Optional<QueueEntry>> condition, Duration timeout,
            String description) {
        return pollUntil(() -> squeue(jobId), condition, timeout, () -> "job " + jobId + ": " + description);
    }

    /** Cancels the given jobs (scancel ignores jobs that already ended). */
    void scancel(String... jobIds) {
        List<String> argv = new ArrayList<>(List.of("scancel"));
        argv.addAll(List.of(jobIds));
        runOk(argv);
    }

    /** Cancels every job submitted through this object that is still queued; for @AfterAll. */
    void cancelSubmittedJobs() {
        if (!submittedJobIds.isEmpty()) {
            scancel(submittedJobIds.toArray(String[]::new));
        }
    }

    /** Bounded polling: first after 200 ms, the delay doubling up to 1 s, until the deadline. */
    private static <T> T pollUntil(Supplier<T> read, Predicate<T> done, Duration timeout,
            Supplier<String> what) {
        Instant deadline = Instant.now().plus(timeout);
        Duration delay = FIRST_POLL_DELAY;
        T value = read.get();
        while (!done.test(value)) {
            if (Instant.now().isAfter(deadline)) {
                throw new AssertionError("timed out after " + timeout + " waiting for " + what.get()
                        + "; last seen: " + value);
            }
            sleep(delay);
            delay = delay.multipliedBy(2).compareTo(MAX_POLL_DELAY) > 0 ? MAX_POLL_DELAY : delay.multipliedBy(2);
            value = read.get();
        }
        return value;
    }

    private static void sleep(Duration delay) {
        try {
            Thread.sleep(delay.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted while polling Slurm", e);
        }
    }

    /** Task indices {@code first..last} inclusive, ascending. */
    static List<Integer> indices(int first, int last) {
        return IntStream.rangeClosed(first, last).boxed().toList();
    }
}
