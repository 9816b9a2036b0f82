package dev.memescalate.engine;

import dev.memescalate.InvalidInputException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * What {@code submit} refuses in what the user typed, before it asks the cluster anything: the script, the array
 * spec's syntax, {@code --export} items, {@code --chdir}, and directories that end up in Slurm's file name patterns.
 * Each check returns the message (what, where, what to do) or nothing. Pure but for looking at files.
 */
final class SubmitInputChecks {
    /** The variables mem-escalate sets for every task itself: an {@code --export} of one of them is refused. */
    private static final List<String> OWN_VARIABLES = List.of(SbatchArgs.CHAIN_ID_VAR, SbatchArgs.LEVEL_VAR,
            SbatchArgs.TIME_LEVEL_VAR, SbatchArgs.ROUND_VAR);

    /** A shell variable name, as sbatch's --export and every script that reads the variable need it. */
    private static final Pattern VARIABLE_NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");

    private SubmitInputChecks() {
    }

    /**
     * The array parser's message with the option's name: {@code array spec "9-3": range ...} becomes
     * {@code --array=9-3: range ...} (the parser quotes at most 60 characters of the spec, then "...").
     */
    static String arrayProblem(String spec, InvalidInputException badSpec) {
        String quoted = spec.length() <= 60 ? spec : spec.substring(0, 60) + "...";
        String parserPrefix = "array spec \"" + quoted + "\": ";
        String message = badSpec.getMessage();
        return message.startsWith(parserPrefix)
                ? "--array=" + printable(quoted) + ": " + message.substring(parserPrefix.length())
                : "--array: " + message;
    }

    /**
     * slurmctld refuses a job array while the jobs it holds plus the array's tasks reach MaxJobCount (a pending
     * array's tasks count one by one), and sbatch answers "Slurm temporarily unable to accept job" and retries for
     * ever. A chain whose first round, with its handler jobs, holds that many jobs can never be submitted, even on
     * an otherwise empty cluster.
     *
     * @param jobsBesideTasks the handler and guard jobs submitted with the first round
     */
    static Optional<String> jobCountProblem(String spec, int tasks, int jobsBesideTasks, int maxJobCount) {
        if (tasks + jobsBesideTasks < maxJobCount) {
            return Optional.empty();
        }
        int mostTasks = Math.max(0, maxJobCount - 1 - jobsBesideTasks);
        String quoted = spec.length() <= 60 ? spec : spec.substring(0, 60) + "...";
        return Optional.of("--array=" + printable(quoted) + ": " + tasks + " tasks, and " + jobsBesideTasks
                + " handler job(s) beside them, reach this cluster's MaxJobCount of " + maxJobCount + ": slurmctld"
                + " never accepts that many jobs at once (sbatch would retry for ever). Submit at most " + mostTasks
                + " tasks per chain and the rest as another chain once this one has ended, or ask the admins to raise"
                + " MaxJobCount (slurm.conf)");
    }

    /**
     * The script must be a readable regular file: a directory, a FIFO (copying it would block) or a dangling link is
     * not. Root reads any file whatever its mode, so the last check only ever refuses for other users.
     */
    static Optional<String> scriptProblem(Path given, Path script) {
        if (Files.isDirectory(script)) {
            return Optional.of("script " + given + ": is a directory; give the batch script each task runs");
        }
        if (!Files.exists(script)) {
            if (Files.isSymbolicLink(script)) {
                return Optional.of("script " + given + ": is a symbolic link to " + linkTarget(script)
                        + ", which does not exist; give the batch script itself");
            }
            return Optional.of("script " + given + ": no such file (looked for " + script + ")");
        }
        if (!Files.isRegularFile(script)) {
            return Optional.of("script " + given + ": is not a regular file (a named pipe, a socket or a device);"
                    + " give the batch script each task runs");
        }
        if (!Files.isReadable(script)) {
            return Optional.of("script " + script + ": not readable by you; check its permissions");
        }
        return Optional.empty();
    }

    static String linkTarget(Path link) {
        try {
            return Files.readSymbolicLink(link).toString();
        } catch (IOException | UnsupportedOperationException e) {
            return "a missing file";
        }
    }

    /** One {@code --export} item: {@code NAME} or {@code NAME=value}; the value is passed as it is. */
    /**
     * The chain's job name: sbatch takes any, but the chain finds its own jobs by name ({@code squeue --name}) after
     * a lost sbatch reply.
     *
     * @param given true for {@code --job-name}, false for the default (the script's file name)
     */
    static Optional<String> jobNameProblem(String name, boolean given) {
        String origin = given ? "--job-name" : "the script's file name (the default job name)";
        if (name.contains(",")) {
            // squeue --name takes a comma-separated list: the chain could not look its own jobs up by name after
            // a lost sbatch reply (see RoundSubmitter), so a name with a comma is refused before anything runs.
            return Optional.of("job name '" + name + "' from " + origin + ": a job name cannot contain a comma;"
                    + " give another one with --job-name");
        }
        if (hasControlCharacter(name)) {
            // Slurm takes a newline in a job name, but squeue and sacct then print the job over two lines, and
            // the chain could no longer find its jobs by name.
            return Optional.of("job name '" + printable(name) + "' from " + origin + ": a job name cannot contain"
                    + " a newline, a tab or another control character; give another one with --job-name");
        }
        return Optional.empty();
    }

    static Optional<String> exportProblem(String export) {
        if (export.isEmpty()) {
            return Optional.of("--export: an empty item; give NAME or NAME=value, comma separated or repeated");
        }
        if (export.contains(",")) {
            return Optional.of("--export '" + printable(export) + "': give one NAME or NAME=value per --export"
                    + " (sbatch splits its --export list on commas, so a value cannot contain one)");
        }
        int equals = export.indexOf('=');
        String name = equals < 0 ? export : export.substring(0, equals);
        if (!VARIABLE_NAME.matcher(name).matches()) {
            return Optional.of("--export '" + printable(export) + "': '" + printable(name) + "' is not a variable"
                    + " name; give NAME=value with a NAME of letters, digits and _ that does not start with a digit");
        }
        if (name.startsWith("SLURM_") || name.startsWith("SBATCH_")) {
            return Optional.of("--export '" + printable(export) + "': variables named SLURM_* and SBATCH_* configure"
                    + " Slurm itself, not your tasks; set them in your shell, or give your own name");
        }
        if (OWN_VARIABLES.contains(name)) {
            return Optional.of("--export '" + printable(export) + "': mem-escalate sets " + name + " for every task"
                    + " itself; use another name");
        }
        return Optional.empty();
    }

    static Optional<String> chdirProblem(Path dir) {
        if (dir.toString().isEmpty() || Files.isDirectory(dir)) {
            return Optional.empty();
        }
        return Optional.of("--chdir=" + dir + ": " + (Files.exists(dir) ? "is not a directory" : "does not exist")
                + "; give the directory the tasks run in");
    }

    /**
     * A directory that ends up in an sbatch {@code --output} pattern: Slurm replaces {@code %x}, {@code %j}, ... in
     * it, and a backslash anywhere switches every replacement off, so output would go to the wrong file or to none.
     */
    static Optional<String> slurmPatternProblem(String what, Path dir, String fix) {
        String text = dir.toString();
        if (text.indexOf('%') >= 0 || text.indexOf('\\') >= 0) {
            return Optional.of(what + ": contains % or \\, which Slurm reads as part of a file name pattern"
                    + " (--output); choose a directory without them (" + fix + ")");
        }
        return Optional.empty();
    }

    static boolean hasControlCharacter(String s) {
        return s.chars().anyMatch(Character::isISOControl);
    }

    /** The text with control characters shown as {@code ?}, for messages. */
    static String printable(String s) {
        return s.replaceAll("\\p{Cntrl}", "?");
    }
}
