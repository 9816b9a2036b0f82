package dev.memescalate.config;

import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * Reads the {@code handler} section, the paths ({@code tracker_dir}, {@code log_dir}, {@code done_file}) and the
 * single-value settings; each keeps its default when the file does not set it.
 */
final class SettingsReader {
    /** The top-level keys this reader reads, in the order the example config explains them. */
    static final List<String> KEYS = List.of(
            "handler", "tracker_dir", "log_dir", "max_array_spec_len", "max_array_tasks", "done_file",
            "max_retries", "sacct_timeout");

    private final ValueReader values;
    private final Problems problems;

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

    SettingsReader(ValueReader values) {
        this.values = values;
        this.problems = values.problems();
    }

    /** Reads one top-level entry whose key is one of {@link #KEYS}. */
    void read(YamlNode.Entry entry) {
        YamlNode value = entry.value();
        switch (entry.key()) {
            case "handler" -> values.sectionMapping(value, "'handler' must be a mapping {partition, mem, time}")
                    .ifPresent(this::readHandler);
            case "tracker_dir", "log_dir" -> setPath(entry.key(), entry.key(), value);
            case "max_array_spec_len" -> values.integer(value, "max_array_spec_len", 1,
                    EscalationConfig.SLURM_ARRAY_SPEC_LIMIT, "slurmctld rejects longer --array values")
                    .ifPresent(n -> maxArraySpecLength = n);
            case "max_array_tasks" -> values.integer(value, "max_array_tasks", 1, Integer.MAX_VALUE,
                    "it is the most tasks submitted in one array job")
                    .ifPresent(n -> maxArrayTasks = OptionalInt.of(n));
            case "done_file" -> readDoneFile(value);
            case "max_retries" -> values.integer(value, "max_retries", 0, Integer.MAX_VALUE,
                    "it counts same-level retries per task")
                    .ifPresent(n -> maxSameLevelRetries = n);
            case "sacct_timeout" -> values.duration(value, "sacct_timeout").ifPresent(d -> sacctTimeout = d);
            default -> throw new IllegalArgumentException("not a setting: " + entry.key());
        }
    }

    /**
     * Sets the path setting {@code tracker_dir} or {@code log_dir} from {@code key}, its own name or a legacy
     * one; a problem instead when another key already set it (both spellings in one file).
     */
    void setPath(String setting, String key, YamlNode value) {
        String earlier = settingSetBy.putIfAbsent(setting, key);
        if (earlier != null) {
            problems.add(value, "'" + key + "' and '" + earlier + "' both set " + setting + "; keep one");
            return;
        }
        Optional<Path> path = values.path(value, key);
        switch (setting) {
            case "tracker_dir" -> trackerDir = path;
            case "log_dir" -> logDir = path;
            default -> throw new IllegalArgumentException("not a path setting: " + setting);
        }
    }

    /** A handler killed by its own time limit while waiting for sacct would leave the chain without a handler. */
    Optional<String> handlerStopsBeforeSacctTimeoutWarning() {
        return handler.time().filter(t -> t.toDuration().compareTo(sacctTimeout) <= 0).map(t ->
                values.sourceName() + ": handler.time " + t + " is not longer than sacct_timeout ("
                + sacctTimeout.toSeconds() + " s): Slurm may kill a handler still waiting for sacct; raise"
                + " handler.time or lower sacct_timeout");
    }

    HandlerResources handler() {
        return handler;
    }

    Optional<Path> trackerDir() {
        return trackerDir;
    }

    Optional<Path> logDir() {
        return logDir;
    }

    int maxArraySpecLength() {
        return maxArraySpecLength;
    }

    OptionalInt maxArrayTasks() {
        return maxArrayTasks;
    }

    Optional<String> doneFilePattern() {
        return doneFilePattern;
    }

    int maxSameLevelRetries() {
        return maxSameLevelRetries;
    }

    Duration sacctTimeout() {
        return sacctTimeout;
    }

    private void readHandler(YamlNode.Mapping map) {
        values.rejectUnknownKeys(map, "handler", ValueReader.RESOURCE_KEYS);
        handler = new HandlerResources(
                map.entry("partition").flatMap(e -> values.partitions(e.value(), "handler")),
                map.entry("mem").flatMap(e -> values.memory(e.value(), "handler")),
                map.entry("time").flatMap(e -> values.time(e.value(), "handler")));
    }

    private void readDoneFile(YamlNode value) {
        values.path(value, "done_file").ifPresent(p -> {
            String pattern = p.toString();
            if (!pattern.contains(EscalationConfig.INDEX_PLACEHOLDER)) {
                problems.add(value, "done_file: '" + pattern + "' does not contain "
                        + EscalationConfig.INDEX_PLACEHOLDER + "; write a pattern such as out/{index}.DONE");
            } else {
                doneFilePattern = Optional.of(pattern);
            }
        });
    }
}
