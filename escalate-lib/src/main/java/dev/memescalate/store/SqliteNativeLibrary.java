package dev.memescalate.store;

import java.io.IOException;
import java.io.InputStream;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Locale;
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
 *
 * <p>Two more costs of sqlite-jdbc's start are avoided when the copy is used. Naming its platform directory the way
 * sqlite-jdbc does ({@code OSInfo}) runs {@code uname -o} and lists {@code /proc/self/map_files}; at start the common
 * platforms are named from {@code os.name} and {@code os.arch} instead, and only a platform not named so, or one
 * whose guessed copy is missing, asks {@code OSInfo}. A wrong guess (a glibc copy on a musl system) fails to load, and
 * sqlite-jdbc falls back to extracting its own. And before loading, sqlite-jdbc lists its temporary directory to
 * remove copies that earlier JVMs left: {@code java.io.tmpdir}, often {@code /tmp} with thousands of entries (7,465
 * on the test machine: 20-35 ms of every start). With the copy, its temporary directory is the copy's own directory,
 * when that is writable (the fallback extracts there).
 */
public final class SqliteNativeLibrary {
    /** The directory beside the jar. */
    static final String DIRECTORY = "sqlite-native";
    /** Where sqlite-jdbc looks for, and extracts, its library copies. */
    static final String TEMPORARY_DIRECTORY = "org.sqlite.tmpdir";

    private SqliteNativeLibrary() {
    }

    /**
     * Points sqlite-jdbc at the copy beside {@code jar} when there is one for this version and platform; call before
     * the first store is opened. Sets the two system properties sqlite-jdbc reads ({@code org.sqlite.lib.path},
     * {@code org.sqlite.lib.name}), unless the user set them, and its temporary directory to the copy's directory
     * when that is writable and the user did not set it ({@value #TEMPORARY_DIRECTORY}).
     *
     * @return the library used, empty when sqlite-jdbc extracts its own
     */
    public static Optional<Path> useCopyBeside(Path jar) {
        if (System.getProperty("org.sqlite.lib.path") != null) {
            return Optional.empty();
        }
        Path library = guessedCopyFor(jar).filter(Files::isReadable).orElseGet(() -> copyFor(jar));
        if (!Files.isReadable(library)) {
            return Optional.empty();
        }
        Path dir = library.getParent();
        System.setProperty("org.sqlite.lib.path", dir.toString());
        System.setProperty("org.sqlite.lib.name", library.getFileName().toString());
        if (System.getProperty(TEMPORARY_DIRECTORY) == null && Files.isWritable(dir)) {
            System.setProperty(TEMPORARY_DIRECTORY, dir.toString());
        }
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

    /** {@code JARDIR/sqlite-native/3.46.1.3/Linux/x86_64/libsqlitejdbc.so}, the platform named as sqlite-jdbc does. */
    static Path copyFor(Path jar) {
        return copyFor(jar, OSInfo.getNativeLibFolderPathForCurrentOS());
    }

    /** The copy for the platform named from {@code os.name} and {@code os.arch}; empty for a platform not named so. */
    static Optional<Path> guessedCopyFor(Path jar) {
        return platformFolder(System.getProperty("os.name", ""), System.getProperty("os.arch", ""))
                .map(platform -> copyFor(jar, platform));
    }

    /** {@code Linux/x86_64} and the like: sqlite-jdbc's folder for the common platforms, without asking the system. */
    static Optional<String> platformFolder(String osName, String osArch) {
        String os = osName.startsWith("Linux") ? "Linux" : osName.startsWith("Mac") ? "Mac" : null;
        String arch = switch (osArch.toLowerCase(Locale.ROOT)) {
            case "amd64", "x86_64" -> "x86_64";
            case "aarch64", "arm64" -> "aarch64";
            default -> null;
        };
        return os == null || arch == null ? Optional.empty() : Optional.of(os + "/" + arch);
    }

    private static Path copyFor(Path jar, String platformFolder) {
        Path dir = jar.toAbsolutePath().getParent();
        return dir.resolve(DIRECTORY).resolve(SQLiteJDBCLoader.getVersion()).resolve(platformFolder)
                .resolve(LibraryLoaderUtil.getNativeLibName());
    }
}
