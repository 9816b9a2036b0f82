package dev.memescalate.cli;

import dev.memescalate.config.OwnedSbatchOptions;
import dev.memescalate.engine.ChainOptions;
import dev.memescalate.slurm.SbatchOption;
import java.util.List;
import java.util.Optional;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.UnmatchedArgumentException;

/**
 * Why {@code submit} does not take an sbatch option a user gave it: mem-escalate sets it itself ({@code --mem},
 * {@code --time}, {@code --dependency}, ...: who sets it instead), or it is one of sbatch's many others (where to put
 * it instead). Other unknown options keep picocli's own message.
 */
final class SubmitOptionRefusal {
    private SubmitOptionRefusal() {
    }

    static Optional<String> of(ParameterException ex) {
        if (!(ex instanceof UnmatchedArgumentException unmatched)
                || !ex.getCommandLine().getCommandName().equals("submit")) {
            return Optional.empty();
        }
        return unmatched.getUnmatched().stream().filter(word -> word.startsWith("-")).findFirst()
                .flatMap(SubmitOptionRefusal::refusal);
    }

    private static Optional<String> refusal(String word) {
        String given = word.replaceAll("\\p{Cntrl}", "?");
        Optional<String> abbreviated = abbreviatedSubmitOption(word);
        if (abbreviated.isPresent()) {
            return Optional.of("'" + given + "': write the option's whole name, --" + abbreviated.get());
        }
        // A placeholder value, so that an option given without one (-t) is still recognised by its name.
        List<SbatchOption> options = SbatchOption.parse(List.of(word, "value")).options();
        if (options.isEmpty() || !options.get(0).known()) {
            return Optional.empty();
        }
        String name = options.get(0).name();
        if (ChainOptions.NAMES.contains(name)) {
            return Optional.of("'" + given + "': write the option's whole name, --" + name);
        }
        Optional<String> owner = OwnedSbatchOptions.owner(name);
        if (owner.isPresent()) {
            return Optional.of("'" + given + "': --" + name + " " + owner.get());
        }
        return Optional.of("'" + given + "': submit does not take sbatch's --" + name + "; put it in the config (a"
                + " level's sbatch list: sbatch: [--" + name + "=...]) or in an #SBATCH line of the script");
    }

    /**
     * The option of submit's that a long option abbreviates, when it abbreviates exactly one of them: picocli takes no
     * abbreviations, and sbatch's own prefix rule would find {@code --acc} ambiguous (--account, --acctg-freq).
     */
    private static Optional<String> abbreviatedSubmitOption(String word) {
        if (!word.startsWith("--") || word.length() < 5) { // three letters at least: --e could be --error too
            return Optional.empty();
        }
        int equals = word.indexOf('=');
        String typed = equals < 0 ? word.substring(2) : word.substring(2, equals);
        List<String> names = ChainOptions.NAMES.stream().filter(n -> n.startsWith(typed) && !n.equals(typed)).toList();
        return names.size() == 1 ? Optional.of(names.get(0)) : Optional.empty();
    }
}
