package dev.memescalate.engine;

import dev.memescalate.store.ChainRecord;
import dev.memescalate.store.PrivateFiles;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;

/**
 * A new chain's directory in the tracker: written whole before the chain is recorded, and removed again when the
 * chain cannot be recorded, so that a full disk or an unwritable directory leaves nothing half made.
 */
final class ChainDirectory {
    private ChainDirectory() {
    }

    /**
     * The chain's directory (0700, as is any missing parent): the script snapshot (0600: sbatch reads it, nothing
     * executes it) and the handler script (0700). {@code created} receives every directory made, outermost first.
     */
    static void write(ChainLauncher.Plan plan, List<Path> created) {
        ChainRecord chain = plan.chain();
        try {
            Path parent = chain.chainDir().getParent();
            if (parent != null) {
                created.addAll(PrivateFiles.createDirectories(parent));
            }
            // One directory per new chain id: an existing one is another chain's, never reused.
            Files.createDirectory(chain.chainDir(), PosixFilePermissions.asFileAttribute(PrivateFiles.DIRECTORY));
            created.add(chain.chainDir());
            Files.setPosixFilePermissions(chain.chainDir(), PrivateFiles.DIRECTORY);
            PrivateFiles.copyNew(chain.scriptPath(), chain.scriptSnapshotPath(), PrivateFiles.FILE);
            PrivateFiles.writeNew(chain.chainDir().resolve(RoundPlanner.HANDLER_SCRIPT), plan.handlerScript(),
                    PrivateFiles.EXECUTABLE);
            if (plan.taskLauncher().isPresent()) {
                PrivateFiles.writeNew(chain.chainDir().resolve(TaskLauncher.FILE), plan.taskLauncher().get(),
                        PrivateFiles.EXECUTABLE);
            }
            if (!Files.isDirectory(plan.logDir())) {
                // log_dir is where the user wants task output: created with the user's umask, like Slurm's files.
                List<Path> missing = new ArrayList<>();
                for (Path p = plan.logDir(); p != null && !Files.exists(p); p = p.getParent()) {
                    missing.add(0, p);
                }
                Files.createDirectories(plan.logDir());
                created.addAll(missing);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the chain directory " + chain.chainDir() + " ("
                    + describe(e) + "); nothing was submitted or recorded: check that the tracker directory is"
                    + " writable and its disk has space, or choose another one (MEM_ESCALATE_HOME or --tracker-dir)",
                    e);
        }
    }

    /**
     * Removes what {@link #write} made, innermost first: the chain's own directory with everything in
     * it, any other directory only when empty (another chain may have put its directory in {@code chains/}
     * meanwhile). Problems are added to {@code failure}.
     */
    static void removeCreated(ChainRecord chain, List<Path> created, RuntimeException failure) {
        List<Path> innermostFirst = new ArrayList<>(created);
        Collections.reverse(innermostFirst);
        for (Path dir : innermostFirst) {
            try {
                if (dir.equals(chain.chainDir())) {
                    try (var walk = Files.walk(dir)) {
                        for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                            Files.deleteIfExists(p);
                        }
                    }
                } else {
                    Files.deleteIfExists(dir);
                }
            } catch (DirectoryNotEmptyException inUse) {
                // not ours alone: left as it is
            } catch (IOException | UncheckedIOException e) {
                failure.addSuppressed(e);
            }
        }
    }

    static String describe(IOException e) {
        if (e instanceof FileSystemException fs && fs.getReason() != null) {
            return fs.getFile() + ": " + fs.getReason();
        }
        return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage(); // "No space left on device"
    }
}
