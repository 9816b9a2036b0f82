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
        var columns = optionColumns(levels.stream().map(Level::options).toList());
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

    /**
     * The memory and the time ladder (with the options each step asks for), every pair with what it runs with, then
     * the top-level options.
     */
    private static void appendSeparateLadders(StringBuilder text, SeparateLadders ladders) {
        String any = ladders.defaultPartitions().map(p -> "(" + String.join(",", p) + ")").orElse("(any)");
        text.append("\nMemory ladder (").append(ladders.memory().size()).append(" step(s); escalation: by_reason with"
                + " separate ladders: OUT_OF_MEMORY and exit codes 137 or signal 9 raise the memory level, TIMEOUT the"
                + " time level, other escalations both; a step's PARTITIONS are its rule, ")
                .append(ladders.defaultPartitions().isPresent() ? "in parentheses the top-level default"
                        : "(any) when it has none")
                .append("; a step takes the options of the step below unless it sets its own):\n");
        appendTable(text, stepRows("MEMORY LEVEL", "MEMORY", ladders.memory(), MemorySize::toSlurm, any));
        text.append("\nTime ladder (").append(ladders.time().size()).append(" step(s)):\n");
        appendTable(text, stepRows("TIME LEVEL", "TIME", ladders.time(), TimeLimit::toSlurm, any));
        List<Level> pairLevels = new ArrayList<>();
        List<LevelPair> pairs = new ArrayList<>();
        for (int m = 0; m <= ladders.memoryTop(); m++) {
            for (int t = 0; t <= ladders.timeTop(); t++) {
                pairs.add(new LevelPair(m, t));
                pairLevels.add(ladders.at(new LevelPair(m, t)));
            }
        }
        var columns = optionColumns(pairLevels.stream().map(Level::options).toList());
        List<String> header = new ArrayList<>(List.of("MEMORY LEVEL", "TIME LEVEL", "MEMORY", "TIME", "PARTITIONS"));
        columns.forEach(c -> header.add(c.getKey()));
        List<List<String>> rows = new ArrayList<>(List.of(header));
        for (int i = 0; i < pairs.size(); i++) {
            Level level = pairLevels.get(i);
            List<String> row = new ArrayList<>(List.of(Integer.toString(pairs.get(i).memory()),
                    Integer.toString(pairs.get(i).time()), level.mem().toSlurm(), level.time().toSlurm(),
                    level.partitionList()));
            columns.forEach(c -> row.add(c.getValue().apply(level.options()).orElse("-")));
            rows.add(row);
        }
        text.append("\nPairs (a round at memory level m and time level t asks for this; partitions both steps"
                + " allow, in the memory step's order")
                .append(columns.isEmpty() ? "" : "; options the steps' own over the top-level ones, '-' is none")
                .append("):\n");
        appendTable(text, rows);
        var topLevel = optionColumns(List.of(ladders.options()));
        if (!topLevel.isEmpty()) {
            text.append("\nTop-level options (options:, for every pair whose steps do not set the key):\n");
            appendTable(text, topLevel.stream()
                    .map(c -> List.of(c.getKey(), c.getValue().apply(ladders.options()).orElseThrow()))
                    .toList());
        }
    }

    /** A step table: level, value, partition rule, and a column per option any of the steps asks for. */
    private static <T extends Comparable<T>> List<List<String>> stepRows(String levelHeader, String valueHeader,
            List<Step<T>> steps, Function<T, String> value, String noRule) {
        var columns = optionColumns(steps.stream().map(Step::options).toList());
        List<String> header = new ArrayList<>(List.of(levelHeader, valueHeader, "PARTITIONS"));
        columns.forEach(c -> header.add(c.getKey()));
        List<List<String>> rows = new ArrayList<>(List.of(header));
        for (int i = 0; i < steps.size(); i++) {
            Step<T> step = steps.get(i);
            List<String> row = new ArrayList<>(List.of(Integer.toString(i), value.apply(step.value()),
                    step.partitions().map(p -> String.join(",", p)).orElse(noRule)));
            columns.forEach(c -> row.add(c.getValue().apply(step.options()).orElse("-")));
            rows.add(row);
        }
        return rows;
    }

    /** The option columns at least one of {@code options} has a value for, in the config's order. */
    private static List<Map.Entry<String, Function<LevelOptions, Optional<String>>>> optionColumns(
            List<LevelOptions> options) {
        return OPTION_COLUMNS.stream()
                .filter(c -> options.stream().anyMatch(o -> c.getValue().apply(o).isPresent()))
                .toList();
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
