package dev.memescalate.config;

import dev.memescalate.ladder.Ladder;
import dev.memescalate.ladder.Level;
import dev.memescalate.ladder.LevelOptions;
import dev.memescalate.ladder.MemorySize;
import dev.memescalate.ladder.TimeLimit;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Reads the {@code levels} section, the escalation ladder, level 0 first. Besides partition, memory and time a level
 * may set {@code qos}, {@code account}, {@code constraint}, {@code cpus_per_task}, {@code gres} and {@code sbatch} (a
 * list of more sbatch options); each is inherited from the level below unless the level sets it
 * ({@link LevelOptionsReader}).
 */
final class LadderReader {
    /** The keys of a level. */
    static final List<String> LEVEL_KEYS = Stream.concat(ValueReader.RESOURCE_KEYS.stream(),
            LevelOptionsReader.KEYS.stream()).toList();

    private final ValueReader values;
    private final Problems problems;

    LadderReader(ValueReader values) {
        this.values = values;
        this.problems = values.problems();
    }

    /** The ladder; empty when any level is invalid (each problem reported at its line). */
    Optional<Ladder> read(YamlNode value) {
        if (!(value instanceof YamlNode.Sequence list)) {
            problems.add(value, "'levels' must be a list (each item starting with '- '), found " + value.kind());
            return Optional.empty();
        }
        if (list.items().isEmpty()) {
            problems.add(value, "'levels' is empty; give at least one level {partition, mem, time}");
            return Optional.empty();
        }
        List<Optional<Level>> read = new ArrayList<>();
        LevelOptionsReader options = new LevelOptionsReader(values);
        LevelOptions below = LevelOptions.NONE;
        for (int number = 0; number < list.items().size(); number++) {
            Optional<Level> level = readLevel(list.items().get(number), number, below, options);
            read.add(level);
            below = level.map(Level::options).orElse(below);
        }
        boolean everyLevelValid = read.stream().allMatch(Optional::isPresent);
        if (!everyLevelValid) {
            return Optional.empty();
        }
        List<Level> levels = read.stream().map(Optional::orElseThrow).toList();
        checkLevelsGrow(levels, list.items());
        return Optional.of(new Ladder(levels));
    }

    private Optional<Level> readLevel(YamlNode item, int number, LevelOptions below, LevelOptionsReader options) {
        String name = "level " + number;
        if (!(item instanceof YamlNode.Mapping map)) {
            problems.add(item, name + " must be a mapping {partition, mem, time}, found " + item.kind());
            return Optional.empty();
        }
        values.rejectUnknownKeys(map, name, LEVEL_KEYS);
        Optional<List<String>> partitions = required(map, name, "partition").flatMap(v -> values.partitions(v, name));
        Optional<MemorySize> mem = required(map, name, "mem").flatMap(v -> values.memory(v, name));
        Optional<TimeLimit> time = required(map, name, "time").flatMap(v -> values.time(v, name));
        Optional<LevelOptions> own = options.read(map, name, below);
        if (partitions.isEmpty() || mem.isEmpty() || time.isEmpty() || own.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new Level(number, partitions.get(), mem.get(), time.get(), own.get()));
    }

    /**
     * Each level must give more memory, more time or more CPUs than the one below, and never less memory or time: a
     * level that grows none of them would fail exactly as the one below did.
     */
    private void checkLevelsGrow(List<Level> levels, List<YamlNode> items) {
        for (int i = 1; i < levels.size(); i++) {
            Level below = levels.get(i - 1);
            Level level = levels.get(i);
            boolean lessMemory = level.mem().compareTo(below.mem()) < 0;
            boolean lessTime = level.time().compareTo(below.time()) < 0;
            boolean growsMemory = level.mem().compareTo(below.mem()) > 0;
            boolean growsTime = level.time().compareTo(below.time()) > 0;
            boolean growsCpus = level.options().cpusPerTask().orElse(1) > below.options().cpusPerTask().orElse(1);
            String compared = "level " + i + " (mem " + level.mem() + ", time " + level.time() + ") vs level "
                    + (i - 1) + " (mem " + below.mem() + ", time " + below.time() + ")";
            if (lessMemory || lessTime) {
                problems.add(items.get(i), compared + ": a level must not have less "
                        + (lessMemory ? "memory" : "time") + " than the level below; order levels from"
                        + " smallest to largest");
            } else if (!growsMemory && !growsTime && !growsCpus) {
                problems.add(items.get(i), compared + ": the level gives neither more memory, more time nor more"
                        + " CPUs, so a task that failed below would fail again; raise mem, time or cpus_per_task,"
                        + " or remove it");
            }
        }
    }

    private Optional<YamlNode> required(YamlNode.Mapping map, String where, String key) {
        Optional<YamlNode> value = map.entry(key).map(YamlNode.Entry::value);
        if (value.isEmpty()) {
            problems.add(map, where + ": missing '" + key + "'; each level needs partition, mem and time");
        }
        return value;
    }
}
