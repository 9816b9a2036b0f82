package dev.memescalate.engine;

import dev.memescalate.InvalidInputException;
import dev.memescalate.config.Suggestions;
import dev.memescalate.ladder.Ladder;
import dev.memescalate.ladder.Level;
import dev.memescalate.ladder.LevelPair;
import dev.memescalate.slurm.Asked;
import dev.memescalate.slurm.ClusterInfo;
import dev.memescalate.slurm.FeatureExpression;
import dev.memescalate.slurm.Gres;
import dev.memescalate.slurm.Hostlist;
import dev.memescalate.slurm.NodeInfo;
import dev.memescalate.slurm.QosInfo;
import dev.memescalate.slurm.ResourceRequest;
import dev.memescalate.slurm.SbatchOption;
import dev.memescalate.slurm.ScriptDirectives;
import dev.memescalate.slurm.Slurm;
import dev.memescalate.slurm.SlurmException;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.function.UnaryOperator;

/**
 * The pre-flight of what a round asks for besides partition, memory and time, where it can be set in three places:
 * the script's {@code #SBATCH} lines, submit's command line and the level (each winning over the one before). For
 * every level a chain can reach it builds the {@link ResourceRequest} the cluster check takes (CPUs, generic
 * resources, features, QOS, nodes) and checks QOS and account names against sacctmgr (one call each, only when asked
 * for and the cluster keeps accounting); {@link OptionOverrides} says which options override which. Pure but for
 * the sacctmgr calls, made through {@link Slurm}.
 */
final class OptionsPreflight {
    /** Where messages say mem-escalate's own options come from. */
    static final String TOOL = "mem-escalate";

    private OptionsPreflight() {
    }

    /** The options of the script's {@code #SBATCH} lines, each with its line. */
    static List<OptionLayers.Sourced> scriptLayer(ScriptDirectives.Read read, String scriptName) {
        return read.directives().stream()
                .map(d -> new OptionLayers.Sourced(d.option(), "#SBATCH, " + scriptName + ":" + d.line()))
                .toList();
    }

    /**
     * Problems of the script's lines: words sbatch refuses, and {@code --mem-per-cpu}/{@code --mem-per-gpu}, which
     * sbatch refuses beside the {@code --mem} of every level (measured on 22.05.8: "--mem, --mem-per-cpu, and
     * --mem-per-gpu are mutually exclusive").
     */
    static List<String> scriptProblems(ScriptDirectives.Read read, String scriptName) {
        List<String> problems = new ArrayList<>();
        read.problems().forEach(p -> problems.add("script " + scriptName + ":" + p + " (sbatch refuses the"
                + " script); fix the #SBATCH line"));
        for (ScriptDirectives.Directive d : read.directives()) {
            String name = d.option().name();
            if (name.equals("mem-per-cpu") || name.equals("mem-per-gpu")) {
                problems.add("script " + scriptName + ":" + d.line() + ": #SBATCH " + d.option().written() + ": sbatch"
                        + " refuses --" + name + " beside the --mem mem-escalate gives each level; remove the line"
                        + " (the levels' mem is the memory of the whole task)");
            }
        }
        return problems;
    }

    /** Everything a round at this level asks sbatch for, merged as sbatch merges it. */
    static OptionLayers.Merged merged(Level level, ChainOptions chain, List<OptionLayers.Sourced> script,
            List<SbatchOption> toolOptions) {
        return OptionLayers.merge(List.of(script,
                OptionLayers.from(chain.passedToArrays(), RoundOptions.COMMAND_LINE),
                OptionLayers.from(level.options().toSbatchArgs().stream().map(SbatchOption::ofArg).toList(),
                        RoundOptions.levelSource(level)),
                OptionLayers.from(toolOptions, TOOL)));
    }

    /**
     * The request of a level for the cluster check; a problem for each value it cannot read (a script's
     * {@code #SBATCH -c x}).
     */
    static ResourceRequest request(Level level, ChainOptions chain, OptionLayers.Merged merged,
            List<String> problems) {
        String label = RoundOptions.levelSource(level);
        return request(level, chain, merged, problems, option -> label);
    }

    /**
     * {@link #request(Level, ChainOptions, OptionLayers.Merged, List)}, naming where each of the level's own options
     * comes from by {@code ownerOf} (sbatch's option name to {@code time step 2}, {@code options: of the config}).
     */
    static ResourceRequest request(Level level, ChainOptions chain, OptionLayers.Merged merged,
            List<String> problems, UnaryOperator<String> ownerOf) {
        String label = RoundOptions.levelSource(level);
        Function<OptionLayers.Sourced, String> source = sourced -> describeSource(sourced, label,
                ownerOf.apply(sourced.option().name()));
        RoundOptions round = RoundOptions.of(level, chain);
        Optional<Asked<Integer>> cpus = value(merged, "cpus-per-task", label, source, problems, text -> {
            if (!text.matches("\\d{1,7}") || Integer.parseInt(text) < 1) {
                throw new InvalidInputException("give a whole number of CPUs, at least 1");
            }
            return Integer.parseInt(text);
        });
        Optional<Asked<List<Gres>>> gres = value(merged, "gres", label, source, problems, Gres::parseRequest);
        Optional<Asked<FeatureExpression>> constraint = value(merged, "constraint", label, source, problems,
                FeatureExpression::parse);
        Optional<Asked<String>> qos = value(merged, "qos", label, source, problems, text -> text);
        Optional<Asked<List<String>>> nodelist = value(merged, "nodelist", label, source, problems,
                Hostlist::expand);
        return new ResourceRequest(label, round.resources().partitions(), level.mem().megabytes(),
                level.time().seconds(), cpus, gres, constraint, qos, nodelist);
    }

    /**
     * With {@code escalation: by_reason}: the request of every memory-and-time pair a task can reach, from
     * {@code lowest} to {@code maxLevel} in each dimension, each capped at its dimension's top. For a ladder of levels
     * the pairs that are levels are left out (checked already as levels); each other pair takes the memory of its
     * memory level, the time of its time level and the partitions and options of the higher ({@link Ladder#at}).
     * For separate ladders every pair is checked, named by its two steps.
     */
    static List<ResourceRequest> pairRequests(Ladder ladder, int lowest, int maxLevel, ChainOptions chain,
            List<OptionLayers.Sourced> script, List<String> problems) {
        List<ResourceRequest> requests = new ArrayList<>();
        for (LevelPair pair : reachablePairs(ladder, lowest, maxLevel)) {
            if (!ladder.isSeparate() && ladder.isLevel(pair)) {
                continue;
            }
            Level level = ladder.at(pair);
            // Separate ladders: a pair's options are its steps' or the config's options:, whatever level it is
            // numbered as.
            String label = RoundOptions.levelSource(level);
            UnaryOperator<String> ownerOf = ladder.separate()
                    .<UnaryOperator<String>>map(s -> option -> s.optionOwner(pair, option))
                    .orElse(option -> label);
            ResourceRequest request = request(level, chain, merged(level, chain, script, List.of()), problems,
                    ownerOf);
            requests.add(request.withLabel(pairLabel(ladder, pair)));
        }
        return requests;
    }

    /**
     * The pairs a by_reason task that starts between {@code lowest} and {@code maxLevel} can reach: memory levels
     * from min(lowest, memory top) to min(maxLevel, memory top), time levels likewise, memory first.
     */
    static List<LevelPair> reachablePairs(Ladder ladder, int lowest, int maxLevel) {
        LevelPair from = ladder.startPair(lowest);
        LevelPair to = ladder.startPair(maxLevel);
        List<LevelPair> pairs = new ArrayList<>();
        for (int memory = from.memory(); memory <= to.memory(); memory++) {
            for (int time = from.time(); time <= to.time(); time++) {
                pairs.add(new LevelPair(memory, time));
            }
        }
        return pairs;
    }

    /**
     * {@code memory level 1 / time level 2 (mem of level 1, ...)}; for separate ladders
     * {@code memory level 1 / time level 0 (memory step 1 (2G, partitions bigmem), time step 0 (1:00:00))}.
     */
    static String pairLabel(Ladder ladder, LevelPair pair) {
        String levels = "memory level " + pair.memory() + " / time level " + pair.time();
        return ladder.separate()
                .map(s -> levels + " (" + s.memoryStepName(pair.memory()) + ", " + s.timeStepName(pair.time()) + ")")
                .orElseGet(() -> levels + " (mem of level " + pair.memory() + ", time of level " + pair.time()
                        + ", partition and options of level " + pair.higher() + ")");
    }

    private static <T> Optional<Asked<T>> value(OptionLayers.Merged merged, String name, String label,
            Function<OptionLayers.Sourced, String> source, List<String> problems, Function<String, T> parse) {
        Optional<OptionLayers.Sourced> winner = merged.winner(name);
        if (winner.isEmpty() || winner.get().option().value().isEmpty()) {
            return Optional.empty();
        }
        OptionLayers.Sourced sourced = winner.get();
        String text = sourced.option().value().orElseThrow();
        try {
            return Optional.of(new Asked<>(parse.apply(text), source.apply(sourced)));
        } catch (InvalidInputException | IllegalArgumentException bad) {
            problems.add(label + ": " + sourced.describe() + ": " + bad.getMessage());
            return Optional.empty();
        }
    }

    /** {@code "qos of level 2"}, {@code "--qos"} (the command line), {@code "#SBATCH, job.sh:3"}. */
    private static String describeSource(OptionLayers.Sourced sourced, String label, String optionsName) {
        String name = sourced.option().name();
        if (sourced.from().equals(label)) {
            return name.replace('-', '_') + " of " + optionsName;
        }
        if (sourced.from().equals(RoundOptions.COMMAND_LINE)) {
            return "--" + name;
        }
        return sourced.from();
    }

    /** Nodes of --nodelist and --exclude the cluster does not have: sbatch refuses them ("Invalid node name"). */
    static List<String> unknownNodes(ChainOptions chain, ClusterInfo cluster) {
        List<String> problems = new ArrayList<>();
        for (String option : List.of("nodelist", "exclude")) {
            List<String> unknown = chain.value(option).map(Hostlist::expand).orElse(List.of()).stream()
                    .filter(n -> cluster.node(n).isEmpty()).toList();
            if (!unknown.isEmpty()) {
                problems.add("--" + option + "=" + chain.value(option).orElseThrow() + ": " + String.join(", ",
                        unknown.stream().limit(10).toList()) + (unknown.size() > 10 ? ", ..." : "") + " "
                        + (unknown.size() == 1 ? "is not a node" : "are not nodes") + " of cluster '"
                        + cluster.clusterName() + "' (its nodes: " + String.join(", ",
                                cluster.nodes().stream().map(NodeInfo::name).toList()) + "); check the names");
            }
        }
        return problems;
    }

    /** QOS and accounts as sacctmgr knows them, or why they could not be asked. */
    record Accounting(List<QosInfo> qos, Optional<List<String>> accounts, List<String> notes) {
    }

    /**
     * Asks sacctmgr for what the chain names, and only that: the QOS when a level or the command line names one, the
     * user's accounts when one names an account. Nothing when the cluster keeps no accounting (sacctmgr would not
     * answer); a failing sacctmgr is a note, not a refusal (sbatch checks the names anyway).
     */
    static Accounting askAccounting(Slurm slurm, ClusterInfo cluster, String user, boolean namesQos,
            boolean namesAccount) {
        List<String> notes = new ArrayList<>();
        if (!cluster.hasAccountingDatabase() || (!namesQos && !namesAccount)) {
            if (namesQos || namesAccount) {
                notes.add("QOS and account names are not checked: cluster '" + cluster.clusterName() + "' keeps no"
                        + " accounting (AccountingStorageType=" + cluster.accountingStorageType() + ")");
            }
            return new Accounting(List.of(), Optional.empty(), notes);
        }
        List<QosInfo> qos = List.of();
        Optional<List<String>> accounts = Optional.empty();
        try {
            if (namesQos) {
                qos = slurm.qos();
            }
            if (namesAccount) {
                accounts = Optional.of(slurm.accounts(user));
            }
        } catch (SlurmException unanswered) {
            notes.add("QOS and account names are not checked: sacctmgr failed (" + unanswered.getMessage().lines()
                    .findFirst().orElse("") + "); sbatch checks them at submission");
            return new Accounting(List.of(), Optional.empty(), notes);
        }
        return new Accounting(qos, accounts, notes);
    }

    /** Unknown QOS names, and accounts the user has no association with, each with where it was named. */
    static List<String> accountingProblems(Accounting accounting, ClusterInfo cluster, String user,
            List<ResourceRequest> requests, Map<String, String> accountsBySource) {
        List<String> problems = new ArrayList<>();
        if (!accounting.qos().isEmpty()) {
            Set<String> known = new LinkedHashSet<>(accounting.qos().stream().map(QosInfo::name).toList());
            Map<String, String> unknown = new LinkedHashMap<>();
            for (ResourceRequest r : requests) {
                r.qos().filter(q -> !known.contains(q.value()))
                        .ifPresent(q -> unknown.putIfAbsent(q.value(), r.label() + ": QOS '" + q.value() + "' ("
                                + q.from() + ")"));
            }
            unknown.forEach((name, where) -> problems.add(where + " is not a QOS of cluster '"
                    + cluster.clusterName() + "' (sacctmgr knows: " + String.join(", ", known) + ")"
                    + Suggestions.didYouMean(name, known) + "; give one of those"));
        }
        accounting.accounts().ifPresent(mine -> accountsBySource.forEach((account, where) -> {
            if (!mine.contains(account)) {
                problems.add(where + ": you (" + user + ") have no association with account '" + account
                        + "' on cluster '" + cluster.clusterName() + "' (yours: " + (mine.isEmpty() ? "none"
                        : String.join(", ", mine)) + ")" + Suggestions.didYouMean(account, mine)
                        + "; give one of yours, or ask the cluster's administrators");
            }
        }));
        return problems;
    }

    /** Each account the chain names, with where: {@code "level 2: account 'bio' (account of level 2)"}. */
    static Map<String, String> accountsNamed(List<OptionLayers.Merged> mergedByLevel, List<Level> levels,
            ChainOptions chain) {
        Map<String, String> where = new LinkedHashMap<>();
        chain.account().ifPresent(a -> where.put(a, "--account=" + a));
        for (int i = 0; i < levels.size(); i++) {
            String label = RoundOptions.levelSource(levels.get(i));
            mergedByLevel.get(i).winner("account").filter(s -> s.option().value().isPresent())
                    .ifPresent(s -> where.putIfAbsent(s.option().value().orElseThrow(), label + ": account '"
                            + s.option().value().orElseThrow() + "' (" + describeSource(s, label, label) + ")"));
        }
        return where;
    }

    /** The options with {@code --chdir} made absolute against the directory submit runs in. */
    static ChainOptions withAbsoluteChdir(ChainOptions options, Path workDir) {
        if (options.chdir().isEmpty() || options.value("chdir").orElse("").isEmpty()) {
            return options;
        }
        String absolute = workDir.resolve(options.chdir().get()).normalize().toString();
        return new ChainOptions(options.args().stream()
                .map(a -> a.startsWith("--chdir=") ? "--chdir=" + absolute : a).toList());
    }

    /** The script's #SBATCH lines; none when it cannot be read (that is reported as the script's problem). */
    static ScriptDirectives.Read readDirectives(Path script) {
        if (!Files.isRegularFile(script) || !Files.isReadable(script)) {
            return new ScriptDirectives.Read(List.of(), List.of());
        }
        try (BufferedReader reader = new BufferedReader(new InputStreamReader(Files.newInputStream(script),
                StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPLACE)))) {
            return ScriptDirectives.read(reader);
        } catch (IOException | UncheckedIOException unreadable) {
            return new ScriptDirectives.Read(List.of(), List.of());
        }
    }
}
