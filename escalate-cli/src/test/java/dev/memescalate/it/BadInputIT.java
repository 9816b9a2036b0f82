package dev.memescalate.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The bad inputs of issue 8 that need the real cluster: its own limits as scontrol tells them now (MaxArraySize,
 * partitions, their MaxTime, the nodes' memory), and a script that root can read but the user cannot. Everything
 * else is refused in BadInputTest without a cluster. Each row: exit code 2, one message, no stack trace, nothing in
 * the tracker directory, and no job of the row's name in squeue.
 */
class BadInputIT {
    private static final String LADDER = """
            levels:
              - partition: day
                mem: 200M
                time: 1
              - partition: week
                mem: 2G
                time: 2
            handler:
              partition: pi_jetz
            """;

    private static SlurmTestCluster cluster;

    @BeforeAll
    static void connect() {
        cluster = SlurmTestCluster.connect();
    }

    static List<Arguments> refusals() {
        return List.of(
                // Only with index_mapping: never: auto (the default) runs them under other indices.
                Arguments.of("an index above MaxArraySize", LADDER + "index_mapping: never\n", "0-20000",
                        "--array=0-20000: index 20000 in \"0-20000\" is not below MaxArraySize 10001",
                        "the highest index this cluster accepts is 10000"),
                Arguments.of("the index MaxArraySize itself", LADDER + "index_mapping: never\n", "5,10001",
                        "not below MaxArraySize 10001",
                        "10000"),
                Arguments.of("an unknown partition", LADDER.replace("partition: week", "partition: nosuch"), "0-9",
                        "'nosuch' does not exist", "devel"),
                Arguments.of("a partition list with an unknown one", LADDER.replace("partition: week",
                        "partition: week,nosuch"), "0-9", "nosuch", "does not exist"),
                Arguments.of("a time above every partition's MaxTime", LADDER.replace("time: 2", "time: 5"), "0-9",
                        "level 1", "MaxTime"),
                Arguments.of("memory above every node", LADDER.replace("mem: 2G", "mem: 20G"), "0-9", "level 1",
                        "memory"),
                Arguments.of("a handler partition that cannot run it", LADDER.replace("partition: pi_jetz",
                        "partition: devel\n  time: 10") + "sacct_timeout: 2m\n", "0-9",
                        "handler: partition 'devel' allows at most 1 minute (MaxTime), but the handler asks for 10"
                                + " minutes", "choose a partition with a longer MaxTime or lower the handler's time"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("refusals")
    void isRefusedBeforeAnythingIsSubmittedOrWritten(String what, String ladder, String array, String mention1,
            String mention2) throws IOException {
        ChainHarness h = new ChainHarness(cluster, "badinput");
        Path config = h.write("ladder.yaml", ladder);
        Path script = h.write("job.sh", "#!/bin/sh\necho hi\n");
        String jobName = "bi-" + UUID.randomUUID().toString().substring(0, 8);

        ChainHarness.Run run = h.run(List.of("submit", "--array=" + array, "--config=" + config,
                "--job-name=" + jobName, script.toString()), Map.of());

        assertRefused(run, 2, h, jobName);
        assertThat(run.stderr()).contains(mention1, mention2);
    }

    /**
     * A script only root can read, submitted by {@code nobody} (setpriv): root reads any file whatever its mode, so
     * this is the one way to see the check refuse for real.
     */
    @Test
    void aScriptTheUserCannotReadIsRefused() throws IOException {
        ChainHarness h = new ChainHarness(cluster, "unreadable", asNobody());
        Path script = h.write("job.sh", "#!/bin/sh\necho hi\n");
        Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rw-------"));
        Path config = h.write("ladder.yaml", LADDER);
        Files.setPosixFilePermissions(config, PosixFilePermissions.fromString("rw-r--r--"));
        openForNobody(h);
        String jobName = "bi-" + UUID.randomUUID().toString().substring(0, 8);

        ChainHarness.Run run = h.run(List.of("submit", "--array=0-3", "--config=" + config, "--job-name=" + jobName,
                script.toString()), Map.of());

        assertRefused(run, 2, h, jobName);
        assertThat(run.stderr()).isEqualTo("mem-escalate: script " + script + ": not readable by you; check its"
                + " permissions\n");
    }

    private static void assertRefused(ChainHarness.Run run, int exitCode, ChainHarness h, String jobName)
            throws IOException {
        assertThat(run.exitCode()).as("%s%n%s", run.stderr(), run.stdout()).isEqualTo(exitCode);
        assertThat(run.stderr()).startsWith("mem-escalate: ").doesNotContain("Exception", "at dev.", "\tat ");
        assertThat(run.stdout()).isEmpty();
        try (var entries = Files.list(h.home)) {
            assertThat(entries.toList()).as("the tracker directory").isEmpty();
        }
        assertThat(cluster.runOk(List.of("squeue", "-h", "-o", "%i %j")).stdout()).as("squeue")
                .doesNotContain(jobName);
    }

    /** A launcher that runs bin/mem-escalate as nobody. */
    private static Path asNobody() throws IOException {
        Path dir = Files.createTempDirectory("mem-escalate-as-nobody-");
        Path launcher = Files.writeString(dir.resolve("mem-escalate"), "#!/bin/sh\nexec setpriv --reuid=nobody"
                + " --regid=nogroup --clear-groups -- '" + ChainHarness.LAUNCHER + "' \"$@\"\n");
        Files.setPosixFilePermissions(launcher, PosixFilePermissions.fromString("rwxr-xr-x"));
        return launcher;
    }

    /** nobody must reach the harness's work directory (created 0700 under a 0700 temporary directory). */
    private static void openForNobody(ChainHarness h) throws IOException {
        for (Path p : List.of(h.work.getParent(), h.work, h.home)) {
            Files.setPosixFilePermissions(p, PosixFilePermissions.fromString("rwxrwxrwx"));
        }
    }
}
