package dev.memescalate.config;

import dev.memescalate.ladder.Ladder;
import dev.memescalate.policy.StatePolicy;
import dev.memescalate.slurm.JobState;
import java.nio.file.Path;
import java.time.Duration;
import java.util.EnumSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;

/**
 * A validated config file. Built by {@link ConfigLoader}; immutable.
 *
 * @param source the file it came from; null when parsed from text in memory
 * @param ladder the escalation ladder, level 0 first
 * @param statePolicy the EFFECTIVE state handling: {@link StatePolicy#defaults()} overlaid with the file's
 * @param statesFromFile the states whose action the file set itself (the others are defaults)
 * @param handler the handler job's resources, where the file sets them
 * @param trackerDir where the chain store lives ({@code tracker_dir}, legacy {@code tracker.base_dir})
 * @param logDir where job output goes ({@code log_dir}, legacy {@code tracker.output_dir})
 * @param maxArraySpecLength the longest {@code --array} value to submit in one sbatch
 * @param maxArrayTasks the most tasks in one array job, when limited
 * @param doneFilePattern a path containing {@code {index}} whose existence marks a task done
 * @param maxSameLevelRetries how often one task is retried at the same level (action {@code retry})
 * @param sacctTimeout how long a handler waits for sacct to show every task
 * @param notification who is told when the chain ends, from {@code notify:} ({@link Notification#none()} when
 *     nobody); not named {@code notify}, which would clash with the final {@link Object#notify()}
 * @param chainOptions {@code index_mapping}, {@code start_level}, {@code start_level_match}
 * @param warnings things the user should know that do not stop the run (ignored legacy keys, ...)
 * @param yamlText the exact file text, snapshotted into the chain store
 */
public record EscalationConfig(
        Path source,
        Ladder ladder,
        StatePolicy statePolicy,
        Set<JobState> statesFromFile,
        HandlerResources handler,
        Optional<Path> trackerDir,
        Optional<Path> logDir,
        int maxArraySpecLength,
        OptionalInt maxArrayTasks,
        Optional<String> doneFilePattern,
        int maxSameLevelRetries,
        Duration sacctTimeout,
        Notification notification,
        ChainOptions chainOptions,
        List<String> warnings,
        String yamlText) {

    /** slurmctld rejects an {@code --array} string longer than this ("4096 is slurmctld's limit"). */
    public static final int SLURM_ARRAY_SPEC_LIMIT = 4096;
    public static final int DEFAULT_MAX_SAME_LEVEL_RETRIES = 2;
    public static final Duration DEFAULT_SACCT_TIMEOUT = Duration.ofMinutes(10);
    /** The placeholder a {@code done_file} pattern must contain. */
    public static final String INDEX_PLACEHOLDER = "{index}";

    public EscalationConfig {
        Objects.requireNonNull(ladder, "ladder");
        Objects.requireNonNull(statePolicy, "statePolicy");
        statesFromFile = statesFromFile.isEmpty() ? Set.of() : Set.copyOf(EnumSet.copyOf(statesFromFile));
        Objects.requireNonNull(handler, "handler");
        Objects.requireNonNull(trackerDir, "trackerDir");
        Objects.requireNonNull(logDir, "logDir");
        if (maxArraySpecLength < 1 || maxArraySpecLength > SLURM_ARRAY_SPEC_LIMIT) {
            throw new IllegalArgumentException("maxArraySpecLength must be 1.." + SLURM_ARRAY_SPEC_LIMIT
                    + ", got " + maxArraySpecLength);
        }
        if (maxArrayTasks.isPresent() && maxArrayTasks.getAsInt() < 1) {
            throw new IllegalArgumentException("maxArrayTasks must be >= 1, got " + maxArrayTasks.getAsInt());
        }
        if (doneFilePattern.isPresent() && !doneFilePattern.get().contains(INDEX_PLACEHOLDER)) {
            throw new IllegalArgumentException("doneFilePattern must contain " + INDEX_PLACEHOLDER);
        }
        if (maxSameLevelRetries < 0) {
            throw new IllegalArgumentException("maxSameLevelRetries must be >= 0, got " + maxSameLevelRetries);
        }
        if (sacctTimeout.isNegative() || sacctTimeout.isZero()) {
            throw new IllegalArgumentException("sacctTimeout must be > 0, got " + sacctTimeout);
        }
        Objects.requireNonNull(notification, "notification");
        Objects.requireNonNull(chainOptions, "chainOptions");
        warnings = List.copyOf(warnings);
        Objects.requireNonNull(yamlText, "yamlText");
    }

    /** The source for messages: the file path, or {@code <memory>}. */
    public String sourceName() {
        return source == null ? "<memory>" : source.toString();
    }

    /** The done-file path for one task: the pattern with {@code {index}} replaced. */
    public Optional<String> doneFileFor(long index) {
        return doneFilePattern.map(p -> p.replace(INDEX_PLACEHOLDER, Long.toString(index)));
    }
}
