package dev.memescalate.engine;

import dev.memescalate.store.ChainRecord;
import dev.memescalate.store.ChainStatus;
import dev.memescalate.store.FinalOutcome;
import dev.memescalate.store.StoreTransaction;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;

/** Ends a chain once nothing of it is left to run, with the status its tasks' outcomes give. */
final class ChainCloser {
    private ChainCloser() {
    }

    /**
     * How a chain ended.
     *
     * @param counts how many of its tasks ended in each final outcome
     */
    record ChainEnd(ChainRecord chain, ChainStatus status, int total, Map<FinalOutcome, Integer> counts,
            String message) {
        ChainEnd {
            counts = Map.copyOf(counts);
        }
    }

    /**
     * Ends the chain when no round is waiting, running or being decided: COMPLETED when every task completed, else
     * COMPLETED_WITH_FAILURES. A task without an outcome then would be a bug; the chain ends FAILED and says so.
     * Does nothing to a chain that has already ended (a cancelled one, say).
     */
    static Optional<ChainEnd> endIfFinished(StoreTransaction tx, ChainRecord chain, Instant now) {
        boolean active = tx.rounds().hasActive(chain.id());
        ChainStatus current = tx.chains().find(chain.id()).orElseThrow().status();
        if (active || current.isTerminal()) {
            return Optional.empty();
        }
        int total = chain.indices().size();
        Map<FinalOutcome, Integer> counts = tx.outcomes().counts(chain.id());
        int settled = counts.values().stream().mapToInt(Integer::intValue).sum();
        int completed = counts.getOrDefault(FinalOutcome.COMPLETED, 0);
        ChainStatus status;
        String message;
        if (settled != total) {
            status = ChainStatus.FAILED;
            message = (total - settled) + " of " + total + " task(s) have no outcome although no round is left";
        } else if (completed == total) {
            status = ChainStatus.COMPLETED;
            message = "all " + total + " task(s) completed";
        } else {
            status = ChainStatus.COMPLETED_WITH_FAILURES;
            message = completed + " of " + total + " task(s) completed; "
                    + counts.getOrDefault(FinalOutcome.FAILED, 0) + " failed, "
                    + counts.getOrDefault(FinalOutcome.EXHAUSTED, 0) + " exhausted the ladder";
        }
        boolean weEnd = tx.chains().transition(chain.id(), List.of(current), status, Optional.of(now));
        if (!weEnd) {
            return Optional.empty();
        }
        tx.events().append(chain.id(), OptionalInt.empty(), "chain-ended", status + ": " + message, now);
        return Optional.of(new ChainEnd(chain, status, total, counts, message));
    }
}
