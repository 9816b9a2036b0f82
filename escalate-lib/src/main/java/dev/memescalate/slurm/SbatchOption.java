package dev.memescalate.slurm;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * One sbatch option as sbatch would read it: its long name (without the dashes) and its value, whatever form it was
 * written in ({@code -p day}, {@code -pday}, {@code --partition day}, {@code --partition=day}, {@code --part=day}).
 * Pure.
 *
 * @param name the long name, e.g. {@code partition}; for an option sbatch 22.05 does not know, the name as written
 * @param value the value, if one was given
 * @param written how it was written, for messages ({@code -p day})
 * @param known whether sbatch 22.05 knows the option ({@link SbatchOptionTable})
 */
public record SbatchOption(String name, Optional<String> value, String written, boolean known) {

    /** {@code --name=value}, or {@code --name} for a flag: the form mem-escalate passes to sbatch. */
    public String toArg() {
        return "--" + name + value.map(v -> "=" + v).orElse("");
    }

    /** {@code --name=value} (or {@code --name}) read back; the name must be a long name. */
    public static SbatchOption ofArg(String arg) {
        if (!arg.startsWith("--") || arg.length() < 3) {
            throw new IllegalArgumentException("not a --name[=value] option: '" + arg + "'");
        }
        int equals = arg.indexOf('=');
        String name = equals < 0 ? arg.substring(2) : arg.substring(2, equals);
        Optional<String> value = equals < 0 ? Optional.empty() : Optional.of(arg.substring(equals + 1));
        return new SbatchOption(name, value, arg, SbatchOptionTable.byLongName(name).isPresent());
    }

    /**
     * What a list of words holds.
     *
     * @param options every option, in order
     * @param problems complete messages for words sbatch would refuse: a value where none is taken, none where one
     *     is needed, a word that is no option at all, an abbreviation that fits several options
     */
    public record Parsed(List<SbatchOption> options, List<String> problems) {
        public Parsed {
            options = List.copyOf(options);
            problems = List.copyOf(problems);
        }
    }

    /**
     * Reads words as sbatch's getopt_long reads its arguments: long names may be abbreviated while unambiguous, a
     * required value may follow as the next word, short flags may be grouped ({@code -Hv}). An unknown long name is
     * kept with {@code known = false} (a newer sbatch may know it), taking its {@code =value} if any.
     */
    public static Parsed parse(List<String> words) {
        List<SbatchOption> options = new ArrayList<>();
        List<String> problems = new ArrayList<>();
        for (int i = 0; i < words.size(); i++) {
            String word = words.get(i);
            if (word.startsWith("--") && word.length() > 2) {
                i = readLong(words, i, options, problems);
            } else if (word.startsWith("-") && word.length() > 1) {
                i = readShort(words, i, options, problems);
            } else {
                problems.add("'" + word + "' is not an option (options start with - or --)");
            }
        }
        return new Parsed(options, problems);
    }

    private static int readLong(List<String> words, int i, List<SbatchOption> options, List<String> problems) {
        String word = words.get(i);
        int equals = word.indexOf('=');
        String typed = equals < 0 ? word.substring(2) : word.substring(2, equals);
        Optional<String> attached = equals < 0 ? Optional.empty() : Optional.of(word.substring(equals + 1));
        List<SbatchOptionTable.Spec> matches = longMatches(typed);
        if (matches.isEmpty()) {
            options.add(new SbatchOption(typed, attached, word, false));
            return i;
        }
        if (matches.size() > 1) {
            problems.add("'--" + typed + "' is ambiguous: it abbreviates "
                    + String.join(", ", matches.stream().map(s -> "--" + s.longName()).toList())
                    + "; write the whole name");
            return i;
        }
        SbatchOptionTable.Spec spec = matches.get(0);
        switch (spec.value()) {
            case NONE -> {
                if (attached.isPresent()) {
                    problems.add("'" + word + "': --" + spec.longName() + " takes no value");
                    return i;
                }
                options.add(new SbatchOption(spec.longName(), Optional.empty(), word, true));
            }
            case OPTIONAL -> options.add(new SbatchOption(spec.longName(), attached, word, true));
            case REQUIRED -> {
                if (attached.isPresent()) {
                    options.add(new SbatchOption(spec.longName(), attached, word, true));
                } else if (i + 1 < words.size()) {
                    options.add(new SbatchOption(spec.longName(), Optional.of(words.get(i + 1)),
                            word + " " + words.get(i + 1), true));
                    return i + 1;
                } else {
                    problems.add("'" + word + "': --" + spec.longName() + " needs a value (--" + spec.longName()
                            + "=VALUE)");
                }
            }
            default -> throw new IllegalStateException(spec.value().toString());
        }
        return i;
    }

    /** Exact name first, then every option the text abbreviates (getopt_long takes an unambiguous prefix). */
    private static List<SbatchOptionTable.Spec> longMatches(String typed) {
        Optional<SbatchOptionTable.Spec> exact = SbatchOptionTable.byLongName(typed);
        if (exact.isPresent()) {
            return List.of(exact.get());
        }
        if (typed.isEmpty()) {
            return List.of();
        }
        return SbatchOptionTable.longNames().stream().filter(n -> n.startsWith(typed))
                .map(n -> SbatchOptionTable.byLongName(n).orElseThrow()).toList();
    }

    private static int readShort(List<String> words, int i, List<SbatchOption> options, List<String> problems) {
        String word = words.get(i);
        for (int at = 1; at < word.length(); at++) {
            char letter = word.charAt(at);
            Optional<SbatchOptionTable.Spec> found = SbatchOptionTable.byShortName(letter);
            if (found.isEmpty()) {
                problems.add("'" + word + "': -" + letter + " is not an sbatch option");
                return i;
            }
            SbatchOptionTable.Spec spec = found.get();
            String rest = word.substring(at + 1);
            switch (spec.value()) {
                case NONE -> options.add(new SbatchOption(spec.longName(), Optional.empty(), "-" + letter, true));
                case OPTIONAL -> {
                    options.add(new SbatchOption(spec.longName(), rest.isEmpty() ? Optional.empty()
                            : Optional.of(rest), word, true));
                    return i;
                }
                case REQUIRED -> {
                    if (!rest.isEmpty()) {
                        options.add(new SbatchOption(spec.longName(), Optional.of(rest), word, true));
                        return i;
                    }
                    if (i + 1 < words.size()) {
                        options.add(new SbatchOption(spec.longName(), Optional.of(words.get(i + 1)),
                                word + " " + words.get(i + 1), true));
                        return i + 1;
                    }
                    problems.add("'" + word + "': -" + letter + " (--" + spec.longName() + ") needs a value");
                    return i;
                }
                default -> throw new IllegalStateException(spec.value().toString());
            }
        }
        return i;
    }
}
