package dev.memescalate.store;

import static java.util.Objects.requireNonNull;

import dev.memescalate.indexset.ArraySpec;
import dev.memescalate.indexset.IndexSet;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * One chain: everything needed to submit any of its rounds again without the original command line.
 *
 * @param id short text id (for example 8 hex characters)
 * @param args the script's arguments, exactly as given (kept byte for byte)
 * @param exports {@code --export} entries, exactly as given
 * @param arraySpec the {@code --array} text as submitted
 * @param throttle the {@code %N} limit on simultaneously running tasks, if any
 * @param configYaml a snapshot of the config text the chain was submitted with
 * @param configSourcePath where that config was read from, if it came from a file
 * @param workDir the directory {@code submit} ran in
 * @param chainDir the chain's own directory (script snapshot, handler logs)
 * @param sbatchOptions the sbatch options given to submit on its command line, as {@code --name=value}, for the
 *     array jobs of every round (empty for chains submitted before they were kept)
 */
public record ChainRecord(
        String id,
        Instant createdAt,
        ChainStatus status,
        Optional<Instant> endedAt,
        Path scriptPath,
        Path scriptSnapshotPath,
        List<String> args,
        List<String> exports,
        String arraySpec,
        OptionalInt throttle,
        String jobName,
        String outputPattern,
        String errorPattern,
        String configYaml,
        Optional<Path> configSourcePath,
        int startLevel,
        int maxLevel,
        Path workDir,
        Path chainDir,
        String submitHost,
        String user,
        List<String> sbatchOptions) {

    /** A chain submitted without sbatch options. */
    public ChainRecord(String id, Instant createdAt, ChainStatus status, Optional<Instant> endedAt, Path scriptPath,
            Path scriptSnapshotPath, List<String> args, List<String> exports, String arraySpec, OptionalInt throttle,
            String jobName, String outputPattern, String errorPattern, String configYaml,
            Optional<Path> configSourcePath, int startLevel, int maxLevel, Path workDir, Path chainDir,
            String submitHost, String user) {
        this(id, createdAt, status, endedAt, scriptPath, scriptSnapshotPath, args, exports, arraySpec, throttle, jobName,
                outputPattern, errorPattern, configYaml, configSourcePath, startLevel, maxLevel, workDir, chainDir,
                submitHost, user, List.of());
    }

    public ChainRecord {
        requireNonNull(id, "id");
        if (id.isBlank()) {
            throw new IllegalArgumentException("chain id must not be blank");
        }
        requireNonNull(createdAt, "createdAt");
        requireNonNull(status, "status");
        requireNonNull(endedAt, "endedAt");
        requireNonNull(scriptPath, "scriptPath");
        requireNonNull(scriptSnapshotPath, "scriptSnapshotPath");
        args = List.copyOf(args);
        exports = List.copyOf(exports);
        requireNonNull(arraySpec, "arraySpec");
        requireNonNull(throttle, "throttle");
        requireNonNull(jobName, "jobName");
        requireNonNull(outputPattern, "outputPattern");
        requireNonNull(errorPattern, "errorPattern");
        requireNonNull(configYaml, "configYaml");
        requireNonNull(configSourcePath, "configSourcePath");
        if (startLevel < 0 || maxLevel < startLevel) {
            throw new IllegalArgumentException(
                    "need 0 <= startLevel <= maxLevel, got startLevel=" + startLevel + " maxLevel=" + maxLevel);
        }
        requireNonNull(workDir, "workDir");
        requireNonNull(chainDir, "chainDir");
        requireNonNull(submitHost, "submitHost");
        requireNonNull(user, "user");
        sbatchOptions = List.copyOf(sbatchOptions);
    }

    /** The chain's tasks: the indices of its {@code --array} spec. */
    public IndexSet indices() {
        return ArraySpec.parse(arraySpec).indices();
    }
}
