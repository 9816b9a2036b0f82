package dev.memescalate.config;

import dev.memescalate.ladder.LevelOptions;
import dev.memescalate.ladder.LevelPair;
import dev.memescalate.ladder.MemorySize;
import dev.memescalate.ladder.SeparateLadders;
import dev.memescalate.ladder.Step;
import dev.memescalate.ladder.TimeLimit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.BiFunction;

/**
 * Reads separate {@code memory:} and {@code time:} ladders ({@code escalation: by_reason} only, instead of
 * {@code levels:}) with their chain-wide {@code partitions:} default and {@code options:}.
 *
 * <p>A step is a value ({@code 1G}, {@code "1:00:00"}, as a level's mem and time) or a mapping with the value, a
 * partition rule ({@code {mem: 8G, partitions: [bigmem]}}; {@code partition:} as on a level works too) and the keys
 * of a level's options ({@code {time: "3-00:00:00", qos: long}}), which a step takes from the step below it in its
 * list unless it sets its own, as a level does. The top-level {@code options:} apply to every pair whose steps do
 * not set the same key. The combinations are checked here, without a cluster: every pair of a memory and a time
 * step must share a partition, and must not ask two values of one option.
 */
final class SeparateLaddersReader {
    /** The top-level keys this reader reads. */
    static final List<String> KEYS = List.of("memory", "time", "partitions", "options");
    private static final List<String> MEMORY_STEP_KEYS = stepKeys("mem");
    private static final List<String> TIME_STEP_KEYS = stepKeys("time");

    private final ValueReader values;
    private final Problems problems;
    private final List<YamlNode.Entry> entries = new ArrayList<>();

    SeparateLaddersReader(ValueReader values) {
        this.values = values;
        this.problems = values.problems();
    }

    private static List<String> stepKeys(String valueKey) {
        List<String> keys = new ArrayList<>(List.of(valueKey, "partitions", "partition"));
        keys.addAll(LevelOptionsReader.KEYS);
        return List.copyOf(keys);
    }

    /** Keeps one top-level entry whose key is one of {@link #KEYS}; {@link #read} reads them together. */
    void add(YamlNode.Entry entry) {
        entries.add(entry);
    }

    /** The entry of {@code key}, when the file has one. */
    Optional<YamlNode.Entry> entry(String key) {
        return entries.stream().filter(e -> e.key().equals(key)).findFirst();
    }

    boolean any() {
        return !entries.isEmpty();
    }

    /** The ladders; empty when a step, the default, the options or a pair is invalid (each problem reported). */
    Optional<SeparateLadders> read() {
        int problemsBefore = problems.count();
        YamlNode memoryNode = entry("memory").orElseThrow().value();
        YamlNode timeNode = entry("time").orElseThrow().value();
        List<StepAt<MemorySize>> memory = steps(memoryNode, "memory", "mem", MEMORY_STEP_KEYS,
                values::memory);
        List<StepAt<TimeLimit>> time = steps(timeNode, "time", "time", TIME_STEP_KEYS, values::time);
        Optional<List<String>> defaultPartitions = entry("partitions")
                .flatMap(e -> values.partitions(e.value(), "partitions"));
        LevelOptions options = entry("options").flatMap(e -> values.sectionMapping(e.value(), "'options' must be a"
                        + " mapping of " + String.join(", ", LevelOptionsReader.KEYS) + ", applied to every pair"
                        + " whose steps do not set the key"))
                .flatMap(map -> {
                    values.rejectUnknownKeys(map, "options", LevelOptionsReader.KEYS);
                    return new LevelOptionsReader(values).read(map, "options", LevelOptions.NONE);
                })
                .orElse(LevelOptions.NONE);
        if (problems.count() > problemsBefore) {
            return Optional.empty();
        }
        checkGrows(memory, "memory", "memory");
        checkGrows(time, "time", "time");
        SeparateLadders ladders = new SeparateLadders(memory.stream().map(StepAt::step).toList(),
                time.stream().map(StepAt::step).toList(), defaultPartitions, options);
        if (defaultPartitions.isEmpty()) {
            checkEveryPairHasARule(memory, time);
        }
        checkPairsSharePartitions(ladders, memory);
        checkPairsAgreeOnOptions(ladders, memory);
        return problems.count() > problemsBefore ? Optional.empty() : Optional.of(ladders);
    }

    /** A step and where it is in the file. */
    private record StepAt<T extends Comparable<T>>(Step<T> step, YamlNode node) {
    }

    private <T extends Comparable<T>> List<StepAt<T>> steps(YamlNode value, String key, String valueKey,
            List<String> stepKeys, BiFunction<YamlNode, String, Optional<T>> parse) {
        if (!(value instanceof YamlNode.Sequence list)) {
            problems.add(value, "'" + key + "' must be a list of steps (each item starting with '- '), found "
                    + value.kind());
            return List.of();
        }
        if (list.items().isEmpty()) {
            problems.add(value, "'" + key + "' is empty; give at least one step");
            return List.of();
        }
        List<StepAt<T>> steps = new ArrayList<>();
        LevelOptions below = LevelOptions.NONE;
        for (int i = 0; i < list.items().size(); i++) {
            YamlNode item = list.items().get(i);
            String name = key + " step " + i;
            if (item instanceof YamlNode.Mapping map) {
                values.rejectUnknownKeys(map, name, stepKeys);
                Optional<YamlNode> own = map.entry(valueKey).map(YamlNode.Entry::value);
                if (own.isEmpty()) {
                    problems.add(map, name + ": missing '" + valueKey + "'; write the step as " + valueKey
                            + " alone or as {" + valueKey + ": ..., partitions: [...]}");
                    continue;
                }
                Optional<List<String>> rule = partitionRule(map, name);
                Optional<LevelOptions> options = new LevelOptionsReader(values).read(map, name, below);
                if (options.isEmpty()) {
                    continue;
                }
                below = options.get();
                LevelOptions stepOptions = below;
                parse.apply(own.get(), name)
                        .ifPresent(v -> steps.add(new StepAt<>(new Step<>(v, rule, stepOptions), item)));
            } else {
                LevelOptions stepOptions = below;
                parse.apply(item, name)
                        .ifPresent(v -> steps.add(new StepAt<>(new Step<>(v, Optional.empty(), stepOptions), item)));
            }
        }
        return steps;
    }

    /** {@code partitions:} or, as on a level, {@code partition:}; not both. */
    private Optional<List<String>> partitionRule(YamlNode.Mapping map, String name) {
        Optional<YamlNode.Entry> plural = map.entry("partitions");
        Optional<YamlNode.Entry> singular = map.entry("partition");
        if (plural.isPresent() && singular.isPresent()) {
            problems.add(singular.get().keyLine(), name + ": both 'partition' and 'partitions'; keep one");
            return Optional.empty();
        }
        return plural.or(() -> singular).flatMap(e -> values.partitions(e.value(), name));
    }

    /** Each step must give more than the one below: a task that ran out at a step would run out again. */
    private <T extends Comparable<T>> void checkGrows(List<StepAt<T>> steps, String key, String what) {
        for (int i = 1; i < steps.size(); i++) {
            T below = steps.get(i - 1).step().value();
            T value = steps.get(i).step().value();
            int order = value.compareTo(below);
            if (order <= 0) {
                problems.add(steps.get(i).node(), key + " step " + i + " (" + value + ") " + (order < 0
                        ? "has less " + what + " than" : "gives no more " + what + " than") + " " + key + " step "
                        + (i - 1) + " (" + below + "); order '" + key + ":' from smallest to largest, each step"
                        + " larger than the one before");
            }
        }
    }

    /**
     * Without a top-level {@code partitions:}, a pair of two steps without a rule would have nowhere to run: then
     * every step without a rule is refused, as long as the other list has one too.
     */
    private void checkEveryPairHasARule(List<StepAt<MemorySize>> memory, List<StepAt<TimeLimit>> time) {
        List<StepAt<MemorySize>> memoryWithout = memory.stream().filter(s -> s.step().partitions().isEmpty()).toList();
        List<StepAt<TimeLimit>> timeWithout = time.stream().filter(s -> s.step().partitions().isEmpty()).toList();
        if (memoryWithout.isEmpty() || timeWithout.isEmpty()) {
            return;
        }
        String fix = "; give it partitions: [...], or give a top-level 'partitions:' default for steps without one";
        for (StepAt<MemorySize> s : memoryWithout) {
            problems.add(s.node(), "memory step " + memory.indexOf(s) + " (" + s.step().value() + ") has no"
                    + " partitions, nor has time step " + time.indexOf(timeWithout.get(0)) + ", and there is no"
                    + " top-level 'partitions:'" + fix);
        }
        for (StepAt<TimeLimit> s : timeWithout) {
            problems.add(s.node(), "time step " + time.indexOf(s) + " (" + s.step().value() + ") has no"
                    + " partitions, nor has memory step " + memory.indexOf(memoryWithout.get(0)) + ", and there is"
                    + " no top-level 'partitions:'" + fix);
        }
    }

    /**
     * A pair whose two steps ask two values of one option (qos, account, ...) could not be submitted as asked:
     * refused at load, naming the pair, the key and both steps.
     */
    private void checkPairsAgreeOnOptions(SeparateLadders ladders, List<StepAt<MemorySize>> memory) {
        // One problem per key, at its first pair: steps inherit options, so one clash repeats up both lists.
        record FirstClash(LevelPair pair, SeparateLadders.Conflict conflict, int[] pairs) {
        }
        Map<String, FirstClash> byKey = new LinkedHashMap<>();
        for (int m = 0; m <= ladders.memoryTop(); m++) {
            for (int t = 0; t <= ladders.timeTop(); t++) {
                LevelPair pair = new LevelPair(m, t);
                for (SeparateLadders.Conflict conflict : ladders.conflicts(pair)) {
                    byKey.computeIfAbsent(conflict.key(), k -> new FirstClash(pair, conflict, new int[1]))
                            .pairs()[0]++;
                }
            }
        }
        byKey.forEach((key, first) -> {
            int others = first.pairs()[0] - 1;
            problems.add(memory.get(first.pair().memory()).node(), "the pair memory level " + first.pair().memory()
                    + " / time level " + first.pair().time() + " asks " + first.conflict() + (others > 0 ? " (and "
                    + others + " more pair(s) ask two values of " + key + ")" : "") + ": a job takes one; set " + key
                    + " on the memory steps or on the time steps, or the same value on both");
        });
    }

    /** A pair whose steps share no partition could never run: refused at load, so check-config says so. */
    private void checkPairsSharePartitions(SeparateLadders ladders, List<StepAt<MemorySize>> memory) {
        for (int m = 0; m <= ladders.memoryTop(); m++) {
            for (int t = 0; t <= ladders.timeTop(); t++) {
                LevelPair pair = new LevelPair(m, t);
                boolean bothRules = ladders.memory().get(m).partitions().isPresent()
                        && ladders.time().get(t).partitions().isPresent();
                if (bothRules && ladders.partitions(pair).isEmpty()) {
                    problems.add(memory.get(m).node(), "the pair memory level " + m + " / time level " + t + ": "
                            + ladders.memoryStepName(m) + " and " + ladders.timeStepName(t) + " share no"
                            + " partition, so a task that needs both could run nowhere; add a partition to one"
                            + " of the two rules");
                }
            }
        }
    }
}
