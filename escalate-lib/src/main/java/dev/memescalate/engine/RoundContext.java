package dev.memescalate.engine;

import dev.memescalate.config.EscalationConfig;
import dev.memescalate.store.ChainRecord;
import dev.memescalate.store.JobRecord;
import dev.memescalate.store.JobRole;
import dev.memescalate.store.JobStatus;
import dev.memescalate.store.RoundRecord;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What one handler run knows of its chain and round, read once in one read transaction and passed down: the chain,
 * its config (parsed once), the cluster's limits stored at submit, the round and its jobs. The engine asks the store
 * nothing else to decide a round.
 */
record RoundContext(ChainRecord chain, EscalationConfig config, ChainLimits limits, RoundRecord round,
        List<JobRecord> jobs) {

    RoundContext {
        jobs = List.copyOf(jobs);
    }

    /**
     * Reads the chain and round; a chain submitted before its limits were stored gets them from scontrol (once).
     *
     * @throws IllegalStateException when the store has no such chain or round
     */
    static RoundContext read(Engine engine, String chainId, int roundNumber) {
        record Read(ChainRecord chain, RoundRecord round, List<JobRecord> jobs, Optional<String> limits) {
        }
        Read read = engine.store().read(tx -> {
            ChainRecord chain = tx.chains().find(chainId).orElseThrow(
                    () -> new IllegalStateException("no chain " + chainId + " in " + engine.store().file()));
            RoundRecord round = tx.rounds().find(chainId, roundNumber).orElseThrow(
                    () -> new IllegalStateException("chain " + chainId + " has no round " + roundNumber));
            return new Read(chain, round, tx.jobs().forRound(chainId, roundNumber), tx.chains().limits(chainId));
        });
        EscalationConfig config = ChainConfig.of(read.chain());
        ChainLimits limits = read.limits().map(json -> ChainLimits.fromJson(json, config))
                .orElseGet(() -> ChainLimits.read(engine.slurm(), config));
        return new RoundContext(read.chain(), config, limits, read.round(), read.jobs());
    }

    String chainId() {
        return chain.id();
    }

    /** The round's submitted arrays that Slurm runs under other indices than their tasks', by job id. */
    Map<String, dev.memescalate.indexset.Renumbering> renumberedArrays() {
        return RoundArrays.renumbered(jobs.stream()
                .filter(j -> j.key().role() == JobRole.ARRAY && j.status() == JobStatus.SUBMITTED)
                .toList());
    }

    /** The round's submitted array jobs and the indices each runs, by job id, in part order. */
    Map<String, dev.memescalate.indexset.IndexSet> submittedArrays() {
        Map<String, dev.memescalate.indexset.IndexSet> arrays = new LinkedHashMap<>();
        jobs.stream()
                .filter(j -> j.key().role() == JobRole.ARRAY && j.status() == JobStatus.SUBMITTED)
                .sorted(java.util.Comparator.comparingInt(j -> j.key().part()))
                .forEach(j -> arrays.put(j.slurmJobId().orElseThrow(), j.indices().orElseThrow()));
        return arrays;
    }
}
