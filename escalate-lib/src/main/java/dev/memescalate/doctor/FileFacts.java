package dev.memescalate.doctor;

import java.nio.file.Path;
import java.util.Optional;

/** What {@link Doctor} asks the file system. The CLI answers from the real one; tests from a map. */
public interface FileFacts {
    boolean isRegularFile(Path path);

    boolean isDirectory(Path path);

    boolean exists(Path path);

    boolean isReadable(Path path);

    /** An executable regular file (for a program looked up on PATH). */
    boolean isExecutable(Path path);

    /**
     * Creates and deletes a small file in {@code dir}: the only sure test of writability (root passes every permission
     * check, and a read-only mount fails only on write).
     *
     * @return empty when it worked, else why not (the exception's message)
     */
    Optional<String> tryWrite(Path dir);

    /** The file system type of the store holding {@code path} ({@code nfs4}, {@code ext4}, {@code tmpfs}), if known. */
    Optional<String> fileSystemType(Path path);
}
