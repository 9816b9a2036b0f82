package dev.memescalate.handler;

import dev.memescalate.engine.Engine;
import dev.memescalate.engine.RoundHandler;
import dev.memescalate.engine.RoundSubmitter;
import dev.memescalate.slurm.Sleeper;
import dev.memescalate.slurm.Slurm;
import dev.memescalate.slurm.exec.CliSlurm;
import dev.memescalate.slurm.exec.ProcessCommandRunner;
import dev.memescalate.store.ChainStore;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.ZoneId;
import java.util.Map;
import java.util.Optional;

/**
 * The entry point Slurm runs (through the chain's generated {@code handler.sh}) when a round's arrays end:
 * {@code HandlerMain --store FILE --chain ID --round N}. Everything else comes from the store. What it did goes to
 * standard output, which Slurm writes to the chain directory's {@code handler-r<N>-<jobid>.out}.
 */
public final class HandlerMain {
    /** Exit codes: the handler's own job shows FAILED in sacct when it could not do its work. */
    static final int OK = 0;
    static final int FAILED = 1;
    static final int USAGE = 2;

    private HandlerMain() {
    }

    /** The three arguments the handler script passes. */
    record Arguments(Path store, String chainId, int round) {
        static Arguments parse(String[] args) {
            Path store = null;
            String chain = null;
            Integer round = null;
            for (int i = 0; i + 1 < args.length; i += 2) {
                switch (args[i]) {
                    case "--store" -> store = Path.of(args[i + 1]);
                    case "--chain" -> chain = args[i + 1];
                    case "--round" -> round = parseRound(args[i + 1]);
                    default -> throw new IllegalArgumentException("unknown argument " + args[i]);
                }
            }
            if (args.length % 2 != 0 || store == null || chain == null || round == null) {
                throw new IllegalArgumentException("usage: HandlerMain --store FILE --chain ID --round N");
            }
            return new Arguments(store, chain, round);
        }

        private static int parseRound(String text) {
            try {
                int n = Integer.parseInt(text);
                if (n >= 1) {
                    return n;
                }
            } catch (NumberFormatException notANumber) {
                // reported below
            }
            throw new IllegalArgumentException("--round must be a round number >= 1, got '" + text + "'");
        }
    }

    public static void main(String[] args) {
        System.exit(run(args, System.getenv(), System.out));
    }

    static int run(String[] args, Map<String, String> env, PrintStream out) {
        Arguments a;
        try {
            a = Arguments.parse(args);
        } catch (IllegalArgumentException e) {
            out.println("mem-escalate handler: " + e.getMessage());
            return USAGE;
        }
        Optional<String> selfJobId = Optional.ofNullable(env.get("SLURM_JOB_ID"));
        String owner = RoundSubmitter.ownerOfThisProcess(selfJobId);
        out.println("mem-escalate handler: chain " + a.chainId() + " round " + a.round() + " as " + owner);
        Slurm slurm = CliSlurm.create();
        try (ChainStore store = ChainStore.open(a.store())) {
            Engine engine = new Engine(store, slurm, Clock.systemUTC(), Sleeper.THREAD_SLEEP, owner,
                    ZoneId.systemDefault(), Files::exists, new ProcessCommandRunner());
            RoundHandler handler = engine.handler();
            RoundHandler.Result result = handler.handle(a.chainId(), a.round(), selfJobId);
            result.decision().ifPresent(d -> out.println("decided: " + d.completed().size() + " completed, "
                    + d.escalate().size() + " escalate, " + d.retry().size() + " retry, " + d.failed().size()
                    + " failed, " + d.exhausted().size() + " exhausted"));
            out.println("round " + a.round() + " is " + result.roundStatus() + "; next round(s): "
                    + result.nextRounds());
            result.chainEnded().ifPresent(s -> out.println("chain " + a.chainId() + " ended " + s));
            return OK;
        } catch (RuntimeException e) {
            out.println("mem-escalate handler: round " + a.round() + " of chain " + a.chainId() + " failed: " + e);
            e.printStackTrace(out);
            return FAILED;
        }
    }
}
