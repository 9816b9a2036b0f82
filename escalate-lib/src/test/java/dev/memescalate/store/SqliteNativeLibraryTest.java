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
    private String pathBefore;
    private String nameBefore;

    @BeforeEach
    void saveProperties() {
        pathBefore = System.getProperty(PATH);
        nameBefore = System.getProperty(NAME);
        System.clearProperty(PATH);
        System.clearProperty(NAME);
    }

    /** The properties are global: put back what the test JVM had (sqlite-jdbc has loaded its library by now). */
    @AfterEach
    void restoreProperties() {
        restore(PATH, pathBefore);
        restore(NAME, nameBefore);
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
