package dev.memescalate.doctor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.memescalate.config.ConfigLoader;
import dev.memescalate.ladder.Ladder;
import dev.memescalate.slurm.ClusterInfo;
import dev.memescalate.slurm.Fixtures;
import dev.memescalate.slurm.ScontrolParser;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class DoctorTest {
    /** When the sacct fixture was captured; its newest end is 17:20:49 (job 403). */
    private static final Clock CAPTURE_TIME = Clock.fixed(Instant.parse("2026-11-30T17:28:57Z"), ZoneOffset.UTC);
    private static final String JAR = "/sw/mem-escalate-0.1.0/lib/mem-escalate.jar";
    private static final String HOME_TRACKER = "/home/ana/.mem-escalate";
    private static final String SLURM_CONF = "/etc/slurm-lab/slurm.conf";
    private static final List<Path> PATH = List.of(Path.of("/home/ana/bin"), Path.of("/usr/bin"));

    private final FakeFiles files = new FakeFiles()
            .mount("/sw", "nfs4")
            .mount("/home", "nfs4")
            .file(JAR)
            .file(SLURM_CONF)
            .dir(HOME_TRACKER)
            .dir("/tmp")
            .executable("/usr/bin/sbatch").executable("/usr/bin/sacct").executable("/usr/bin/squeue")
            .executable("/usr/bin/scancel").executable("/usr/bin/scontrol");
    private final ReplayedSlurm slurm = new ReplayedSlurm(Fixtures::labCluster,
            () -> Fixtures.read("doctor/sacct-jobidraw-end.txt"));
    private Clock clock = CAPTURE_TIME;

    private Facts facts = new Facts();

    /** A healthy environment on a cluster with shared /home and /sw; tests change one thing. */
    private static final class Facts {
        int javaFeature = 17;
        Optional<Path> jar = Optional.of(Path.of(JAR));
        Optional<String> slurmConf = Optional.of(SLURM_CONF);
        List<Path> path = PATH;
        Path tracker = Path.of(HOME_TRACKER);
        String trackerSource = "the default";
        ConfigFact config = new ConfigFact.Absent(Path.of(HOME_TRACKER, "config.yaml"));

        DoctorFacts build() {
            return new DoctorFacts(javaFeature, javaFeature + ".0.15", Path.of("/usr/lib/jvm/java-" + javaFeature),
                    jar, "the running jar", slurmConf, path, "ana", tracker, trackerSource, config);
        }
    }

    private List<Finding> examine() {
        return new Doctor(files, slurm, clock, ZoneOffset.UTC).examine(facts.build());
    }

    private Finding finding(String check) {
        return examine().stream().filter(f -> f.check().equals(check)).findFirst().orElseThrow();
    }

    @Test
    void aHealthyEnvironmentPassesEveryCheckInPrintOrder() {
        List<Finding> findings = examine();

        assertThat(findings).extracting(Finding::check).containsExactly("java", "jar", "slurm.conf",
                "slurm commands", "slurmctld", "sacct", "tracker dir", "config");
        assertThat(findings).allSatisfy(f -> assertThat(f.severity()).as(f.toString()).isEqualTo(Severity.OK));
        assertThat(Doctor.allPassed(findings)).isTrue();
        assertThat(finding("slurmctld").message())
                .isEqualTo("cluster 'lab' answers: Slurm 22.05.8, 5 node(s) in 4 partition(s)");
        assertThat(finding("tracker dir").message()).contains("on nfs4, a network file system");
        assertThat(finding("slurm commands").message()).endsWith("in /usr/bin");
    }

    @Test
    void javaOlderThan17Fails() {
        facts.javaFeature = 11;

        Finding java = finding("java");

        assertThat(java.severity()).isEqualTo(Severity.FAIL);
        assertThat(java.message()).contains("11.0.15").contains("needs Java 17");
        assertThat(java.fix().orElseThrow()).contains("JAVA_HOME");
    }

    @Test
    void noJarToRunFailsAndSaysHowToStartMemEscalate() {
        facts.jar = Optional.empty();

        Finding jar = finding("jar");

        assertThat(jar.severity()).isEqualTo(Severity.FAIL);
        assertThat(jar.fix().orElseThrow()).contains("bin/mem-escalate").contains("MEM_ESCALATE_JAR");
    }

    @Test
    void aJarThatIsNotThereOrNotReadableFails() {
        facts.jar = Optional.of(Path.of("/sw/old/lib/mem-escalate.jar"));
        assertThat(finding("jar").severity()).isEqualTo(Severity.FAIL);
        assertThat(finding("jar").message()).contains("no such file");

        facts.jar = Optional.of(Path.of(JAR));
        files.unreadable(JAR);
        assertThat(finding("jar").severity()).isEqualTo(Severity.FAIL);
        assertThat(finding("jar").message()).contains("not readable");
    }

    @Test
    void aJarUnderTmpWarnsOnAClusterOfSeveralNodes() {
        files.file("/tmp/unpacked/lib/mem-escalate.jar");
        facts.jar = Optional.of(Path.of("/tmp/unpacked/lib/mem-escalate.jar"));

        Finding jar = finding("jar");

        assertThat(jar.severity()).isEqualTo(Severity.WARN);
        assertThat(jar.message()).contains("under /tmp").contains("5 nodes");
    }

    @Test
    void slurmConfNamingAMissingFileFailsAndSlurmIsNotAsked() {
        facts.slurmConf = Optional.of("/etc/slurm/nope.conf");

        List<Finding> findings = examine();

        assertThat(findings).filteredOn(f -> f.severity() == Severity.FAIL).extracting(Finding::check)
                .containsExactly("slurm.conf", "slurmctld", "sacct");
        assertThat(findings.get(2).message()).contains("SLURM_CONF=/etc/slurm/nope.conf: no such file");
        assertThat(slurm.asked).as("every Slurm command would retry for 60 s").isEmpty();
        assertThat(Doctor.allPassed(findings)).isFalse();
    }

    @Test
    void slurmConfUnsetUsesTheDefaultFileOrWarnsWithoutOne() {
        facts.slurmConf = Optional.empty();
        Finding unsetNoDefault = finding("slurm.conf");

        files.file("/etc/slurm/slurm.conf");
        Finding unsetWithDefault = finding("slurm.conf");

        assertThat(unsetNoDefault.severity()).isEqualTo(Severity.WARN);
        assertThat(unsetNoDefault.fix().orElseThrow()).contains("set SLURM_CONF");
        assertThat(unsetWithDefault.severity()).isEqualTo(Severity.OK);
        assertThat(unsetWithDefault.message()).contains("/etc/slurm/slurm.conf");
    }

    @Test
    void slurmCommandsMissingFromPathFail() {
        facts.path = List.of(Path.of("/home/ana/bin"));

        Finding commands = finding("slurm commands");

        assertThat(commands.severity()).isEqualTo(Severity.FAIL);
        assertThat(commands.message()).isEqualTo("not on PATH: sbatch, sacct, squeue, scancel, scontrol");
        assertThat(commands.fix().orElseThrow()).contains("Slurm module");
    }

    @Test
    void slurmctldNotAnsweringFailsWithSlurmsOwnWordsOnOneLine() {
        ReplayedSlurm down = new ReplayedSlurm(() -> {
            throw ReplayedSlurm.failure("scontrol", "slurm_load_partitions: Unable to contact slurm controller"
                    + " (connect failure)");
        }, () -> Fixtures.read("doctor/sacct-jobidraw-end.txt"));

        List<Finding> findings = new Doctor(files, down, clock, ZoneOffset.UTC).examine(facts.build());
        Finding controller = findings.get(4);

        assertThat(controller.severity()).isEqualTo(Severity.FAIL);
        assertThat(controller.message()).isEqualTo("scontrol failed (exit 1): slurm_load_partitions: Unable to"
                + " contact slurm controller (connect failure)");
        assertThat(controller.fix().orElseThrow()).contains("scontrol ping");
    }

    @Test
    void downOrDrainedNodesWarn() {
        String nodes = Fixtures.read("scontrol/show-node-o.txt")
                .replaceFirst("(NodeName=day2 .*?)State=IDLE", "$1State=DOWN+NOT_RESPONDING")
                .replaceFirst("(NodeName=week1 .*?)State=IDLE", "$1State=IDLE+DRAIN");
        ClusterInfo partlyDown = ScontrolParser.clusterInfo(Fixtures.read("scontrol/show-config.txt"),
                Fixtures.read("scontrol/show-partition-o.txt"), nodes);
        ReplayedSlurm replay = new ReplayedSlurm(() -> partlyDown, () -> "");

        Finding controller = new Doctor(files, replay, clock, ZoneOffset.UTC).controller(partlyDown);

        assertThat(controller.severity()).isEqualTo(Severity.WARN);
        assertThat(controller.message()).endsWith("2 down or drained: day2,week1");
    }

    @Test
    void sacctTellsHowLongAgoTheNewestJobEndedAndAsksOnlyAboutTheUsersLastDay() {
        Finding sacct = finding("sacct");

        assertThat(sacct.severity()).isEqualTo(Severity.OK);
        assertThat(sacct.message()).isEqualTo("answers; the newest end of a job of ana: 8m08s ago (job 403)");
        assertThat(slurm.sacctArgs).containsExactly(List.of("-X", "-n", "-P", "--user=ana", "-S",
                "2026-11-29T17:28:57", "-o", "JobIDRaw,End"));
    }

    @Test
    void sacctWithNoRecentJobsCannotTellHowCurrentItIs() {
        ReplayedSlurm quiet = new ReplayedSlurm(Fixtures::labCluster, () -> "406|Unknown\n");

        Finding sacct = new Doctor(files, quiet, clock, ZoneOffset.UTC).examine(facts.build()).get(5);

        assertThat(sacct.severity()).isEqualTo(Severity.OK);
        assertThat(sacct.message()).contains("no job of ana ended in the last 24 h");
    }

    @Test
    void aJobEndingAfterThisHostsNowMeansTheClocksDiffer() {
        clock = Clock.fixed(Instant.parse("2026-11-30T17:10:00Z"), ZoneOffset.UTC);

        Finding sacct = finding("sacct");

        assertThat(sacct.severity()).isEqualTo(Severity.WARN);
        assertThat(sacct.message()).contains("job 403").contains("10m49s after");
        assertThat(sacct.fix().orElseThrow()).contains("NTP");
    }

    /** "Slurm accounting storage is disabled": sacct's words without slurmdbd (SlurmErrors; not captured here). */
    @Test
    void sacctWithoutAccountingFailsAndSaysTheHandlersNeedIt() {
        ReplayedSlurm noAccounting = new ReplayedSlurm(Fixtures::labCluster, () -> {
            throw ReplayedSlurm.failure("sacct", "sacct: error: Slurm accounting storage is disabled");
        });

        Finding sacct = new Doctor(files, noAccounting, clock, ZoneOffset.UTC).examine(facts.build()).get(5);

        assertThat(sacct.severity()).isEqualTo(Severity.FAIL);
        assertThat(sacct.message()).contains("no job accounting");
        assertThat(sacct.fix().orElseThrow()).contains("slurmdbd");
    }

    @Test
    void aTrackerDirUnderTmpWarnsOnAClusterOfSeveralNodesAndSaysWhatToSet() {
        facts.tracker = Path.of("/tmp/mem-escalate-e2e-doctor/tracker");
        facts.trackerSource = "MEM_ESCALATE_HOME";
        files.dir("/tmp/mem-escalate-e2e-doctor/tracker");

        Finding tracker = finding("tracker dir");

        assertThat(tracker.severity()).isEqualTo(Severity.WARN);
        assertThat(tracker.message()).startsWith("/tmp/mem-escalate-e2e-doctor/tracker (MEM_ESCALATE_HOME):"
                + " writable").contains("under /tmp").contains("the cluster has 5 nodes");
        assertThat(tracker.fix().orElseThrow()).contains("MEM_ESCALATE_HOME").contains("every node mounts");
    }

    @Test
    void aNodeLocalTrackerDirIsFineOnAOneNodeCluster() {
        facts.tracker = Path.of("/tmp/t");
        files.dir("/tmp/t");

        Finding tracker = new Doctor(files, slurm, clock, ZoneOffset.UTC)
                .trackerDir(Path.of("/tmp/t"), "the default", java.util.OptionalInt.of(1));

        assertThat(tracker.severity()).isEqualTo(Severity.OK);
        assertThat(tracker.message()).contains("one node");
    }

    @Test
    void aTrackerDirOnTmpfsWarnsWhereverItIsMounted() {
        files.mount("/scratch/ana", "tmpfs");
        facts.tracker = Path.of("/scratch/ana/t");
        files.dir("/scratch/ana/t");

        Finding tracker = finding("tracker dir");

        assertThat(tracker.severity()).isEqualTo(Severity.WARN);
        assertThat(tracker.message()).contains("on tmpfs").contains("memory file system");
    }

    @Test
    void aTrackerDirOnALocalDiskOfAMultiNodeClusterWarnsThatTheNodesMustMountIt() {
        files.dir("/data/ana/t");
        facts.tracker = Path.of("/data/ana/t");

        Finding tracker = finding("tracker dir");

        assertThat(tracker.severity()).isEqualTo(Severity.WARN);
        assertThat(tracker.message()).contains("on ext4, a local file system of this host");
        assertThat(tracker.fix().orElseThrow()).contains("srun -N1 ls /data/ana/t");
    }

    @Test
    void aTrackerDirThatDoesNotExistYetIsCreatedInItsWritableParent() {
        facts.tracker = Path.of("/home/ana/chains/new");

        Finding tracker = finding("tracker dir");

        assertThat(tracker.severity()).isEqualTo(Severity.OK);
        assertThat(tracker.message()).contains("not there yet, submit creates it in /home/ana");
    }

    @Test
    void aTrackerDirThatCannotBeWrittenOrCreatedFails() {
        files.unwritable(HOME_TRACKER, "java.nio.file.AccessDeniedException: " + HOME_TRACKER);
        Finding notWritable = finding("tracker dir");

        files.dir("/readonly");
        files.unwritable("/readonly", "java.nio.file.FileSystemException: Read-only file system");
        facts.tracker = Path.of("/readonly/a/b");
        Finding notCreatable = finding("tracker dir");

        assertThat(notWritable.severity()).isEqualTo(Severity.FAIL);
        assertThat(notWritable.message()).contains("not writable").contains("AccessDeniedException");
        assertThat(notCreatable.severity()).isEqualTo(Severity.FAIL);
        assertThat(notCreatable.message()).contains("cannot be created in /readonly").contains("Read-only");
    }

    @Test
    void aTrackerPathThatIsAFileFails() {
        files.file("/home/ana/afile");
        facts.tracker = Path.of("/home/ana/afile");

        assertThat(finding("tracker dir").severity()).isEqualTo(Severity.FAIL);
        assertThat(finding("tracker dir").message()).contains("is not a directory");
    }

    @Test
    void whenSlurmctldDoesNotAnswerANodeLocalTrackerDirStillWarns() {
        ReplayedSlurm down = new ReplayedSlurm(() -> {
            throw ReplayedSlurm.failure("scontrol", "Unable to contact slurm controller");
        }, () -> "");
        files.dir("/tmp/t");
        facts.tracker = Path.of("/tmp/t");

        Finding tracker = new Doctor(files, down, clock, ZoneOffset.UTC).examine(facts.build()).get(6);

        assertThat(tracker.severity()).isEqualTo(Severity.WARN);
        assertThat(tracker.message()).contains("size is unknown");
    }

    @Test
    void aConfigOfSeparateLaddersIsDescribedByItsSteps() throws Exception {
        Path file = Path.of("../config/by-reason-separate.yaml");
        Ladder ladder = ConfigLoader.parse(Files.readString(file), file.toString()).ladder();
        Path levels = Path.of("../config/default.yaml");

        assertThat(ConfigFact.loaded(file, ladder, 0).ladder()).isEqualTo("separate ladders of 4 memory and 3 time"
                + " step(s)");
        assertThat(ConfigFact.loaded(levels, ConfigLoader.parse(Files.readString(levels), "d.yaml").ladder(), 0)
                .ladder()).matches("a ladder of \\d+ level\\(s\\)");
    }

    @Test
    void theConfigIsCheckedWhenThereIsOne() {
        facts.config = new ConfigFact.Invalid(Path.of("/home/ana/ladder.yaml"),
                "/home/ana/ladder.yaml:3: levels[0].mem: '2X' is not a memory size");
        Finding invalid = finding("config");
        facts.config = new ConfigFact.Loaded(Path.of("/home/ana/ladder.yaml"), "a ladder of 3 level(s)", 1);
        Finding withWarnings = finding("config");
        facts.config = new ConfigFact.Loaded(Path.of("/home/ana/ladder.yaml"), "a ladder of 3 level(s)", 0);
        Finding fine = finding("config");

        assertThat(invalid.severity()).isEqualTo(Severity.FAIL);
        assertThat(invalid.fix().orElseThrow()).isEqualTo("mem-escalate check-config /home/ana/ladder.yaml lists"
                + " every problem with its line");
        assertThat(withWarnings.severity()).isEqualTo(Severity.WARN);
        assertThat(fine.severity()).isEqualTo(Severity.OK);
        assertThat(fine.message()).isEqualTo("/home/ana/ladder.yaml: a ladder of 3 level(s)");
    }

    @Test
    void aWarnOrFailWithoutAFixIsRefused() {
        assertThatThrownBy(() -> new Finding("x", Severity.WARN, "bad", Optional.empty()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("must say how to fix it");
    }
}
