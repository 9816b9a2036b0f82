package dev.memescalate.cli.command;

import dev.memescalate.ShellWords;
import dev.memescalate.config.ConfigLoader;
import dev.memescalate.config.EscalationConfig;
import dev.memescalate.config.HandlerResources;
import dev.memescalate.config.Notification;
import dev.memescalate.ladder.Level;
import dev.memescalate.ladder.LevelOptions;
import dev.memescalate.ladder.LevelPair;
import dev.memescalate.ladder.MemorySize;
import dev.memescalate.ladder.SeparateLadders;
import dev.memescalate.ladder.Step;
import dev.memescalate.ladder.TimeLimit;
import dev.memescalate.policy.Action;
import dev.memescalate.policy.ExitCodeRule;
import dev.memescalate.policy.StatePolicy;
import dev.memescalate.report.Table;
import dev.memescalate.slurm.JobState;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import java.util.concurrent.Callable;
import java.util.function.Function;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code mem-escalate check-config FILE}: validates a config and prints what it means — the ladder, the effective
 * state and exit-code rules (defaults marked), and every other setting. An invalid file throws
 * {@link dev.memescalate.InvalidInputException}, which the command line prints and maps to exit code 2.
 */
@Command(name = "check-config", mixinStandardHelpOptions = true,
        description = "Validate a config file and print its ladder and rules.")
public final class CheckConfigCommand implements Callable<Integer> {
    private static final String DEFAULT_MARK = "(default)";

    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "FILE", description = "The YAML config file to check.")
    Path file;

    @Override
    public Integer call() {
        EscalationConfig config = ConfigLoader.load(file);
        PrintWriter out = spec.commandLine().getOut();
        out.print(render(config));
        out.flush();
        return 0;
    }

    /** The whole report; pure, so tests can compare it to the expected text. */
    static String render(EscalationConfig config) {
        StringBuilder text = new StringBuilder();
        text.append(config.sourceName()).append(": valid\n");
        if (!config.warnings().isEmpty()) {
            text.append("\nWarnings:\n");
            config.warnings().forEach(w -> text.append("  ").append(w).append('\n'));
        }
        appendLadder(text, config);
        appendStateHandling(text, config);
        appendSettings(text, config);
        return text.toString();
    }

    /**
     * The level keys beyond partition, memory and time, as columns: each shown only when some level sets it, with
     * every level's effective value (inherited ones included).
     */
    private static final List<Map.Entry<String, Function<LevelOptions, Optional<String>>>> OPTION_COLUMNS = List.of(
            Map.entry("CPUS", o -> o.cpusPerTask().isPresent()
                    ? Optional.of(Integer.toString(o.cpusPerTask().getAsInt())) : Optional.empty()),
            Map.entry("QOS", LevelOptions::qos),
            Map.entry("ACCOUNT", LevelOptions::account),
            Map.entry("CONSTRAINT", LevelOptions::constraint),
            Map.entry("GRES", LevelOptions::gres),
            Map.entry("SBATCH", o -> o.sbatch().isEmpty() ? Optional.empty()
                    : Optional.of(o.sbatch().stream().map(ShellWords::quote).collect(Collectors.joining(" ")))));

    private static void appendLadder(StringBuilder text, EscalationConfig config) {
        if (config.ladder().separate().isPresent()) {
            appendSeparateLadders(text, config.ladder().separate().get());
            return;
        }
        List<Level> levels = config.ladder().levels();
        var columns = OPTION_COLUMNS.stream()
                .filter(c -> levels.stream().anyMatch(l -> c.getValue().apply(l.options()).isPresent()))
                .toList();
        List<List<String>> rows = new ArrayList<>();
        List<String> header = new ArrayList<>(List.of("LEVEL", "PARTITIONS", "MEMORY", "TIME"));
        columns.forEach(c -> header.add(c.getKey()));
        rows.add(header);
        for (Level level : levels) {
            List<String> row = new ArrayList<>(List.of(Integer.toString(level.number()), level.partitionList(),
                    level.mem().toSlurm(), level.time().toSlurm()));
            columns.forEach(c -> row.add(c.getValue().apply(level.options()).orElse("-")));
            rows.add(row);
        }
        int size = config.ladder().size();
        text.append("\nLadder (").append(size).append(size == 1 ? " level" : " levels")
                .append(config.chainOptions().byReason()
                        ? "; escalation: by_reason: a task has a memory level and a time level, both starting at 0;"
                                + " OUT_OF_MEMORY and exit codes 137 or signal 9 raise the memory level, TIMEOUT the"
                                + " time level, other escalations both; a round at memory level m and time level t"
                                + " asks for level m's memory, level t's time, and the partitions and options of the"
                                + " higher of the two"
                        : "; a task starts at level 0 and escalates one level at a time")
                .append(columns.isEmpty() ? "" : "; a level takes the options of the level below unless it sets its"
                        + " own, '-' is none")
                .append("):\n");
        appendTable(text, rows);
    }

    /** The memory and the time ladder, then every pair with what it runs with, then the options of every pair. */
    private static void appendSeparateLadders(StringBuilder text, SeparateLadders ladders) {
        String any = ladders.defaultPartitions().map(p -> "(" + String.join(",", p) + ")").orElse("(any)");
        List<List<String>> memory = new ArrayList<>(List.of(List.of("MEMORY LEVEL", "MEMORY", "PARTITIONS")));
        for (int m = 0; m <= ladders.memoryTop(); m++) {
            Step<MemorySize> step = ladders.memory().get(m);
            memory.add(List.of(Integer.toString(m), step.value().toSlurm(),
                    step.partitions().map(p -> String.join(",", p)).orElse(any)));
        }
        List<List<String>> time = new ArrayList<>(List.of(List.of("TIME LEVEL", "TIME", "PARTITIONS")));
        for (int t = 0; t <= ladders.timeTop(); t++) {
            Step<TimeLimit> step = ladders.time().get(t);
            time.add(List.of(Integer.toString(t), step.value().toSlurm(),
                    step.partitions().map(p -> String.join(",", p)).orElse(any)));
        }
        text.append("\nMemory ladder (").append(ladders.memory().size()).append(" step(s); escalation: by_reason with"
                + " separate ladders: OUT_OF_MEMORY and exit codes 137 or signal 9 raise the memory level, TIMEOUT the"
                + " time level, other escalations both; a step's PARTITIONS are its rule, ")
                .append(ladders.defaultPartitions().isPresent() ? "in parentheses the top-level default"
                        : "(any) when it has none")
                .append("):\n");
        appendTable(text, memory);
        text.append("\nTime ladder (").append(ladders.time().size()).append(" step(s)):\n");
        appendTable(text, time);
        List<List<String>> pairs = new ArrayList<>(List.of(List.of("MEMORY LEVEL", "TIME LEVEL", "MEMORY", "TIME",
                "PARTITIONS")));
        for (int m = 0; m <= ladders.memoryTop(); m++) {
            for (int t = 0; t <= ladders.timeTop(); t++) {
                Level level = ladders.at(new LevelPair(m, t));
                pairs.add(List.of(Integer.toString(m), Integer.toString(t), level.mem().toSlurm(),
                        level.time().toSlurm(), level.partitionList()));
            }
        }
        text.append("\nPairs (a round at memory level m and time level t asks for this; partitions both steps"
                + " allow, in the memory step's order):\n");
        appendTable(text, pairs);
        var columns = OPTION_COLUMNS.stream()
                .filter(c -> c.getValue().apply(ladders.options()).isPresent())
                .toList();
        if (!columns.isEmpty()) {
            text.append("\nOptions of every pair (options:):\n");
            appendTable(text, columns.stream()
                    .map(c -> List.of(c.getKey(), c.getValue().apply(ladders.options()).orElseThrow()))
                    .toList());
        }
    }

    private static void appendStateHandling(StringBuilder text, EscalationConfig config) {
        Map<JobState, Action> actions = config.statePolicy().stateActions();
        List<List<String>> rows = new ArrayList<>();
        for (JobState state : JobState.values()) {
            if (actions.containsKey(state)) {
                boolean fromDefaults = !config.statesFromFile().contains(state);
                rows.add(List.of(state.name(), actions.get(state).configName(), fromDefaults ? DEFAULT_MARK : ""));
            }
        }
        text.append("\nState handling (states the file does not name keep the default):\n");
        appendTable(text, rows);
        List<ExitCodeRule> rules = config.statePolicy().exitCodeRules();
        text.append("\nExit-code rules (sacct ExitCode RC:SIGNAL):\n");
        if (rules.isEmpty()) {
            boolean sameAsDefault = rules.equals(StatePolicy.defaults().exitCodeRules());
            text.append("  none").append(sameAsDefault ? " " + DEFAULT_MARK : "").append('\n');
        } else {
            appendTable(text, rules.stream().map(r -> List.of(r.pattern(), r.action().configName())).toList());
        }
    }

    private static void appendSettings(StringBuilder text, EscalationConfig config) {
        HandlerResources handler = config.handler();
        String fromCluster = "(not set: chosen to fit the cluster at submit time)";
        List<List<String>> rows = new ArrayList<>();
        rows.add(List.of("handler.partition", handler.partitions().map(p -> String.join(",", p)).orElse(fromCluster)));
        rows.add(List.of("handler.mem", handler.mem().map(m -> m.toSlurm()).orElse(fromCluster)));
        rows.add(List.of("handler.time", handler.time().map(t -> t.toSlurm()).orElse(fromCluster)));
        rows.add(List.of("tracker_dir", pathOrDefault(config.trackerDir())));
        rows.add(List.of("log_dir", pathOrDefault(config.logDir())));
        rows.add(List.of("max_array_spec_len", withDefaultMark(config.maxArraySpecLength(),
                EscalationConfig.SLURM_ARRAY_SPEC_LIMIT)));
        rows.add(List.of("max_array_tasks", config.maxArrayTasks().isPresent()
                ? Integer.toString(config.maxArrayTasks().getAsInt())
                : "(not set: as many as fit the array spec length)"));
        rows.add(List.of("done_file", config.doneFilePattern().orElse("(not set: sacct alone decides)")));
        rows.add(List.of("escalation", config.chainOptions().escalation().configValue()
                + (config.chainOptions().byReason() ? "" : " " + DEFAULT_MARK)));
        rows.add(List.of("max_retries", withDefaultMark(config.maxSameLevelRetries(),
                EscalationConfig.DEFAULT_MAX_SAME_LEVEL_RETRIES)));
        rows.add(List.of("sacct_timeout", duration(config.sacctTimeout())
                + (config.sacctTimeout().equals(EscalationConfig.DEFAULT_SACCT_TIMEOUT) ? " " + DEFAULT_MARK : "")));
        Notification notify = config.notification();
        rows.add(List.of("notify.mail", notify.mail().orElse("(not set: no mail)")));
        rows.add(List.of("notify.command", notify.hasCommand()
                ? notify.command().stream().map(ShellWords::quote).collect(Collectors.joining(" "))
                        + " (at most " + duration(notify.commandTimeout()) + ")"
                : "(not set: no command)"));
        text.append("\nSettings:\n");
        appendTable(text, rows);
    }

    private static String pathOrDefault(Optional<Path> path) {
        return path.map(Path::toString).orElse("(not set: the default location)");
    }

    private static String withDefaultMark(int value, int defaultValue) {
        return value == defaultValue ? value + " " + DEFAULT_MARK : Integer.toString(value);
    }

    /** {@code 10m}, {@code 90s}, {@code 2h}: the largest unit that divides the duration. */
    static String duration(Duration d) {
        long seconds = d.toSeconds();
        if (seconds % 3600 == 0) {
            return seconds / 3600 + "h";
        }
        return seconds % 60 == 0 ? seconds / 60 + "m" : seconds + "s";
    }

    /** The rows (the first may be a header or not) as the reports' {@link Table}, indented by two. */
    private static void appendTable(StringBuilder text, List<List<String>> rows) {
        Table table = new Table(rows.get(0).toArray(String[]::new));
        rows.subList(1, rows.size()).forEach(row -> table.row(row.toArray(String[]::new)));
        text.append(table.render().indent(2));
    }
}
