package dev.memescalate.report;

import dev.memescalate.indexset.IndexSet;
import dev.memescalate.store.TaskHistory;
import java.util.List;
import java.util.Optional;
import java.util.PrimitiveIterator;

/**
 * Every task of a chain, in index order: the store's tasks (those with an attempt or an outcome) merged with the
 * chain's indices, so a task that has not run yet appears too, with no attempts and no outcome.
 */
public final class AllTasks {
    private AllTasks() {
    }

    public static TaskSource of(IndexSet indices, TaskSource stored) {
        return sink -> {
            PrimitiveIterator.OfInt all = indices.iterator();
            int[] next = {all.hasNext() ? all.nextInt() : -1};
            stored.forEach(task -> {
                while (next[0] >= 0 && next[0] < task.index()) {
                    sink.accept(new TaskHistory(next[0], List.of(), Optional.empty()));
                    next[0] = all.hasNext() ? all.nextInt() : -1;
                }
                if (next[0] == task.index()) {
                    next[0] = all.hasNext() ? all.nextInt() : -1;
                }
                sink.accept(task);
            });
            while (next[0] >= 0) {
                sink.accept(new TaskHistory(next[0], List.of(), Optional.empty()));
                next[0] = all.hasNext() ? all.nextInt() : -1;
            }
        };
    }
}
