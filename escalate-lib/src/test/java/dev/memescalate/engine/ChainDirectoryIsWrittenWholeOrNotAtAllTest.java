package dev.memescalate.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.memescalate.config.ConfigLoader;
import dev.memescalate.store.ChainStore;
import dev.memescalate.store.StoreException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link ChainLauncher#launch}: the chain's directory is private (0700; the script snapshot 0600, the handler script
 * 0700), and it is written together with the chain's store records or not at all. A failure on the way (the script
 * gone, the store refusing the insert; a full disk is the same path, checked for real in DiskFullAndUnwritableIT)
 * leaves no chain directory, no record and no sbatch call.
 */
class ChainDirectoryIsWrittenWholeOrNotAtAllTest {
    @TempDir
    Path tmp;
    Path workDir;
    Path trackerDir;
    final MutableClock clock = new MutableClock(EngineHarness.T0);
    final FakeSlurm slurm = new FakeSlurm();

    @BeforeEach
    void setUp() throws IOException {
        workDir = Files.createDirectories(tmp.resolve("work"));
        trackerDir = tmp.resolve("tracker");
        Path script = Files.writeString(workDir.resolve("job.sh"), "#!/bin/sh\necho hi\n");
        Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwxr-xr-x"));
    }

    private ChainLauncher.Plan plan() {
        ChainLauncher.Request request = new ChainLauncher.Request(Path.of("job.sh"), List.of("a"), "0-3",
                OptionalInt.empty(), ConfigLoader.parse(EngineHarness.LADDER, "test.yaml"), OptionalInt.empty(), Optional.empty(),
                List.of(), Optional.empty(), Optional.empty(), Optional.empty(), workDir, trackerDir,
                Path.of("/usr/bin/java"), Path.of("/opt/mem-escalate.jar"), "login-host", "alice");
        return new ChainLauncher(slurm, clock, new java.util.Random(7)).prepare(request);
    }

    private RoundSubmitter submitter(ChainStore store) {
        return new Engine(store, slurm, clock, new RecordingSleeper(clock), "me", EngineHarness.SACCT_ZONE,
                Files::exists, new RecordingCommands(), TaskLauncherFiles.ON_DISK).submitter();
    }

    @Test
    void theChainDirectoryAndItsFilesArePrivate() throws IOException {
        ChainLauncher.Plan plan = plan();
        try (ChainStore store = ChainStore.open(plan.storeFile())) {
            new ChainLauncher(slurm, clock, new java.util.Random(7)).launch(plan, store, submitter(store));
        }
        Path chainDir = plan.chain().chainDir();

        assertThat(mode(trackerDir)).isEqualTo("rwx------");
        assertThat(mode(chainDir.getParent())).as("chains/").isEqualTo("rwx------");
        assertThat(mode(chainDir)).isEqualTo("rwx------");
        assertThat(mode(plan.chain().scriptSnapshotPath())).as("the script snapshot: sbatch reads it")
                .isEqualTo("rw-------");
        assertThat(mode(chainDir.resolve(RoundPlanner.HANDLER_SCRIPT))).isEqualTo("rwx------");
        assertThat(mode(plan.storeFile())).isEqualTo("rw-------");
        assertThat(plan.chain().scriptSnapshotPath()).hasSameTextualContentAs(workDir.resolve("job.sh"));
    }

    @Test
    void aScriptGoneBeforeItsSnapshotLeavesNoChainDirectoryAndNoRecord() throws IOException {
        ChainLauncher.Plan plan = plan();
        Files.delete(workDir.resolve("job.sh"));
        try (ChainStore store = ChainStore.open(plan.storeFile())) {
            assertThatThrownBy(() -> new ChainLauncher(slurm, clock, new java.util.Random(7)).launch(plan, store,
                    submitter(store)))
                    .isInstanceOf(UncheckedIOException.class)
                    .hasMessageStartingWith("cannot write the chain directory " + plan.chain().chainDir())
                    .hasMessageContaining("nothing was submitted or recorded");

            assertThat(store.<List<?>>read(tx -> tx.chains().all())).isEmpty();
        }
        assertThat(plan.chain().chainDir()).doesNotExist();
        assertThat(slurm.sbatchCalls()).isZero();
    }

    @Test
    void aStoreThatRefusesTheChainLeavesNoChainDirectory() {
        ChainLauncher.Plan plan = plan();
        try (ChainStore store = ChainStore.open(plan.storeFile())) {
            store.write(tx -> {
                tx.chains().insert(plan.chain()); // the insert of launch now fails: the id is taken
                return null;
            });

            assertThatThrownBy(() -> new ChainLauncher(slurm, clock, new java.util.Random(7)).launch(plan, store,
                    submitter(store))).isInstanceOf(StoreException.class);

            assertThat(store.<List<?>>read(tx -> tx.rounds().forChain(plan.chain().id()))).isEmpty();
        }
        assertThat(plan.chain().chainDir()).doesNotExist();
        assertThat(plan.chain().chainDir().getParent()).as("chains/, created by this launch and empty again")
                .doesNotExist();
        assertThat(slurm.sbatchCalls()).isZero();
    }

    private static String mode(Path p) throws IOException {
        return PosixFilePermissions.toString(Files.getPosixFilePermissions(p));
    }
}
