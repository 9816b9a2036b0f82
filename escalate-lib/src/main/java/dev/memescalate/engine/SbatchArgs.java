package dev.memescalate.engine;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalInt;

/**
 * Builds the sbatch argument lists of a chain's jobs. Pure: nothing here runs a command. The lists are passed to
 * sbatch as argv (never through a shell), so a user's arguments reach the job byte for byte.
 */
public final class SbatchArgs {
    /** The variables the original tool exported and users' scripts read. */
    public static final String CHAIN_ID_VAR = "MEM_ESCALATE_CHAIN_ID";
    public static final String LEVEL_VAR = "MEM_ESCALATE_LEVEL";
    public static final String ROUND_VAR = "MEM_ESCALATE_ROUND";

    private SbatchArgs() {
    }

    /** What every job of one user array needs besides its index spec. */
    public record ArrayJob(
            String chainId,
            int round,
            int level,
            int part,
            String baseJobName,
            JobResources resources,
            String arraySpec,
            OptionalInt throttle,
            String outputPattern,
            String errorPattern,
            Path workDir,
            List<String> userExports,
            List<String> excludeNodes,
            Path script,
            List<String> scriptArgs) {
        public ArrayJob {
            userExports = List.copyOf(userExports);
            excludeNodes = List.copyOf(excludeNodes);
            scriptArgs = List.copyOf(scriptArgs);
        }
    }

    /** The argv after {@code sbatch} for one user array job. */
    public static List<String> arrayJob(ArrayJob job) {
        List<String> argv = new ArrayList<>();
        String throttle = job.throttle().isPresent() ? "%" + job.throttle().getAsInt() : "";
        argv.add("--array=" + job.arraySpec() + throttle);
        argv.add("--job-name=" + JobNames.array(job.baseJobName(), job.chainId(), job.round(), job.part()));
        argv.addAll(job.resources().sbatchOptions());
        argv.add("--output=" + job.outputPattern());
        argv.add("--error=" + job.errorPattern());
        argv.add("--chdir=" + job.workDir());
        argv.add(exportOption(job));
        if (!job.excludeNodes().isEmpty()) {
            argv.add("--exclude=" + String.join(",", job.excludeNodes()));
        }
        argv.add(job.script().toString());
        argv.addAll(job.scriptArgs());
        return List.copyOf(argv);
    }

    /**
     * {@code --export=ALL,<ours>,<user's>}. sbatch splits the value on commas, so each user export is one
     * {@code NAME=value} or {@code NAME} item exactly as the user gave it to {@code submit --export}.
     */
    static String exportOption(ArrayJob job) {
        StringBuilder sb = new StringBuilder("--export=ALL");
        sb.append(',').append(CHAIN_ID_VAR).append('=').append(job.chainId());
        sb.append(',').append(LEVEL_VAR).append('=').append(job.level());
        sb.append(',').append(ROUND_VAR).append('=').append(job.round());
        for (String export : job.userExports()) {
            sb.append(',').append(export);
        }
        return sb.toString();
    }

    /** Which handler-side job and how it waits for the round's arrays. */
    public enum HandlerRole {
        /** Runs when a one-array round did not fully succeed ({@code afternotok}), or after every array of a split round ({@code afterany}). */
        HANDLER,
        /** Runs when a one-array round fully succeeded ({@code afterok}). */
        FINALIZER
    }

    /**
     * The argv after {@code sbatch} for a handler or finalizer of {@code round}, without its dependency: that names
     * the round's array job ids, known only once they are submitted ({@link #withDependency}). Both run the same
     * handler script; whichever runs cancels the other. {@code --kill-on-invalid-dep=yes}: without it, the one whose
     * dependency can never be met stays PENDING with reason DependencyNeverSatisfied forever.
     */
    public static List<String> handlerJob(
            String chainId, int round, HandlerRole role, JobResources resources, Path chainDir, Path handlerScript) {
        String name = role == HandlerRole.FINALIZER
                ? JobNames.finalizer(chainId, round)
                : JobNames.handler(chainId, round);
        List<String> argv = new ArrayList<>();
        argv.add("--job-name=" + name);
        argv.addAll(resources.sbatchOptions());
        argv.add("--output=" + chainDir.resolve("handler-r" + round + "-%j.out"));
        argv.add("--chdir=" + chainDir);
        argv.add("--kill-on-invalid-dep=yes");
        argv.add(handlerScript.toString());
        argv.add(Integer.toString(round));
        return List.copyOf(argv);
    }

    /** {@code argv} with {@code --dependency=<dependency>} in front (sbatch takes options in any order). */
    public static List<String> withDependency(List<String> argv, String dependency) {
        List<String> withIt = new ArrayList<>(argv.size() + 1);
        withIt.add("--dependency=" + dependency);
        withIt.addAll(argv);
        return List.copyOf(withIt);
    }

    /**
     * The dependency of a round's handler or finalizer on the round's submitted array jobs. Slurm dependency lists
     * are an AND: {@code afternotok:A,afternotok:B} would never fire when B fully succeeds. So a round planned as
     * several arrays has no finalizer, and its handler runs {@code afterany} on each of them that was submitted, even
     * when only one got in (afternotok on a lone survivor would leave nobody to run if it fully succeeded). A round
     * of one array gets {@code afternotok} (handler) and {@code afterok} (finalizer).
     *
     * @param splitRound whether the round was planned as several arrays
     */
    public static String handlerDependency(HandlerRole role, boolean splitRound, List<String> arrayJobIds) {
        if (arrayJobIds.isEmpty()) {
            throw new IllegalArgumentException("a handler needs the round's array job ids");
        }
        if (splitRound && role == HandlerRole.FINALIZER) {
            throw new IllegalArgumentException("a split round has no finalizer: its handler runs afterany");
        }
        if (!splitRound && arrayJobIds.size() > 1) {
            throw new IllegalArgumentException("a round of one array has one array job id, got " + arrayJobIds);
        }
        String type = splitRound ? "afterany" : role == HandlerRole.FINALIZER ? "afterok" : "afternotok";
        return String.join(",", arrayJobIds.stream().map(id -> type + ":" + id).toList());
    }
}
