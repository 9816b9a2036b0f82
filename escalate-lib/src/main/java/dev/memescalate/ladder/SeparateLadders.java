package dev.memescalate.ladder;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * The {@code memory:} and {@code time:} ladders of an {@code escalation: by_reason} config that gives them apart
 * instead of {@code levels:}. A task at memory level m and time level t runs with memory step m's memory, time step
 * t's time, the partitions both steps allow ({@link #partitions(LevelPair)}) and the options of both steps over the
 * top-level ones ({@link #options(LevelPair)}). The lists may differ in length: each dimension has its own top.
 *
 * @param memory the memory steps, smallest first; never empty
 * @param time the time steps, shortest first; never empty
 * @param defaultPartitions the config's top-level {@code partitions:}, where a pair runs when neither of its steps
 *     has a rule of its own
 * @param options the config's top-level {@code options:} (qos, account, ...), for every pair whose steps do not set
 *     the same key
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
                options(pair));
    }

    /**
     * What a task at the pair asks for besides partition, memory and time: the top-level {@link #options()}, where
     * each key the memory step or the time step sets is the step's instead. sbatch options count by name: the
     * top-level ones neither step gives, then the memory step's, then the time step's. Where both steps set a key
     * they should agree ({@link #conflicts(LevelPair)}, which the config reader refuses); if not, the memory step's
     * holds.
     */
    public LevelOptions options(LevelPair pair) {
        LevelOptions m = memory.get(pair.memory()).options();
        LevelOptions t = time.get(pair.time()).options();
        OptionalInt cpus = m.cpusPerTask().isPresent() ? m.cpusPerTask()
                : t.cpusPerTask().isPresent() ? t.cpusPerTask() : options.cpusPerTask();
        Map<String, String> sbatch = new LinkedHashMap<>();
        options.sbatch().forEach(arg -> sbatch.put(sbatchName(arg), arg));
        for (List<String> step : List.of(m.sbatch(), t.sbatch())) {
            step.forEach(arg -> sbatch.remove(sbatchName(arg)));
        }
        m.sbatch().forEach(arg -> sbatch.put(sbatchName(arg), arg));
        t.sbatch().forEach(arg -> sbatch.putIfAbsent(sbatchName(arg), arg));
        return new LevelOptions(m.qos().or(t::qos).or(options::qos), m.account().or(t::account).or(options::account),
                m.constraint().or(t::constraint).or(options::constraint), cpus, m.gres().or(t::gres).or(options::gres),
                List.copyOf(sbatch.values()));
    }

    /**
     * A key the two steps of a pair give two values of.
     *
     * @param key the config key ({@code qos}, {@code cpus_per_task}) or {@code sbatch}
     * @param values both values and their steps: {@code 'bigmem' (memory step 2) and 'long' (time step 1)}
     */
    public record Conflict(String key, String values) {
        @Override
        public String toString() {
            return key + " " + values;
        }
    }

    /**
     * What the pair's two steps ask differently of one key: a job has one QOS, one account, ... Empty when they agree
     * or only one sets it.
     */
    public List<Conflict> conflicts(LevelPair pair) {
        LevelOptions m = memory.get(pair.memory()).options();
        LevelOptions t = time.get(pair.time()).options();
        String memoryStep = "memory step " + pair.memory();
        String timeStep = "time step " + pair.time();
        List<Conflict> conflicts = new ArrayList<>();
        conflict(conflicts, "qos", m.qos(), t.qos(), memoryStep, timeStep);
        conflict(conflicts, "account", m.account(), t.account(), memoryStep, timeStep);
        conflict(conflicts, "constraint", m.constraint(), t.constraint(), memoryStep, timeStep);
        conflict(conflicts, "cpus_per_task", m.cpusPerTask().isPresent()
                ? Optional.of(Integer.toString(m.cpusPerTask().getAsInt())) : Optional.empty(),
                t.cpusPerTask().isPresent() ? Optional.of(Integer.toString(t.cpusPerTask().getAsInt()))
                        : Optional.empty(), memoryStep, timeStep);
        conflict(conflicts, "gres", m.gres(), t.gres(), memoryStep, timeStep);
        for (String arg : m.sbatch()) {
            for (String other : t.sbatch()) {
                if (sbatchName(arg).equals(sbatchName(other)) && !arg.equals(other)) {
                    conflicts.add(new Conflict("sbatch", arg + " (" + memoryStep + ") and " + other + " (" + timeStep
                            + ")"));
                }
            }
        }
        return conflicts;
    }

    private static void conflict(List<Conflict> conflicts, String key, Optional<String> memoryValue,
            Optional<String> timeValue, String memoryStep, String timeStep) {
        if (memoryValue.isPresent() && timeValue.isPresent() && !memoryValue.equals(timeValue)) {
            conflicts.add(new Conflict(key, "'" + memoryValue.get() + "' (" + memoryStep + ") and '"
                    + timeValue.get() + "' (" + timeStep + ")"));
        }
    }

    /**
     * Where the pair's option {@code name} (sbatch's name: {@code qos}, {@code cpus-per-task}, {@code licenses})
     * comes from, as messages say it: {@code memory step 2}, {@code time step 1} or {@code options: of the config}.
     */
    public String optionOwner(LevelPair pair, String name) {
        if (sets(memory.get(pair.memory()).options(), name)) {
            return "memory step " + pair.memory();
        }
        if (sets(time.get(pair.time()).options(), name)) {
            return "time step " + pair.time();
        }
        return "options: of the config";
    }

    private static boolean sets(LevelOptions options, String name) {
        return switch (name) {
            case "qos" -> options.qos().isPresent();
            case "account" -> options.account().isPresent();
            case "constraint" -> options.constraint().isPresent();
            case "cpus-per-task" -> options.cpusPerTask().isPresent();
            case "gres" -> options.gres().isPresent();
            default -> options.sbatch().stream().anyMatch(arg -> sbatchName(arg).equals("--" + name));
        };
    }

    /** {@code --licenses} of {@code --licenses=matlab}: the config reader keeps sbatch options as --name[=value]. */
    private static String sbatchName(String arg) {
        int equals = arg.indexOf('=');
        return equals < 0 ? arg : arg.substring(0, equals);
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
