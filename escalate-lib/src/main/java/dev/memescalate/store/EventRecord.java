package dev.memescalate.store;

import static java.util.Objects.requireNonNull;

import java.time.Instant;
import java.util.OptionalInt;

/**
 * One line of a chain's history, for {@code status} and reports.
 *
 * @param id increasing in the order events were appended (across all chains)
 * @param kind a short machine-readable word (for example {@code submitted}, {@code sbatch-failed})
 */
public record EventRecord(long id, String chainId, Instant at, OptionalInt round, String kind, String message) {
    public EventRecord {
        requireNonNull(chainId, "chainId");
        requireNonNull(at, "at");
        requireNonNull(round, "round");
        requireNonNull(kind, "kind");
        requireNonNull(message, "message");
    }
}
