package dev.memescalate.slurm;

import java.io.BufferedReader;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * The {@code #SBATCH} lines of a batch script, read as sbatch 22.05 reads them: lines starting with {@code #SBATCH}
 * at the top of the script, before the first line that is neither blank nor a comment; each holds words split at
 * blanks, where double quotes group (a backslash escapes nothing), and an unquoted {@code #} ends the line.
 * Measured on 22.05.8: {@code --comment=a#b} gave the comment {@code a}, {@code -J "x y"  # trailing} the name
 * {@code x y}, {@code --comment="q r"s} the comment {@code q rs}; {@code --comment a\ b} was refused ("Invalid
 * directive found in batch script: b"); an {@code #SBATCH} line after the first command, or indented, was ignored. Pure apart from
 * reading the lines it is given.
 *
 * <p>sbatch applies these options itself, below its command line: an option given on the command line wins over
 * the same option in the script ("command line over script"). mem-escalate reads them to check the resources they
 * ask for with the rest, and to say which of them its own options override.
 */
public final class ScriptDirectives {
    /** The prefix sbatch looks for, at the very start of a line. */
    public static final String PREFIX = "#SBATCH";

    /** Lines read at most: the header of any real script is far shorter, a data file given as script is not read whole. */
    static final int MAX_LINES = 10_000;

    private ScriptDirectives() {
    }

    /** One option of an {@code #SBATCH} line, with the line's number (1-based). */
    public record Directive(int line, SbatchOption option) {
    }

    /**
     * @param directives every option of every {@code #SBATCH} line, in order
     * @param problems {@code LINE: message} for words sbatch would refuse
     */
    public record Read(List<Directive> directives, List<String> problems) {
        public Read {
            directives = List.copyOf(directives);
            problems = List.copyOf(problems);
        }
    }

    /** Reads the header of a script; stops at its first command. */
    public static Read read(BufferedReader script) throws IOException {
        List<Directive> directives = new ArrayList<>();
        List<String> problems = new ArrayList<>();
        String line;
        int number = 0;
        while ((line = script.readLine()) != null && number < MAX_LINES) {
            number++;
            if (line.startsWith(PREFIX)) {
                SbatchOption.Parsed parsed = SbatchOption.parse(words(line.substring(PREFIX.length())));
                for (SbatchOption option : parsed.options()) {
                    directives.add(new Directive(number, option));
                }
                for (String problem : parsed.problems()) {
                    problems.add(number + ": " + problem);
                }
            } else if (!line.isBlank() && !line.stripLeading().startsWith("#")) {
                break; // the first command: sbatch reads no #SBATCH line after it
            }
        }
        return new Read(directives, problems);
    }

    /** The words of one line as sbatch's {@code _get_argument} splits them. */
    public static List<String> words(String text) {
        List<String> words = new ArrayList<>();
        StringBuilder word = new StringBuilder();
        boolean inWord = false;
        boolean quoted = false;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '"') {
                quoted = !quoted;
                inWord = true;
            } else if (c == '#' && !quoted) {
                break;
            } else if (Character.isWhitespace(c) && !quoted) {
                if (inWord) {
                    words.add(word.toString());
                    word.setLength(0);
                    inWord = false;
                }
            } else {
                word.append(c);
                inWord = true;
            }
        }
        if (inWord) {
            words.add(word.toString());
        }
        return words;
    }
}
