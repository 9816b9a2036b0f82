package dev.memescalate.cli;

import dev.memescalate.doctor.FileFacts;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/** {@link FileFacts} from this machine's file system. */
public final class SystemFileFacts implements FileFacts {
    @Override
    public boolean isRegularFile(Path path) {
        return Files.isRegularFile(path);
    }

    @Override
    public boolean isDirectory(Path path) {
        return Files.isDirectory(path);
    }

    @Override
    public boolean exists(Path path) {
        return Files.exists(path);
    }

    @Override
    public boolean isReadable(Path path) {
        return Files.isReadable(path);
    }

    @Override
    public boolean isExecutable(Path path) {
        return Files.isRegularFile(path) && Files.isExecutable(path);
    }

    @Override
    public Optional<String> tryWrite(Path dir) {
        try {
            Path probe = Files.createTempFile(dir, ".mem-escalate-doctor-", ".tmp");
            Files.delete(probe);
            return Optional.empty();
        } catch (IOException | SecurityException e) {
            return Optional.of(e.toString());
        }
    }

    @Override
    public Optional<String> fileSystemType(Path path) {
        try {
            return Optional.of(Files.getFileStore(path).type());
        } catch (IOException | SecurityException unknown) {
            return Optional.empty();
        }
    }
}
