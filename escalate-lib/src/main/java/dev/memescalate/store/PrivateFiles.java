package dev.memescalate.store;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Files of the tracker directory, private to their owner: directories mem-escalate creates are {@code 0700}, the
 * files it writes {@code 0600} ({@code 0700} for the handler script). The store and a chain's directory hold the
 * user's script, its arguments and exports, which may carry paths and secrets; other users have no business there.
 *
 * <p>Each file is created with its mode (never world-readable for a moment) and then set to exactly that mode, so
 * that an unusual umask cannot take the owner's own bits away. Directories that already exist are left as they are:
 * the user may have chosen their mode. Output that Slurm writes as the user (task and handler logs) is not written
 * here: its mode is Slurm's and the job's umask.
 */
public final class PrivateFiles {
    /** rwx------: the tracker directory, {@code chains/}, a chain's directory. */
    public static final Set<PosixFilePermission> DIRECTORY = PosixFilePermissions.fromString("rwx------");
    /** rw-------: the store, the script snapshot. */
    public static final Set<PosixFilePermission> FILE = PosixFilePermissions.fromString("rw-------");
    /** rwx------: the handler script. */
    public static final Set<PosixFilePermission> EXECUTABLE = PosixFilePermissions.fromString("rwx------");

    private PrivateFiles() {
    }

    /**
     * Creates {@code dir} and its missing parents, each {@code 0700}; returns the directories it created, outermost
     * first (empty when {@code dir} existed).
     */
    public static List<Path> createDirectories(Path dir) throws IOException {
        Path absolute = dir.toAbsolutePath();
        List<Path> missing = new ArrayList<>();
        for (Path p = absolute; p != null && !Files.isDirectory(p); p = p.getParent()) {
            missing.add(p);
        }
        Collections.reverse(missing);
        List<Path> created = new ArrayList<>();
        for (Path p : missing) {
            if (createDirectory(p)) {
                created.add(p);
            }
        }
        return created;
    }

    /** Creates one directory {@code 0700}; false when a directory of that name appeared meanwhile. */
    private static boolean createDirectory(Path dir) throws IOException {
        try {
            Files.createDirectory(dir, attribute(DIRECTORY));
        } catch (FileAlreadyExistsException exists) {
            if (Files.isDirectory(dir)) {
                return false; // another process created it first
            }
            throw exists;
        }
        Files.setPosixFilePermissions(dir, DIRECTORY);
        return true;
    }

    /** Creates {@code file} empty with {@code mode}; empty when it already existed (it is then left as it is). */
    public static Optional<Path> createFileIfMissing(Path file, Set<PosixFilePermission> mode) throws IOException {
        try {
            Files.createFile(file, attribute(mode));
        } catch (FileAlreadyExistsException exists) {
            return Optional.empty();
        }
        Files.setPosixFilePermissions(file, mode);
        return Optional.of(file);
    }

    /** Writes a new file (it must not exist) with {@code mode}. */
    public static void writeNew(Path file, String text, Set<PosixFilePermission> mode) throws IOException {
        Files.createFile(file, attribute(mode));
        Files.setPosixFilePermissions(file, mode);
        Files.writeString(file, text, StandardCharsets.UTF_8, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING);
    }

    /** Writes a new file (it must not exist) with {@code mode}. */
    public static void writeNew(Path file, byte[] bytes, Set<PosixFilePermission> mode) throws IOException {
        Files.createFile(file, attribute(mode));
        Files.setPosixFilePermissions(file, mode);
        Files.write(file, bytes, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING);
    }

    /** Copies {@code source}'s bytes into a new file {@code target} (it must not exist) with {@code mode}. */
    public static void copyNew(Path source, Path target, Set<PosixFilePermission> mode) throws IOException {
        Files.createFile(target, attribute(mode));
        Files.setPosixFilePermissions(target, mode);
        try (InputStream in = Files.newInputStream(source);
                OutputStream out = Files.newOutputStream(target, StandardOpenOption.WRITE,
                        StandardOpenOption.TRUNCATE_EXISTING)) {
            in.transferTo(out);
        }
    }

    private static FileAttribute<Set<PosixFilePermission>> attribute(Set<PosixFilePermission> mode) {
        return PosixFilePermissions.asFileAttribute(mode);
    }
}
