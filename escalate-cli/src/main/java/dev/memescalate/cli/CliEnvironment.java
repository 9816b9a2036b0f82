package dev.memescalate.cli;

import dev.memescalate.engine.Engine;
import dev.memescalate.engine.RoundSubmitter;
import dev.memescalate.engine.TaskLauncherFiles;
import dev.memescalate.slurm.Sleeper;
import dev.memescalate.slurm.Slurm;
import dev.memescalate.slurm.exec.CliSlurm;
import dev.memescalate.slurm.exec.ProcessCommandRunner;
import dev.memescalate.store.ChainStore;
import java.nio.file.Files;
import java.time.Clock;
import java.time.ZoneId;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * What the commands take from the world: the environment variables, Slurm, the clock, the user's time zone and
 * whether output is a terminal. {@link #system()} in production; tests give their own through
 * {@link Main#commandLine(CliEnvironment)}.
 *
 * @param slurm made on first use: commands that never ask Slurm never build one
 */
public record CliEnvironment(Map<String, String> variables, Supplier<Slurm> slurm, Clock clock, ZoneId zone,
        Terminal terminal, Sleeper sleeper) {

    public static CliEnvironment system() {
        return new CliEnvironment(System.getenv(), CliSlurm::create, Clock.systemUTC(), ZoneId.systemDefault(),
                Terminal.SYSTEM, Sleeper.THREAD_SLEEP);
    }

    /** The engine for a command that changes chains (cancel, resume), acting as this process. */
    public Engine engine(ChainStore store) {
        return new Engine(store, slurm.get(), clock, sleeper, RoundSubmitter.ownerOfThisProcess(Optional.empty()),
                ZoneId.systemDefault(), Files::exists, new ProcessCommandRunner(), TaskLauncherFiles.ON_DISK);
    }
}
