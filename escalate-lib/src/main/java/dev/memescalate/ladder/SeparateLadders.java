package dev.memescalate.ladder;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The {@code memory:} and {@code time:} ladders of an {@code escalation: by_reason} config that gives them apart
 * instead of {@code levels:}. A task at memory level m and time level t runs with memory step m's memory, time step
 * t's time, and the partitions both steps allow ({@link #partitions(LevelPair)}). The lists may differ in length:
 * each dimension has its own top.
 *
 * @param memory the memory steps, smallest first; never empty
 * @param time the time steps, shortest first; never empty
 * @param defaultPartitions the config's top-level {@code partitions:}, where a pair runs when neither of its steps
 *     has a rule of its own
 * @param options the config's top-level {@code options:} (qos, account, ...), the same for every pair
 */
public record SeparateLadders(List<Step<MemorySize>> memory, List<Step<TimeLimit>> time,
        Optional<List<String>> defaultPartitions, LevelOptions options) {
    public SeparateLadders {
        memory = List.copyOf(memory);
        time = List.copyOf(time);
        if (memory.isEmpty() || time.isEmpty()) {
            throw new IllegalArgumentException("separate ladders need at least one memory and one time step, got "
                    + memory.size() + " and " + time.size());
        }
        defaultPartitions = defaultPartitions.map(List::copyOf);
        Objects.requireNonNull(options, "options");
    }

    public int memoryTop() {
        return memory.size() - 1;
    }

    public int timeTop() {
        return time.size() - 1;
    }

    /**
     * Where the pair may run, in the order Slurm should try them: the memory step's rule, keeping only the
     * partitions the time step's rule allows too (a step without a rule allows any); the time step's rule when the
     * memory step has none; {@link #defaultPartitions()} when neither has one. Empty when the two rules share no
     * partition, or when neither step has a rule and there is no default (the config reader refuses both).
     */
    public List<String> partitions(LevelPair pair) {
        Optional<List<String>> memoryRule = memory.get(pair.memory()).partitions();
        Optional<List<String>> timeRule = time.get(pair.time()).partitions();
        if (memoryRule.isPresent() && timeRule.isPresent()) {
            return memoryRule.get().stream().filter(timeRule.get()::contains).toList();
        }
        return memoryRule.or(() -> timeRule).or(() -> defaultPartitions).orElse(List.of());
    }

    /** What a task at the pair runs with, numbered as the higher of its two levels. */
    public Level at(LevelPair pair) {
        List<String> partitions = partitions(pair);
        if (partitions.isEmpty()) {
            throw new IllegalArgumentException(memoryStepName(pair.memory()) + " and " + timeStepName(pair.time())
                    + " share no partition");
        }
        return new Level(pair.higher(), partitions, memory.get(pair.memory()).value(), time.get(pair.time()).value(),
                options);
    }

    /** {@code memory step 1 (2G, partitions bigmem)}, as messages name a step. */
    public String memoryStepName(int m) {
        return "memory step " + m + " (" + memory.get(m).value().toSlurm() + rule(memory.get(m)) + ")";
    }

    /** {@code time step 0 (1:00:00)}, as messages name a step. */
    public String timeStepName(int t) {
        return "time step " + t + " (" + time.get(t).value().toSlurm() + rule(time.get(t)) + ")";
    }

    private static String rule(Step<?> step) {
        return step.partitions().map(p -> ", partitions " + String.join(",", p)).orElse("");
    }
}
