package dev.memescalate.engine;

import dev.memescalate.ladder.LevelPair;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;

/**
 * Builds the sbatch argument lists of a chain's jobs. Pure: nothing here runs a command. The lists are passed to
 * sbatch as argv (never through a shell), so a user's arguments reach the job byte for byte.
 */
public final class SbatchArgs {
    /** The variables the original tool exported and users' scripts read. */
    public static final String CHAIN_ID_VAR = "MEM_ESCALATE_CHAIN_ID";
    public static final String LEVEL_VAR = "MEM_ESCALATE_LEVEL";
    /** The time level of a task: with {@code escalation: by_reason} it can differ from its (memory) level. */
    public static final String TIME_LEVEL_VAR = "MEM_ESCALATE_TIME_LEVEL";
    public static final String ROUND_VAR = "MEM_ESCALATE_ROUND";

    private SbatchArgs() {
    }

    /**
     * What every job of one user array needs besides its index spec.
     *
     * @param options more sbatch options, {@code --name=value}: submit's and the level's ({@link RoundOptions})
     * @param workDir the directory the tasks run in ({@code --chdir})
     * @param excludeNodes submit's {@code --exclude} and the nodes where tasks of the chain failed
     */
    public record ArrayJob(
            String chainId,
            int round,
            int level,
            int part,
            String baseJobName,
            JobResources resources,
            List<String> options,
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
            options = List.copyOf(options);
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
        argv.addAll(job.options());
        argv.add("--output=" + job.outputPattern());
        argv.add("--error=" + job.errorPattern());
        argv.add("--chdir=" + job.workDir());
        argv.add(EXPORT_ALL);
        if (!job.excludeNodes().isEmpty()) {
            argv.add("--exclude=" + String.join(",", job.excludeNodes()));
        }
        argv.add(job.script().toString());
        argv.addAll(job.scriptArgs());
        return List.copyOf(argv);
    }

    /**
     * {@code --export=ALL}: every task gets sbatch's whole environment, to which {@link #arrayEnvironment} adds the
     * chain's variables and the user's {@code --export} items. Given explicitly so that a site's
     * {@code SBATCH_EXPORT=NONE} does not drop them. The variables go in sbatch's environment rather than in the
     * {@code --export} list, which made arrays four times slower to run (see {@link dev.memescalate.slurm.Slurm#submit}).
     */
    static final String EXPORT_ALL = "--export=ALL";

    /**
     * What a round's array tasks find in their environment besides sbatch's own: {@code MEM_ESCALATE_CHAIN_ID},
     * {@code MEM_ESCALATE_LEVEL} (the memory level), {@code MEM_ESCALATE_TIME_LEVEL} (the same in a lockstep chain),
     * {@code MEM_ESCALATE_ROUND}, and each {@code NAME=value} the user gave to {@code submit --export} (a bare
     * {@code NAME} is already in the environment, which sbatch exports whole).
     */
    public static Map<String, String> arrayEnvironment(String chainId, LevelPair levels, int round,
            List<String> userExports) {
        Map<String, String> env = new LinkedHashMap<>();
        for (String export : userExports) {
            int equals = export.indexOf('=');
            if (equals > 0) {
                env.put(export.substring(0, equals), export.substring(equals + 1));
            }
        }
        env.put(CHAIN_ID_VAR, chainId);
        env.put(LEVEL_VAR, Integer.toString(levels.memory()));
        env.put(TIME_LEVEL_VAR, Integer.toString(levels.time()));
        env.put(ROUND_VAR, Integer.toString(round));
        return Collections.unmodifiableMap(env);
    }

    /**
     * The argv after {@code sbatch} for a handler job of {@code round}, without its dependency: that names the
     * round's array job ids, known only once they are submitted ({@link #withDependency}). A guard runs the same
     * handler script with {@code --guard GENERATION}. {@code --kill-on-invalid-dep=yes}: a guard's
     * {@code afternotok} can never be met once the job it guards succeeded, and without it the guard would stay
     * PENDING with reason DependencyNeverSatisfied forever; with it, Slurm removes the guard.
     *
     * @param name the job's name ({@link JobNames})
     * @param guardGeneration 0 for a handler, 1.. for the guards that run it again with more resources
     * @param options the chain's options handler jobs take too (submit's {@code --account})
     */
    public static List<String> handlerJob(String name, int round, int guardGeneration, JobResources resources,
            List<String> options, Path chainDir, Path handlerScript) {
        List<String> argv = new ArrayList<>();
        argv.add("--job-name=" + name);
        argv.addAll(resources.sbatchOptions());
        argv.addAll(options);
        argv.add("--output=" + chainDir.resolve("handler-r" + round + "-%j.out"));
        argv.add("--chdir=" + chainDir);
        argv.add("--kill-on-invalid-dep=yes");
        argv.add(handlerScript.toString());
        argv.add(Integer.toString(round));
        if (guardGeneration > 0) {
            argv.add("--guard");
            argv.add(Integer.toString(guardGeneration));
        }
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
     * The dependency of a round's handler on its submitted array jobs: {@code afterany} on each, so the handler runs
     * once every array has ended, however its tasks ended (a comma list is an AND). The one handler decides every
     * round, failed or not.
     */
    public static String handlerDependency(List<String> arrayJobIds) {
        if (arrayJobIds.isEmpty()) {
            throw new IllegalArgumentException("a handler needs the round's array job ids");
        }
        return String.join(",", arrayJobIds.stream().map(id -> "afterany:" + id).toList());
    }

    /** The dependency of a guard: it runs only when the job it guards ended in a failed state. */
    public static String guardDependency(String guardedJobId) {
        return "afternotok:" + guardedJobId;
    }

    /** {@code argv} with {@code --begin=now+SECONDS} in front: a handler that runs again later. */
    public static List<String> withBegin(List<String> argv, long seconds) {
        List<String> withIt = new ArrayList<>(argv.size() + 1);
        withIt.add("--begin=now+" + seconds);
        withIt.addAll(argv);
        return List.copyOf(withIt);
    }
}
