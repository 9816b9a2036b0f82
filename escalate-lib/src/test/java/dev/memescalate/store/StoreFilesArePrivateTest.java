package dev.memescalate.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.nio.file.attribute.UserPrincipal;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The store is private to its owner: created 0600 in directories created 0700, and another user's store is refused
 * before SQLite opens it (exit code 3 at the command line). The refusal is tested by chown'ing a store to
 * {@code nobody}, which needs root (the tests run as root on the test machine; elsewhere the test is skipped).
 */
class StoreFilesArePrivateTest {
    @TempDir
    Path dir;

    @Test
    void aNewStoreIsCreated0600InDirectoriesCreated0700() throws Exception {
        Path file = dir.resolve("home/.mem-escalate/chains.db");

        try (ChainStore store = ChainStore.open(file)) {
            store.write(tx -> {
                tx.chains().insert(Fixtures.chain("a1b2c3d4"));
                return null;
            });
        }

        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file.getParent())))
                .isEqualTo("rwx------");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dir.resolve("home"))))
                .isEqualTo("rwx------");
    }

    @Test
    void anExistingTrackerDirectoryKeepsTheModeItsOwnerChose() throws Exception {
        Path tracker = Files.createDirectories(dir.resolve("shared-tracker"));
        Files.setPosixFilePermissions(tracker, PosixFilePermissions.fromString("rwxr-x---"));

        ChainStore.open(tracker.resolve("chains.db")).close();

        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(tracker))).isEqualTo("rwxr-x---");
    }

    @Test
    void aStoreAnOlderVersionLeftReadableToOthersIsMade0600WithItsChainsKept() throws Exception {
        Path file = dir.resolve("chains.db");
        try (ChainStore store = ChainStore.open(file)) {
            store.write(tx -> {
                tx.chains().insert(Fixtures.chain("a1b2c3d4"));
                return null;
            });
        }
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r--r--")); // SQLite's own mode

        try (ChainStore store = ChainStore.open(file)) {
            java.util.Optional<ChainRecord> chain = store.read(tx -> tx.chains().find("a1b2c3d4"));
            assertThat(chain).isPresent();
        }

        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
    }

    @Test
    void aStoreOwnedByAnotherUserIsRefusedBeforeItIsOpened() throws Exception {
        assumeTrue(((Integer) Files.getAttribute(Path.of("/proc/self"), "unix:uid")) == 0,
                "chown to another user needs root");
        Path file = dir.resolve("chains.db");
        ChainStore.open(file).close();
        UserPrincipal nobody = file.getFileSystem().getUserPrincipalLookupService().lookupPrincipalByName("nobody");
        Files.setOwner(file, nobody);
        byte[] before = Files.readAllBytes(file);

        assertThatThrownBy(() -> ChainStore.open(file))
                .isInstanceOf(StoreException.class)
                .hasMessageStartingWith(file + " belongs to user nobody, not to you (root, uid 0); nothing was read"
                        + " or written.")
                .hasMessageEndingWith("Use your own tracker directory (MEM_ESCALATE_HOME or --tracker-dir), or run"
                        + " as nobody");
        assertThat(Files.readAllBytes(file)).isEqualTo(before);
        assertThat(Files.getOwner(file)).isEqualTo(nobody);
        assertThat(dir.resolve("chains.db-journal")).doesNotExist();
    }
}
