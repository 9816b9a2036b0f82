package dev.memescalate.engine;

import dev.memescalate.indexset.IndexSet;
import dev.memescalate.store.ChainRecord;
import dev.memescalate.store.PrivateFiles;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.EnumSet;
import java.util.PrimitiveIterator;
import java.util.Set;

/**
 * {@link RenumberedRoundFiles} on the real file system: the chain's directory, which every node mounts. The index
 * map is streamed from the index set (8 MB for a million 7-digit indices, never held whole) into a temporary file,
 * forced to disk and renamed over the final name, so a task never reads half a map.
 */
public final class TaskLauncherFiles implements RenumberedRoundFiles {
    /** The one instance: it holds nothing. */
    public static final TaskLauncherFiles ON_DISK = new TaskLauncherFiles();

    private TaskLauncherFiles() {
    }

    @Override
    public void prepare(ChainRecord chain, int round, IndexSet indices) {
        Path dir = chain.chainDir();
        try {
            Path launcher = dir.resolve(TaskLauncher.FILE);
            if (!Files.exists(launcher)) {
                // Chains submitted before launchers existed, or with index_mapping: never and a config changed since.
                writeWhole(launcher, PrivateFiles.EXECUTABLE, out -> out.write(TaskLauncher.render(
                        Files.readAllBytes(chain.scriptSnapshotPath()))));
            }
            makeExecutable(chain.scriptSnapshotPath());
            Path map = TaskLauncher.indexMap(dir, round);
            int width = TaskLauncher.mapWidth(indices);
            boolean whole = Files.exists(map) && Files.size(map) == (long) width * indices.size();
            if (!whole) {
                writeWhole(map, PrivateFiles.FILE, out -> {
                    for (PrimitiveIterator.OfInt it = indices.iterator(); it.hasNext(); ) {
                        out.write(TaskLauncher.mapLine(it.nextInt(), width));
                    }
                });
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the index map of round " + round + " in " + dir + " ("
                    + e.getMessage() + "): nothing of the round was submitted", e);
        }
    }

    /** The launcher execs the script snapshot, which submit kept 0600 (sbatch only read it). */
    private static void makeExecutable(Path snapshot) throws IOException {
        Set<PosixFilePermission> mode = EnumSet.copyOf(Files.getPosixFilePermissions(snapshot));
        if (mode.add(PosixFilePermission.OWNER_EXECUTE)) {
            Files.setPosixFilePermissions(snapshot, mode);
        }
    }

    private interface Content {
        void writeTo(OutputStream out) throws IOException;
    }

    private static void writeWhole(Path target, Set<PosixFilePermission> mode, Content content) throws IOException {
        Path temp = Files.createTempFile(target.getParent(), "." + target.getFileName() + ".",
                ".tmp", PosixFilePermissions.asFileAttribute(mode));
        try {
            try (FileChannel channel = FileChannel.open(temp, StandardOpenOption.WRITE)) {
                OutputStream out = new BufferedOutputStream(Channels.newOutputStream(channel), 1 << 16);
                content.writeTo(out);
                out.flush();
                channel.force(true);
            }
            Files.setPosixFilePermissions(temp, mode);
            Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } finally {
            Files.deleteIfExists(temp);
        }
    }
}
