package dev.memescalate.cli;

import picocli.CommandLine.Option;

/** {@code --verbose}: stack traces of errors (read by {@link Main}'s exception handler). */
public final class VerboseOption {
    @Option(names = "--verbose", description = "Show stack traces of errors.")
    boolean verbose;
}
