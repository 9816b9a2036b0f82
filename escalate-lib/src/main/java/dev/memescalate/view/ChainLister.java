package dev.memescalate.view;

import dev.memescalate.observe.ChainSnapshot;
import dev.memescalate.observe.HandlerFate;
import dev.memescalate.observe.HandlerFates;
import dev.memescalate.observe.QueueSnapshot;
import dev.memescalate.observe.StallCheck;
import dev.memescalate.report.ChainSummary;
import dev.memescalate.slurm.QueueQuery;
import dev.memescalate.slurm.Slurm;
import dev.memescalate.slurm.SlurmException;
import dev.memescalate.store.ChainRecord;
import dev.memescalate.store.ChainStore;
import dev.memescalate.store.FinalOutcome;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * {@code mem-escalate list}: every chain of a tracker directory in one line, newest first. The store is read in one
 * transaction; Slurm is asked once with squeue for the live jobs of every running chain (running counts, and which
 * chains are STALLED), and, only when a chain is stalled, once with sacct for how its handler jobs ended.
 */
public final class ChainLister {
    private final ChainStore store;
    private final Slurm slurm;
    private final Clock clock;
    private final ZoneId sacctZone;

    public ChainLister(ChainStore store, Slurm slurm, Clock clock, ZoneId sacctZone) {
        this.store = store;
        this.slurm = slurm;
        this.clock = clock;
        this.sacctZone = sacctZone;
    }

    /**
     * The chains and what went wrong asking Slurm (the list is then shown from the store alone).
     *
     * @param problem why running counts and stalls could not be told, when squeue or sacct failed
     */
    public record Listing(List<ChainSummary> chains, Optional<String> problem) {
        public Listing {
            chains = List.copyOf(chains);
        }
    }

    private record Read(List<ChainRecord> chains, Map<String, Map<FinalOutcome, Integer>> counts,
            Map<String, Integer> levels, Map<String, ChainSnapshot> live) {
    }

    /** @param since only chains created at or after it; empty for every chain */
    public Listing list(Optional<Instant> since) {
        Instant from = since.orElse(Instant.EPOCH);
        Read read = store.read(tx -> {
            List<ChainRecord> chains = tx.chains().createdSince(from);
            Map<String, ChainSnapshot> live = new HashMap<>();
            for (ChainRecord chain : chains) {
                if (!chain.status().isTerminal()) {
                    ChainSnapshot.read(tx, chain.id()).ifPresent(s -> live.put(chain.id(), s));
                }
            }
            return new Read(chains, tx.outcomes().countsOfChainsCreatedSince(from),
                    tx.rounds().highestLevelsOfChainsCreatedSince(from), live);
        });
        Set<String> liveIds = new LinkedHashSet<>();
        read.live().values().forEach(s -> liveIds.addAll(s.liveJobIds()));
        Optional<QueueSnapshot> queue = Optional.of(QueueSnapshot.of(List.of()));
        Optional<String> problem = Optional.empty();
        if (!liveIds.isEmpty()) {
            try {
                queue = Optional.of(QueueSnapshot.of(slurm.queue(QueueQuery.byJobIds(liveIds).expandingArrays())));
            } catch (SlurmException failed) {
                queue = Optional.empty();
                problem = Optional.of("squeue failed, so running tasks and stalled chains are not shown: "
                        + failed.getMessage());
            }
        }
        Instant now = clock.instant();
        Map<String, StallCheck.Stall> stalls = new HashMap<>();
        if (queue.isPresent()) {
            for (ChainSnapshot s : read.live().values()) {
                StallCheck.check(s, queue.get(), now).ifPresent(stall -> stalls.put(s.chain().id(), stall));
            }
            confirmStoreDidNotMove(stalls, read.live());
        }
        Map<String, HandlerFate> fates = new HashMap<>();
        if (!stalls.isEmpty()) {
            Set<String> handlerIds = new LinkedHashSet<>();
            stalls.values().forEach(s -> handlerIds.addAll(s.handlerJobIds()));
            Instant earliest = stalls.values().stream().map(s -> s.round().submittedAt().orElse(s.round().createdAt()))
                    .min(Instant::compareTo).orElse(now);
            try {
                fates.putAll(HandlerFates.ask(slurm, handlerIds, earliest, sacctZone));
            } catch (SlurmException failed) {
                problem = Optional.of("sacct failed, so how stalled chains' handlers ended is not shown: "
                        + failed.getMessage());
            }
        }
        List<ChainSummary> summaries = new ArrayList<>();
        for (ChainRecord chain : read.chains()) {
            ChainSnapshot live = read.live().get(chain.id());
            Optional<String> stall = Optional.ofNullable(stalls.get(chain.id())).map(s -> s.describe(fates));
            int running = live == null ? 0 : queue.map(q -> q.runningTasksOf(live)).orElse(0);
            int level = live != null ? live.currentLevel() : read.levels().getOrDefault(chain.id(), chain.startLevel());
            summaries.add(ChainSummary.of(chain, stall, chain.indices().size(),
                    read.counts().getOrDefault(chain.id(), Map.of()), running, level));
        }
        return new Listing(summaries, problem);
    }

    /** A chain whose store changed while squeue was asked is not called stalled: its handler may just have ended. */
    private void confirmStoreDidNotMove(Map<String, StallCheck.Stall> stalls, Map<String, ChainSnapshot> live) {
        if (stalls.isEmpty()) {
            return;
        }
        Map<String, String> tokens = store.read(tx -> {
            Map<String, String> now = new HashMap<>();
            stalls.keySet().forEach(id -> now.put(id, ChainSnapshot.token(tx, id)));
            return now;
        });
        stalls.keySet().removeIf(id -> !tokens.get(id).equals(live.get(id).token()));
    }
}
