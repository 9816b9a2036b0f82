package dev.memescalate.doctor;

import java.nio.file.Path;

/** The config file {@code submit} would use without {@code --config}, or the one given, as the CLI found it. */
public sealed interface ConfigFact {
    /** No {@code --config} and no default config in the tracker directory. */
    record Absent(Path defaultFile) implements ConfigFact {}

    /** The file loaded: its ladder has {@code levels} levels; {@code warnings} of its own. */
    record Loaded(Path file, int levels, int warnings) implements ConfigFact {}

    /** The file does not load; {@code problem} is the loader's message (file and line). */
    record Invalid(Path file, String problem) implements ConfigFact {}
}
