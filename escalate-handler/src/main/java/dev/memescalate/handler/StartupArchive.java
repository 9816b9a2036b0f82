package dev.memescalate.handler;

import dev.memescalate.config.ConfigLoader;
import dev.memescalate.engine.ChainLauncher;
import dev.memescalate.engine.Engine;
import dev.memescalate.engine.TaskLauncherFiles;
import dev.memescalate.slurm.Sleeper;
import dev.memescalate.slurm.exec.CliSlurm;
import dev.memescalate.slurm.exec.CommandRequest;
import dev.memescalate.slurm.exec.CommandResult;
import dev.memescalate.slurm.exec.CommandRunner;
import dev.memescalate.slurm.exec.ProcessCommandRunner;
import dev.memescalate.slurm.LineSink;
import dev.memescalate.store.ChainStore;
import dev.memescalate.store.SqliteNativeLibrary;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Random;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;

/**
 * Prepares the handler's fast start at package time (escalate-cli's pom runs it once, beside the shaded jar):
 *
 * <pre>cd target &amp;&amp; java -XX:ArchiveClassesAtExit=mem-escalate.jsa -cp mem-escalate.jar \
 *     dev.memescalate.handler.StartupArchive</pre>
 *
 * <ul>
 *   <li>extracts sqlite-jdbc's native library for this platform beside the jar ({@link SqliteNativeLibrary}), which
 *       the handler then loads instead of extracting its own copy at every start;</li>
 *   <li>is the training run of the class data sharing archive: it submits a small synthetic chain and decides its
 *       first round with the handler's own code ({@link HandlerMain#run}: store, sacct fold, decision, next round),
 *       so the JVM writes the classes a handler loads, already parsed and verified, into {@code mem-escalate.jsa},
 *       which {@code handler.sh} maps at start.</li>
 * </ul>
 *
 * <p>Every Slurm command is answered by {@link ReplayedCommands}, which runs {@code cat} of a prepared answer (so
 * that the classes that start processes and read their output are trained too): nothing reaches a real Slurm, even
 * on a login node. The chain lives in a temporary directory, removed at the end.
 *
 * <p>The archive is only valid for the same Java build and the same jar, named {@code mem-escalate.jar} on a relative
 * class path (handler.sh changes to the jar's directory), with the same size and modification time: unpacking the
 * release with tar keeps them. Otherwise the JVM ignores it and starts as without it.
 */
public final class StartupArchive {
    /** Tasks of the training round: enough for the fold, the decision and the inserts to run their loops. */
    private static final int TASKS = 3000;
    private static final long FIRST_JOB_ID = 1000;

    private StartupArchive() {
    }

    public static void main(String[] args) throws IOException {
        Path jar = HandlerMain.ownJar().orElseThrow(() -> new IllegalStateException("run me from the shaded jar"));
        Path library = SqliteNativeLibrary.extractBeside(jar);
        SqliteNativeLibrary.useCopyBeside(jar);
        Path dir = Files.createTempDirectory("mem-escalate-startup-archive");
        try {
            String outcome = trainChain(dir).handlerOutcome();
            System.out.println("StartupArchive: sqlite native library " + library + "; training round: " + outcome);
        } finally {
            removeTree(dir);
        }
    }

    /** Removes a training directory and everything in it. */
    public static void removeTree(Path dir) throws IOException {
        try (Stream<Path> walk = Files.walk(dir)) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }

    /**
     * A chain trained in a directory: its tracker directory (the store), its id, and the handler's last line.
     *
     * @param slurm answers every Slurm command as the training run did (nothing reaches a real Slurm)
     */
    public record TrainedChain(Path trackerDir, String chainId, String handlerOutcome, CliSlurm slurm) {
    }

    /**
     * The training run in {@code dir} (a temporary directory the caller removes): a chain of {@link #TASKS} tasks
     * submitted and its round 1 decided by the handler. The commands' own archive trains on it too.
     */
    public static TrainedChain trainChain(Path dir) throws IOException {
        ReplayedCommands commands = new ReplayedCommands(dir);
        CliSlurm slurm = new CliSlurm(commands, Duration.ofMinutes(1), Duration.ofMinutes(1));
        Path script = Files.writeString(dir.resolve("job.sh"), "#!/bin/sh\nexit 0\n");
        Path tracker = dir.resolve("tracker");
        ChainLauncher launcher = new ChainLauncher(slurm, Clock.systemUTC(), new Random(1));
        ChainLauncher.Request request = new ChainLauncher.Request(script, List.of("input.txt"),
                "0-" + (TASKS - 1), OptionalInt.empty(), ConfigLoader.parse(ReplayedCommands.LADDER, "training"),
                OptionalInt.empty(), Optional.empty(), List.of(), Optional.empty(), Optional.empty(), Optional.empty(), dir, tracker,
                Path.of(System.getProperty("java.home"), "bin", "java"), HandlerMain.ownJar().orElseThrow(),
                "training-host", "training");
        ChainLauncher.Plan plan = launcher.prepare(request);
        try (ChainStore store = ChainStore.open(plan.storeFile())) {
            Engine engine = new Engine(store, slurm, Clock.systemUTC(), Sleeper.THREAD_SLEEP, "training",
                    ZoneId.systemDefault(), Files::exists, commands, TaskLauncherFiles.ON_DISK);
            launcher.launch(plan, store, engine.submitter());
        }
        commands.writeAccounting(FIRST_JOB_ID, TASKS);
        ByteArrayOutputStream log = new ByteArrayOutputStream();
        String[] handlerArgs = {"--store", plan.storeFile().toString(), "--chain", plan.chain().id(), "--round", "1"};
        int exit = HandlerMain.run(handlerArgs, Map.of("SLURM_JOB_ID", Long.toString(FIRST_JOB_ID + 1)),
                new PrintStream(log, true, StandardCharsets.UTF_8), slurm, commands);
        String[] lines = log.toString(StandardCharsets.UTF_8).split("\n");
        if (exit != HandlerMain.OK) {
            throw new IllegalStateException("the training round failed:\n" + String.join("\n", lines));
        }
        return new TrainedChain(tracker, plan.chain().id(), lines[lines.length - 1], slurm);
    }

    /**
     * Answers the Slurm commands of a training chain the way Slurm 22.05 does, each by a real process ({@code cat} of
     * the answer written to a file): sbatch the next job id, scontrol a one-partition cluster, sacct the round's
     * tasks (per task the allocation row, {@code .batch} and {@code .extern}; 20% OUT_OF_MEMORY, 10% TIMEOUT, 1%
     * FAILED, the rest COMPLETED), squeue and scancel nothing.
     */
    static final class ReplayedCommands implements CommandRunner {
        static final String LADDER = """
                levels:
                  - {partition: train, mem: 256M, time: 10}
                  - {partition: train, mem: 1G, time: 10}
                """;
        private static final String SHOW_CONFIG = "ClusterName = training\nMaxArraySize = 10001\nMinJobAge = 300\n"
                + "SLURM_VERSION = 22.05.8\n";
        private static final String SHOW_PARTITION = "PartitionName=train Default=YES MaxTime=01:00:00 State=UP"
                + " Nodes=t1\n";
        private static final String SHOW_NODE = "NodeName=t1 CPUTot=4 RealMemory=8192 State=IDLE Partitions=train\n";

        private final Path dir;
        private final ProcessCommandRunner processes = new ProcessCommandRunner();
        private final AtomicLong nextJobId = new AtomicLong(FIRST_JOB_ID);
        private int answers;

        ReplayedCommands(Path dir) {
            this.dir = dir;
        }

        @Override
        public CommandResult run(CommandRequest request) {
            String answer = switch (request.program()) {
                case "sbatch" -> nextJobId.getAndIncrement() + "\n";
                case "scontrol" -> switch (request.argv().get(2)) {
                    case "config" -> SHOW_CONFIG;
                    case "partition" -> SHOW_PARTITION;
                    default -> SHOW_NODE;
                };
                default -> "";
            };
            return processes.run(cat(request, write(answer)));
        }

        @Override
        public CommandResult stream(CommandRequest request, LineSink stdoutLines) {
            Path accounting = dir.resolve("sacct.txt");
            return processes.stream(cat(request, request.program().equals("sacct") && Files.exists(accounting)
                    ? accounting : write("")), stdoutLines);
        }

        /** The round's answer for array job {@code jobId}, in the handler's columns (SacctFormat.ROUND). */
        void writeAccounting(long jobId, int tasks) throws IOException {
            LocalDateTime start = LocalDateTime.of(2026, 11, 21, 19, 41, 52);
            try (Writer out = Files.newBufferedWriter(dir.resolve("sacct.txt"))) {
                for (int i = 0; i < tasks; i++) {
                    int roll = Math.floorMod(i * 7919, 100);
                    String state = roll < 20 ? "OUT_OF_MEMORY|0:125" : roll < 30 ? "TIMEOUT|0:0"
                            : roll == 30 ? "FAILED|1:0" : "COMPLETED|0:0";
                    String batch = roll >= 20 && roll < 30 ? "CANCELLED|0:15" : state;
                    String times = "00:00:0" + (1 + i % 9) + "|%s|c" + (100 + i % 50) + "|" + start.plusSeconds(i)
                            + "|" + start.plusSeconds(i + 1 + i % 9) + "|2\n";
                    out.write(jobId + "_" + i + "|" + state + "|" + String.format(times, ""));
                    out.write(jobId + "_" + i + ".batch|" + batch + "|" + String.format(times, (4000 + i) + "K"));
                    out.write(jobId + "_" + i + ".extern|COMPLETED|0:0|" + String.format(times, "8K"));
                }
            }
        }

        private Path write(String answer) {
            try {
                return Files.writeString(dir.resolve("answer-" + answers++ + ".txt"), answer);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        private static CommandRequest cat(CommandRequest request, Path answer) {
            return new CommandRequest(List.of("cat", answer.toString()), request.setVariables(),
                    request.removeVariables(), request.workDir(), request.timeout());
        }
    }
}
