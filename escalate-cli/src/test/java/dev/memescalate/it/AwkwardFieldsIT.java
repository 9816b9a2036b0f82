package dev.memescalate.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import dev.memescalate.store.ChainRecord;
import dev.memescalate.store.ChainStatus;
import dev.memescalate.store.ChainStore;
import dev.memescalate.store.JobRecord;
import dev.memescalate.store.JobRole;
import dev.memescalate.store.RoundRecord;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * No shell ever receives user text: a chain on the real cluster with {@code $(...)}, backticks, {@code ;}, quotes
 * and newlines in every field that reaches a generated file or an sbatch argv (the script's arguments, an export,
 * {@code --job-name}, {@code --output}/{@code --error}, the tracker directory, the script's path). Nothing runs that
 * was not asked for (no PWNED file appears), the values reach sbatch's argv and then the tasks unchanged, and the
 * chain (an escalation round, so a handler job runs from the awkward tracker directory) completes.
 *
 * <p>Newlines: Slurm carries them in {@code --output}/{@code --error} (the file gets that name), in an exported value
 * and in {@code --chdir}/paths, so they are used here; in a job name it accepts them but squeue and sacct then print
 * the job over two lines, so {@code submit} refuses a job name with any control character (BadInputTest). {@code %}
 * and {@code \} in the tracker directory are refused too: they would be read as part of Slurm's output pattern.
 */
class AwkwardFieldsIT {
    private static final Duration CHAIN_TIMEOUT = Duration.ofMinutes(5);
    private static final String PWNED = "/tmp/mem-escalate-pwned-" + UUID.randomUUID();
    private static final String LADDER = """
            levels:
              - partition: day
                mem: 200M
                time: 1
              - partition: day
                mem: 1G
                time: 1
            handler:
              partition: pi_jetz
            sacct_timeout: 2m
            """;
    /** A fragment with every kind of shell trouble; {@code N} is replaced per field so each field has its own PWNED. */
    private static final String TROUBLE = "$(touch " + PWNED + "-N) `touch " + PWNED + "-N-bt`; 'single' \"double\"";

    private static final List<String> ARGS = List.of("two words", trouble("arg"), "a;b", "`id`", "line1\nline2",
            "", "--not-an-option", "naïve ✓");
    private static final String EXPORT_VALUE = trouble("export") + "\nsecond line";
    private static final String JOB_NAME = "it's " + trouble("jobname").replace("\n", "");

    private static SlurmTestCluster cluster;
    private static ChainHarness h;
    private static Path tracker;
    private static Path script;
    private static String outputPattern;
    private static String errorPattern;
    private static String chainId;

    private static String trouble(String field) {
        return TROUBLE.replace("-N", "-" + field);
    }

    @BeforeAll
    static void submitAChainWithAwkwardFields() throws IOException {
        cluster = SlurmTestCluster.connect();
        h = new ChainHarness(cluster, "awkward");
        tracker = h.work.getParent().resolve("tracker " + trouble("tracker") + "\nnewline");
        // Every '/' of the PWNED paths stays: a $(touch ...) that ran would hit exactly the path checked. So the
        // script and the output files live in directories named after parts of the fragment.
        script = h.work.resolve("my job " + trouble("script") + ".sh");
        Files.createDirectories(script.getParent());
        Files.copy(ChainHarness.SCENARIO, script);
        Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwxr-xr-x"));
        Path output = h.work.resolve("out " + trouble("output") + "\nnl-%a.out");
        Path error = h.work.resolve("err " + trouble("error") + "\nnl-%a.err");
        Files.createDirectories(output.getParent());
        Files.createDirectories(error.getParent());
        outputPattern = output.toString();
        errorPattern = error.toString();
        Path table = h.write("table.txt", "1 300 0 0 0\n* 0 0 0 0\n");
        Path config = h.write("ladder.yaml", LADDER);

        List<String> argv = new ArrayList<>(List.of("--array=0-2", "--config=" + config, "--export=FOO="
                + EXPORT_VALUE, "--job-name=" + JOB_NAME, "--output=" + outputPattern, "--error=" + errorPattern,
                script.toString(), table.toString()));
        argv.addAll(ARGS);
        chainId = h.submit(argv, Map.of("MEM_ESCALATE_HOME", tracker.toString(),
                "RECORD_DIR", h.work.resolve("records").toString(),
                "RECORD_VARS", "FOO SLURM_JOB_NAME MEM_ESCALATE_CHAIN_ID"));
    }

    @AfterAll
    static void cancelLeftovers() {
        if (cluster != null) {
            cluster.cancelSubmittedJobs();
        }
    }

    @Test
    void theChainCompletesAndNothingRanThatWasNotAsked() throws IOException {
        Snapshot s = awaitEnd();

        assertThat(s.chain().status()).as(ChainHarness.handlerLogs(s.chain())).isEqualTo(ChainStatus.COMPLETED);
        assertThat(s.rounds()).as("an escalation round: a handler ran from the awkward tracker directory").hasSize(2);
        for (String field : List.of("arg", "export", "jobname", "tracker", "script", "output", "error")) {
            assertThat(Path.of(PWNED + "-" + field)).as("$(...) in the %s", field).doesNotExist();
            assertThat(Path.of(PWNED + "-" + field + "-bt")).as("backticks in the %s", field).doesNotExist();
        }
    }

    @Test
    void sbatchGetsEveryValueAsOneArgvElementUnchanged() {
        Snapshot s = awaitEnd();
        JobRecord array = s.jobs().stream().filter(j -> j.key().round() == 1 && j.key().role() == JobRole.ARRAY)
                .findFirst().orElseThrow();

        assertThat(array.argv()).contains("--job-name=" + JOB_NAME + "-" + chainId + "-r1-p0",
                "--output=" + outputPattern, "--error=" + errorPattern);
        assertThat(array.argv()).as("--export variables travel in sbatch's environment, not on its command line")
                .contains("--export=ALL").noneMatch(a -> a.contains("FOO="));
        assertThat(array.argv().subList(array.argv().size() - ARGS.size(), array.argv().size()))
                .containsExactlyElementsOf(ARGS);
        assertThat(s.chain().scriptPath()).isEqualTo(script);
    }

    @Test
    void theTasksGetTheArgumentsTheExportAndTheJobNameByteForByte() {
        Snapshot s = awaitEnd();
        Path records = h.work.resolve("records");
        for (int round = 1; round <= 2; round++) {
            for (int i : round == 1 ? new int[] {0, 1, 2} : new int[] {1}) {
                assertThat(ChainHarness.read(records.resolve("r" + round + "-" + i + ".args")))
                        .as("arguments of task %d in round %d", i, round).contains(nulJoined(ARGS));
                assertThat(ChainHarness.read(records.resolve("r" + round + "-" + i + ".env")))
                        .as("FOO, SLURM_JOB_NAME and the chain id of task %d in round %d", i, round)
                        .contains(nulJoined(List.of(EXPORT_VALUE, JOB_NAME + "-" + s.chain().id() + "-r" + round
                                + "-p0", s.chain().id())));
            }
        }
    }

    @Test
    void outputAndErrorGoToFilesOfExactlyThePatternsNames() {
        awaitEnd();
        for (int i = 0; i <= 2; i++) {
            Path out = Path.of(outputPattern.replace("%a", Integer.toString(i)));
            Path err = Path.of(errorPattern.replace("%a", Integer.toString(i)));
            assertThat(out).as("--output of task %d", i).exists();
            assertThat(ChainHarness.read(out).orElseThrow()).contains("task " + i + ": level");
            assertThat(err).as("--error of task %d", i).exists();
        }
    }

    @Test
    void theHandlerScriptSingleQuotesThePathsAndTheTrackerIsPrivate() throws Exception {
        Snapshot s = awaitEnd();
        Path chainDir = s.chain().chainDir();
        Path handler = chainDir.resolve("handler.sh");
        String text = Files.readString(handler);

        assertThat(text).contains(" --store '" + tracker.resolve("chains.db").toString().replace("'", "'\\''")
                + "' --chain '" + chainId + "' --round \"$@\"\n");
        Process syntax = new ProcessBuilder("sh", "-n", handler.toString()).redirectErrorStream(true).start();
        assertThat(syntax.waitFor()).as(new String(syntax.getInputStream().readAllBytes())).isZero();
        assertThat(mode(tracker)).isEqualTo("rwx------");
        assertThat(mode(tracker.resolve("chains.db"))).isEqualTo("rw-------");
        assertThat(mode(chainDir)).isEqualTo("rwx------");
        assertThat(mode(s.chain().scriptSnapshotPath())).isEqualTo("rw-------");
        assertThat(mode(handler)).isEqualTo("rwx------");
    }

    private static String mode(Path p) throws IOException {
        return PosixFilePermissions.toString(Files.getPosixFilePermissions(p));
    }

    private record Snapshot(ChainRecord chain, List<RoundRecord> rounds, List<JobRecord> jobs) {}

    /** The chain from the store in the awkward tracker directory (ChainHarness reads only its own). */
    private static Snapshot awaitEnd() {
        Instant deadline = Instant.now().plus(CHAIN_TIMEOUT);
        while (true) {
            Snapshot s;
            try (ChainStore store = ChainStore.open(tracker.resolve("chains.db"))) {
                s = store.read(tx -> new Snapshot(tx.chains().find(chainId).orElseThrow(),
                        tx.rounds().forChain(chainId), tx.jobs().forChain(chainId)));
            }
            if (s.chain().status().isTerminal()) {
                return s;
            }
            if (Instant.now().isAfter(deadline)) {
                fail("chain " + chainId + " did not end within " + CHAIN_TIMEOUT + "; it is " + s.chain().status()
                        + "\nhandler logs:\n" + ChainHarness.handlerLogs(s.chain()));
            }
            ChainHarness.sleep(Duration.ofSeconds(1));
        }
    }

    private static String nulJoined(List<String> values) {
        return values.stream().map(v -> v + "\0").collect(Collectors.joining());
    }
}
