package dev.memescalate.indexset;

import java.util.Objects;

/**
 * How the indices Slurm knows an array's tasks by map to the tasks' real indices: the {@code k}-th smallest index
 * submitted runs the {@code k}-th smallest task. A round whose indices Slurm cannot take in one array (an
 * {@code --array} string over 4096 characters, or indices at or above MaxArraySize) is submitted as {@code 0-(n-1)},
 * and each task finds its real index in the round's index map ({@code TaskLauncher}); this is the same map read
 * the other way, for sacct's rows. Immutable; look-ups cost O(log runs) of either set.
 */
public final class Renumbering {
    private final IndexSet submitted;
    private final IndexSet tasks;
    private final RankedRuns submittedRanks;
    private final RankedRuns taskRanks;

    private Renumbering(IndexSet submitted, IndexSet tasks) {
        this.submitted = submitted;
        this.tasks = tasks;
        this.submittedRanks = new RankedRuns(submitted);
        this.taskRanks = new RankedRuns(tasks);
    }

    /**
     * @param submitted the indices the array was submitted with ({@code --array})
     * @param tasks the real indices of its tasks, as many
     * @throws IllegalArgumentException when the two differ in size
     */
    public static Renumbering between(IndexSet submitted, IndexSet tasks) {
        Objects.requireNonNull(submitted, "submitted");
        Objects.requireNonNull(tasks, "tasks");
        if (submitted.size() != tasks.size()) {
            throw new IllegalArgumentException("an array of " + submitted.size() + " submitted indices cannot run "
                    + tasks.size() + " tasks");
        }
        return new Renumbering(submitted, tasks);
    }

    /** The submitted indices {@code 0..n-1} of {@code tasks}: how a renumbered array is submitted. */
    public static IndexSet fromZero(IndexSet tasks) {
        return tasks.isEmpty() ? IndexSet.empty() : IndexSet.range(0, tasks.size() - 1);
    }

    /** True when every task runs under its own index (nothing is renumbered). */
    public boolean isIdentity() {
        return submitted.equals(tasks);
    }

    public IndexSet submitted() {
        return submitted;
    }

    public IndexSet tasks() {
        return tasks;
    }

    /** The real index of the task Slurm runs as {@code submittedIndex}, or -1 when that index was not submitted. */
    public int task(int submittedIndex) {
        int rank = submittedRanks.rank(submittedIndex);
        return rank < 0 ? -1 : taskRanks.select(rank);
    }

    /** The index Slurm runs task {@code task} as, or -1 when the array does not run it. */
    public int submittedIndex(int task) {
        int rank = taskRanks.rank(task);
        return rank < 0 ? -1 : submittedRanks.select(rank);
    }

    /** The real indices of the submitted indices among {@code submittedIndices} (the others are left out). */
    public IndexSet tasks(IndexSet submittedIndices) {
        IndexSet inArray = submittedIndices.intersect(submitted);
        if (isIdentity()) {
            return inArray;
        }
        IndexSet result = IndexSet.empty();
        IndexSet.RunCursor runs = inArray.runCursor();
        while (runs.advance()) {
            // One run of submitted indices has consecutive ranks, so it maps to one slice of the tasks.
            IndexSet slice = taskRanks.slice(submittedRanks.rank(runs.start), runs.end - runs.start + 1);
            result = result.union(slice);
        }
        return result;
    }

    @Override
    public String toString() {
        return "Renumbering[" + submitted.size() + " task(s)" + (isIdentity() ? ", identity]" : "]");
    }
}
