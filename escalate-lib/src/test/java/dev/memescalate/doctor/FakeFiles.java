package dev.memescalate.doctor;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** A file system for doctor tests: only what a test declares exists. */
final class FakeFiles implements FileFacts {
    private final Set<Path> files = new HashSet<>();
    private final Set<Path> dirs = new HashSet<>();
    private final Set<Path> unreadable = new HashSet<>();
    private final Set<Path> executables = new HashSet<>();
    private final Map<Path, String> unwritable = new HashMap<>();
    /** File system type by mount point; the longest mount point that contains a path wins. */
    private final Map<Path, String> mounts = new HashMap<>(Map.of(Path.of("/"), "ext4"));

    FakeFiles file(String path) {
        Path p = Path.of(path);
        files.add(p);
        dir(p.getParent().toString());
        return this;
    }

    FakeFiles executable(String path) {
        file(path);
        executables.add(Path.of(path));
        return this;
    }

    FakeFiles dir(String path) {
        for (Path p = Path.of(path); p != null; p = p.getParent()) {
            dirs.add(p);
        }
        return this;
    }

    FakeFiles unreadable(String path) {
        unreadable.add(Path.of(path));
        return this;
    }

    FakeFiles unwritable(String dir, String why) {
        unwritable.put(Path.of(dir), why);
        return this;
    }

    FakeFiles mount(String mountPoint, String type) {
        mounts.put(Path.of(mountPoint), type);
        dir(mountPoint);
        return this;
    }

    @Override
    public boolean isRegularFile(Path path) {
        return files.contains(path);
    }

    @Override
    public boolean isDirectory(Path path) {
        return dirs.contains(path);
    }

    @Override
    public boolean exists(Path path) {
        return files.contains(path) || dirs.contains(path);
    }

    @Override
    public boolean isReadable(Path path) {
        return exists(path) && !unreadable.contains(path);
    }

    @Override
    public boolean isExecutable(Path path) {
        return executables.contains(path);
    }

    @Override
    public Optional<String> tryWrite(Path dir) {
        if (!dirs.contains(dir)) {
            return Optional.of("java.nio.file.NoSuchFileException: " + dir);
        }
        return Optional.ofNullable(unwritable.get(dir));
    }

    @Override
    public Optional<String> fileSystemType(Path path) {
        return mounts.entrySet().stream()
                .filter(m -> path.startsWith(m.getKey()))
                .max((a, b) -> Integer.compare(a.getKey().getNameCount(), b.getKey().getNameCount()))
                .map(Map.Entry::getValue);
    }
}
