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
    void accept(Line line);
}
