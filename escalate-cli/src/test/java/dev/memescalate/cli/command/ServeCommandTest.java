package dev.memescalate.cli.command;

import static org.assertj.core.api.Assertions.assertThat;

import dev.memescalate.cli.CliEnvironment;
import dev.memescalate.cli.ExitCodes;
import dev.memescalate.cli.Main;
import dev.memescalate.cli.Terminal;
import dev.memescalate.indexset.IndexSet;
import dev.memescalate.slurm.Sleeper;
import dev.memescalate.slurm.Slurm;
import dev.memescalate.store.ChainRecord;
import dev.memescalate.store.ChainStatus;
import dev.memescalate.store.ChainStore;
import dev.memescalate.store.FinalOutcome;
import dev.memescalate.store.RoundKind;
import dev.memescalate.store.RoundRecord;
import dev.memescalate.store.RoundStatus;
import dev.memescalate.store.TaskOutcomeRecord;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * generate-report --format=html and serve's options and errors. The pages themselves are pinned by escalate-lib's
 * golden tests (HtmlReportTest, WebServerTest) and opened in a browser by ReportInBrowserIT.
 */
class ServeCommandTest {
    private static final Instant T0 = Instant.parse("2026-11-21T10:00:00Z");
    private static final String LADDER = """
            levels:
              - partition: day
                mem: 200M
                time: 1
            """;
    private static final Slurm NO_SLURM = (Slurm) java.lang.reflect.Proxy.newProxyInstance(
            Slurm.class.getClassLoader(), new Class<?>[] {Slurm.class}, (proxy, method, args) -> {
                throw new AssertionError("unexpected Slurm call " + method.getName());
            });

    @TempDir
    Path home;

    record Result(int exitCode, String out, String err) {
    }

    Result run(String... args) {
        CliEnvironment env = new CliEnvironment(Map.of("MEM_ESCALATE_HOME", home.toString()), () -> NO_SLURM,
                Clock.fixed(T0.plusSeconds(3600), ZoneOffset.UTC), ZoneOffset.UTC, Terminal.PLAIN,
                Sleeper.THREAD_SLEEP);
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cmd = Main.commandLine(env);
        cmd.setOut(new PrintWriter(out));
        cmd.setErr(new PrintWriter(err));
        int code = cmd.execute(args);
        return new Result(code, out.toString(), err.toString());
    }

    /** One ended chain of two tasks, whose argument is markup. */
    private void storeChain() {
        try (ChainStore store = ChainStore.open(home.resolve("chains.db"))) {
            store.write(tx -> {
                tx.chains().insert(new ChainRecord("c0ffee01", T0, ChainStatus.RUNNING, Optional.empty(),
                        Path.of("/w/job.sh"), home.resolve("chains/c0ffee01/job.sh"),
                        List.of("<script>alert(1)</script>"), List.of(), "0-1", OptionalInt.empty(), "job.sh",
                        "%x.out", "%x.out", LADDER, Optional.empty(), 0, 0, Path.of("/w"),
                        home.resolve("chains/c0ffee01"), "host", "user"));
                tx.rounds().insert(new RoundRecord("c0ffee01", 1, 0, IndexSet.range(0, 1), OptionalInt.empty(),
                        RoundKind.INITIAL, RoundStatus.DONE, T0, Optional.of(T0), Optional.of(T0), Optional.of(T0),
                        List.of()));
                tx.outcomes().insert(List.of(
                        new TaskOutcomeRecord("c0ffee01", 0, FinalOutcome.COMPLETED, 1, 0, "completed"),
                        new TaskOutcomeRecord("c0ffee01", 1, FinalOutcome.COMPLETED, 1, 0, "completed")));
                tx.chains().updateStatus("c0ffee01", ChainStatus.COMPLETED, Optional.of(T0.plusSeconds(60)));
                return null;
            });
        }
    }

    @Test
    void generateReportWritesOneHtmlPage() throws Exception {
        storeChain();
        Path html = home.resolve("chain report.html");

        Result r = run("generate-report", "c0ffee01", "--format=html", "-o", html.toString());

        assertThat(r.exitCode()).as(r.err()).isEqualTo(ExitCodes.OK);
        assertThat(r.err()).contains("Wrote " + html);
        assertThat(Files.readString(html)).startsWith("<!DOCTYPE html>").contains("data-chain=\"c0ffee01\"")
                .contains("&lt;script&gt;alert(1)&lt;/script&gt;").doesNotContain("<script>alert");
        assertThat(run("generate-report", "--all", "--format=html").out()).startsWith("<!DOCTYPE html>")
                .endsWith("</html>\n");
    }

    @Test
    void serveRefusesABadPortOrRefreshBeforeReadingAnything() {
        Result port = run("serve", "--port=70000");
        assertThat(port.exitCode()).isEqualTo(ExitCodes.INVALID_INPUT);
        assertThat(port.err()).contains("--port=70000");
        Result refresh = run("serve", "--refresh=0");
        assertThat(refresh.exitCode()).isEqualTo(ExitCodes.INVALID_INPUT);
        assertThat(refresh.err()).contains("--refresh=0");
    }

    @Test
    void serveWithoutAStoreSaysWhereItLooked() {
        Result r = run("serve", "--port=0");
        assertThat(r.exitCode()).isEqualTo(ExitCodes.INVALID_INPUT);
        assertThat(r.err()).contains("no chains are tracked in " + home);
    }

    @Test
    void aPortInUseIsAnErrorThatSaysWhatToDo() throws IOException {
        storeChain();
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            Result r = run("serve", "--port=" + taken.getLocalPort());

            assertThat(r.exitCode()).isEqualTo(ExitCodes.INVALID_INPUT);
            assertThat(r.err()).contains("cannot listen on 127.0.0.1:" + taken.getLocalPort())
                    .contains("pick another --port");
        }
    }
}
