package dev.memescalate.engine;

import dev.memescalate.config.IndexMapping;
import dev.memescalate.indexset.ArrayChunk;
import dev.memescalate.indexset.ArrayLimits;
import dev.memescalate.indexset.ArraySpecs;
import dev.memescalate.indexset.ArraySplitter;
import dev.memescalate.indexset.IndexSet;
import dev.memescalate.indexset.Renumbering;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalInt;

/**
 * How a round's tasks go into array jobs. As they are, split wherever the {@code --array} string would pass 4096
 * characters ({@link ArraySplitter}); or renumbered: consecutive slices of the tasks, each submitted as
 * {@code --array=0-(n-1)}, whose tasks find their real indices in the round's index map ({@link TaskLauncher}).
 * A renumbered array holds at most MaxArraySize tasks (every submitted index must be below it) and
 * {@code max_array_tasks}. Pure.
 */
public final class ArrayParts {
    private ArrayParts() {
    }

    /**
     * One array job of a round.
     *
     * @param tasks the real indices of its tasks
     * @param submitted the indices Slurm runs them as: {@code tasks} itself, or {@code 0..n-1}
     * @param spec the {@code --array} value for {@code submitted}, without the throttle
     * @param mapOffset the line of the round's index map that its array task 0 reads: how many tasks the parts
     *     before it hold
     */
    public record Part(IndexSet tasks, IndexSet submitted, String spec, int mapOffset) {
        /** True when Slurm runs its tasks under other indices than their own, through the launcher. */
        public boolean renumbered() {
            return !submitted.equals(tasks);
        }

        public Renumbering renumbering() {
            return Renumbering.between(submitted, tasks);
        }
    }

    /**
     * @throws dev.memescalate.InvalidInputException with {@link IndexMapping#NEVER}, when an index is at or above
     *     MaxArraySize
     */
    public static List<Part> plan(IndexSet indices, ArrayLimits limits, OptionalInt throttle, IndexMapping mapping) {
        if (mapping == IndexMapping.NEVER) {
            return asTheyAre(ArraySplitter.split(indices, limits, throttle));
        }
        List<Part> renumbered = renumbered(indices, limits);
        if (mapping == IndexMapping.ALWAYS) {
            return renumbered;
        }
        boolean aboveMaxArraySize = limits.maxArraySize().isPresent()
                && indices.last() >= limits.maxArraySize().getAsInt();
        if (aboveMaxArraySize) {
            return renumbered;
        }
        return ArraySplitter.splitInto(indices, limits, throttle, renumbered.size())
                .map(ArrayParts::asTheyAre)
                .orElse(renumbered);
    }

    private static List<Part> asTheyAre(List<ArrayChunk> chunks) {
        List<Part> parts = new ArrayList<>();
        int offset = 0;
        for (ArrayChunk chunk : chunks) {
            parts.add(new Part(chunk.indices(), chunk.indices(), chunk.spec(), offset));
            offset += chunk.indices().size();
        }
        return List.copyOf(parts);
    }

    private static List<Part> renumbered(IndexSet indices, ArrayLimits limits) {
        int perArray = Math.min(limits.maxArraySize().orElse(Integer.MAX_VALUE),
                limits.maxTasksPerArray().orElse(Integer.MAX_VALUE));
        Renumbering byRank = Renumbering.between(Renumbering.fromZero(indices), indices);
        List<Part> parts = new ArrayList<>();
        int offset = 0;
        while (offset < indices.size()) {
            int count = Math.min(perArray, indices.size() - offset);
            IndexSet tasks = count == indices.size() ? indices
                    : byRank.tasks(IndexSet.range(offset, offset + count - 1));
            IndexSet submitted = Renumbering.fromZero(tasks);
            boolean identity = submitted.equals(tasks);
            // A slice that already is 0-(n-1) needs no map: it is submitted as it is (its spec is the same).
            parts.add(new Part(tasks, identity ? tasks : submitted, ArraySpecs.compress(submitted), offset));
            offset += count;
        }
        return List.copyOf(parts);
    }
}
