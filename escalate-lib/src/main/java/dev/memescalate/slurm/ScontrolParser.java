package dev.memescalate.slurm;

import dev.memescalate.InvalidInputException;
import dev.memescalate.ladder.TimeLimit;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;
import java.util.Set;
import java.util.function.BiFunction;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Parses {@code scontrol show config}, {@code show partition -o} and {@code show node -o}. Pure. */
public final class ScontrolParser {

    /** Slurm's default MaxArraySize when slurm.conf does not set it. */
    public static final int DEFAULT_MAX_ARRAY_SIZE = 1001;

    /** Slurm's default MinJobAge (seconds). */
    public static final Duration DEFAULT_MIN_JOB_AGE = Duration.ofSeconds(300);

    /** {@code Key = value} lines of {@code scontrol show config}; the key has no spaces. */
    private static final Pattern CONFIG_LINE = Pattern.compile("^(\\S+)\\s*=\\s?(.*)$");

    /**
     * A token that starts a new {@code Key=value} pair in {@code -o} output. Values may contain spaces (a node's
     * {@code OS=Linux 6.1.0-18-amd64 #1 SMP ...}, {@code Reason=Not responding [slurm@...]}): a token that does
     * not look like {@code Key=} continues the previous value.
     */
    private static final Pattern KEY_START = Pattern.compile("^([A-Za-z][A-Za-z0-9_]*)=(.*)$");

    private static final Pattern LEADING_NUMBER = Pattern.compile("^(\\d+)");

    private ScontrolParser() {}

    /** Combines the three outputs into a {@link ClusterInfo}. */
    public static ClusterInfo clusterInfo(String showConfig, String showPartitionOneLiner, String showNodeOneLiner) {
        Map<String, String> config = parseConfig(showConfig);
        int maxArraySize = Optional.ofNullable(config.get("MaxArraySize"))
                .map(v -> (int) leadingNumber(v, "MaxArraySize"))
                .orElse(DEFAULT_MAX_ARRAY_SIZE);
        Duration minJobAge = Optional.ofNullable(config.get("MinJobAge"))
                .map(v -> Duration.ofSeconds(leadingNumber(v, "MinJobAge")))
                .orElse(DEFAULT_MIN_JOB_AGE);
        int maxJobCount = Optional.ofNullable(config.get("MaxJobCount"))
                .map(v -> (int) leadingNumber(v, "MaxJobCount"))
                .orElse(ClusterInfo.DEFAULT_MAX_JOB_COUNT);
        return new ClusterInfo(
                config.getOrDefault("ClusterName", ""),
                config.getOrDefault("SLURM_VERSION", ""),
                maxArraySize,
                minJobAge,
                config.getOrDefault("EnforcePartLimits", "NO"),
                config.getOrDefault("AccountingStorageType", "accounting_storage/none"),
                config.getOrDefault("AccountingStorageEnforce", "none"),
                parsePartitions(showPartitionOneLiner),
                parseNodes(showNodeOneLiner),
                maxJobCount);
    }

    /**
     * The {@code Key = value} pairs of {@code scontrol show config}, first occurrence of a key winning (later
     * sections such as the cgroup settings may repeat names). Header and status lines without {@code =} are
     * skipped.
     */
    public static Map<String, String> parseConfig(String showConfig) {
        Map<String, String> values = new LinkedHashMap<>();
        for (String line : showConfig.split("\n")) {
            Matcher m = CONFIG_LINE.matcher(line.strip());
            if (m.matches()) {
                values.putIfAbsent(m.group(1), m.group(2).strip());
            }
        }
        return values;
    }

    /** One {@link PartitionInfo} per line of {@code scontrol show partition -o}. */
    public static List<PartitionInfo> parsePartitions(String showPartitionOneLiner) {
        return eachOneLiner(showPartitionOneLiner, (f, line) -> new PartitionInfo(
                required(f, "PartitionName", line),
                "YES".equals(f.get("Default")),
                f.getOrDefault("State", "UP"),
                parseTimeLimit(f.getOrDefault("MaxTime", "UNLIMITED")),
                parseTimeLimit(f.getOrDefault("DefaultTime", "NONE")),
                Hostlist.expand(f.getOrDefault("Nodes", "")),
                optionalMegabytes(f.get("MaxMemPerNode"), "MaxMemPerNode"),
                optionalCount(f.get("MaxCPUsPerNode"), "MaxCPUsPerNode")));
    }

    /** One {@link NodeInfo} per line of {@code scontrol show node -o}. */
    public static List<NodeInfo> parseNodes(String showNodeOneLiner) {
        return eachOneLiner(showNodeOneLiner, (f, line) -> {
            String partitions = f.getOrDefault("Partitions", "");
            return new NodeInfo(
                    required(f, "NodeName", line),
                    leadingNumber(required(f, "RealMemory", line), "RealMemory"),
                    (int) leadingNumber(required(f, "CPUTot", line), "CPUTot"),
                    f.getOrDefault("State", "UNKNOWN"),
                    partitions.isEmpty() || partitions.equals("(null)")
                            ? List.of()
                            : Arrays.asList(partitions.split(",")),
                    features(f.getOrDefault("AvailableFeatures", "(null)")),
                    Gres.parseNode(f.getOrDefault("Gres", "(null)")));
        });
    }

    /** {@code read} applied to the fields of each non-blank line of {@code -o} output, and to the line (for messages). */
    private static <T> List<T> eachOneLiner(String oneLinerOutput, BiFunction<Map<String, String>, String, T> read) {
        List<T> items = new ArrayList<>();
        for (String line : oneLinerOutput.split("\n")) {
            if (!line.isBlank()) {
                items.add(read.apply(parseOneLiner(line), line));
            }
        }
        return List.copyOf(items);
    }

    /** The {@code Key=value} pairs of one {@code -o} line, in order. */
    public static Map<String, String> parseOneLiner(String line) {
        Map<String, String> fields = new LinkedHashMap<>();
        String currentKey = null;
        for (String token : line.strip().split("\\s+")) {
            Matcher m = KEY_START.matcher(token);
            if (m.matches()) {
                currentKey = m.group(1);
                fields.put(currentKey, m.group(2));
            } else if (currentKey != null) {
                fields.put(currentKey, fields.get(currentKey) + " " + token);
            }
        }
        return fields;
    }

    /**
     * A Slurm time limit: {@code UNLIMITED}, {@code INFINITE} and {@code NONE} give empty; otherwise one of
     * Slurm's forms {@code M}, {@code M:S}, {@code H:M:S}, {@code D-H}, {@code D-H:M}, {@code D-H:M:S}
     * (scontrol prints {@code 00:01:00} and {@code 1-00:00:00}; slurm.conf allows a bare number of minutes),
     * read by the ladder's {@link TimeLimit#parseSeconds}, the same grammar as a level's {@code --time}.
     */
    public static Optional<Duration> parseTimeLimit(String text) {
        String t = text.strip();
        if (t.equals("UNLIMITED") || t.equals("INFINITE") || t.equals("NONE")) {
            return Optional.empty();
        }
        try {
            return Optional.of(Duration.ofSeconds(TimeLimit.parseSeconds(t)));
        } catch (InvalidInputException bad) {
            throw new IllegalArgumentException("not a Slurm time limit: '" + text + "'", bad);
        }
    }

    private static OptionalLong optionalMegabytes(String value, String key) {
        if (value == null || value.equals("UNLIMITED") || value.equals("0")) {
            return OptionalLong.empty();
        }
        return OptionalLong.of(leadingNumber(value, key));
    }

    private static OptionalInt optionalCount(String value, String key) {
        if (value == null || value.equals("UNLIMITED")) {
            return OptionalInt.empty();
        }
        return OptionalInt.of((int) leadingNumber(value, key));
    }

    /** AvailableFeatures: a comma list, or {@code (null)} for none. */
    private static Set<String> features(String value) {
        if (value.isBlank() || value.equals("(null)")) {
            return Set.of();
        }
        return Set.copyOf(Arrays.asList(value.split(",")));
    }

    private static long leadingNumber(String value, String key) {
        Matcher m = LEADING_NUMBER.matcher(value.strip());
        if (!m.find()) {
            throw new IllegalArgumentException(key + " is not a number: '" + value + "'");
        }
        return Long.parseLong(m.group(1));
    }

    private static String required(Map<String, String> fields, String key, String line) {
        String value = fields.get(key);
        if (value == null) {
            throw new IllegalArgumentException("scontrol line has no " + key + "=: " + line);
        }
        return value;
    }
}
