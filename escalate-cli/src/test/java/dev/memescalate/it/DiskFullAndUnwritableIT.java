package dev.memescalate.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.memescalate.store.ChainStore;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@code submit} into a tracker directory on a full disk, or one the user cannot write, against the real cluster:
 * exit code 3 (unexpected state), a message with the reason and what to do, no stack trace, no half-written state
 * (no store file made half, no chain directory without its records, the store unchanged) and nothing submitted.
 *
 * <p>How, as root on the test machine, and why:
 * <ul>
 *   <li>A full disk: a tiny tmpfs mounted on the tracker directory in a private mount namespace
 *       ({@code unshare -m}, mounts private by default), so no other process on the shared machine sees it and it
 *       disappears with the command; it is filled with {@code dd} to the last page. That is a real ENOSPC at the
 *       exact step under test. {@code ulimit -f} was the fallback: it raises SIGXFSZ/EFBIG per file, not "the
 *       disk is full" for every file, so it tests less. The test is skipped when {@code unshare -m} or the mount is
 *       not permitted.</li>
 *   <li>A directory that cannot be written: file permissions do not stop root, so the command runs as
 *       {@code nobody} through {@code setpriv --reuid=nobody --regid=nogroup --clear-groups} against a root-owned
 *       0755 directory.</li>
 * </ul>
 */
class DiskFullAndUnwritableIT {
    private static final String LADDER = """
            levels:
              - partition: day
                mem: 200M
                time: 1
            handler:
              partition: pi_jetz
            """;
    /** tmpfs counts whole 4 KiB pages. */
    private static final int PAGE = 4096;

    private static SlurmTestCluster cluster;

    @BeforeAll
    static void connect() {
        cluster = SlurmTestCluster.connect();
    }

    /** A private world for one test: a 0755 root (nobody must reach the work directory), a script, a ladder. */
    private static final class Scene {
        final Path root;
        final Path work;
        final Path script;
        final Path ladder;
        final String jobName = "bi-" + UUID.randomUUID().toString().substring(0, 8);

        Scene(String name) throws IOException {
            root = Files.createTempDirectory("mem-escalate-" + name + "-");
            Files.setPosixFilePermissions(root, PosixFilePermissions.fromString("rwxr-xr-x"));
            work = Files.createDirectories(root.resolve("work dir"));
            Files.setPosixFilePermissions(work, PosixFilePermissions.fromString("rwxr-xr-x"));
            script = Files.writeString(work.resolve("job.sh"), "#!/bin/sh\necho \"task $SLURM_ARRAY_TASK_ID\"\n");
            Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwxr-xr-x"));
            ladder = Files.writeString(work.resolve("ladder.yaml"), LADDER);
            Files.setPosixFilePermissions(ladder, PosixFilePermissions.fromString("rw-r--r--"));
        }

        List<String> submit() {
            return List.of(ChainHarness.LAUNCHER.toString(), "submit", "--array=0-3", "--config=" + ladder,
                    "--job-name=" + jobName, script.toString());
        }

        /** Runs {@code sh -c SCRIPT sh ARGS...} (optionally inside {@code unshare -m}) in the work directory. */
        SlurmTestCluster.CommandResult sh(boolean privateMounts, String shellScript, Map<String, String> env,
                List<String> args) {
            List<String> argv = new ArrayList<>();
            if (privateMounts) {
                argv.addAll(List.of("unshare", "-m", "--propagation", "private"));
            }
            argv.addAll(List.of("sh", "-c", shellScript, "sh"));
            argv.addAll(args);
            ProcessBuilder pb = new ProcessBuilder(argv).directory(work.toFile());
            pb.environment().put("SLURM_CONF", cluster.slurmConf());
            pb.environment().putAll(env);
            try {
                Path out = Files.createTempFile(root, "out", ".txt");
                Path err = Files.createTempFile(root, "err", ".txt");
                Process p = pb.redirectOutput(out.toFile()).redirectError(err.toFile()).start();
                if (!p.waitFor(120, TimeUnit.SECONDS)) {
                    p.destroyForcibly();
                    throw new AssertionError(argv + " did not finish within 120 s");
                }
                return new SlurmTestCluster.CommandResult(argv, p.exitValue(), Files.readString(out),
                        Files.readString(err));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }

        /** Nothing of this scene's job name is queued. */
        void assertNothingSubmitted() {
            String queued = cluster.runOk(List.of("squeue", "-h", "-o", "%i %j")).stdout();
            assertThat(queued).as("squeue").doesNotContain(jobName);
        }
    }

    /**
     * The shell run in a private mount namespace: mounts a tmpfs of {@code $1} bytes on the tracker directory
     * {@code $2}, lets {@code $3} (a shell snippet) prepare it, runs mem-escalate (the rest of the arguments) with
     * its output in {@code $2.out}/{@code $2.err}/{@code $2.rc}, then copies what the tmpfs holds (without the
     * filler) to {@code $2.after}, since the mount disappears with the namespace.
     */
    private static final String ON_TINY_TMPFS = """
            set -e
            size=$1 tracker=$2 prepare=$3; shift 3
            mount -t tmpfs -o "size=$size,mode=0700" tmpfs "$tracker"
            eval "$prepare"
            set +e
            MEM_ESCALATE_HOME=$tracker "$@" >"$tracker.out" 2>"$tracker.err"
            echo $? >"$tracker.rc"
            mkdir -p "$tracker.after"
            (cd "$tracker" && find . -mindepth 1 ! -name filler -printf '%p %m\\n' | sort) >"$tracker.listing"
            [ ! -e "$tracker/chains.db" ] || cp -p "$tracker/chains.db" "$tracker.after/chains.db"
            """;

    /** Fills the tmpfs to its last page, then frees {@code $FREE_PAGES} pages again. */
    private static final String FILL = """
            dd if=/dev/zero of="$tracker/filler" bs=4096 2>/dev/null || true
            [ "${FREE_PAGES:-0}" -eq 0 ] || truncate -s "-$((FREE_PAGES * 4096))" "$tracker/filler"
            """;

    private record Outcome(int exitCode, String stderr, String listing, Path storeAfter) {}

    private static Outcome onTinyTmpfs(Scene scene, String size, String prepare, Map<String, String> env) {
        return onTinyTmpfs(scene, size, prepare, env, scene.submit());
    }

    private static Outcome onTinyTmpfs(Scene scene, String size, String prepare, Map<String, String> env,
            List<String> command) {
        Path tracker;
        try {
            tracker = Files.createDirectories(scene.root.resolve("tracker"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        List<String> args = new ArrayList<>(List.of(size, tracker.toString(), prepare));
        args.addAll(command);
        SlurmTestCluster.CommandResult run = scene.sh(true, ON_TINY_TMPFS, env, args);
        assertThat(run.exitCode()).as("the tmpfs scene itself: %s", run.describe()).isZero();
        try {
            return new Outcome(Integer.parseInt(Files.readString(Path.of(tracker + ".rc")).strip()),
                    Files.readString(Path.of(tracker + ".err")), Files.readString(Path.of(tracker + ".listing")),
                    Path.of(tracker + ".after", "chains.db"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void assumePrivateMountsWork(Scene scene) {
        SlurmTestCluster.CommandResult probe = scene.sh(true, "mount -t tmpfs -o size=4k tmpfs \"$1\"", Map.of(),
                List.of(scene.root.toString()));
        assumeTrue(probe.succeeded(), "unshare -m and a tmpfs mount are not permitted here: " + probe.describe());
    }

    /** A store with its schema, outside the tmpfs, to copy in: the store that exists before the full disk. */
    private static Path seedStore(Scene scene) {
        Path seed = scene.root.resolve("seed/chains.db");
        ChainStore.open(seed).close();
        return seed;
    }

    @Test
    void aDiskFullBeforeTheStoreExistsLeavesNoStoreAndSubmitsNothing() throws IOException {
        Scene scene = new Scene("full-new");
        assumePrivateMountsWork(scene);

        Outcome o = onTinyTmpfs(scene, "16k", "", Map.of());

        assertThat(o.exitCode()).as(o.stderr()).isEqualTo(3);
        assertThat(o.stderr()).isEqualTo("mem-escalate: the chain store: the disk holding " + scene.root.resolve(
                "tracker/chains.db") + " is full (SQLITE_FULL); SQLite rolled the change back, nothing of it was"
                + " kept: free space there, or choose another tracker directory (MEM_ESCALATE_HOME or"
                + " --tracker-dir)\n");
        assertThat(o.listing()).as("what the tmpfs holds afterwards").isEmpty();
        scene.assertNothingSubmitted();
    }

    @Test
    void aDiskFullAtTheScriptSnapshotLeavesNoChainDirectoryAndTheStoreUnchanged() throws IOException {
        Scene scene = new Scene("full-snapshot");
        assumePrivateMountsWork(scene);
        Path seed = seedStore(scene);

        Outcome o = onTinyTmpfs(scene, "1m", "cp -p \"$SEED\" \"$tracker/chains.db\"\n" + FILL,
                Map.of("SEED", seed.toString()));

        assertThat(o.exitCode()).as(o.stderr()).isEqualTo(3);
        assertThat(o.stderr()).startsWith("mem-escalate: cannot write the chain directory " + scene.root.resolve(
                "tracker/chains/")).contains("No space left on device", "nothing was submitted or recorded",
                        "or choose another one (MEM_ESCALATE_HOME or --tracker-dir)")
                .doesNotContain("Exception", "at dev.");
        assertThat(o.listing()).as("no chains/ or chain directory left").isEqualTo("./chains.db 600\n");
        assertThat(o.storeAfter()).hasSameBinaryContentAs(seed);
        scene.assertNothingSubmitted();
    }

    @Test
    void aDiskFullAtTheStoreInsertLeavesNoChainDirectoryAndTheStoreUnchanged() throws IOException {
        Scene scene = new Scene("full-insert");
        assumePrivateMountsWork(scene);
        Path seed = seedStore(scene);

        // Three pages: the script snapshot, handler.sh and the task launcher fit, SQLite's journal for the insert
        // does not.
        Outcome o = onTinyTmpfs(scene, "1m", "cp -p \"$SEED\" \"$tracker/chains.db\"\n" + FILL,
                Map.of("SEED", seed.toString(), "FREE_PAGES", "3"));

        assertThat(o.exitCode()).as(o.stderr()).isEqualTo(3);
        assertThat(o.stderr()).isEqualTo("mem-escalate: the chain store: the disk holding " + scene.root.resolve(
                "tracker/chains.db") + " is full (SQLITE_FULL); SQLite rolled the change back, nothing of it was"
                + " kept: free space there, or choose another tracker directory (MEM_ESCALATE_HOME or"
                + " --tracker-dir)\n");
        assertThat(o.listing()).as("no chains/ or chain directory left").isEqualTo("./chains.db 600\n");
        assertThat(o.storeAfter()).hasSameBinaryContentAs(seed);
        scene.assertNothingSubmitted();
    }

    @Test
    void aDiskFullUnderTheReportLeavesNoPartOfItBehind() throws IOException {
        Scene scene = new Scene("full-report");
        assumePrivateMountsWork(scene);
        Path seed = seedStore(scene);

        Outcome o = onTinyTmpfs(scene, "1m", "cp -p \"$SEED\" \"$tracker/chains.db\"\n" + FILL,
                Map.of("SEED", seed.toString()), List.of(ChainHarness.LAUNCHER.toString(), "generate-report",
                        "--all", "-o", scene.root.resolve("tracker/report.md").toString()));

        assertThat(o.exitCode()).as(o.stderr()).isEqualTo(3);
        assertThat(o.stderr()).isEqualTo("mem-escalate: cannot write the report to " + scene.root.resolve(
                "tracker/report.md") + " (No space left on device); nothing was written: free space there or write"
                + " the report elsewhere (-o)\n");
        assertThat(o.listing()).as("no temporary file left").isEqualTo("./chains.db 600\n");
        assertThat(o.storeAfter()).hasSameBinaryContentAs(seed);
    }

    private static final String AS_NOBODY = "exec setpriv --reuid=nobody --regid=nogroup --clear-groups -- \"$@\"";

    @Test
    void aTrackerDirectoryTheUserCannotWriteIsExitThreeAndStaysEmpty() throws IOException {
        Scene scene = new Scene("unwritable");
        Path tracker = Files.createDirectories(scene.root.resolve("root's tracker"));
        Files.setPosixFilePermissions(tracker, PosixFilePermissions.fromString("rwxr-xr-x"));

        SlurmTestCluster.CommandResult run = scene.sh(false, AS_NOBODY, Map.of("MEM_ESCALATE_HOME",
                tracker.toString()), scene.submit());

        assertThat(run.exitCode()).as(run.describe()).isEqualTo(3);
        assertThat(run.stderr()).isEqualTo("mem-escalate: the chain store: cannot create the chain store "
                + tracker.resolve("chains.db") + " (permission denied); nothing was written: make " + tracker
                + " writable for you, or choose another tracker directory (MEM_ESCALATE_HOME or --tracker-dir)\n");
        try (var entries = Files.list(tracker)) {
            assertThat(entries.toList()).isEmpty();
        }
        scene.assertNothingSubmitted();
    }

    @Test
    void aTrackerDirectoryThatCannotBeCreatedIsExitThree() throws IOException {
        Scene scene = new Scene("uncreatable");
        Path tracker = scene.root.resolve("root's dir/tracker");
        Files.createDirectories(tracker.getParent());
        Files.setPosixFilePermissions(tracker.getParent(), PosixFilePermissions.fromString("rwxr-xr-x"));

        SlurmTestCluster.CommandResult run = scene.sh(false, AS_NOBODY, Map.of("MEM_ESCALATE_HOME",
                tracker.toString()), scene.submit());

        assertThat(run.exitCode()).as(run.describe()).isEqualTo(3);
        assertThat(run.stderr()).isEqualTo("mem-escalate: the chain store: cannot create the tracker directory "
                + tracker + " (permission denied); nothing was written: make it writable, or choose another tracker"
                + " directory (MEM_ESCALATE_HOME or --tracker-dir)\n");
        assertThat(tracker).doesNotExist();
        scene.assertNothingSubmitted();
    }

    @Test
    void rootsStoreIsRefusedToNobodyEvenWhereNobodyMayWrite() throws IOException {
        Scene scene = new Scene("roots-store");
        Path tracker = Files.createDirectories(scene.root.resolve("shared tracker"));
        Files.setPosixFilePermissions(tracker, PosixFilePermissions.fromString("rwxrwxrwx"));
        Path store = tracker.resolve("chains.db");
        ChainStore.open(store).close();
        Files.setPosixFilePermissions(store, PosixFilePermissions.fromString("rw-rw-rw-"));
        byte[] before = Files.readAllBytes(store);

        for (List<String> command : List.of(scene.submit(),
                List.of(ChainHarness.LAUNCHER.toString(), "list", "--all"),
                List.of(ChainHarness.LAUNCHER.toString(), "status", "c0ffee01"))) {
            SlurmTestCluster.CommandResult run = scene.sh(false, AS_NOBODY, Map.of("MEM_ESCALATE_HOME",
                    tracker.toString()), command);

            assertThat(run.exitCode()).as(run.describe()).isEqualTo(3);
            assertThat(run.stderr()).isEqualTo("mem-escalate: the chain store: " + store + " belongs to user root,"
                    + " not to you (nobody, uid 65534); nothing was read or written. Use your own tracker directory"
                    + " (MEM_ESCALATE_HOME or --tracker-dir), or run as root\n");
        }
        assertThat(Files.readAllBytes(store)).isEqualTo(before);
        try (var entries = Files.list(tracker)) {
            assertThat(entries.toList()).containsExactly(store);
        }
        scene.assertNothingSubmitted();
    }
}
