package dev.memescalate.config;

import dev.memescalate.InvalidInputException;
import dev.memescalate.ladder.Ladder;
import dev.memescalate.ladder.Level;
import dev.memescalate.ladder.MemorySize;
import dev.memescalate.ladder.TimeLimit;
import dev.memescalate.policy.Action;
import dev.memescalate.policy.ExitCodeRule;
import dev.memescalate.policy.StatePolicy;
import dev.memescalate.slurm.JobState;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Loads and validates a YAML config file into an {@link EscalationConfig}.
 *
 * <p>Two formats load: the current one, and the original tool's, whose extra sections ({@code timeout},
 * {@code tracker}, {@code logging}, {@code cluster}) are accepted; those keys that mean something here are mapped,
 * the others named in ONE warning. A key known to neither format is an error. All problems found are reported
 * together, each as {@code FILE:LINE: what is wrong; what to do}.
 *
 * <p>Relative paths ({@code tracker_dir}, {@code log_dir}, {@code done_file}, legacy {@code tracker.*}) resolve
 * against the config file's directory; text parsed by {@link #parse(String, String)} has no directory, so its
 * relative paths stay relative (to the working directory).
 */
public final class ConfigLoader {
    /** Top-level keys of the current format, in the order the example config explains them. */
    static final List<String> KEYS = List.of(
            "levels", "state_handling", "handler", "tracker_dir", "log_dir", "max_array_spec_len",
            "max_array_tasks", "done_file", "max_retries", "sacct_timeout");

    /**
     * Sections of the original format and their keys, each mapped to the current setting it means, or to empty
     * when this tool has no use for it (then it is named in the warning).
     */
    private static final Map<String, Map<String, Optional<String>>> LEGACY_SECTIONS = legacySections();

    /** The terminal failure states a config may name (COMPLETED is success and not configurable). */
    private static final List<JobState> CONFIGURABLE_STATES = Arrays.stream(JobState.values())
            .filter(s -> s.isTerminal() && s != JobState.COMPLETED)
            .toList();

    /** The keys of a level and of the handler section. */
    private static final List<String> RESOURCE_KEYS = List.of("partition", "mem", "time");

    private static final String STATE_EXIT_CODES = "exit_codes";
    private static final Pattern EXIT_CODE_RULE = Pattern.compile("(\\d{1,3}|\\*)(?::(\\d{1,3}|\\*))?");
    private static final int MAX_EXIT_FIELD = 255;

    private ConfigLoader() {
    }

    private static Map<String, Map<String, Optional<String>>> legacySections() {
        Map<String, Map<String, Optional<String>>> sections = new LinkedHashMap<>();
        Map<String, Optional<String>> timeout = new LinkedHashMap<>();
        timeout.put("sacct_delay", Optional.empty());
        timeout.put("poll_interval", Optional.empty());
        sections.put("timeout", timeout);
        Map<String, Optional<String>> tracker = new LinkedHashMap<>();
        tracker.put("base_dir", Optional.of("tracker_dir"));
        tracker.put("checkpoint_dir", Optional.empty());
        tracker.put("output_dir", Optional.of("log_dir"));
        tracker.put("history_log", Optional.empty());
        sections.put("tracker", tracker);
        Map<String, Optional<String>> logging = new LinkedHashMap<>();
        logging.put("enabled", Optional.empty());
        logging.put("db_path", Optional.empty());
        sections.put("logging", logging);
        Map<String, Optional<String>> cluster = new LinkedHashMap<>();
        cluster.put("name", Optional.empty());
        cluster.put("partition", Optional.empty());
        cluster.put("nodes", Optional.empty());
        sections.put("cluster", cluster);
        sections.replaceAll((name, keys) -> Collections.unmodifiableMap(keys));
        return Collections.unmodifiableMap(sections); // insertion order: messages list keys as the format did
    }

    /** Reads and validates a config file. */
    public static EscalationConfig load(Path file) {
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            throw new InvalidInputException("config file " + file + " does not exist; check the path", e);
        } catch (IOException e) {
            throw new InvalidInputException("cannot read config file " + file + " (" + e.getClass().getSimpleName()
                    + ": " + e.getMessage() + "); check the path and its permissions", e);
        }
        return parse(text, file);
    }

    /** Validates config text held in memory; {@code sourceName} stands for the file in messages. */
    public static EscalationConfig parse(String yaml, String sourceName) {
        return new Reading(yaml, sourceName, null, Optional.empty()).run();
    }

    /**
     * Validates config text as if read from {@code source} (relative paths resolve against its directory)
     * without reading the file: for the text snapshotted in the chain store, which may since have changed on disk.
     */
    public static EscalationConfig parse(String yaml, Path source) {
        Path absolute = source.toAbsolutePath().normalize();
        return new Reading(yaml, source.toString(), absolute, Optional.ofNullable(absolute.getParent())).run();
    }

    /** All top-level keys either format knows, for "did you mean". */
    private static List<String> allTopLevelKeys() {
        List<String> keys = new ArrayList<>(KEYS);
        keys.addAll(LEGACY_SECTIONS.keySet());
        return keys;
    }

    /** One pass over one file: collects problems and warnings, then builds the config or throws. */
    private static final class Reading {
        private final String text;
        private final String sourceName;
        private final Path source;
        private final Optional<Path> baseDir;
        private final Problems problems;
        private final List<String> warnings = new ArrayList<>();

        private Optional<Ladder> ladder = Optional.empty();
        private final Map<JobState, Action> fileStateActions = new EnumMap<>(JobState.class);
        private final List<ExitCodeRule> exitCodeRules = new ArrayList<>();
        private HandlerResources handler = HandlerResources.unspecified();
        private Optional<Path> trackerDir = Optional.empty();
        private Optional<Path> logDir = Optional.empty();
        private int maxArraySpecLength = EscalationConfig.SLURM_ARRAY_SPEC_LIMIT;
        private OptionalInt maxArrayTasks = OptionalInt.empty();
        private Optional<String> doneFilePattern = Optional.empty();
        private int maxSameLevelRetries = EscalationConfig.DEFAULT_MAX_SAME_LEVEL_RETRIES;
        private Duration sacctTimeout = EscalationConfig.DEFAULT_SACCT_TIMEOUT;
        /** Which key set tracker_dir / log_dir, so a file that sets both spellings is told which two clash. */
        private final Map<String, String> settingSetBy = new LinkedHashMap<>();

        Reading(String text, String sourceName, Path source, Optional<Path> baseDir) {
            this.text = text;
            this.sourceName = sourceName;
            this.source = source;
            this.baseDir = baseDir;
            this.problems = new Problems(sourceName);
        }

        EscalationConfig run() {
            Optional<YamlNode> root = YamlReader.read(text, sourceName);
            if (root.isEmpty()) {
                throw new InvalidInputException(sourceName + ": the config is empty; it needs at least 'levels'"
                        + " (a list of {partition, mem, time}), see config/default.yaml");
            }
            if (!(root.get() instanceof YamlNode.Mapping top)) {
                throw new InvalidInputException(sourceName + ":" + root.get().line() + ": the config must be a"
                        + " mapping of keys (levels:, state_handling:, ...), found " + root.get().kind());
            }
            List<String> ignoredLegacyKeys = new ArrayList<>();
            for (YamlNode.Entry entry : top.entries()) {
                readTopLevel(entry, ignoredLegacyKeys);
            }
            if (top.entry("levels").isEmpty()) {
                problems.add(top, "no 'levels'; the config needs a list of levels, each {partition, mem, time}");
            }
            if (!ignoredLegacyKeys.isEmpty()) {
                warnings.add(0, sourceName + ": ignoring keys of the original format that mem-escalate does not use: "
                        + String.join(", ", ignoredLegacyKeys) + "; delete them to silence this warning");
            }
            problems.throwIfAny();
            warnIfHandlerStopsBeforeSacctTimeout();
            Map<JobState, Action> effective = new EnumMap<>(StatePolicy.defaults().stateActions());
            effective.putAll(fileStateActions);
            return new EscalationConfig(source, ladder.orElseThrow(), new StatePolicy(effective, exitCodeRules),
                    fileStateActions.keySet(), handler, trackerDir, logDir, maxArraySpecLength, maxArrayTasks,
                    doneFilePattern, maxSameLevelRetries, sacctTimeout, warnings, text);
        }

        /** A handler killed by its own time limit while waiting for sacct would leave the chain without a handler. */
        private void warnIfHandlerStopsBeforeSacctTimeout() {
            handler.time().filter(t -> t.toDuration().compareTo(sacctTimeout) <= 0).ifPresent(t -> warnings.add(
                    sourceName + ": handler.time " + t + " is not longer than sacct_timeout (" + sacctTimeout.toSeconds()
                    + " s): Slurm may kill a handler still waiting for sacct; raise handler.time or lower"
                    + " sacct_timeout"));
        }

        private void readTopLevel(YamlNode.Entry entry, List<String> ignoredLegacyKeys) {
            YamlNode value = entry.value();
            switch (entry.key()) {
                case "levels" -> readLevels(value);
                case "state_handling" -> sectionMapping(value, "'state_handling' must be a mapping of STATE: action")
                        .ifPresent(this::readStateHandling);
                case "handler" -> sectionMapping(value, "'handler' must be a mapping {partition, mem, time}")
                        .ifPresent(this::readHandler);
                case "tracker_dir", "log_dir" -> setPath(entry.key(), entry.key(), value);
                case "max_array_spec_len" -> integer(value, "max_array_spec_len", 1,
                        EscalationConfig.SLURM_ARRAY_SPEC_LIMIT, "slurmctld rejects longer --array values")
                        .ifPresent(n -> maxArraySpecLength = n);
                case "max_array_tasks" -> integer(value, "max_array_tasks", 1, Integer.MAX_VALUE,
                        "it is the most tasks submitted in one array job")
                        .ifPresent(n -> maxArrayTasks = OptionalInt.of(n));
                case "done_file" -> readDoneFile(value);
                case "max_retries" -> integer(value, "max_retries", 0, Integer.MAX_VALUE,
                        "it counts same-level retries per task")
                        .ifPresent(n -> maxSameLevelRetries = n);
                case "sacct_timeout" -> scalarText(value, "sacct_timeout")
                        .flatMap(t -> parsed(value, "sacct_timeout", t, ConfigDurations::parse))
                        .ifPresent(d -> sacctTimeout = d);
                default -> {
                    if (LEGACY_SECTIONS.containsKey(entry.key())) {
                        readLegacySection(entry, ignoredLegacyKeys);
                    } else {
                        problems.add(entry.keyLine(), "unknown key '" + entry.key() + "'"
                                + Suggestions.didYouMean(entry.key(), allTopLevelKeys())
                                + "; valid keys: " + String.join(", ", KEYS));
                    }
                }
            }
        }

        // ---- levels ----

        private void readLevels(YamlNode value) {
            if (!(value instanceof YamlNode.Sequence list)) {
                problems.add(value, "'levels' must be a list (each item starting with '- '), found " + value.kind());
                return;
            }
            if (list.items().isEmpty()) {
                problems.add(value, "'levels' is empty; give at least one level {partition, mem, time}");
                return;
            }
            List<Optional<Level>> read = new ArrayList<>();
            for (int number = 0; number < list.items().size(); number++) {
                read.add(readLevel(list.items().get(number), number));
            }
            boolean everyLevelValid = read.stream().allMatch(Optional::isPresent);
            if (!everyLevelValid) {
                return;
            }
            List<Level> levels = read.stream().map(Optional::orElseThrow).toList();
            checkLevelsGrow(levels, list.items());
            ladder = Optional.of(new Ladder(levels));
        }

        private Optional<Level> readLevel(YamlNode item, int number) {
            String name = "level " + number;
            if (!(item instanceof YamlNode.Mapping map)) {
                problems.add(item, name + " must be a mapping {partition, mem, time}, found " + item.kind());
                return Optional.empty();
            }
            rejectUnknownKeys(map, name, RESOURCE_KEYS);
            Optional<List<String>> partitions = required(map, name, "partition").flatMap(v -> partitions(v, name));
            Optional<MemorySize> mem = required(map, name, "mem").flatMap(v -> memory(v, name));
            Optional<TimeLimit> time = required(map, name, "time").flatMap(v -> time(v, name));
            if (partitions.isEmpty() || mem.isEmpty() || time.isEmpty()) {
                return Optional.empty();
            }
            return Optional.of(new Level(number, partitions.get(), mem.get(), time.get()));
        }

        /**
         * Each level must give more memory or more time than the one below, and never less of either: a
         * level that grows neither would fail exactly as the one below did.
         */
        private void checkLevelsGrow(List<Level> levels, List<YamlNode> items) {
            for (int i = 1; i < levels.size(); i++) {
                Level below = levels.get(i - 1);
                Level level = levels.get(i);
                boolean lessMemory = level.mem().compareTo(below.mem()) < 0;
                boolean lessTime = level.time().compareTo(below.time()) < 0;
                boolean growsMemory = level.mem().compareTo(below.mem()) > 0;
                boolean growsTime = level.time().compareTo(below.time()) > 0;
                String compared = "level " + i + " (mem " + level.mem() + ", time " + level.time() + ") vs level "
                        + (i - 1) + " (mem " + below.mem() + ", time " + below.time() + ")";
                if (lessMemory || lessTime) {
                    problems.add(items.get(i), compared + ": a level must not have less "
                            + (lessMemory ? "memory" : "time") + " than the level below; order levels from"
                            + " smallest to largest");
                } else if (!growsMemory && !growsTime) {
                    problems.add(items.get(i), compared + ": the level gives neither more memory nor more time,"
                            + " so a task that failed below would fail again; raise mem or time, or remove it");
                }
            }
        }

        // ---- state_handling ----

        private void readStateHandling(YamlNode.Mapping map) {
            List<String> stateNames = CONFIGURABLE_STATES.stream().map(Enum::name).toList();
            for (YamlNode.Entry entry : map.entries()) {
                if (entry.key().equals(STATE_EXIT_CODES)) {
                    sectionMapping(entry.value(), "'exit_codes' must be a mapping of RULE: action (137: escalate,"
                            + " \"0:9\": retry)").ifPresent(this::readExitCodes);
                    continue;
                }
                Optional<JobState> state = JobState.lookup(entry.key());
                boolean configurable = state.isPresent() && CONFIGURABLE_STATES.contains(state.get());
                if (!configurable) {
                    String why = state.map(s -> s == JobState.COMPLETED
                                    ? "COMPLETED is success and needs no handling"
                                    : s + " is not a final state")
                            .orElse("unknown state '" + entry.key() + "'");
                    List<String> candidates = new ArrayList<>(stateNames);
                    candidates.add(STATE_EXIT_CODES);
                    problems.add(entry.keyLine(), "state_handling: " + why
                            + (state.isEmpty() ? Suggestions.didYouMean(entry.key(), candidates) : "")
                            + "; valid keys: " + String.join(", ", stateNames) + ", " + STATE_EXIT_CODES);
                    continue;
                }
                if (fileStateActions.containsKey(state.get())) {
                    problems.add(entry.keyLine(), "state_handling: " + state.get() + " is named twice (state names"
                            + " ignore case); keep one");
                    continue;
                }
                action(entry.value(), "state_handling." + entry.key())
                        .ifPresent(a -> fileStateActions.put(state.get(), a));
            }
        }

        private void readExitCodes(YamlNode.Mapping map) {
            for (YamlNode.Entry entry : map.entries()) {
                Optional<ExitCodeRule> rule = action(entry.value(), "exit_codes." + entry.key())
                        .flatMap(a -> exitCodeRule(entry, a));
                rule.ifPresent(r -> {
                    boolean sameRuleTwice = exitCodeRules.stream().anyMatch(other -> other.pattern().equals(r.pattern()));
                    if (sameRuleTwice) {
                        problems.add(entry.keyLine(), "exit_codes: rule '" + entry.key() + "' repeats rule '"
                                + r.pattern() + "' given above; keep one");
                    } else {
                        exitCodeRules.add(r);
                    }
                });
            }
        }

        /** {@code 137} (return code), {@code 0:9} (return code:signal), {@code *:9} (any return code, signal 9). */
        private Optional<ExitCodeRule> exitCodeRule(YamlNode.Entry entry, Action action) {
            String text = entry.key().strip();
            Matcher m = EXIT_CODE_RULE.matcher(text);
            String forms = "write RC (137), RC:SIGNAL (0:9) or *:SIGNAL (*:9), numbers 0-" + MAX_EXIT_FIELD
                    + ", as in sacct's ExitCode column";
            if (!m.matches()) {
                problems.add(entry.keyLine(), "exit_codes: invalid rule '" + text + "'; " + forms);
                return Optional.empty();
            }
            OptionalInt rc = field(m.group(1));
            OptionalInt signal = m.group(2) == null ? OptionalInt.empty() : field(m.group(2));
            boolean outOfRange = (rc.isPresent() && rc.getAsInt() > MAX_EXIT_FIELD)
                    || (signal.isPresent() && signal.getAsInt() > MAX_EXIT_FIELD);
            if (outOfRange) {
                problems.add(entry.keyLine(), "exit_codes: rule '" + text + "' is out of range; " + forms);
                return Optional.empty();
            }
            if (rc.isEmpty() && signal.isEmpty()) {
                problems.add(entry.keyLine(), "exit_codes: rule '" + text + "' matches every task; name a return"
                        + " code or a signal: " + forms);
                return Optional.empty();
            }
            ExitCodeRule rule = new ExitCodeRule(rc, signal, action);
            if (rule.matchesOnlySuccessCode()) {
                problems.add(entry.keyLine(), "exit_codes: rule '" + text + "' matches exit code 0:0, which a"
                        + " COMPLETED task has (always success) and TIMEOUT, CANCELLED and NODE_FAIL report too;"
                        + " use a state action (TIMEOUT: escalate) for those instead");
                return Optional.empty();
            }
            return Optional.of(rule);
        }

        private static OptionalInt field(String text) {
            return text.equals("*") ? OptionalInt.empty() : OptionalInt.of(Integer.parseInt(text));
        }

        private Optional<Action> action(YamlNode value, String where) {
            return scalarText(value, where).flatMap(t -> {
                Optional<Action> action = Action.fromConfig(t);
                if (action.isEmpty()) {
                    problems.add(value, where + ": unknown action '" + t + "'"
                            + Suggestions.didYouMean(t, List.of("escalate", "retry", "no_retry", "fail"))
                            + "; valid actions: " + Action.validChoices());
                }
                return action;
            });
        }

        // ---- handler, paths, legacy ----

        private void readHandler(YamlNode.Mapping map) {
            rejectUnknownKeys(map, "handler", RESOURCE_KEYS);
            handler = new HandlerResources(
                    map.entry("partition").flatMap(e -> partitions(e.value(), "handler")),
                    map.entry("mem").flatMap(e -> memory(e.value(), "handler")),
                    map.entry("time").flatMap(e -> time(e.value(), "handler")));
        }

        /**
         * Sets the path setting {@code tracker_dir} or {@code log_dir} from {@code key}, its own name or a legacy
         * one; a problem instead when another key already set it (both spellings in one file).
         */
        private void setPath(String setting, String key, YamlNode value) {
            String earlier = settingSetBy.putIfAbsent(setting, key);
            if (earlier != null) {
                problems.add(value, "'" + key + "' and '" + earlier + "' both set " + setting + "; keep one");
                return;
            }
            Optional<Path> path = path(value, key);
            switch (setting) {
                case "tracker_dir" -> trackerDir = path;
                case "log_dir" -> logDir = path;
                default -> throw new IllegalArgumentException("not a path setting: " + setting);
            }
        }

        private void readLegacySection(YamlNode.Entry section, List<String> ignoredLegacyKeys) {
            Map<String, Optional<String>> known = LEGACY_SECTIONS.get(section.key());
            Optional<YamlNode.Mapping> map = sectionMapping(section.value(), "'" + section.key()
                    + "' (original format) must be a mapping of " + String.join(", ", known.keySet()));
            if (map.isEmpty()) {
                return;
            }
            for (YamlNode.Entry entry : map.get().entries()) {
                String qualified = section.key() + "." + entry.key();
                if (!known.containsKey(entry.key())) {
                    problems.add(entry.keyLine(), "unknown key '" + qualified + "'"
                            + Suggestions.didYouMean(entry.key(), known.keySet()) + "; valid keys in '"
                            + section.key() + "': " + String.join(", ", known.keySet()));
                    continue;
                }
                Optional<String> meaning = known.get(entry.key());
                if (meaning.isEmpty()) {
                    ignoredLegacyKeys.add(qualified + " (line " + entry.keyLine() + ")");
                } else {
                    setPath(meaning.get(), qualified, entry.value());
                }
            }
        }

        private Optional<Path> path(YamlNode value, String key) {
            return scalarText(value, key).flatMap(t -> {
                try {
                    Path p = Path.of(t);
                    return Optional.of(p.isAbsolute() ? p : baseDir.map(d -> d.resolve(p)).orElse(p));
                } catch (InvalidPathException e) {
                    problems.add(value, key + ": '" + t + "' is not a valid path: " + e.getReason());
                    return Optional.empty();
                }
            });
        }

        private void readDoneFile(YamlNode value) {
            path(value, "done_file").ifPresent(p -> {
                String pattern = p.toString();
                if (!pattern.contains(EscalationConfig.INDEX_PLACEHOLDER)) {
                    problems.add(value, "done_file: '" + pattern + "' does not contain "
                            + EscalationConfig.INDEX_PLACEHOLDER + "; write a pattern such as out/{index}.DONE");
                } else {
                    doneFilePattern = Optional.of(pattern);
                }
            });
        }

        // ---- values ----

        private Optional<List<String>> partitions(YamlNode value, String where) {
            List<YamlNode> parts;
            if (value instanceof YamlNode.Sequence list) {
                parts = list.items();
            } else {
                parts = List.of(value);
            }
            List<String> names = new ArrayList<>();
            for (YamlNode part : parts) {
                Optional<String> text = scalarText(part, where + ": partition");
                if (text.isEmpty()) {
                    return Optional.empty();
                }
                for (String name : text.get().split(",", -1)) {
                    String trimmed = name.strip();
                    if (trimmed.isEmpty() || trimmed.chars().anyMatch(Character::isWhitespace)) {
                        problems.add(part, where + ": partition list '" + text.get() + "' has an empty or"
                                + " blank-containing name; write names separated by commas (devel,day) or a"
                                + " YAML list");
                        return Optional.empty();
                    }
                    names.add(trimmed);
                }
            }
            if (names.isEmpty()) {
                problems.add(value, where + ": no partition given; write one or more names (devel,day)");
                return Optional.empty();
            }
            return Optional.of(names);
        }

        private Optional<MemorySize> memory(YamlNode value, String where) {
            return scalarText(value, where + ": mem").flatMap(t -> parsed(value, where + ": mem", t, MemorySize::parse));
        }

        private Optional<TimeLimit> time(YamlNode value, String where) {
            Optional<TimeLimit> time = scalarText(value, where + ": time")
                    .flatMap(t -> parsed(value, where + ": time", t, TimeLimit::parse));
            time.filter(t -> t.seconds() % 60 != 0).ifPresent(t -> warnings.add(sourceName + ":" + value.line()
                    + ": " + where + ": time " + t + " is not whole minutes; Slurm rounds it up to "
                    + t.minutesRoundedUp() + " minute(s)"));
            return time;
        }

        private <T> Optional<T> parsed(YamlNode value, String where, String text, Function<String, T> parser) {
            try {
                return Optional.of(parser.apply(text));
            } catch (InvalidInputException e) {
                problems.add(value, where + ": " + e.getMessage());
                return Optional.empty();
            }
        }

        private Optional<Integer> integer(YamlNode value, String key, int min, int max, String reason) {
            return scalarText(value, key).flatMap(t -> {
                try {
                    int n = Integer.parseInt(t.strip());
                    if (n >= min && n <= max) {
                        return Optional.of(n);
                    }
                } catch (NumberFormatException notAnInteger) {
                    // reported below with the valid range
                }
                String range = max == Integer.MAX_VALUE ? "at least " + min : "from " + min + " to " + max;
                problems.add(value, key + ": '" + t + "' is not valid; write a whole number " + range
                        + " (" + reason + ")");
                return Optional.empty();
            });
        }

        /**
         * The mapping under a section key. Empty for a section left empty ({@code state_handling:} with nothing
         * under it means all defaults); empty and a problem ({@code mustBe}, found what) for anything else.
         */
        private Optional<YamlNode.Mapping> sectionMapping(YamlNode value, String mustBe) {
            if (value instanceof YamlNode.Mapping map) {
                return Optional.of(map);
            }
            boolean leftEmpty = value instanceof YamlNode.Scalar scalar && scalar.isNull();
            if (!leftEmpty) {
                problems.add(value, mustBe + ", found " + value.kind());
            }
            return Optional.empty();
        }

        /** The text of a non-empty scalar; a problem (and empty) for a list, a mapping or an empty value. */
        private Optional<String> scalarText(YamlNode value, String where) {
            if (value instanceof YamlNode.Scalar scalar && !scalar.isNull() && !scalar.text().isBlank()) {
                return Optional.of(scalar.text());
            }
            problems.add(value, where + ": expected a single value, found " + value.kind());
            return Optional.empty();
        }

        private Optional<YamlNode> required(YamlNode.Mapping map, String where, String key) {
            Optional<YamlNode> value = map.entry(key).map(YamlNode.Entry::value);
            if (value.isEmpty()) {
                problems.add(map, where + ": missing '" + key + "'; each level needs partition, mem and time");
            }
            return value;
        }

        private void rejectUnknownKeys(YamlNode.Mapping map, String where, List<String> known) {
            for (YamlNode.Entry entry : map.entries()) {
                if (!known.contains(entry.key())) {
                    problems.add(entry.keyLine(), where + ": unknown key '" + entry.key() + "'"
                            + Suggestions.didYouMean(entry.key(), known) + "; valid keys: " + String.join(", ", known));
                }
            }
        }
    }
}
