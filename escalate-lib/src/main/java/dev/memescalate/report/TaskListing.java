package dev.memescalate.report;

import dev.memescalate.store.AttemptRecord;
import dev.memescalate.store.TaskHistory;
import dev.memescalate.store.TaskOutcomeRecord;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.stream.Collectors;

/**
 * The per-task lines of {@code status --tasks} and of the end of {@code status --watch}: written as the store hands
 * the tasks over, so a chain of a million tasks lists in constant memory. Columns have fixed widths (a table sized to
 * its widest cell would need every row first); the reason comes last.
 */
public final class TaskListing {
    private final Appendable out;
    private final int indexWidth;
    private final int limit;
    private RoundLevels levels = RoundLevels.NONE;
    private int written;
    private int leftOut;

    /**
     * @param highestIndex the chain's highest task index, for the width of the first column
     * @param limit how many tasks to write at most; the rest are counted ({@link #leftOut()})
     */
    public TaskListing(Appendable out, int highestIndex, int limit) {
        this.out = out;
        this.indexWidth = Math.max(4, Integer.toString(highestIndex).length());
        this.limit = limit;
    }

    /** With the rounds of a by_reason chain: levels are shown as {@code m1/t0}. */
    public TaskListing withLevels(RoundLevels roundLevels) {
        this.levels = roundLevels;
        return this;
    }

    public TaskListing header() {
        return line(pad("Task", indexWidth) + "  " + pad("Outcome", 9) + "  Level  Attempts (round/level: state exit)");
    }

    public void accept(TaskHistory task) {
        if (written >= limit) {
            leftOut++;
            return;
        }
        written++;
        String outcome = task.outcome().map(o -> o.outcome().name()).orElse("PENDING");
        String level = task.outcome().map(o -> levels.compact(o.round(), o.level())).orElse("-");
        String attempts = task.attempts().isEmpty() ? "-" : task.attempts().stream()
                .map(a -> attempt(a, levels)).collect(Collectors.joining(", "));
        String reason = task.outcome().filter(o -> o.outcome() != dev.memescalate.store.FinalOutcome.COMPLETED)
                .map(TaskOutcomeRecord::reason).map(r -> "  -- " + r).orElse("");
        line(pad(Integer.toString(task.index()), indexWidth) + "  " + pad(outcome, 9) + "  " + pad(level, 5) + "  "
                + attempts + reason);
    }

    /** {@code r2/L1: OUT_OF_MEMORY 0:125}. */
    static String attempt(AttemptRecord a) {
        return attempt(a, RoundLevels.NONE);
    }

    /** {@code r2/L1: OUT_OF_MEMORY 0:125}, or {@code r2/m1/t0: ...} in a by_reason chain. */
    static String attempt(AttemptRecord a, RoundLevels levels) {
        String level = levels.timeLevel(a.round()).isPresent() ? levels.compact(a.round(), a.level())
                : "L" + a.level();
        return "r" + a.round() + "/" + level + ": " + a.state() + " " + a.exitCode() + ":" + a.signal();
    }

    public int written() {
        return written;
    }

    /** Tasks past the limit, not written. */
    public int leftOut() {
        return leftOut;
    }

    private TaskListing line(String text) {
        try {
            out.append(text.stripTrailing()).append('\n');
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return this;
    }

    private static String pad(String text, int width) {
        return text.length() >= width ? text : text + " ".repeat(width - text.length());
    }
}
