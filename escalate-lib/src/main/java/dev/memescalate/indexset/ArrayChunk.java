package dev.memescalate.indexset;

import java.util.Objects;

/**
 * One {@code sbatch --array} submission: the indices and the spec that names exactly them (no throttle: the caller
 * appends {@code %N}; the splitter has already left room for it).
 */
public record ArrayChunk(IndexSet indices, String spec) {
    public ArrayChunk {
        Objects.requireNonNull(indices, "indices");
        Objects.requireNonNull(spec, "spec");
    }
}
