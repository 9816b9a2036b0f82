package dev.memescalate.report;

import dev.memescalate.store.TaskHistory;
import java.util.function.Consumer;

/** Streams a chain's tasks, by index, to a renderer: one task in memory at a time. */
@FunctionalInterface
public interface TaskSource {
    void forEach(Consumer<TaskHistory> sink);
}
