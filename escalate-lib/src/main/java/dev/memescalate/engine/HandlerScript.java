package dev.memescalate.engine;

import dev.memescalate.ladder.MemorySize;
import java.nio.file.Path;

/**
 * The batch script Slurm runs for a chain's handler and finalizer jobs. It starts the shaded jar's handler entry
 * point with the Java of the JVM that submitted the chain, and passes only the store location, the chain id and the
 * round number (its first argument); the handler reads everything else from the store.
 */
public final class HandlerScript {
    /** The handler's main class, in the escalate-handler module. */
    public static final String MAIN_CLASS = "dev.memescalate.handler.HandlerMain";

    private HandlerScript() {
    }

    /** The script text. Every path is single-quoted for /bin/sh; none of it comes from a job's arguments. */
    public static String render(Path java, Path jar, Path storeFile, String chainId, MemorySize handlerMemory) {
        return "#!/bin/sh\n"
                + "# mem-escalate handler for chain " + chainId + ". Slurm runs it when a round's arrays end;\n"
                + "# $1 is the round number, then --guard N for a guard. Generated at submission: do not edit.\n"
                + "# The heap is 60% of the job's memory (a guard has more), 64 MB at least.\n"
                + "heap=$(( ${SLURM_MEM_PER_NODE:-" + handlerMemory.megabytes() + "} * 6 / 10 ))\n"
                + "[ \"$heap\" -ge 64 ] || heap=64\n"
                + "exec " + quote(java.toString())
                + " -Xmx${heap}m -XX:+UseSerialGC -XX:TieredStopAtLevel=1"
                + " -cp " + quote(jar.toString())
                + " " + MAIN_CLASS
                + " --store " + quote(storeFile.toString())
                + " --chain " + quote(chainId)
                + " --round \"$@\"\n";
    }

    /** POSIX shell single quoting: {@code it's} becomes {@code 'it'\''s'}. */
    static String quote(String s) {
        return "'" + s.replace("'", "'\\''") + "'";
    }
}
