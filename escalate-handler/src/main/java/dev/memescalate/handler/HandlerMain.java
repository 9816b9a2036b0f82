package dev.memescalate.handler;

import dev.memescalate.engine.Engine;
import dev.memescalate.engine.HandlerRun;
import dev.memescalate.engine.RoundSubmitter;
import dev.memescalate.engine.TaskLauncherFiles;
import dev.memescalate.slurm.Sleeper;
import dev.memescalate.slurm.Slurm;
import dev.memescalate.slurm.exec.CliSlurm;
import dev.memescalate.slurm.exec.CommandRunner;
import dev.memescalate.slurm.exec.ProcessCommandRunner;
import dev.memescalate.store.ChainIdFormat;
import dev.memescalate.store.ChainStore;
import dev.memescalate.store.SqliteNativeLibrary;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.ZoneId;
import java.util.Map;
import java.util.Optional;

/**
 * The entry point Slurm runs (through the chain's generated {@code handler.sh}) when a round's arrays end:
 * {@code HandlerMain --store FILE --chain ID --round N [--guard G]}. Everything else comes from the store. What it did
 * goes to standard output, which Slurm writes to the chain directory's {@code handler-r<N>-<jobid>.out}.
 *
 * <p>Exit 0 when the round was handled, handed to a later run, or left alone on purpose (Slurm then removes the
 * job's guard); non-zero when the run failed, so that its guard runs the round again with more resources.
 */
public final class HandlerMain {
    static final int OK = 0;
    static final int FAILED = 1;
    static final int USAGE = 2;

    /** What submit prints: the one form a chain id takes. */

    private HandlerMain() {
    }

    /** The arguments the handler script passes. */
    record Arguments(Path store, String chainId, int round, int guard) {
        static Arguments parse(String[] args) {
            Path store = null;
            String chain = null;
            Integer round = null;
            int guard = 0;
            for (int i = 0; i + 1 < args.length; i += 2) {
                switch (args[i]) {
                    case "--store" -> store = Path.of(args[i + 1]);
                    case "--chain" -> chain = args[i + 1];
                    case "--round" -> round = positive("--round", args[i + 1]);
                    case "--guard" -> guard = positive("--guard", args[i + 1]);
                    default -> throw new IllegalArgumentException("unknown argument " + args[i]);
                }
            }
            if (args.length % 2 != 0 || store == null || chain == null || round == null) {
                throw new IllegalArgumentException("usage: HandlerMain --store FILE --chain ID --round N [--guard G]");
            }
            if (!ChainIdFormat.isChainId(chain)) {
                throw new IllegalArgumentException("--chain must be 8 hexadecimal digits, got '" + chain + "'");
            }
            return new Arguments(store, chain, round, guard);
        }

        private static int positive(String option, String text) {
            try {
                int n = Integer.parseInt(text);
                if (n >= 1) {
                    return n;
                }
            } catch (NumberFormatException notANumber) {
                // reported below
            }
            throw new IllegalArgumentException(option + " must be a number >= 1, got '" + text + "'");
        }
    }

    public static void main(String[] args) {
        ownJar().ifPresent(SqliteNativeLibrary::useCopyBeside);
        System.exit(run(args, System.getenv(), System.out));
    }

    static int run(String[] args, Map<String, String> env, PrintStream out) {
        return run(args, env, out, CliSlurm.create(), new ProcessCommandRunner());
    }

    /**
     * @param slurm how Slurm is asked (the real commands, or a replay for the startup archive's training run)
     * @param commands what runs the chain's notification command
     */
    static int run(String[] args, Map<String, String> env, PrintStream out, Slurm slurm, CommandRunner commands) {
        Arguments a;
        try {
            a = Arguments.parse(args);
        } catch (IllegalArgumentException e) {
            out.println("mem-escalate handler: " + e.getMessage());
            return USAGE;
        }
        Optional<String> selfJobId = Optional.ofNullable(env.get("SLURM_JOB_ID"));
        String owner = RoundSubmitter.ownerOfThisProcess(selfJobId);
        out.println("mem-escalate handler: chain " + a.chainId() + " round " + a.round()
                + (a.guard() > 0 ? " (guard " + a.guard() + ")" : "") + " as " + owner);
        try (ChainStore store = ChainStore.open(a.store())) {
            Engine engine = new Engine(store, slurm, Clock.systemUTC(), Sleeper.THREAD_SLEEP, owner,
                    ZoneId.systemDefault(), Files::exists, commands, TaskLauncherFiles.ON_DISK);
            HandlerRun.Outcome outcome = engine.handlerRun().run(a.chainId(), a.round(), selfJobId, a.guard());
            outcome.log().forEach(out::println);
            out.println("mem-escalate handler: " + outcome.exit());
            return outcome.exit() == HandlerRun.Exit.FAILED ? FAILED : OK;
        } catch (RuntimeException e) {
            out.println("mem-escalate handler: round " + a.round() + " of chain " + a.chainId() + " failed: " + e);
            e.printStackTrace(out);
            return FAILED;
        }
    }

    /** The jar this class was loaded from; empty when it was not loaded from a jar (tests). */
    static Optional<Path> ownJar() {
        return SqliteNativeLibrary.jarOf(HandlerMain.class);
    }
}
