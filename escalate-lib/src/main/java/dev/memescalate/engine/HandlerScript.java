package dev.memescalate.engine;

import dev.memescalate.ladder.MemorySize;
import java.nio.file.Path;

/**
 * The batch script Slurm runs for a chain's handler and finalizer jobs. It starts the shaded jar's handler entry
 * point with the Java of the JVM that submitted the chain, and passes only the store location, the chain id and the
 * round number (its first argument); the handler reads everything else from the store.
 *
 * <p>The JVM maps the class data sharing archive made at package time beside the jar ({@code mem-escalate.jsa}, see
 * {@code StartupArchive}): the handler's classes come already parsed and verified, which takes about a fifth of a
 * second off every handler's start on the test machine. The JVM accepts an archive only with the jar named on the class
 * path exactly as when the archive was made, a relative {@code mem-escalate.jar}, so the script starts the JVM in the
 * jar's directory (the handler uses absolute paths only). A missing archive, or one made by another Java build or for
 * another jar, is ignored ({@code -Xlog:cds*=off} keeps the JVM from saying so in the handler's log).
 *
 * <p>The JVM compiles with C1 only ({@code -XX:TieredStopAtLevel=1}), whatever the round's size: C2 costs more CPU
 * than it saves even at a million tasks (tests/handler-benchmark's answers on the test machine: 7.1-7.8 s with C1
 * only, 10.5-11 s with both compilers).
 *
 * <p>A loop is compiled once it has run 2,000 times ({@code -XX:Tier3BackEdgeThreshold=2000}) instead of 60,000: the
 * handler's hot loops (deciding, encoding and writing every task of the round) run once each, in a method called once,
 * so until then they ran in the interpreter: 60% of every loop of a 100,000-task round. Measured with
 * tests/handler-benchmark's answers, paired runs: 100,000 tasks 14% less wall time; 10,000 and 1,000,000 unchanged.
 */
public final class HandlerScript {
    /** The handler's main class, in the escalate-handler module. */
    public static final String MAIN_CLASS = "dev.memescalate.handler.HandlerMain";

    private HandlerScript() {
    }

    /** The script text. Every path is single-quoted for /bin/sh; none of it comes from a job's arguments. */
    public static String render(Path java, Path jar, Path storeFile, String chainId, MemorySize handlerMemory) {
        Path absoluteJar = jar.toAbsolutePath();
        String jarName = absoluteJar.getFileName().toString();
        return "#!/bin/sh\n"
                + "# mem-escalate handler for chain " + chainId + ". Slurm runs it when a round's arrays end;\n"
                + "# $1 is the round number, then --guard N for a guard. Generated at submission: do not edit.\n"
                + "# The heap is 60% of the job's memory (a guard has more), 64 MB at least.\n"
                + "heap=$(( ${SLURM_MEM_PER_NODE:-" + handlerMemory.megabytes() + "} * 6 / 10 ))\n"
                + "[ \"$heap\" -ge 64 ] || heap=64\n"
                + "# In the jar's directory: the class data sharing archive beside the jar needs it on a relative path.\n"
                + "cd " + quote(absoluteJar.getParent().toString()) + " || exit 1\n"
                + "exec " + quote(java.toString())
                + " -Xmx${heap}m -XX:+UseSerialGC -XX:TieredStopAtLevel=1 -XX:Tier3BackEdgeThreshold=2000"
                + " -XX:SharedArchiveFile=" + quote(archiveName(jarName)) + " -Xlog:cds*=off"
                + " -cp " + quote(jarName)
                + " " + MAIN_CLASS
                + " --store " + quote(storeFile.toAbsolutePath().toString())
                + " --chain " + quote(chainId)
                + " --round \"$@\"\n";
    }

    /** The archive beside a jar: {@code mem-escalate.jar} has {@code mem-escalate.jsa}. */
    static String archiveName(String jarName) {
        return (jarName.endsWith(".jar") ? jarName.substring(0, jarName.length() - 4) : jarName) + ".jsa";
    }

    /** POSIX shell single quoting: {@code it's} becomes {@code 'it'\''s'}. */
    static String quote(String s) {
        return "'" + s.replace("'", "'\\''") + "'";
    }
}
