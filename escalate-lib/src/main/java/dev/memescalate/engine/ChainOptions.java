package dev.memescalate.engine;

import dev.memescalate.InvalidInputException;
import dev.memescalate.slurm.FeatureExpression;
import dev.memescalate.slurm.Gres;
import dev.memescalate.slurm.Hostlist;
import dev.memescalate.slurm.SbatchOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The sbatch options given to {@code submit} on its command line, kept with the chain and applied to the array jobs
 * of every round: {@code --account}, {@code --qos}, {@code --cpus-per-task}, {@code --gres}, {@code --constraint},
 * {@code --exclude}, {@code --nodelist}, {@code --mail-type}, {@code --mail-user}, {@code --comment}, {@code --chdir},
 * {@code --begin}, {@code --nice}, {@code --partition}, {@code --requeue}/{@code --no-requeue}. Held as the argument
 * list the store keeps ({@code --name=value}, long names, in {@link #NAMES} order). Pure.
 *
 * <p>A level's own {@code qos}, {@code account}, {@code constraint}, {@code cpus_per_task}, {@code gres} and
 * {@code sbatch} options win over these ({@link RoundOptions}); {@code --partition} is the other way round: it
 * replaces every level's partitions. {@code --exclude} is merged with the nodes where tasks failed. The handler jobs
 * take {@code --account} only: they are charged where the tasks are.
 */
public record ChainOptions(List<String> args) {
    /** The options submit takes, by long name, in the order they are stored. */
    public static final List<String> NAMES = List.of("partition", "account", "qos", "cpus-per-task", "gres",
            "constraint", "nodelist", "exclude", "chdir", "begin", "nice", "requeue", "no-requeue", "mail-type",
            "mail-user", "comment");

    /** What {@code --mail-type} takes (sbatch 22.05, man sbatch), comma separated. */
    static final Set<String> MAIL_TYPES = Set.of("NONE", "BEGIN", "END", "FAIL", "REQUEUE", "ALL", "INVALID_DEPEND",
            "STAGE_OUT", "TIME_LIMIT", "TIME_LIMIT_90", "TIME_LIMIT_80", "TIME_LIMIT_50", "ARRAY_TASKS");

    /** sbatch's range for --nice ("Invalid --nice value, out of range (+/- 2147483645)", measured on 22.05.8). */
    static final long MAX_NICE = 2_147_483_645L;

    /** The most hosts an --exclude or --nodelist may expand to: far above any real list, far below a memory problem. */
    static final int MAX_HOSTS = 100_000;

    /** The forms of sbatch's --begin (man sbatch): absolute dates and times, or words relative to now. */
    private static final Pattern BEGIN_ABSOLUTE = Pattern.compile(
            "\\d{4}-\\d{2}-\\d{2}(T\\d{1,2}:\\d{2}(:\\d{2})?)?");
    private static final Pattern BEGIN_RELATIVE = Pattern.compile(
            "(?i)now(\\+\\d+(seconds?|minutes?|hours?|days?|weeks?|s|m|h|d|w)?)?|midnight|noon|fika|teatime|today|tomorrow"
                    + "|\\d{1,2}:\\d{2}(:\\d{2})?(\\s?[ap]m)?|\\d{4}(\\d{2})?|\\d{1,2}/\\d{1,2}(/\\d{2})?"
                    + "|\\d{1,2}\\.\\d{1,2}(\\.\\d{2})?");
    private static final Pattern ONE_NAME = Pattern.compile("[^\\s,=\\p{Cntrl}]+");

    public static final ChainOptions NONE = new ChainOptions(List.of());

    public ChainOptions {
        args = List.copyOf(args);
    }

    /** The options of a chain as the store keeps them. */
    public static ChainOptions of(List<String> stored) {
        return new ChainOptions(stored);
    }

    /** The value of one option, if given. */
    public Optional<String> value(String name) {
        return options().stream().filter(o -> o.name().equals(name)).findFirst().flatMap(SbatchOption::value);
    }

    public boolean has(String name) {
        return options().stream().anyMatch(o -> o.name().equals(name));
    }

    /** {@code --partition}: replaces every level's partitions. */
    public Optional<List<String>> partitions() {
        return value("partition").map(p -> List.of(p.split(",")));
    }

    /** {@code --exclude}, expanded. */
    public List<String> exclude() {
        return value("exclude").map(Hostlist::expand).orElse(List.of());
    }

    /** {@code --chdir}: where the tasks run, instead of the directory submit ran in. */
    public Optional<Path> chdir() {
        return value("chdir").map(Path::of);
    }

    /** {@code --account}, which the handler jobs take too. */
    public Optional<String> account() {
        return value("account");
    }

    /** The options passed as they are to every array job: all but --partition, --exclude and --chdir. */
    public List<SbatchOption> passedToArrays() {
        return options().stream()
                .filter(o -> !List.of("partition", "exclude", "chdir").contains(o.name()))
                .toList();
    }

    public List<SbatchOption> options() {
        return args.stream().map(SbatchOption::ofArg).toList();
    }

    /**
     * What is wrong with the options, each a complete message naming the option; what the cluster must confirm
     * (nodes, accounts, QOS names) is checked by pre-flight.
     */
    public List<String> problems() {
        List<String> problems = new ArrayList<>();
        for (SbatchOption option : options()) {
            String value = option.value().orElse("");
            String shown = option.toArg().replaceAll("\\p{Cntrl}", "?");
            switch (option.name()) {
                case "account", "qos" -> {
                    if (!ONE_NAME.matcher(value).matches()) {
                        problems.add(shown + ": give one " + (option.name().equals("qos") ? "QOS" : "account")
                                + " name, without blanks, commas or '='");
                    }
                }
                case "cpus-per-task" -> {
                    if (!value.matches("\\d{1,7}") || Integer.parseInt(value) < 1) {
                        problems.add(shown + ": give a whole number of CPUs for each task, at least 1");
                    }
                }
                case "gres" -> syntax(shown, () -> Gres.parseRequest(value)).ifPresent(problems::add);
                case "constraint" -> syntax(shown, () -> FeatureExpression.parse(value)).ifPresent(problems::add);
                case "exclude", "nodelist" -> hostsProblem(shown, value).ifPresent(problems::add);
                case "partition" -> {
                    boolean names = !value.isEmpty() && List.of(value.split(",", -1)).stream()
                            .allMatch(p -> ONE_NAME.matcher(p).matches());
                    if (!names) {
                        problems.add(shown + ": give one partition or a comma list (day,week), without blanks");
                    }
                }
                case "chdir" -> {
                    if (value.isEmpty()) {
                        problems.add(shown + ": give the directory the tasks run in");
                    }
                }
                case "begin" -> {
                    boolean known = BEGIN_ABSOLUTE.matcher(value).matches() || BEGIN_RELATIVE.matcher(value).matches();
                    if (!known) {
                        problems.add(shown + ": not a time sbatch takes; give a date and time (2026-12-24T08:00),"
                                + " HH:MM, now+1hour, midnight, noon, today or tomorrow");
                    }
                }
                case "nice" -> {
                    boolean inRange = value.matches("[+-]?\\d{1,10}")
                            && Math.abs(Long.parseLong(value.replace("+", ""))) <= MAX_NICE;
                    if (!inRange) {
                        problems.add(shown + ": give a whole number from -" + MAX_NICE + " to " + MAX_NICE
                                + " (higher is nicer to others; below 0 only for root)");
                    }
                }
                case "mail-type" -> {
                    List<String> unknown = List.of(value.split(",", -1)).stream()
                            .filter(t -> !MAIL_TYPES.contains(t)).toList();
                    if (value.isEmpty() || !unknown.isEmpty()) {
                        problems.add(shown + ": " + (value.isEmpty() ? "no type" : "'" + String.join(",", unknown)
                                + "' is not a mail type") + "; give one or more of " + String.join(",",
                                List.of("BEGIN", "END", "FAIL", "REQUEUE", "ALL", "TIME_LIMIT", "TIME_LIMIT_90",
                                        "TIME_LIMIT_80", "TIME_LIMIT_50", "ARRAY_TASKS", "INVALID_DEPEND",
                                        "STAGE_OUT", "NONE")) + ", comma separated");
                    }
                }
                case "mail-user" -> {
                    if (!ONE_NAME.matcher(value).matches()) {
                        problems.add(shown + ": give one address or user name, without blanks or commas");
                    }
                }
                case "comment" -> {
                    if (value.chars().anyMatch(Character::isISOControl)) {
                        problems.add(shown + ": a comment cannot hold a newline or another control character (sacct"
                                + " would print the job over two lines); write it on one line");
                    }
                }
                default -> {
                }
            }
        }
        if (has("requeue") && has("no-requeue")) {
            problems.add("--requeue and --no-requeue: give one of them");
        }
        return problems;
    }

    /** A note for a relative --begin: every round is submitted later, so each would wait that long again. */
    public Optional<String> beginNote() {
        return value("begin").filter(v -> !BEGIN_ABSOLUTE.matcher(v).matches()).map(v -> "--begin=" + v
                + " is read by sbatch each time a round is submitted, so every round waits for it again; give a date"
                + " and time (2026-12-24T08:00) to hold only the first round");
    }

    private static Optional<String> syntax(String shown, Runnable parse) {
        try {
            parse.run();
            return Optional.empty();
        } catch (InvalidInputException e) {
            return Optional.of(shown + ": " + e.getMessage());
        }
    }

    private static Optional<String> hostsProblem(String shown, String value) {
        if (value.isBlank() || value.chars().anyMatch(c -> Character.isWhitespace(c) || Character.isISOControl(c))) {
            return Optional.of(shown + ": give node names as Slurm writes them (day1,day2 or day[1-2]), without"
                    + " blanks");
        }
        try {
            if (Hostlist.count(value) > MAX_HOSTS) {
                return Optional.of(shown + ": names more than " + MAX_HOSTS + " nodes; give the nodes themselves");
            }
            Hostlist.expand(value);
            return Optional.empty();
        } catch (IllegalArgumentException e) {
            return Optional.of(shown + ": not a node list (" + e.getMessage() + "); write day1,day2 or day[1-2]");
        }
    }

    /** The nodes named in --nodelist and --exclude, expanded; each once. */
    public Set<String> namedNodes() {
        Set<String> nodes = new LinkedHashSet<>();
        value("nodelist").map(Hostlist::expand).ifPresent(nodes::addAll);
        nodes.addAll(exclude());
        return nodes;
    }
}
