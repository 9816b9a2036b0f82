package dev.memescalate.engine;

import dev.memescalate.slurm.Sleeper;
import dev.memescalate.slurm.Slurm;
import dev.memescalate.slurm.exec.CommandRunner;
import dev.memescalate.store.ChainStore;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneId;
import java.util.function.Predicate;

/**
 * Everything the engine takes from the outside world, passed in once: the store, Slurm, the clock, the sleeper, who
 * submits, the zone sacct prints times in, the file check of done files, and the runner of notification commands.
 * Handlers, submitters, cancel and resume are built from it, so a unit test swaps every edge in one place.
 *
 * @param owner who submits, recorded with each claim (host, pid, Slurm job id)
 * @param sacctZone the zone sacct prints Start and End in, and reads {@code -S} in: the cluster's local time
 * @param roundFiles writes what a renumbered round needs before sbatch ({@link TaskLauncherFiles#ON_DISK})
 */
public record Engine(ChainStore store, Slurm slurm, Clock clock, Sleeper sleeper, String owner, ZoneId sacctZone,
        Predicate<Path> fileExists, CommandRunner commands, RenumberedRoundFiles roundFiles) {

    public RoundSubmitter submitter() {
        return new RoundSubmitter(this);
    }

    public RoundHandler handler() {
        return new RoundHandler(this);
    }

    /** One run of a handler job: {@link RoundHandler} with the job's own healing around it. */
    public HandlerRun handlerRun() {
        return new HandlerRun(this);
    }

    public ChainCanceller canceller() {
        return new ChainCanceller(this);
    }

    public ChainResumer resumer() {
        return new ChainResumer(this);
    }

    ChainNotifier notifier() {
        return new ChainNotifier(this);
    }

    JobSubmission jobSubmission() {
        return new JobSubmission(this);
    }

    AccountingReader accountingReader(Duration waitLimit) {
        return new AccountingReader(slurm, clock, sleeper, waitLimit, sacctZone);
    }
}
