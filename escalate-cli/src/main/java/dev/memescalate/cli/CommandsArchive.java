package dev.memescalate.cli;

import dev.memescalate.handler.StartupArchive;
import dev.memescalate.slurm.Sleeper;
import dev.memescalate.store.SqliteNativeLibrary;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;

/**
 * The training run of the commands' class data sharing archive ({@code mem-escalate-commands.jsa}), made at package
 * time beside the shaded jar (escalate-cli's pom):
 *
 * <pre>java -XX:ArchiveClassesAtExit=target/mem-escalate-commands.jsa -cp /absolute/target/mem-escalate.jar \
 *     dev.memescalate.cli.CommandsArchive</pre>
 *
 * <p>It trains a chain as the handler's archive does ({@link StartupArchive#trainChain}: submit and round 1, every
 * Slurm command replayed), then runs {@code status} (text, {@code --tasks}, {@code --json}), {@code generate-report
 * --detailed} and {@code list} on it, output thrown away, so that the JVM writes the classes these commands load,
 * already parsed and verified, into the archive. {@code bin/mem-escalate} maps it: about a third of a second less per
 * command on the test machine. The JVM takes an archive only for the same Java build and the jar on the same class
 * path, so the archive is made with the jar's absolute path and the launcher names the jar by its real path; a jar
 * moved elsewhere (an unpacked release) has an archive the JVM ignores, and the README says how to make one in place.
 */
public final class CommandsArchive {
    private CommandsArchive() {
    }

    public static void main(String[] args) throws IOException {
        SqliteNativeLibrary.jarOf(CommandsArchive.class).ifPresent(SqliteNativeLibrary::useCopyBeside);
        Path dir = Files.createTempDirectory("mem-escalate-commands-archive");
        try {
            StartupArchive.TrainedChain chain = StartupArchive.trainChain(dir);
            CliEnvironment env = new CliEnvironment(Map.of(Tracker.HOME_VARIABLE, chain.trackerDir().toString()),
                    chain::slurm, Clock.systemUTC(), ZoneId.systemDefault(), Terminal.PLAIN, Sleeper.THREAD_SLEEP);
            String id = chain.chainId();
            for (List<String> command : List.of(List.of("status", id), List.of("status", id, "--tasks"),
                    List.of("status", id, "--json", "--tasks"), List.of("generate-report", id, "--detailed"),
                    List.of("list"))) {
                StringWriter err = new StringWriter();
                picocli.CommandLine cmd = Main.commandLine(env);
                cmd.setOut(new PrintWriter(new StringWriter()));
                cmd.setErr(new PrintWriter(err));
                int exit = cmd.execute(command.toArray(String[]::new));
                if (exit != ExitCodes.OK) {
                    throw new IllegalStateException("training command " + command + " exited " + exit + ": " + err);
                }
            }
            System.out.println("CommandsArchive: trained status, generate-report and list on chain " + id);
        } finally {
            StartupArchive.removeTree(dir);
        }
    }
}
