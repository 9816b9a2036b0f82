package dev.memescalate.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SqliteNativeLibraryTest {
    private static final String PATH = "org.sqlite.lib.path";
    private static final String NAME = "org.sqlite.lib.name";
    private static final String TMPDIR = SqliteNativeLibrary.TEMPORARY_DIRECTORY;
    private String pathBefore;
    private String nameBefore;
    private String tmpdirBefore;

    @BeforeEach
    void saveProperties() {
        pathBefore = System.getProperty(PATH);
        nameBefore = System.getProperty(NAME);
        tmpdirBefore = System.getProperty(TMPDIR);
        System.clearProperty(PATH);
        System.clearProperty(NAME);
        System.clearProperty(TMPDIR);
    }

    /** The properties are global: put back what the test JVM had (sqlite-jdbc has loaded its library by now). */
    @AfterEach
    void restoreProperties() {
        restore(PATH, pathBefore);
        restore(NAME, nameBefore);
        restore(TMPDIR, tmpdirBefore);
    }

    @Test
    void withoutACopyBesideTheJarSqliteExtractsItsOwn(@TempDir Path dir) {
        assertThat(SqliteNativeLibrary.useCopyBeside(dir.resolve("mem-escalate.jar"))).isEmpty();
        assertThat(System.getProperty(PATH)).isNull();
    }

    @Test
    void theCopyExtractedBesideTheJarIsTheOneUsed(@TempDir Path dir) throws IOException {
        Path jar = dir.resolve("mem-escalate.jar");

        Path library = SqliteNativeLibrary.extractBeside(jar);

        assertThat(library).startsWith(dir.resolve(SqliteNativeLibrary.DIRECTORY));
        assertThat(Files.size(library)).isPositive();
        assertThat(SqliteNativeLibrary.useCopyBeside(jar)).contains(library);
        assertThat(System.getProperty(PATH)).isEqualTo(library.getParent().toString());
        assertThat(System.getProperty(NAME)).isEqualTo(library.getFileName().toString());
        assertThat(System.getProperty(TMPDIR)).as("sqlite-jdbc's own copies are looked for beside ours, not in /tmp")
                .isEqualTo(library.getParent().toString());
    }

    @Test
    void theGuessedPlatformIsTheOneSqliteNamesOnThisMachine(@TempDir Path dir) {
        Path jar = dir.resolve("mem-escalate.jar");

        assertThat(SqliteNativeLibrary.guessedCopyFor(jar)).contains(SqliteNativeLibrary.copyFor(jar));
    }

    @Test
    void commonPlatformsAreNamedWithoutAskingTheSystemAndOthersAreNot() {
        assertThat(SqliteNativeLibrary.platformFolder("Linux", "amd64")).contains("Linux/x86_64");
        assertThat(SqliteNativeLibrary.platformFolder("Linux", "aarch64")).contains("Linux/aarch64");
        assertThat(SqliteNativeLibrary.platformFolder("Mac OS X", "x86_64")).contains("Mac/x86_64");
        assertThat(SqliteNativeLibrary.platformFolder("Linux", "ppc64le")).isEmpty();
        assertThat(SqliteNativeLibrary.platformFolder("FreeBSD", "amd64")).isEmpty();
    }

    @Test
    void aTemporaryDirectoryTheUserSetIsKept(@TempDir Path dir) throws IOException {
        Path jar = dir.resolve("mem-escalate.jar");
        SqliteNativeLibrary.extractBeside(jar);
        System.setProperty(TMPDIR, "/scratch/me");

        assertThat(SqliteNativeLibrary.useCopyBeside(jar)).isPresent();
        assertThat(System.getProperty(TMPDIR)).isEqualTo("/scratch/me");
    }

    @Test
    void aPathTheUserSetIsKept(@TempDir Path dir) throws IOException {
        Path jar = dir.resolve("mem-escalate.jar");
        SqliteNativeLibrary.extractBeside(jar);
        System.setProperty(PATH, "/site/lib");

        assertThat(SqliteNativeLibrary.useCopyBeside(jar)).isEmpty();
        assertThat(System.getProperty(PATH)).isEqualTo("/site/lib");
    }

    private static void restore(String property, String value) {
        if (value == null) {
            System.clearProperty(property);
        } else {
            System.setProperty(property, value);
        }
    }
}
