package dev.memescalate.web;

import dev.memescalate.observe.ChainSnapshot;
import dev.memescalate.report.ChainReport;
import dev.memescalate.report.StatusModel;
import dev.memescalate.report.html.HtmlReport;
import dev.memescalate.slurm.Slurm;
import dev.memescalate.store.ChainStore;
import dev.memescalate.view.ChainLister;
import dev.memescalate.view.ReportBuilder;
import dev.memescalate.view.StatusSession;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The pages {@code serve} shows, read from one store and shared by every viewer: the chain list (as {@code list}
 * builds it: one squeue call for every running chain), and each chain's page (the HTML report, and while the chain
 * runs its live status as {@code status} builds it: one {@link StatusSession} per chain, so one squeue call per refresh
 * and sacct at most every 30 s). However many browsers reload a page, Slurm is asked at most once per
 * {@link #LIVE_FOR} per chain (and for the list); a report is built again only when the chain's rounds or jobs changed
 * in the store. Reads only: nothing here writes the store or acts on a job. Thread-safe.
 */
public final class ChainSite {
    /** How long a live answer (squeue, the list) is shown to every viewer before Slurm is asked again. */
    public static final Duration LIVE_FOR = Duration.ofSeconds(5);

    private final ChainStore store;
    private final Slurm slurm;
    private final Clock clock;
    private final ZoneId zone;
    private final ZoneId sacctZone;
    private final int refreshSeconds;
    private final String trackerDir;
    private final ConcurrentHashMap<String, LiveEntry> live = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<String, ReportEntry> reports = new ConcurrentHashMap<>();
    private final Object listLock = new Object();
    private ChainLister.Listing listing;
    private Instant listedAt;

    /**
     * @param zone the zone pages show times in
     * @param sacctZone the zone sacct reads {@code -S} in (the machine's own on a login node)
     * @param refreshSeconds how often the page of a running chain, and the list while any chain runs, reload
     */
    public ChainSite(ChainStore store, Slurm slurm, Clock clock, ZoneId zone, ZoneId sacctZone, int refreshSeconds) {
        if (refreshSeconds < 1) {
            throw new IllegalArgumentException("refreshSeconds must be >= 1, got " + refreshSeconds);
        }
        this.store = store;
        this.slurm = slurm;
        this.clock = clock;
        this.zone = zone;
        this.sacctZone = sacctZone;
        this.refreshSeconds = refreshSeconds;
        this.trackerDir = String.valueOf(store.file().getParent());
    }

    /** The list of every chain, newest first; it reloads itself while a chain runs. */
    public String listPage() {
        ChainLister.Listing current;
        Instant now = clock.instant();
        synchronized (listLock) {
            if (listing == null || !now.isBefore(listedAt.plus(LIVE_FOR))) {
                listing = new ChainLister(store, slurm, clock, sacctZone).list(Optional.empty());
                listedAt = now;
            }
            current = listing;
        }
        boolean anyRunning = current.chains().stream().anyMatch(s -> !s.chain().status().isTerminal());
        return HtmlReport.listPage(current.chains(), current.problem(), now, zone,
                anyRunning ? OptionalInt.of(refreshSeconds) : OptionalInt.empty(), trackerDir);
    }

    /**
     * The page of chain {@code chainId} (8 hex digits, checked by the caller); empty when the store has no such
     * chain.
     */
    public Optional<String> chainPage(String chainId) {
        Optional<ReportEntry> entry = report(chainId);
        if (entry.isEmpty()) {
            return Optional.empty();
        }
        ChainReport report = entry.get().report();
        Optional<StatusModel> status = Optional.empty();
        if (!report.chain().status().isTerminal()) {
            status = Optional.of(liveStatus(chainId));
        }
        boolean running = status.map(s -> !s.chain().status().isTerminal()).orElse(false);
        return Optional.of(HtmlReport.chainPage(report, status, clock.instant(), zone,
                running ? OptionalInt.of(refreshSeconds) : OptionalInt.empty(), "../"));
    }

    /** The chain's report, built again only when its rounds or jobs changed in the store (see the token). */
    private Optional<ReportEntry> report(String chainId) {
        Instant now = clock.instant();
        Optional<String> token = store.read(tx -> tx.chains().find(chainId).map(c -> ChainSnapshot.token(tx,
                chainId)));
        if (token.isEmpty()) {
            return Optional.empty();
        }
        ReportEntry cached = reports.get(chainId);
        if (cached != null && cached.token().equals(token.get()) && (cached.ended()
                || now.isBefore(cached.builtAt().plus(LIVE_FOR)))) {
            return Optional.of(cached);
        }
        // Built in one read transaction with the token it belongs to; two viewers may build it at once: both agree.
        Optional<ReportEntry> built = store.read(tx -> ReportBuilder.build(tx, chainId, false, now,
                ReportBuilder.MAX_FAILED_ROWS_HTML).map(r -> new ReportEntry(ChainSnapshot.token(tx, chainId), r, now,
                        r.chain().status().isTerminal())));
        built.ifPresent(b -> reports.put(chainId, b));
        return built;
    }

    /** The chain's live status, from one session per chain shared by every viewer, at most one refresh per LIVE_FOR. */
    private StatusModel liveStatus(String chainId) {
        LiveEntry entry = live.computeIfAbsent(chainId, id -> new LiveEntry(new StatusSession(store, id, slurm, clock,
                sacctZone, true)));
        synchronized (entry) {
            Instant now = clock.instant();
            if (entry.last == null || !now.isBefore(entry.at.plus(LIVE_FOR))) {
                entry.last = entry.session.refresh();
                entry.at = now;
            }
            StatusModel status = entry.last;
            if (status.chain().status().isTerminal()) {
                live.remove(chainId, entry); // it has ended: its page is the report alone from now on
            }
            return status;
        }
    }

    private static final class LiveEntry {
        final StatusSession session;
        StatusModel last;
        Instant at;

        LiveEntry(StatusSession session) {
            this.session = session;
        }
    }

    private record ReportEntry(String token, ChainReport report, Instant builtAt, boolean ended) {
    }
}
