package dev.memescalate.observe;

import dev.memescalate.store.ChainRecord;
import dev.memescalate.store.FinalOutcome;
import dev.memescalate.store.JobRecord;
import dev.memescalate.store.JobRole;
import dev.memescalate.store.JobStatus;
import dev.memescalate.store.RoundKind;
import dev.memescalate.store.RoundRecord;
import dev.memescalate.store.StoreTransaction;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What the store says of one chain, read in one transaction, without any per-task row: its rounds and jobs, and the
 * counts the views show (outcomes by round, attempt states by round). A chain of a million tasks reads as fast as
 * one of ten, but for decoding its rounds' index sets.
 *
 * @param outcomeCounts how many tasks reached each final outcome
 * @param outcomesByRound the same, by the round that settled them
 * @param token changes whenever a round or a job of the chain changes status: a view that asked Slurm between two
 *     reads compares them to know whether the store moved meanwhile
 * @param handlerNote what a handler job last said about why it left its round (gave up waiting for sacct, or a
 *     guard that found its handler cancelled by a user): the reason of a STALLED chain
 */
public record ChainSnapshot(
        ChainRecord chain,
        List<RoundRecord> rounds,
        List<JobRecord> jobs,
        Map<FinalOutcome, Integer> outcomeCounts,
        Map<Integer, Map<FinalOutcome, Integer>> outcomesByRound,
        String token,
        Optional<String> handlerNote) {

    public ChainSnapshot {
        rounds = List.copyOf(rounds);
        jobs = List.copyOf(jobs);
        outcomeCounts = Map.copyOf(outcomeCounts);
        outcomesByRound = Map.copyOf(outcomesByRound);
    }

    /** The events in which a handler says why it left its round: the reason of a STALLED chain. */
    private static final List<String> HANDLER_NOTES = List.of("handler-gave-up", "handler-stopped");

    /**
     * Reads the chain {@code chainId}; empty when the store has no such chain. The outcome counts are the sums of
     * the counts by round: one pass over the chain's outcomes (a GROUP BY over 100,000 rows takes a tenth of a second),
     * not two.
     */
    public static Optional<ChainSnapshot> read(StoreTransaction tx, String chainId) {
        return tx.chains().find(chainId).map(chain -> {
            Map<Integer, Map<FinalOutcome, Integer>> byRound = tx.outcomes().countsByRound(chainId);
            return new ChainSnapshot(chain, tx.rounds().forChain(chainId), tx.jobs().forChain(chainId),
                    totals(byRound), byRound, token(tx, chainId),
                    tx.events().latestOfKinds(chainId, HANDLER_NOTES).map(e -> e.message()));
        });
    }

    /** Every final outcome (0 when none) with its count over all rounds. */
    private static Map<FinalOutcome, Integer> totals(Map<Integer, Map<FinalOutcome, Integer>> byRound) {
        Map<FinalOutcome, Integer> totals = new EnumMap<>(FinalOutcome.class);
        for (FinalOutcome outcome : FinalOutcome.values()) {
            totals.put(outcome, 0);
        }
        byRound.values().forEach(round -> round.forEach((outcome, n) -> totals.merge(outcome, n, Integer::sum)));
        return totals;
    }

    /** The store's change token of a chain, read alone (see {@link #token()}). */
    public static String token(StoreTransaction tx, String chainId) {
        return tx.chains().find(chainId).map(c -> c.status().name()).orElse("?") + "|"
                + tx.rounds().statusToken(chainId) + "|" + tx.jobs().statusToken(chainId);
    }

    public int total() {
        return chain.indices().size();
    }

    public int settled() {
        return outcomeCounts.values().stream().mapToInt(Integer::intValue).sum();
    }

    public int count(FinalOutcome outcome) {
        return outcomeCounts.getOrDefault(outcome, 0);
    }

    /** How many tasks of round {@code round} it settled with {@code outcome}. */
    public int settledIn(int round, FinalOutcome outcome) {
        return outcomesByRound.getOrDefault(round, Map.of()).getOrDefault(outcome, 0);
    }

    /** How many tasks round {@code round} settled, whatever the outcome. */
    public int settledIn(int round) {
        return outcomesByRound.getOrDefault(round, Map.of()).values().stream().mapToInt(Integer::intValue).sum();
    }

    public Map<FinalOutcome, Integer> outcomesOf(int round) {
        Map<FinalOutcome, Integer> counts = new EnumMap<>(FinalOutcome.class);
        counts.putAll(outcomesByRound.getOrDefault(round, Map.of()));
        return counts;
    }

    /** The tasks that round {@code round}'s handler sent to a round of {@code kind}. */
    public int sentOn(int round, RoundKind kind) {
        return rounds.stream()
                .filter(r -> r.parentRound().isPresent() && r.parentRound().getAsInt() == round && r.kind() == kind)
                .mapToInt(r -> r.indices().size())
                .sum();
    }

    public List<JobRecord> jobsOf(int round) {
        return jobs.stream().filter(j -> j.key().round() == round).toList();
    }

    public List<JobRecord> arraysOf(int round) {
        return jobs.stream().filter(j -> j.key().round() == round && j.key().role() == JobRole.ARRAY).toList();
    }

    /** The handler and finalizer jobs of a round that sbatch accepted and nobody cancelled. */
    public List<JobRecord> handlersOf(int round) {
        return jobs.stream()
                .filter(j -> j.key().round() == round && j.key().role() != JobRole.ARRAY)
                .filter(j -> j.status() == JobStatus.SUBMITTED)
                .toList();
    }

    public List<RoundRecord> activeRounds() {
        return rounds.stream().filter(r -> r.status().isActive()).toList();
    }

    /**
     * The highest level of a round that is still active, else of the last round; of a by_reason round the higher of
     * its memory and time level.
     */
    public int currentLevel() {
        return activeRounds().stream().mapToInt(r -> r.levels().higher()).max()
                .orElse(rounds.isEmpty() ? chain.startLevel() : rounds.get(rounds.size() - 1).levels().higher());
    }

    /** The job ids of every job of the chain's active rounds that is in Slurm: what one squeue call asks for. */
    public List<String> liveJobIds() {
        return activeRounds().stream()
                .flatMap(r -> jobsOf(r.number()).stream())
                .filter(j -> j.status() == JobStatus.SUBMITTED)
                .map(j -> j.slurmJobId().orElseThrow())
                .toList();
    }
}
