package dev.memescalate.cli.command;

import static org.assertj.core.api.Assertions.assertThat;

import dev.memescalate.cli.CliEnvironment;
import dev.memescalate.cli.ExitCodes;
import dev.memescalate.cli.Main;
import dev.memescalate.cli.Terminal;
import dev.memescalate.slurm.ClusterInfo;
import dev.memescalate.slurm.NodeInfo;
import dev.memescalate.slurm.PartitionInfo;
import dev.memescalate.slurm.Sleeper;
import dev.memescalate.slurm.Slurm;
import dev.memescalate.slurm.SlurmUnavailableException;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.lang.reflect.Proxy;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * {@code doctor} as a command: the facts it gathers from a real (temporary) file system and the environment, its
 * output and exit code. The rules themselves are tested in escalate-lib's DoctorTest.
 */
class DoctorCommandTest {
    private static final Clock NOW = Clock.fixed(Instant.parse("2026-11-30T17:28:57Z"), ZoneOffset.UTC);
    /** One node, so a tracker directory under /tmp (where @TempDir is) is fine. */
    private static final ClusterInfo ONE_NODE = new ClusterInfo("solo", "22.05.8", 1001, Duration.ofSeconds(300),
            "NO", List.of(new PartitionInfo("main", true, "UP", Optional.of(Duration.ofMinutes(60)), Optional.empty(),
                    List.of("n1"), OptionalLong.empty())),
            List.of(new NodeInfo("n1", 4096, 4, "IDLE", List.of("main"))));

    @TempDir
    Path dir;

    private final Map<String, String> variables = new HashMap<>();

    @BeforeEach
    void aUsableEnvironment() throws IOException {
        Path bin = Files.createDirectories(dir.resolve("slurm bin"));
        for (String command : List.of("sbatch", "sacct", "squeue", "scancel", "scontrol")) {
            Files.writeString(bin.resolve(command), "#!/bin/sh\nexit 99\n");
            Files.setPosixFilePermissions(bin.resolve(command), PosixFilePermissions.fromString("rwxr-xr-x"));
        }
        variables.put("PATH", bin.toString());
        variables.put("SLURM_CONF", Files.writeString(dir.resolve("slurm.conf"), "ClusterName=solo\n").toString());
        variables.put("MEM_ESCALATE_JAR", Files.writeString(dir.resolve("mem-escalate.jar"), "PK").toString());
        variables.put("MEM_ESCALATE_HOME", dir.resolve("tracker").toString());
    }

    private record Result(int exitCode, String out, String err) {}

    private Result doctor(Slurm slurm, String... args) {
        CliEnvironment env = new CliEnvironment(Map.copyOf(variables), () -> slurm, NOW, ZoneOffset.UTC,
                Terminal.PLAIN, Sleeper.THREAD_SLEEP);
        CommandLine cmd = Main.commandLine(env);
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        cmd.setOut(new PrintWriter(out));
        cmd.setErr(new PrintWriter(err));
        String[] argv = new String[args.length + 1];
        argv[0] = "doctor";
        System.arraycopy(args, 0, argv, 1, args.length);
        int code = cmd.execute(argv);
        return new Result(code, out.toString(), err.toString());
    }

    /** scontrol and sacct answer as on a one-node cluster; anything else asked is a test failure. */
    private static Slurm answering(String sacct) {
        return (Slurm) Proxy.newProxyInstance(Slurm.class.getClassLoader(), new Class<?>[] {Slurm.class},
                (proxy, method, args) -> switch (method.getName()) {
                    case "clusterInfo" -> ONE_NODE;
                    case "accounting" -> sacct;
                    default -> throw new AssertionError("doctor must not call " + method.getName());
                });
    }

    private static Slurm unreachable() {
        return (Slurm) Proxy.newProxyInstance(Slurm.class.getClassLoader(), new Class<?>[] {Slurm.class},
                (proxy, method, args) -> {
                    throw new SlurmUnavailableException("'" + method.getName() + "' was not found on PATH",
                            List.of(method.getName()), "", null);
                });
    }

    @Test
    void aUsableEnvironmentPrintsOneOkLinePerCheckAndExitsZero() {
        Result r = doctor(answering("12|2026-11-30T17:20:49\n"));

        assertThat(r.exitCode()).as(r.out() + r.err()).isEqualTo(ExitCodes.OK);
        List<String> lines = r.out().lines().toList();
        assertThat(lines).hasSize(9);
        assertThat(lines.subList(0, 8)).allSatisfy(line -> assertThat(line).startsWith("OK    "));
        assertThat(lines.get(1)).contains(dir.resolve("mem-escalate.jar").toString()).contains("(MEM_ESCALATE_JAR)");
        assertThat(lines.get(6)).contains(dir.resolve("tracker") + " (MEM_ESCALATE_HOME): not there yet, submit"
                + " creates it in " + dir).contains("one node");
        assertThat(lines.get(8)).isEqualTo("All 8 checks passed.");
        assertThat(r.err()).isEmpty();
    }

    @Test
    void unreachableSlurmFailsWithTheFixAndExitsOne() {
        Result r = doctor(unreachable());

        assertThat(r.exitCode()).isEqualTo(ExitCodes.WORK_FAILED);
        assertThat(r.out()).containsPattern("(?m)^FAIL  slurmctld +'clusterInfo' was not found on PATH -> fix: ")
                .containsPattern("(?m)^FAIL  sacct +")
                .contains("the cluster's size is unknown");
        assertThat(r.err()).isEmpty();
    }

    @Test
    void anInvalidConfigIsReportedWithItsLineAndTheTrackerDirStillChecked() throws IOException {
        Path config = Files.writeString(dir.resolve("ladder.yaml"), "levels:\n  - partition: main\n    mem: 2X\n"
                + "    time: 10\n");

        Result r = doctor(answering(""), "--config", config.toString());

        assertThat(r.exitCode()).isEqualTo(ExitCodes.WORK_FAILED);
        assertThat(r.out()).containsPattern("(?m)^FAIL  config +.*ladder.yaml.*:3")
                .containsPattern("(?m)^OK    tracker dir ");
    }

    @Test
    void aMissingSlurmConfFailsWithoutAskingSlurm() {
        variables.put("SLURM_CONF", dir.resolve("nope.conf").toString());

        Result r = doctor(answering("must not be asked"));

        assertThat(r.exitCode()).isEqualTo(ExitCodes.WORK_FAILED);
        assertThat(r.out()).containsPattern("(?m)^FAIL  slurm.conf +SLURM_CONF=.*nope.conf: no such file")
                .containsPattern("(?m)^FAIL  slurmctld +not asked");
    }
}
