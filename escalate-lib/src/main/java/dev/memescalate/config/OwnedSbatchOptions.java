package dev.memescalate.config;

import java.util.Map;
import java.util.Optional;

/**
 * The sbatch options mem-escalate sets itself, or that have their own config key or submit option, with where each
 * belongs: a config's {@code sbatch:} list and submit's command line refuse them with that answer, so an option has
 * one place and a round never carries two values of it.
 */
public final class OwnedSbatchOptions {
    /** Long name -> why it cannot be given as an sbatch option, completing "--NAME ...". */
    private static final Map<String, String> OWNERS = Map.ofEntries(
            Map.entry("partition", "is the level key 'partition' (or submit --partition): set it there"),
            Map.entry("mem", "is the level key 'mem': set it there"),
            Map.entry("mem-per-cpu", "cannot be given beside the --mem mem-escalate passes (sbatch refuses both):"
                    + " give the memory in the level key 'mem'"),
            Map.entry("mem-per-gpu", "cannot be given beside the --mem mem-escalate passes (sbatch refuses both):"
                    + " give the memory in the level key 'mem'"),
            Map.entry("time", "is the level key 'time': set it there"),
            Map.entry("qos", "is the level key 'qos' (or submit --qos): set it there"),
            Map.entry("account", "is the level key 'account' (or submit --account): set it there"),
            Map.entry("constraint", "is the level key 'constraint' (or submit --constraint): set it there"),
            Map.entry("cpus-per-task", "is the level key 'cpus_per_task' (or submit --cpus-per-task): set it there"),
            Map.entry("gres", "is the level key 'gres' (or submit --gres): set it there"),
            Map.entry("array", "is mem-escalate's: submit --array gives the tasks, and each round runs its own"
                    + " --array"),
            Map.entry("dependency", "is mem-escalate's: it chains the rounds and their handler jobs with"
                    + " dependencies"),
            Map.entry("kill-on-invalid-dep", "is mem-escalate's: it sets it on the handler jobs it chains"),
            Map.entry("export", "is submit --export (every task also gets the environment submit ran in): give it"
                    + " there"),
            Map.entry("export-file", "is submit --export (every task also gets the environment submit ran in):"
                    + " give the variables there"),
            Map.entry("job-name", "is submit --job-name (mem-escalate appends the chain and round): give it there"),
            Map.entry("output", "is submit --output (or the config's log_dir): give it there"),
            Map.entry("error", "is submit --error (or the config's log_dir): give it there"),
            Map.entry("chdir", "is submit --chdir: give it there"),
            Map.entry("exclude", "is submit --exclude (mem-escalate adds the nodes where tasks failed): give it"
                    + " there"),
            Map.entry("parsable", "is mem-escalate's: it reads sbatch's reply itself"),
            Map.entry("wrap", "is mem-escalate's: every round runs the script given to submit"),
            Map.entry("wait", "is mem-escalate's: sbatch must return at once (the handler jobs wait for the"
                    + " rounds)"),
            Map.entry("test-only", "would submit nothing: use submit --dry-run"),
            Map.entry("hold", "would hold every round, and the chain with it: submit when the tasks may run"),
            Map.entry("clusters", "is not supported: a chain's jobs, sacct and scontrol are on the one cluster"
                    + " SLURM_CONF names"),
            Map.entry("uid", "is not supported: the rounds run as the user who submits"),
            Map.entry("gid", "is not supported: the rounds run as the user who submits"),
            Map.entry("help", "prints help instead of submitting"),
            Map.entry("usage", "prints help instead of submitting"),
            Map.entry("version", "prints the version instead of submitting"));

    private OwnedSbatchOptions() {
    }

    /**
     * Why the option with this long name cannot be given, completing {@code "--NAME "} ({@code "is the level key
     * 'mem': set it there"}); empty when it can.
     */
    public static Optional<String> owner(String longName) {
        return Optional.ofNullable(OWNERS.get(longName));
    }
}
