package dev.memescalate.cli;

import dev.memescalate.engine.ChainOptions;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Option;

/**
 * The sbatch options {@code submit} takes, with sbatch's own short forms, for the array jobs of every round. Their
 * values are checked with everything else by the engine ({@link ChainOptions#problems()}), so a bad one is one more
 * line of the same refusal.
 */
public final class SbatchOptions {
    @Option(names = {"-p", "--partition"}, paramLabel = "PARTITION",
            description = "Run every level in this partition (or comma list) instead of the config's (a warning says"
                    + " what it replaces).")
    String partition;

    @Option(names = {"-A", "--account"}, paramLabel = "NAME", description = "Charge every round (and the handler"
            + " jobs) to this account; a level's 'account' wins.")
    String account;

    @Option(names = {"-q", "--qos"}, paramLabel = "QOS", description = "Quality of service of every round; a"
            + " level's 'qos' wins.")
    String qos;

    @Option(names = {"-c", "--cpus-per-task"}, paramLabel = "N", description = "CPUs for each task; a level's"
            + " 'cpus_per_task' wins.")
    String cpusPerTask;

    @Option(names = "--gres", paramLabel = "LIST", description = "Generic resources for each task (gpu:1); a level's"
            + " 'gres' wins.")
    String gres;

    @Option(names = {"-C", "--constraint"}, paramLabel = "LIST", description = "Node features (bigmem&fast); a"
            + " level's 'constraint' wins.")
    String constraint;

    @Option(names = {"-w", "--nodelist"}, paramLabel = "NODES", description = "Run only on these nodes.")
    String nodelist;

    @Option(names = {"-x", "--exclude"}, paramLabel = "NODES", description = "Never run on these nodes (besides those"
            + " where tasks failed).")
    String exclude;

    @Option(names = {"-D", "--chdir"}, paramLabel = "DIR", description = "The directory the tasks run in (default:"
            + " where submit runs).")
    String chdir;

    @Option(names = {"-b", "--begin"}, paramLabel = "TIME", description = "Start no round before TIME"
            + " (2026-12-24T08:00; a relative time holds every round again).")
    String begin;

    @Option(names = "--nice", paramLabel = "N", description = "Lower the rounds' priority by N.")
    String nice;

    @Option(names = "--requeue", description = "Let Slurm requeue the tasks (after a node failure, preemption).")
    boolean requeue;

    @Option(names = "--no-requeue", description = "Never let Slurm requeue the tasks.")
    boolean noRequeue;

    @Option(names = "--mail-type", paramLabel = "TYPE", description = "Mail about your tasks (END,FAIL,...;"
            + " see notify.mail for the chain's end).")
    String mailType;

    @Option(names = "--mail-user", paramLabel = "USER", description = "Who gets the tasks' mail.")
    String mailUser;

    @Option(names = "--comment", paramLabel = "TEXT", description = "A comment on the rounds' jobs.")
    String comment;

    /** The options given, as {@code --name=value} (long names, in {@link ChainOptions#NAMES} order). */
    public List<String> args() {
        Map<String, String> given = new LinkedHashMap<>();
        given.put("partition", partition);
        given.put("account", account);
        given.put("qos", qos);
        given.put("cpus-per-task", cpusPerTask);
        given.put("gres", gres);
        given.put("constraint", constraint);
        given.put("nodelist", nodelist);
        given.put("exclude", exclude);
        given.put("chdir", chdir);
        given.put("begin", begin);
        given.put("nice", nice);
        given.put("mail-type", mailType);
        given.put("mail-user", mailUser);
        given.put("comment", comment);
        List<String> args = new ArrayList<>();
        for (String name : ChainOptions.NAMES) {
            if (name.equals("requeue") && requeue || name.equals("no-requeue") && noRequeue) {
                args.add("--" + name);
            } else if (given.get(name) != null) {
                args.add("--" + name + "=" + given.get(name));
            }
        }
        return List.copyOf(args);
    }
}
