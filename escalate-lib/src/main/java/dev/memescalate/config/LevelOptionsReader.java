package dev.memescalate.config;

import dev.memescalate.ladder.LevelOptions;
import dev.memescalate.slurm.FeatureExpression;
import dev.memescalate.slurm.Gres;
import dev.memescalate.slurm.SbatchOption;
import dev.memescalate.slurm.SbatchOptionTable;
import dev.memescalate.slurm.ScriptDirectives;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * Reads what a level asks for besides partition, memory and time: {@code qos}, {@code account}, {@code constraint},
 * {@code cpus_per_task}, {@code gres} and {@code sbatch}, each inherited from the level below unless set here.
 *
 * <p>{@code sbatch} is a list of sbatch options, one per item ({@code --licenses=matlab}, {@code --nodes 1},
 * {@code -N 1}); an item {@code --name=value} is one option whatever the value holds, another is read as sbatch
 * reads an {@code #SBATCH} line. An option mem-escalate sets itself, or one
 * with its own key, is refused with who sets it ({@link OwnedSbatchOptions}). A name sbatch 22.05 does not know is
 * refused when it is close to one it knows (a typo), else a warning: a newer sbatch may know it, and sbatch itself
 * checks it when a round at this level is submitted.
 */
final class LevelOptionsReader {
    /** The keys this reader reads, in the order the example config explains them. */
    static final List<String> KEYS = List.of("qos", "account", "constraint", "cpus_per_task", "gres", "sbatch");

    private final ValueReader values;
    private final Problems problems;

    LevelOptionsReader(ValueReader values) {
        this.values = values;
        this.problems = values.problems();
    }

    /** The level's effective options: its own where set, the level below's otherwise; empty when one is invalid. */
    Optional<LevelOptions> read(YamlNode.Mapping map, String where, LevelOptions below) {
        int problemsBefore = problems.count();
        Optional<String> qos = name(map, where, "qos", "a QOS name").or(below::qos);
        Optional<String> account = name(map, where, "account", "an account name").or(below::account);
        Optional<String> constraint = entry(map, "constraint")
                .flatMap(v -> values.scalarText(v, where + ": constraint").flatMap(t -> values.parsed(v,
                        where + ": constraint", t, text -> FeatureExpression.parse(text).text())))
                .or(below::constraint);
        OptionalInt cpus = entry(map, "cpus_per_task")
                .flatMap(v -> values.integer(v, where + ": cpus_per_task", 1, 1_000_000,
                        "sbatch's --cpus-per-task: CPUs for each task"))
                .map(OptionalInt::of)
                .orElse(below.cpusPerTask());
        Optional<String> gres = entry(map, "gres")
                .flatMap(v -> values.scalarText(v, where + ": gres").flatMap(t -> values.parsed(v, where + ": gres",
                        t, text -> {
                            Gres.parseRequest(text);
                            return text.strip();
                        })))
                .or(below::gres);
        List<String> sbatch = entry(map, "sbatch").map(v -> sbatchList(v, where)).orElse(below.sbatch());
        if (problems.count() > problemsBefore) {
            return Optional.empty();
        }
        return Optional.of(new LevelOptions(qos, account, constraint, cpus, gres, sbatch));
    }

    private static Optional<YamlNode> entry(YamlNode.Mapping map, String key) {
        return map.entry(key).map(YamlNode.Entry::value);
    }

    /** A QOS or account name: one word, no comma (sbatch would read a list), no blank or control character. */
    private Optional<String> name(YamlNode.Mapping map, String where, String key, String what) {
        return entry(map, key).flatMap(v -> values.scalarText(v, where + ": " + key).flatMap(text -> {
            String name = text.strip();
            boolean oneWord = name.chars().noneMatch(c -> Character.isWhitespace(c) || Character.isISOControl(c)
                    || c == ',' || c == '=');
            if (!oneWord) {
                problems.add(v, where + ": " + key + ": '" + name + "' is not " + what + "; give one name, without"
                        + " blanks, commas or '='");
                return Optional.empty();
            }
            return Optional.of(name);
        }));
    }

    /** The items of {@code sbatch:}, each as {@code --name=value} (or {@code --name}); problems for refused ones. */
    private List<String> sbatchList(YamlNode value, String where) {
        String key = where + ": sbatch";
        List<YamlNode> items;
        if (value instanceof YamlNode.Sequence list) {
            items = list.items();
        } else if (value instanceof YamlNode.Scalar scalar && scalar.isNull()) {
            items = List.of(); // "sbatch:" left empty: no extra options from this level on
        } else {
            problems.add(value, key + ": must be a list of sbatch options, one per item (- --licenses=matlab),"
                    + " found " + value.kind());
            return List.of();
        }
        List<String> args = new ArrayList<>();
        for (YamlNode item : items) {
            Optional<String> text = values.scalarText(item, key);
            if (text.isEmpty()) {
                continue;
            }
            if (text.get().chars().anyMatch(Character::isISOControl)) {
                problems.add(item, key + ": '" + text.get().replaceAll("\\p{Cntrl}", "?") + "' holds a control"
                        + " character; write the option on one line");
                continue;
            }
            // --name=value is one option whatever its value holds; other forms (-N 1, --nodes 1) are read as words.
            boolean whole = text.get().strip().matches("--[A-Za-z0-9-]+=.*");
            SbatchOption.Parsed parsed = SbatchOption.parse(whole ? List.of(text.get().strip())
                    : ScriptDirectives.words(text.get()));
            parsed.problems().forEach(p -> problems.add(item, key + ": " + p + "; write one option per item,"
                    + " as --name=value"));
            for (SbatchOption option : parsed.options()) {
                optionProblem(option).ifPresentOrElse(p -> problems.add(item, key + ": " + p),
                        () -> args.add(option.toArg()));
                if (!option.known() && typoOf(option.name()).isEmpty()) {
                    values.warn(values.sourceName() + ":" + item.line() + ": " + key + ": --" + option.name()
                            + " is not an option of sbatch 22.05; sbatch checks it when a round at this level is"
                            + " submitted");
                }
            }
        }
        return List.copyOf(args);
    }

    /**
     * The option a name unknown to sbatch 22.05 is most likely a typo of: at most two letters off. Farther names may
     * be options of a newer sbatch ({@code --tres-per-task} is four letters from {@code --cpus-per-task}).
     */
    private static Optional<String> typoOf(String name) {
        return Suggestions.closest(name, SbatchOptionTable.longNames())
                .filter(near -> Suggestions.distance(name, near) <= 2);
    }

    /** Why an option cannot be in a level's {@code sbatch:} list, if it cannot. */
    private static Optional<String> optionProblem(SbatchOption option) {
        if (!option.known()) {
            return typoOf(option.name())
                    .map(near -> "'" + option.written() + "' is not an sbatch option; did you mean '--" + near + "'?");
        }
        return OwnedSbatchOptions.owner(option.name()).map(why -> "'" + option.written() + "': --" + option.name()
                + " " + why);
    }
}
