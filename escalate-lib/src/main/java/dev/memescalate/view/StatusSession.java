package dev.memescalate.view;

import dev.memescalate.InvalidInputException;
import dev.memescalate.engine.ChainConfig;
import dev.memescalate.ladder.Ladder;
import dev.memescalate.observe.ChainSnapshot;
import dev.memescalate.observe.Live;
import dev.memescalate.observe.LiveProbe;
import dev.memescalate.observe.StallCheck;
import dev.memescalate.report.StatusModel;
import dev.memescalate.slurm.Slurm;
import dev.memescalate.store.ChainStore;
import java.time.Clock;
import java.time.ZoneId;
import java.util.Optional;

/**
 * Refreshes the status of one chain: the store's snapshot, one squeue call (and sacct at most every 30 s, see
 * {@link LiveProbe}), and the stall check. One session per chain and view; {@code status --watch} refreshes the same
 * session, so the chain's config is parsed once and the sacct limit holds across refreshes.
 */
public final class StatusSession {
    private final ChainStore store;
    private final String chainId;
    private final LiveProbe probe;
    private final Clock clock;
    private final boolean confirmStallsWithSacct;
    private Ladder ladder;

    /**
     * @param confirmStallsWithSacct call a chain STALLED only in a refresh that asked sacct too, so that the handler
     *     job's own end is known and shown (a watch that refreshes every few seconds then says so at most 30 s later)
     */
    public StatusSession(ChainStore store, String chainId, Slurm slurm, Clock clock, ZoneId sacctZone,
            boolean confirmStallsWithSacct) {
        this.store = store;
        this.chainId = chainId;
        this.probe = new LiveProbe(slurm, clock, sacctZone);
        this.clock = clock;
        this.confirmStallsWithSacct = confirmStallsWithSacct;
    }

    /** One refresh. */
    public StatusModel refresh() {
        ChainSnapshot snapshot = read();
        if (ladder == null) {
            ladder = ChainConfig.of(snapshot.chain()).ladder();
        }
        boolean live = !snapshot.chain().status().isTerminal();
        Live now = live ? probe.observe(snapshot) : Live.nothingLive(clock.instant());
        Optional<StallCheck.Stall> stall = now.queue().flatMap(q -> StallCheck.check(snapshot, q, now.at()));
        if (stall.isPresent()) {
            boolean storeMoved = !store.read(tx -> ChainSnapshot.token(tx, chainId)).equals(snapshot.token());
            boolean askedSacct = now.endedAsOf().equals(Optional.of(now.at()));
            if (storeMoved || (confirmStallsWithSacct && !askedSacct)) {
                stall = Optional.empty(); // the next refresh decides on fresh facts
            }
        }
        return StatusModel.of(snapshot, ladder, now, stall);
    }

    private ChainSnapshot read() {
        return store.read(tx -> ChainSnapshot.read(tx, chainId)).orElseThrow(() -> new InvalidInputException(
                "no chain '" + chainId + "' in " + store.file() + "; check the id that submit printed (mem-escalate"
                        + " list shows the chains tracked there)"));
    }
}
