package dev.memescalate.config;

import dev.memescalate.InvalidInputException;
import dev.memescalate.ladder.MemorySize;
import dev.memescalate.ladder.TimeLimit;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/**
 * The small value readers every section of one config file shares: a section's mapping, a single value, a whole
 * number in a range, memory, time, a duration, partitions, a path. Each reads one YAML value; what is wrong goes
 * to the file's one {@link Problems} list (and the reader returns empty), so one run reports every problem.
 * Remarks that do not stop the run (a time Slurm rounds up) go to the file's warnings.
 */
final class ValueReader {
    /** The keys of a level and of the handler section. */
    static final List<String> RESOURCE_KEYS = List.of("partition", "mem", "time");

    private final String sourceName;
    private final Optional<Path> baseDir;
    private final Problems problems;
    private final List<String> warnings = new ArrayList<>();

    /**
     * @param sourceName the file's name in messages
     * @param baseDir the directory relative paths resolve against; empty for text with no file
     */
    ValueReader(String sourceName, Optional<Path> baseDir) {
        this.sourceName = sourceName;
        this.baseDir = baseDir;
        this.problems = new Problems(sourceName);
    }

    String sourceName() {
        return sourceName;
    }

    Problems problems() {
        return problems;
    }

    /** The warnings added so far, in the order found. */
    List<String> warnings() {
        return List.copyOf(warnings);
    }

    void warn(String warning) {
        warnings.add(warning);
    }

    /**
     * The mapping under a section key. Empty for a section left empty ({@code state_handling:} with nothing
     * under it means all defaults); empty and a problem ({@code mustBe}, found what) for anything else.
     */
    Optional<YamlNode.Mapping> sectionMapping(YamlNode value, String mustBe) {
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
    Optional<String> scalarText(YamlNode value, String where) {
        if (value instanceof YamlNode.Scalar scalar && !scalar.isNull() && !scalar.text().isBlank()) {
            return Optional.of(scalar.text());
        }
        problems.add(value, where + ": expected a single value, found " + value.kind());
        return Optional.empty();
    }

    /** {@code parser} applied to {@code text}; its {@link InvalidInputException} becomes a problem at the value. */
    <T> Optional<T> parsed(YamlNode value, String where, String text, Function<String, T> parser) {
        try {
            return Optional.of(parser.apply(text));
        } catch (InvalidInputException e) {
            problems.add(value, where + ": " + e.getMessage());
            return Optional.empty();
        }
    }

    Optional<Integer> integer(YamlNode value, String key, int min, int max, String reason) {
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

    /** A duration such as {@code sacct_timeout}'s: {@code 600s}, {@code 10m}, or a Slurm time. */
    Optional<Duration> duration(YamlNode value, String key) {
        return scalarText(value, key).flatMap(t -> parsed(value, key, t, ConfigDurations::parse));
    }

    Optional<MemorySize> memory(YamlNode value, String where) {
        return scalarText(value, where + ": mem").flatMap(t -> parsed(value, where + ": mem", t, MemorySize::parse));
    }

    Optional<TimeLimit> time(YamlNode value, String where) {
        Optional<TimeLimit> time = scalarText(value, where + ": time")
                .flatMap(t -> parsed(value, where + ": time", t, TimeLimit::parse));
        time.filter(t -> t.seconds() % 60 != 0).ifPresent(t -> warnings.add(sourceName + ":" + value.line()
                + ": " + where + ": time " + t + " is not whole minutes; Slurm rounds it up to "
                + t.minutesRoundedUp() + " minute(s)"));
        return time;
    }

    /** A comma list ({@code devel,day}) or a YAML list of partition names, each without blanks. */
    Optional<List<String>> partitions(YamlNode value, String where) {
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

    /** A path; a relative one resolves against the config file's directory (stays relative without a file). */
    Optional<Path> path(YamlNode value, String key) {
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

    void rejectUnknownKeys(YamlNode.Mapping map, String where, List<String> known) {
        for (YamlNode.Entry entry : map.entries()) {
            if (!known.contains(entry.key())) {
                problems.add(entry.keyLine(), where + ": unknown key '" + entry.key() + "'"
                        + Suggestions.didYouMean(entry.key(), known) + "; valid keys: " + String.join(", ", known));
            }
        }
    }
}
