package dev.memescalate.slurm;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * The options of sbatch 22.05: each long name, its short letter, and whether it takes a value. Pure facts, for
 * reading {@code #SBATCH} lines and the config's {@code sbatch:} lists the way sbatch reads them (a short form or a
 * value given as the next word) and for telling a typo from an option.
 *
 * <p>Taken from Slurm 22.05.8's {@code sbatch --help} and the option headings of {@code man 1 sbatch} (Debian 12's
 * slurm-client): every {@code .TP} heading starting with {@code -}, and the value forms there ({@code --nice[=value]}
 * takes an optional value, {@code --requeue} none). A newer sbatch may know more: callers treat an unknown name as
 * "not in 22.05", not as "not an option anywhere".
 */
public final class SbatchOptionTable {
    /** Whether an option takes a value: sbatch's getopt {@code no_argument}, {@code required_argument}, {@code optional_argument}. */
    public enum Value { NONE, REQUIRED, OPTIONAL }

    /** One option: {@code --long-name}, its short letter if any, and its value. */
    public record Spec(String longName, Optional<Character> shortName, Value value) {
    }

    private static final List<Spec> SPECS = List.of(
            required("account", 'A'),
            required("acctg-freq"),
            required("array", 'a'),
            required("batch"),
            required("bb"),
            required("bbf"),
            required("begin", 'b'),
            required("chdir", 'D'),
            required("cluster-constraint"),
            required("clusters", 'M'),
            required("comment"),
            required("constraint", 'C'),
            required("container"),
            required("context"),
            flag("contiguous"),
            required("core-spec", 'S'),
            required("cores-per-socket"),
            required("cpu-freq"),
            required("cpus-per-gpu"),
            required("cpus-per-task", 'c'),
            required("deadline"),
            required("delay-boot"),
            required("dependency", 'd'),
            required("distribution", 'm'),
            required("error", 'e'),
            required("exclude", 'x'),
            optional("exclusive"),
            optional("export"),
            required("export-file"),
            required("extra-node-info", 'B'),
            optional("get-user-env"),
            required("gid"),
            required("gpu-bind"),
            required("gpu-freq"),
            required("gpus", 'G'),
            required("gpus-per-node"),
            required("gpus-per-socket"),
            required("gpus-per-task"),
            required("gres"),
            required("gres-flags"),
            flag("help", 'h'),
            required("hint"),
            flag("hold", 'H'),
            flag("ignore-pbs"),
            required("input", 'i'),
            required("job-name", 'J'),
            required("kill-on-invalid-dep"),
            required("licenses", 'L'),
            required("mail-type"),
            required("mail-user"),
            required("mcs-label"),
            required("mem"),
            required("mem-bind"),
            required("mem-per-cpu"),
            required("mem-per-gpu"),
            required("mincpus"),
            required("network"),
            optional("nice"),
            optional("no-kill", 'k'),
            flag("no-requeue"),
            required("nodefile", 'F'),
            required("nodelist", 'w'),
            required("nodes", 'N'),
            required("ntasks", 'n'),
            required("ntasks-per-core"),
            required("ntasks-per-gpu"),
            required("ntasks-per-node"),
            required("ntasks-per-socket"),
            required("open-mode"),
            required("output", 'o'),
            flag("overcommit", 'O'),
            flag("oversubscribe", 's'),
            flag("parsable"),
            required("partition", 'p'),
            required("power"),
            required("prefer"),
            required("priority"),
            required("profile"),
            optional("propagate"),
            required("qos", 'q'),
            flag("quiet", 'Q'),
            flag("reboot"),
            flag("requeue"),
            required("reservation"),
            required("signal"),
            required("sockets-per-node"),
            flag("spread-job"),
            required("switches"),
            flag("test-only"),
            required("thread-spec"),
            required("threads-per-core"),
            required("time", 't'),
            required("time-min"),
            required("tmp"),
            required("uid"),
            flag("usage"),
            flag("use-min-nodes"),
            flag("verbose", 'v'),
            flag("version", 'V'),
            flag("wait", 'W'),
            required("wait-all-nodes"),
            required("wckey"),
            required("wrap"));

    private static final Map<String, Spec> BY_LONG = SPECS.stream()
            .collect(Collectors.toUnmodifiableMap(Spec::longName, spec -> spec));
    private static final Map<Character, Spec> BY_SHORT = SPECS.stream()
            .filter(spec -> spec.shortName().isPresent())
            .collect(Collectors.toUnmodifiableMap(spec -> spec.shortName().orElseThrow(), spec -> spec));

    private SbatchOptionTable() {
    }

    /** The option with this long name (without the dashes). */
    public static Optional<Spec> byLongName(String name) {
        return Optional.ofNullable(BY_LONG.get(name));
    }

    public static Optional<Spec> byShortName(char letter) {
        return Optional.ofNullable(BY_SHORT.get(letter));
    }

    /** Every long name, for "did you mean". */
    public static Collection<String> longNames() {
        return SPECS.stream().map(Spec::longName).toList();
    }

    private static Spec required(String name) {
        return new Spec(name, Optional.empty(), Value.REQUIRED);
    }

    private static Spec required(String name, char letter) {
        return new Spec(name, Optional.of(letter), Value.REQUIRED);
    }

    private static Spec optional(String name) {
        return new Spec(name, Optional.empty(), Value.OPTIONAL);
    }

    private static Spec optional(String name, char letter) {
        return new Spec(name, Optional.of(letter), Value.OPTIONAL);
    }

    private static Spec flag(String name) {
        return new Spec(name, Optional.empty(), Value.NONE);
    }

    private static Spec flag(String name, char letter) {
        return new Spec(name, Optional.of(letter), Value.NONE);
    }

}
