package dev.memescalate.store;

import java.io.IOException;
import java.io.InputStream;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Optional;
import org.sqlite.SQLiteJDBCLoader;
import org.sqlite.util.LibraryLoaderUtil;
import org.sqlite.util.OSInfo;

/**
 * sqlite-jdbc's native library, extracted once beside the jar instead of at every start.
 *
 * <p>Without it, sqlite-jdbc copies its library (about 1 MB) out of the jar into {@code java.io.tmpdir} under a new
 * name at every start, compares the copy with the original byte by byte, loads it and deletes it at exit (a killed
 * JVM leaves it behind): measured 170 ms of a handler's start on the test machine, against 55 ms to load a copy
 * extracted at package time. The copy lives in {@code sqlite-native/VERSION/OS/ARCH/} beside the jar, named by the
 * sqlite-jdbc version and the platform as sqlite-jdbc itself names them, so a jar never loads another version's
 * library, and a platform without a copy (a release built on another architecture) extracts as before: sqlite-jdbc
 * tries the given path first and falls back to extracting when it cannot load it.
 */
public final class SqliteNativeLibrary {
    /** The directory beside the jar. */
    static final String DIRECTORY = "sqlite-native";

    private SqliteNativeLibrary() {
    }

    /**
     * Points sqlite-jdbc at the copy beside {@code jar} when there is one for this version and platform; call before
     * the first store is opened. Sets the two system properties sqlite-jdbc reads ({@code org.sqlite.lib.path},
     * {@code org.sqlite.lib.name}), unless the user set them.
     *
     * @return the library used, empty when sqlite-jdbc extracts its own
     */
    public static Optional<Path> useCopyBeside(Path jar) {
        if (System.getProperty("org.sqlite.lib.path") != null) {
            return Optional.empty();
        }
        Path library = copyFor(jar);
        if (!Files.isReadable(library)) {
            return Optional.empty();
        }
        System.setProperty("org.sqlite.lib.path", library.getParent().toString());
        System.setProperty("org.sqlite.lib.name", library.getFileName().toString());
        return Optional.of(library);
    }

    /**
     * Writes the copy for this version and platform beside {@code jar} (at package time), replacing an older one.
     *
     * @throws IOException when the jar has no library for this platform, or the copy cannot be written
     */
    public static Path extractBeside(Path jar) throws IOException {
        Path library = copyFor(jar);
        String resource = LibraryLoaderUtil.getNativeLibResourcePath() + "/" + LibraryLoaderUtil.getNativeLibName();
        try (InputStream in = SQLiteJDBCLoader.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IOException("sqlite-jdbc has no native library " + resource + " for this platform");
            }
            Files.createDirectories(library.getParent());
            Path partial = library.resolveSibling(library.getFileName() + ".partial");
            Files.copy(in, partial, StandardCopyOption.REPLACE_EXISTING);
            Files.move(partial, library, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        }
        return library;
    }

    /** The jar {@code type} was loaded from; empty when it was not loaded from a jar (tests, classes directories). */
    public static Optional<Path> jarOf(Class<?> type) {
        try {
            Path location = Path.of(type.getProtectionDomain().getCodeSource().getLocation().toURI());
            return location.toString().endsWith(".jar") ? Optional.of(location) : Optional.empty();
        } catch (URISyntaxException | SecurityException | NullPointerException | IllegalArgumentException noJar) {
            return Optional.empty();
        }
    }

    /** {@code JARDIR/sqlite-native/3.46.1.3/Linux/x86_64/libsqlitejdbc.so}. */
    static Path copyFor(Path jar) {
        Path dir = jar.toAbsolutePath().getParent();
        return dir.resolve(DIRECTORY).resolve(SQLiteJDBCLoader.getVersion())
                .resolve(OSInfo.getNativeLibFolderPathForCurrentOS()).resolve(LibraryLoaderUtil.getNativeLibName());
    }
}
