package dev.memescalate.slurm.exec;

import dev.memescalate.InvalidInputException;
import dev.memescalate.slurm.Line;
import dev.memescalate.slurm.LineSink;
import dev.memescalate.slurm.SlurmException;
import dev.memescalate.slurm.SlurmUnavailableException;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Runs commands with {@link ProcessBuilder}: the one place in mem-escalate that starts a process.
 *
 * <p>stdout and stderr are read on two threads while the process runs, so a command that writes more than the
 * pipe buffer (sacct prints 100+ MB for a million array tasks) never blocks on a full pipe. On timeout the process
 * and every descendant are killed (a shell wrapper's children would otherwise keep the pipes open).
 * {@link #stream} hands stdout over line by line instead of collecting it.
 */
public final class ProcessCommandRunner implements CommandRunner {

    /** How long to wait for the output readers once the process tree has been killed. */
    private static final Duration DRAIN_AFTER_KILL = Duration.ofSeconds(5);

    @Override
    public CommandResult run(CommandRequest request) {
        ProcessBuilder builder = builder(request);
        long startNanos = System.nanoTime();
        Process process = start(builder, request);
        FutureTask<String> stdout = drain(process.getInputStream(), request.program() + "-stdout");
        FutureTask<String> stderr = drain(process.getErrorStream(), request.program() + "-stderr");
        long deadlineNanos = startNanos + request.timeout().toNanos();
        try {
            boolean exited = process.waitFor(remainingNanos(deadlineNanos), TimeUnit.NANOSECONDS);
            if (!exited) {
                throw timedOut(request, process, stderr);
            }
            // A background grandchild may still hold the pipes open after the process exits: wait for the readers
            // within the same deadline.
            String out = stdout.get(remainingNanos(deadlineNanos), TimeUnit.NANOSECONDS);
            String err = stderr.get(remainingNanos(deadlineNanos), TimeUnit.NANOSECONDS);
            Duration elapsed = Duration.ofNanos(System.nanoTime() - startNanos);
            return new CommandResult(request.argv(), process.exitValue(), out, err, elapsed);
        } catch (TimeoutException readersStillOpen) {
            throw timedOut(request, process, stderr);
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
            killTree(process);
            throw new SlurmException(
                    "interrupted while waiting for '" + request.program() + "'; killed it and its child processes",
                    request.argv(), SlurmException.NO_EXIT_CODE, "", true, interrupted);
        } catch (ExecutionException readFailed) {
            killTree(process);
            throw new SlurmException(
                    "could not read the output of '" + request.program() + "': " + readFailed.getCause(),
                    request.argv(), SlurmException.NO_EXIT_CODE, "", true, readFailed.getCause());
        }
    }

    /**
     * Runs the command and hands its stdout to {@code stdoutLines} line by line while it runs, so the whole output is
     * never held (sacct's answer for a million tasks is hundreds of MB). The sink is called on this thread. stderr
     * is captured on another thread as in {@link #run}; the environment, working directory, timeout and killing of
     * the process tree on timeout are the same. The timeout covers the sink's own work: a sink slower than the
     * process holds the process up (its pipe fills), and that time counts.
     *
     * <p>A sink that throws stops the command: the process tree is killed and the sink's exception is rethrown as it
     * is.
     */
    @Override
    public CommandResult stream(CommandRequest request, LineSink stdoutLines) {
        ProcessBuilder builder = builder(request);
        long startNanos = System.nanoTime();
        Process process = start(builder, request);
        FutureTask<String> stderr = drain(process.getErrorStream(), request.program() + "-stderr");
        LinePump pump = new LinePump(process.getInputStream(), stdoutLines.fieldDelimiter());
        Thread pumpThread = new Thread(pump, request.program() + "-stdout");
        pumpThread.setDaemon(true);
        pumpThread.start();
        long deadlineNanos = startNanos + request.timeout().toNanos();
        Line line = new Line();
        try {
            while (true) {
                LinePump.Batch batch = pump.next(remainingNanos(deadlineNanos));
                if (batch == null) {
                    pumpThread.interrupt();
                    throw timedOut(request, process, stderr);
                }
                if (batch.failure() != null) {
                    throw unreadable(request, process, pumpThread, batch.failure());
                }
                if (batch.isEnd()) {
                    break;
                }
                feed(() -> batch.forEachLine(line, stdoutLines), process, pumpThread);
                pump.recycle(batch);
            }
            boolean exited = process.waitFor(remainingNanos(deadlineNanos), TimeUnit.NANOSECONDS);
            if (!exited) {
                throw timedOut(request, process, stderr);
            }
            String err = stderr.get(remainingNanos(deadlineNanos), TimeUnit.NANOSECONDS);
            Duration elapsed = Duration.ofNanos(System.nanoTime() - startNanos);
            return new CommandResult(request.argv(), process.exitValue(), "", err, elapsed);
        } catch (TimeoutException stderrStillOpen) {
            throw timedOut(request, process, stderr);
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
            pumpThread.interrupt();
            killTree(process);
            throw new SlurmException(
                    "interrupted while reading the output of '" + request.program()
                            + "'; killed it and its child processes",
                    request.argv(), SlurmException.NO_EXIT_CODE, "", true, interrupted);
        } catch (ExecutionException readFailed) {
            throw unreadable(request, process, pumpThread, readFailed.getCause());
        }
    }

    /** Runs one step of the sink; if the sink throws, the command is stopped before its exception goes on. */
    private static void feed(Runnable sinkStep, Process process, Thread pumpThread) {
        try {
            sinkStep.run();
        } catch (RuntimeException | Error sinkFailed) {
            pumpThread.interrupt();
            killTree(process);
            throw sinkFailed;
        }
    }

    private static SlurmException unreadable(CommandRequest request, Process process, Thread pumpThread,
            Throwable cause) {
        pumpThread.interrupt();
        killTree(process);
        return new SlurmException("could not read the output of '" + request.program() + "': " + cause,
                request.argv(), SlurmException.NO_EXIT_CODE, "", true, cause);
    }

    private static ProcessBuilder builder(CommandRequest request) {
        request.workDir().ifPresent(ProcessCommandRunner::requireDirectory);
        ProcessBuilder builder = new ProcessBuilder(request.argv());
        Map<String, String> environment = builder.environment();
        environment.keySet().removeIf(request.removeVariables());
        environment.putAll(request.setVariables());
        request.workDir().ifPresent(dir -> builder.directory(dir.toFile()));
        // Slurm commands never read stdin here; /dev/null makes one that tries see end of input, not hang.
        builder.redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
        return builder;
    }

    private static void requireDirectory(Path dir) {
        if (!Files.isDirectory(dir)) {
            throw new InvalidInputException(
                    "working directory " + dir + " does not exist or is not a directory; create it or choose another");
        }
    }

    private static Process start(ProcessBuilder builder, CommandRequest request) {
        try {
            return builder.start();
        } catch (IOException cannotStart) {
            // The JDK reports a missing executable as "Cannot run program "sbatch": error=2, No such file or
            // directory"; the working directory was checked above, so error=2 here means the program.
            String reason = String.valueOf(cannotStart.getMessage());
            boolean notFound = reason.contains("error=2") || reason.contains("No such file");
            String message = notFound
                    ? "'" + request.program() + "' was not found on PATH: Slurm's client commands (sbatch, sacct,"
                            + " squeue, scancel, scontrol) must be installed and on PATH. Run mem-escalate on a node"
                            + " of the cluster (e.g. a login node), or load the Slurm module first."
                    : "could not start '" + request.program() + "': " + reason;
            throw new SlurmUnavailableException(message, request.argv(), "", cannotStart);
        }
    }

    private static FutureTask<String> drain(InputStream stream, String threadName) {
        FutureTask<String> task = new FutureTask<>(() -> {
            try (stream) {
                return new String(stream.readAllBytes(), StandardCharsets.UTF_8);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
        Thread reader = new Thread(task, threadName);
        reader.setDaemon(true);
        reader.start();
        return task;
    }

    private static long remainingNanos(long deadlineNanos) {
        return Math.max(0, deadlineNanos - System.nanoTime());
    }

    private static SlurmException timedOut(CommandRequest request, Process process, FutureTask<String> stderr) {
        killTree(process);
        String err = partialOutput(stderr);
        return new SlurmException(
                "'" + request.program() + "' did not finish within " + request.timeout().toSeconds()
                        + " s; killed it and its child processes",
                request.argv(), SlurmException.NO_EXIT_CODE, err, true);
    }

    /**
     * Kills the descendants first (listed while the parent still lives), then the process itself, and waits (at most
     * {@link #DRAIN_AFTER_KILL}) until all are gone: SIGKILL is delivered asynchronously, and the caller is told that
     * they were killed.
     */
    private static void killTree(Process process) {
        List<ProcessHandle> descendants = process.descendants().toList();
        descendants.forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly();
        long deadline = System.nanoTime() + DRAIN_AFTER_KILL.toNanos();
        try {
            process.waitFor(DRAIN_AFTER_KILL.toMillis(), TimeUnit.MILLISECONDS);
            while (descendants.stream().anyMatch(ProcessCommandRunner::stillRuns) && System.nanoTime() < deadline) {
                Thread.sleep(10);
            }
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * Alive and not a zombie. A killed grandchild is reparented to PID 1, which on some machines (containers without
     * a real init) does not reap it: it stays a zombie that {@link ProcessHandle#isAlive} still reports alive.
     */
    private static boolean stillRuns(ProcessHandle handle) {
        if (!handle.isAlive()) {
            return false;
        }
        try {
            return Files.readAllLines(Path.of("/proc", Long.toString(handle.pid()), "status")).stream()
                    .filter(line -> line.startsWith("State:"))
                    .noneMatch(line -> line.contains("Z (zombie)") || line.contains("X (dead)"));
        } catch (IOException goneOrNoProc) {
            return false;
        }
    }

    private static String partialOutput(FutureTask<String> output) {
        try {
            return output.get(DRAIN_AFTER_KILL.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
            return "";
        } catch (ExecutionException | TimeoutException unreadable) {
            return "";
        }
    }
}
