package dev.memescalate.doctor;

import dev.memescalate.observe.Durations;
import dev.memescalate.slurm.ClusterInfo;
import dev.memescalate.slurm.NodeInfo;
import dev.memescalate.slurm.Slurm;
import dev.memescalate.slurm.SlurmException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;

/**
 * The checks of {@code mem-escalate doctor}, in the order they are printed: Java, the handler jar, Slurm's
 * configuration, Slurm's commands, slurmctld, sacct, the tracker directory, the config. Each yields one
 * {@link Finding}; only Slurm is asked anything beyond the facts handed in, and only twice (scontrol through
 * {@link Slurm#clusterInfo()}, one small sacct).
 */
public final class Doctor {
    static final int MINIMUM_JAVA = 17;
    static final List<String> SLURM_COMMANDS = List.of("sbatch", "sacct", "squeue", "scancel", "scontrol");
    /** Where Debian's (and most) Slurm clients read their configuration when SLURM_CONF is unset. */
    static final Path DEFAULT_SLURM_CONF = Path.of("/etc/slurm/slurm.conf");
    /** How far back sacct is asked for the user's jobs: enough to see how current accounting is, cheap to answer. */
    static final Duration ACCOUNTING_WINDOW = Duration.ofDays(1);
    /**
     * A job end later than this host's clock by more than this means the clocks differ. Handlers ask sacct for jobs
     * since their submit time ({@code -S}), read on this host's clock: a host far ahead would miss jobs.
     */
    static final Duration CLOCK_SKEW_TOLERANCE = Duration.ofMinutes(1);
    /** sacct -S takes local time to the second. */
    private static final DateTimeFormatter SACCT_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss");
    /** Node states in which slurmctld does not start jobs (the state may carry flags: IDLE+DRAIN). */
    private static final List<String> UNUSABLE_NODE_STATES = List.of("DOWN", "DRAIN", "FAIL", "NOT_RESPONDING",
            "FUTURE", "POWERED_DOWN", "INVALID");

    private final FileFacts files;
    private final Slurm slurm;
    private final Clock clock;
    private final ZoneId zone;

    /** @param zone the time zone sacct prints its times in (this host's) */
    public Doctor(FileFacts files, Slurm slurm, Clock clock, ZoneId zone) {
        this.files = files;
        this.slurm = slurm;
        this.clock = clock;
        this.zone = zone;
    }

    /** Every check, in print order. */
    public List<Finding> examine(DoctorFacts facts) {
        Finding slurmConf = slurmConfig(facts.slurmConf());
        // With SLURM_CONF naming a missing file every Slurm command retries for 60 s before failing: do not ask.
        boolean slurmConfMissing = slurmConf.severity() == Severity.FAIL;
        Optional<ClusterInfo> cluster = Optional.empty();
        Finding controller;
        if (slurmConfMissing) {
            controller = notAsked("slurmctld");
        } else {
            try {
                ClusterInfo info = slurm.clusterInfo();
                cluster = Optional.of(info);
                controller = controller(info);
            } catch (SlurmException e) {
                controller = Finding.fail("slurmctld", e.getMessage(), "check that slurmctld runs (scontrol ping)"
                        + " and that SLURM_CONF names this cluster's slurm.conf");
            }
        }
        OptionalInt nodes = cluster.map(c -> OptionalInt.of(c.nodes().size())).orElse(OptionalInt.empty());
        List<Finding> findings = new ArrayList<>();
        findings.add(java(facts));
        findings.add(jar(facts, nodes));
        findings.add(slurmConf);
        findings.add(commands(facts.path()));
        findings.add(controller);
        findings.add(slurmConfMissing ? notAsked("sacct") : accounting(facts.userName()));
        findings.add(trackerDir(facts.trackerDir(), facts.trackerDirSource(), nodes));
        findings.add(config(facts.config()));
        return List.copyOf(findings);
    }

    /** True when no finding is a FAIL: {@code doctor} then exits 0. */
    public static boolean allPassed(List<Finding> findings) {
        return findings.stream().noneMatch(f -> f.severity() == Severity.FAIL);
    }

    Finding java(DoctorFacts facts) {
        String what = "Java " + facts.javaVersion() + " at " + facts.javaHome();
        if (facts.javaFeatureVersion() < MINIMUM_JAVA) {
            return Finding.fail("java", what + ": mem-escalate needs Java " + MINIMUM_JAVA + " or later",
                    "set JAVA_HOME to a Java " + MINIMUM_JAVA + "+ (bin/mem-escalate runs $JAVA_HOME/bin/java), or"
                            + " load a newer Java module");
        }
        return Finding.ok("java", what + " (the handler jobs run this Java too)");
    }

    Finding jar(DoctorFacts facts, OptionalInt nodes) {
        if (facts.handlerJar().isEmpty()) {
            return Finding.fail("jar", "cannot tell which jar the handler jobs would run: this mem-escalate is not"
                    + " running from its jar", "start it through bin/mem-escalate, or set MEM_ESCALATE_JAR to"
                    + " PREFIX/lib/mem-escalate.jar");
        }
        Path jar = facts.handlerJar().get();
        String what = jar + " (" + facts.handlerJarSource() + ")";
        String fixPath = "set MEM_ESCALATE_JAR to the release's lib/mem-escalate.jar, or unset it";
        if (!files.isRegularFile(jar)) {
            return Finding.fail("jar", what + ": no such file", fixPath);
        }
        if (!files.isReadable(jar)) {
            return Finding.fail("jar", what + ": not readable", "make it readable (chmod a+r), or " + fixPath);
        }
        Optional<Path> localRoot = SharedPaths.nodeLocalRoot(jar);
        boolean notOnEveryNode = localRoot.isPresent() && nodes.orElse(Integer.MAX_VALUE) > 1;
        if (notOnEveryNode) {
            return Finding.warn("jar", what + " is under " + localRoot.get() + ", which every node has its own of;"
                    + nodeCount(nodes) + " handler jobs on another node could not start",
                    "install mem-escalate under a directory every node mounts (see README: Install); ignore this"
                            + " only when every node runs on this machine");
        }
        return Finding.ok("jar", what + ": the handler jobs run it");
    }

    Finding slurmConfig(Optional<String> slurmConf) {
        if (slurmConf.isPresent() && !slurmConf.get().isBlank()) {
            Path conf = Path.of(slurmConf.get());
            String fix = "point SLURM_CONF at the cluster's slurm.conf, or unset it to use " + DEFAULT_SLURM_CONF;
            if (!files.isRegularFile(conf)) {
                return Finding.fail("slurm.conf", "SLURM_CONF=" + conf + ": no such file (every Slurm command would"
                        + " retry for 60 s, then fail)", fix);
            }
            if (!files.isReadable(conf)) {
                return Finding.fail("slurm.conf", "SLURM_CONF=" + conf + ": not readable", fix);
            }
            return Finding.ok("slurm.conf", "SLURM_CONF=" + conf);
        }
        if (files.isRegularFile(DEFAULT_SLURM_CONF) && files.isReadable(DEFAULT_SLURM_CONF)) {
            return Finding.ok("slurm.conf", "SLURM_CONF is unset: Slurm reads " + DEFAULT_SLURM_CONF);
        }
        return Finding.warn("slurm.conf", "SLURM_CONF is unset and there is no " + DEFAULT_SLURM_CONF + ": Slurm"
                + " finds its cluster only in a configless setup (slurmd or a DNS SRV record)",
                "if slurmctld below fails, set SLURM_CONF to the path of the cluster's slurm.conf");
    }

    Finding commands(List<Path> path) {
        List<String> missing = new ArrayList<>();
        Set<Path> foundIn = new LinkedHashSet<>();
        for (String command : SLURM_COMMANDS) {
            Optional<Path> dir = path.stream().filter(d -> files.isExecutable(d.resolve(command))).findFirst();
            dir.ifPresentOrElse(foundIn::add, () -> missing.add(command));
        }
        if (!missing.isEmpty()) {
            return Finding.fail("slurm commands", "not on PATH: " + String.join(", ", missing),
                    "load the Slurm module, or run mem-escalate on a login node of the cluster");
        }
        return Finding.ok("slurm commands", String.join(", ", SLURM_COMMANDS) + " in "
                + String.join(", ", foundIn.stream().map(Path::toString).toList()));
    }

    Finding controller(ClusterInfo info) {
        List<String> unusable = info.nodes().stream().filter(Doctor::isUnusable).map(NodeInfo::name).toList();
        String what = "cluster '" + info.clusterName() + "' answers: Slurm " + info.slurmVersion() + ", "
                + info.nodes().size() + " node(s) in " + info.partitions().size() + " partition(s)";
        if (!unusable.isEmpty()) {
            return Finding.warn("slurmctld", what + "; " + unusable.size() + " down or drained: "
                    + String.join(",", unusable), "jobs wait until nodes come back: sinfo -R says why they are out");
        }
        return Finding.ok("slurmctld", what);
    }

    private static boolean isUnusable(NodeInfo node) {
        String state = node.state().toUpperCase(Locale.ROOT);
        return UNUSABLE_NODE_STATES.stream().anyMatch(state::contains);
    }

    Finding accounting(String user) {
        LocalDateTime now = LocalDateTime.now(clock.withZone(zone)).truncatedTo(ChronoUnit.SECONDS);
        List<String> args = List.of("-X", "-n", "-P", "--user=" + user, "-S",
                now.minus(ACCOUNTING_WINDOW).format(SACCT_TIME), "-o", "JobIDRaw,End");
        String answer;
        try {
            answer = slurm.accounting(args);
        } catch (SlurmException e) {
            boolean disabled = e.stderr().toLowerCase(Locale.ROOT).contains("accounting storage is disabled");
            if (disabled) {
                return Finding.fail("sacct", "Slurm keeps no job accounting on this cluster (sacct: accounting"
                        + " storage is disabled)", "the handler jobs read every task's end from sacct: ask the"
                        + " admins for slurmdbd accounting (AccountingStorageType=accounting_storage/slurmdbd)");
            }
            return Finding.fail("sacct", e.getMessage(), "check slurmdbd (sacctmgr show cluster): the handler jobs"
                    + " read every task's end from sacct");
        }
        Optional<JobEnd> newest = newestEnd(answer);
        if (newest.isEmpty()) {
            return Finding.ok("sacct", "answers; no job of " + user + " ended in the last "
                    + ACCOUNTING_WINDOW.toHours() + " h, so how current it is cannot be told");
        }
        Duration age = Duration.between(newest.get().end(), now);
        if (age.negated().compareTo(CLOCK_SKEW_TOLERANCE) > 0) {
            return Finding.warn("sacct", "job " + newest.get().jobId() + " ended at " + newest.get().end() + ", "
                    + Durations.compact(age.negated()) + " after this host's clock says it is now",
                    "this host's clock and the Slurm servers' differ: ask the admins to check NTP (handlers ask"
                            + " sacct for jobs since a time read on this clock)");
        }
        return Finding.ok("sacct", "answers; the newest end of a job of " + user + ": "
                + Durations.compact(age) + " ago (job " + newest.get().jobId() + ")");
    }

    private record JobEnd(String jobId, LocalDateTime end) {}

    /** The latest End of {@code JobIDRaw|End} lines; running jobs (End=Unknown) and unreadable lines are skipped. */
    private static Optional<JobEnd> newestEnd(String sacctAnswer) {
        JobEnd newest = null;
        for (String line : sacctAnswer.split("\n")) {
            String[] fields = line.strip().split("\\|", -1);
            if (fields.length < 2) {
                continue;
            }
            try {
                LocalDateTime end = LocalDateTime.parse(fields[1]);
                if (newest == null || end.isAfter(newest.end())) {
                    newest = new JobEnd(fields[0], end);
                }
            } catch (DateTimeParseException unknownOrNone) {
                // "Unknown": still running.
            }
        }
        return Optional.ofNullable(newest);
    }

    Finding trackerDir(Path dir, String source, OptionalInt nodes) {
        String what = dir + " (" + source + ")";
        String choose = "choose another with MEM_ESCALATE_HOME or --tracker-dir";
        Path existing = dir;
        while (!files.exists(existing) && existing.getParent() != null) {
            existing = existing.getParent();
        }
        if (!files.isDirectory(existing)) {
            return Finding.fail("tracker dir", what + ": " + existing + " is not a directory", choose);
        }
        Optional<String> cannotWrite = files.tryWrite(existing);
        if (cannotWrite.isPresent()) {
            String where = existing.equals(dir) ? "not writable" : "cannot be created in " + existing;
            return Finding.fail("tracker dir", what + ": " + where + " (" + cannotWrite.get() + ")",
                    "make it writable, or " + choose);
        }
        String state = existing.equals(dir) ? "writable" : "not there yet, submit creates it in " + existing;
        Optional<String> type = files.fileSystemType(existing);
        String onType = type.map(t -> ", on " + t).orElse("");
        int nodeCount = nodes.orElse(-1);
        String fixShared = "set MEM_ESCALATE_HOME (or the config's tracker_dir) to a directory every node mounts,"
                + " e.g. under your home directory";
        return switch (SharedPaths.classify(existing, type)) {
            case SHARED -> Finding.ok("tracker dir", what + ": " + state + onType + ", a network file system");
            case NODE_LOCAL -> nodeCount == 1
                    ? Finding.ok("tracker dir", what + ": " + state + onType + "; node-local, which is fine while the"
                            + " cluster has one node")
                    : Finding.warn("tracker dir", what + ": " + state + onType + ", but "
                            + SharedPaths.nodeLocalRoot(existing).map(r -> "under " + r).orElse("on a memory file"
                                    + " system") + ", which every node has its own of;" + nodeCount(nodes)
                            + " a handler job on another node would not find the store", fixShared
                            + "; ignore this only when every node runs on this machine (a one-machine test cluster)");
            case UNKNOWN -> nodeCount > 1
                    ? Finding.warn("tracker dir", what + ": " + state + onType + ", a local file system of this"
                            + " host, and the cluster has " + nodeCount + " nodes: handler jobs find the store only"
                            + " if every node mounts this directory", "check that the nodes see it (srun -N1 ls "
                            + dir + "), or " + fixShared)
                    : Finding.ok("tracker dir", what + ": " + state + onType);
        };
    }

    private static String nodeCount(OptionalInt nodes) {
        return nodes.isPresent() ? " the cluster has " + nodes.getAsInt() + " nodes:" : " the cluster's size is"
                + " unknown (slurmctld did not answer):";
    }

    static Finding config(ConfigFact config) {
        if (config instanceof ConfigFact.Loaded loaded) {
            String what = loaded.file() + ": " + loaded.ladder();
            return loaded.warnings() == 0
                    ? Finding.ok("config", what)
                    : Finding.warn("config", what + ", with " + loaded.warnings() + " warning(s)",
                            "mem-escalate check-config " + loaded.file() + " shows them");
        }
        if (config instanceof ConfigFact.Invalid invalid) {
            return Finding.fail("config", invalid.problem(),
                    "mem-escalate check-config " + invalid.file() + " lists every problem with its line");
        }
        ConfigFact.Absent absent = (ConfigFact.Absent) config;
        return Finding.ok("config", "no --config and no " + absent.defaultFile() + ": submit needs --config FILE");
    }

    private static Finding notAsked(String check) {
        return Finding.fail(check, "not asked: Slurm's configuration file is missing (see slurm.conf)",
                "fix SLURM_CONF first");
    }
}
