package dev.memescalate.doctor;

import dev.memescalate.ladder.Ladder;
import java.nio.file.Path;

/** The config file {@code submit} would use without {@code --config}, or the one given, as the CLI found it. */
public sealed interface ConfigFact {
    /** No {@code --config} and no default config in the tracker directory. */
    record Absent(Path defaultFile) implements ConfigFact {}

    /** The file loaded: its ladder in words ({@link #loaded}); {@code warnings} of its own. */
    record Loaded(Path file, String ladder, int warnings) implements ConfigFact {}

    /**
     * A file that loaded, its ladder in words: {@code a ladder of 3 level(s)}, or for separate memory and time
     * ladders how many steps each has.
     */
    static Loaded loaded(Path file, Ladder ladder, int warnings) {
        String words = ladder.separate()
                .map(s -> "separate ladders of " + (s.memoryTop() + 1) + " memory and " + (s.timeTop() + 1)
                        + " time step(s)")
                .orElse("a ladder of " + ladder.size() + " level(s)");
        return new Loaded(file, words, warnings);
    }

    /** The file does not load; {@code problem} is the loader's message (file and line). */
    record Invalid(Path file, String problem) implements ConfigFact {}
}
