package dev.memescalate.report;

import dev.memescalate.store.ChainRecord;
import dev.memescalate.store.FinalOutcome;
import java.util.Map;
import java.util.Optional;

/**
 * A chain in one line: what {@code list} shows of each chain, and the top of {@code status}. The JSON of both
 * writes these fields ({@link StatusJson}).
 *
 * @param state the chain's status, or {@code STALLED} when a round is active but nobody will act on it again
 * @param stall why it is stalled, with the handler jobs' own end (from sacct) when known
 * @param running tasks squeue lists as running (0 when squeue was not asked or could not be)
 * @param pending tasks without a final outcome that are not running: queued, or waiting for a handler's decision
 * @param level the highest level of a round still active, else of the last round
 */
public record ChainSummary(ChainRecord chain, String state, Optional<String> stall, int total, int completed,
        int failed, int exhausted, int cancelled, int running, int pending, int level) {

    /** The display state of a stalled chain. */
    public static final String STALLED = "STALLED";

    /** A chain with these outcome counts and {@code running} of its unsettled tasks running. */
    public static ChainSummary of(ChainRecord chain, Optional<String> stall, int total,
            Map<FinalOutcome, Integer> counts, int running, int level) {
        int settled = counts.values().stream().mapToInt(Integer::intValue).sum();
        int runningNow = Math.max(0, Math.min(running, total - settled));
        return new ChainSummary(chain, stall.isPresent() ? STALLED : chain.status().name(), stall, total,
                counts.getOrDefault(FinalOutcome.COMPLETED, 0), counts.getOrDefault(FinalOutcome.FAILED, 0),
                counts.getOrDefault(FinalOutcome.EXHAUSTED, 0), counts.getOrDefault(FinalOutcome.CANCELLED, 0),
                runningNow, Math.max(0, total - settled - runningNow), level);
    }

    public boolean isStalled() {
        return stall.isPresent();
    }
}
