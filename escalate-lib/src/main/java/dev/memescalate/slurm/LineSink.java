package dev.memescalate.slurm;

/**
 * Receives a command's output one line at a time, while the command still runs, so that a caller never holds the
 * whole answer (sacct prints 387 MB for a million array tasks with {@link SacctFormat#STANDARD}).
 *
 * <p>The line is a {@link Line}: its bytes without the terminator ({@code \n} or {@code \r\n}), in a buffer that is
 * reused for the next line: it is valid only during the call, so copy ({@code toString()}) whatever is kept.
 */
@FunctionalInterface
public interface LineSink {
    /** {@link #fieldDelimiter()} of a sink that reads its lines whole. */
    int NO_FIELD_DELIMITER = -1;

    void accept(Line line);

    /**
     * An ASCII byte the sink cuts its lines at, which the reader of a process's output then finds while it looks for
     * the line ends, on its own thread ({@link Line#knowsDelimiter(byte)}); {@link #NO_FIELD_DELIMITER} by default.
     */
    default int fieldDelimiter() {
        return NO_FIELD_DELIMITER;
    }
}
