package dev.memescalate.cli.command;

import dev.memescalate.InvalidInputException;
import dev.memescalate.cli.CliEnvironment;
import dev.memescalate.cli.CommandFailedException;
import dev.memescalate.cli.ExitCodes;
import dev.memescalate.cli.HandlerJar;
import dev.memescalate.cli.SbatchOptions;
import dev.memescalate.cli.StartLevelOption;
import dev.memescalate.cli.Tracker;
import dev.memescalate.cli.TrackerOptions;
import dev.memescalate.cli.VerboseOption;
import dev.memescalate.config.ConfigLoader;
import dev.memescalate.config.EscalationConfig;
import dev.memescalate.config.StartLevel;
import dev.memescalate.engine.ChainLauncher;
import dev.memescalate.engine.DryRun;
import dev.memescalate.engine.RoundSubmitter;
import dev.memescalate.engine.TransientSubmitException;
import dev.memescalate.slurm.Slurm;
import dev.memescalate.store.ChainStore;
import dev.memescalate.store.RoundStatus;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code mem-escalate submit}: checks everything, submits round 1 of a chain with its handler jobs. */
@Command(
        name = "submit",
        mixinStandardHelpOptions = true,
        description = "Submit a job array at the first level of the ladder; failed tasks climb it in later rounds.",
        footer = {"", "The sbatch options above apply to the array jobs of every round; #SBATCH lines in the script still"
                + " apply, below them. Other sbatch options go in the config (a level's 'sbatch' list) or in #SBATCH"
                + " lines.",
                "", "Everything after SCRIPT is passed to the script unchanged, in every round."})
public final class SubmitCommand implements Callable<Integer> {
    /** The config looked for when --config is not given, inside the tracker directory. */
    static final String DEFAULT_CONFIG = "config.yaml";

    @Spec
    CommandSpec spec;

    @Option(names = "--array", required = true, paramLabel = "SPEC",
            description = "Array indices, Slurm syntax: 0-9999, 1,5,9-20:2 (give the throttle with --throttle).")
    String array;

    @Option(names = "--throttle", paramLabel = "N",
            description = "At most N tasks of a round run at once (sbatch's %%N), shared between split arrays.")
    Integer throttle;

    @Mixin
    TrackerOptions tracker;

    @Mixin
    VerboseOption verbose;

    @Option(names = "--max-level", paramLabel = "N", description = "Do not escalate above level N (0-based).")
    Integer maxLevel;

    @Option(names = "--start-level", paramLabel = "N|auto", converter = StartLevelOption.class,
            description = "Level of round 1 (default: the config's start_level, else 0); auto: each task where it"
                    + " last completed in an earlier chain of this script (0 without one), up to --max-level.")
    StartLevel startLevel;

    @Option(names = "--export", paramLabel = "VARS",
            description = "Extra variables for every task: NAME or NAME=value, comma separated or repeated.")
    List<String> exports = new ArrayList<>();

    @Option(names = "--job-name", paramLabel = "NAME",
            description = "Base job name (default: the script's file name); chain and round are appended.")
    String jobName;

    @Option(names = "--output", paramLabel = "PATTERN", description = "sbatch --output pattern for the tasks.")
    String output;

    @Option(names = "--error", paramLabel = "PATTERN", description = "sbatch --error pattern for the tasks.")
    String error;

    @Mixin
    SbatchOptions sbatch;

    @Option(names = "--dry-run", description = "Check everything and print the sbatch calls of round 1; submit and write nothing.")
    boolean dryRun;

    @Parameters(index = "0", paramLabel = "SCRIPT", description = "The batch script each task runs.")
    Path script;

    @Parameters(index = "1..*", paramLabel = "ARGS", description = "Arguments for the script.")
    List<String> scriptArgs = new ArrayList<>();

    private final CliEnvironment environment;
    private final Map<String, String> env;

    public SubmitCommand() {
        this(CliEnvironment.system());
    }

    public SubmitCommand(CliEnvironment environment) {
        this.environment = environment;
        this.env = environment.variables();
    }

    /** {@code level 0}, or with learned start levels {@code level 0 (10), level 2 (20; learned)}. */
    private static String startLevels(ChainLauncher.Plan plan) {
        if (plan.initialRounds().size() == 1) {
            return "level " + plan.firstRound().round().level() + (plan.learned().isPresent() ? " (learned)" : "");
        }
        return plan.initialRounds().stream()
                .map(r -> "level " + r.round().level() + " (" + r.round().indices().size() + ")")
                .collect(java.util.stream.Collectors.joining(", ")) + ", learned,";
    }

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        Path workDir = Path.of("").toAbsolutePath();
        EscalationConfig cfg = ConfigLoader.load(resolveConfig(workDir));
        cfg.warnings().forEach(w -> err.println("warning: " + w));
        Path trackerDir = tracker.directory(env, Optional.of(cfg));
        Slurm cluster = environment.slurm().get();
        Clock clock = environment.clock();
        ChainLauncher launcher = new ChainLauncher(cluster, clock, new java.security.SecureRandom());
        ChainLauncher.Request request = new ChainLauncher.Request(script, scriptArgs, array,
                throttle == null ? OptionalInt.empty() : OptionalInt.of(throttle), cfg,
                maxLevel == null ? OptionalInt.empty() : OptionalInt.of(maxLevel), Optional.ofNullable(startLevel),
                splitExports(),
                Optional.ofNullable(jobName), Optional.ofNullable(output), Optional.ofNullable(error), workDir,
                trackerDir, javaExecutable(), jar(), RoundSubmitter.hostName(), System.getProperty("user.name"),
                sbatch.args());
        ChainLauncher.Plan plan = launcher.prepare(request, new StoreStartHistory(trackerDir));
        plan.warnings().forEach(w -> err.println("warning: " + w));
        plan.notes().forEach(n -> err.println("note: " + n));

        if (dryRun) {
            out.print(DryRun.render(plan));
            out.flush();
            return ExitCodes.OK;
        }
        try (ChainStore store = ChainStore.open(plan.storeFile())) {
            RoundSubmitter submitter = environment.engine(store).submitter();
            String id = plan.chain().id();
            RoundSubmitter.Result result;
            try {
                result = launcher.launch(plan, store, submitter);
            } catch (TransientSubmitException slurmDown) {
                throw new CommandFailedException(ExitCodes.WORK_FAILED, "chain " + id + " is recorded, but sbatch did"
                        + " not answer (" + slurmDown.getMessage() + "): nothing of it runs yet. When Slurm answers"
                        + " again, run: mem-escalate resume " + id);
            }
            if (result.status() == RoundStatus.SUBMIT_FAILED) {
                throw new CommandFailedException(ExitCodes.WORK_FAILED, "chain " + id
                        + ": round 1 could not be submitted:\n  " + String.join("\n  ", result.errors()));
            }
            out.println("Submitted chain " + id + ": " + plan.taskCount() + " task(s) at " + startLevels(plan)
                    + " in array job(s) " + String.join(",", result.arrayJobIds().values()) + ".");
            out.println("Follow it with: mem-escalate status " + id + " --watch");
            if (!env.containsKey(Tracker.HOME_VARIABLE) && cfg.trackerDir().isPresent()) {
                out.println("(tracked in " + trackerDir + ": set " + Tracker.HOME_VARIABLE + "=" + trackerDir
                        + " for status)");
            }
            return ExitCodes.OK;
        }
    }

    private Path resolveConfig(Path workDir) {
        if (tracker.configOption().isPresent()) {
            return tracker.existingConfig(workDir);
        }
        Path fallback = tracker.directory(env, Optional.empty()).resolve(DEFAULT_CONFIG);
        if (Files.isRegularFile(fallback)) {
            return fallback;
        }
        throw new InvalidInputException("no config given: pass --config FILE, or put a ladder in " + fallback
                + " (see config/default.yaml for an annotated example)");
    }

    /**
     * {@code --export} accepts sbatch's comma list as well as repeated options; ALL is implied, NONE is refused. The
     * items themselves are checked with everything else in {@link ChainLauncher#prepare}.
     */
    private List<String> splitExports() {
        List<String> result = new ArrayList<>();
        for (String option : exports) {
            for (String item : option.split(",", -1)) {
                if (item.equals("ALL")) {
                    continue;
                }
                if (item.equals("NONE") || item.equals("NIL")) {
                    throw new InvalidInputException("--export=" + option + ": tasks always get the submitting"
                            + " environment (ALL) plus mem-escalate's variables; give only the extra NAME=value items");
                }
                result.add(item);
            }
        }
        return result;
    }

    private static Path javaExecutable() {
        return ProcessHandle.current().info().command().map(Path::of)
                .orElse(Path.of(System.getProperty("java.home"), "bin", "java"));
    }

    /** The shaded jar this runs from (the handler jobs run it too); MEM_ESCALATE_JAR overrides. */
    private Path jar() {
        return HandlerJar.locate(env).map(HandlerJar.Located::path).orElseThrow(() -> new CommandFailedException(
                ExitCodes.UNEXPECTED_STATE, "cannot tell which jar the handler jobs should run: start mem-escalate"
                        + " from its jar (bin/mem-escalate), or set " + HandlerJar.VARIABLE));
    }
}
