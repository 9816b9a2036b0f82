package dev.memescalate.engine;

import dev.memescalate.config.ConfigLoader;
import dev.memescalate.config.EscalationConfig;
import dev.memescalate.indexset.ArraySpec;
import dev.memescalate.slurm.Fixtures;
import dev.memescalate.store.AttemptRecord;
import dev.memescalate.store.ChainRecord;
import dev.memescalate.store.ChainStatus;
import dev.memescalate.store.ChainStore;
import dev.memescalate.store.EventRecord;
import dev.memescalate.store.JobKey;
import dev.memescalate.store.JobRecord;
import dev.memescalate.store.JobRole;
import dev.memescalate.store.RoundKind;
import dev.memescalate.store.RoundRecord;
import dev.memescalate.store.TaskOutcomeRecord;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * A chain store in a temporary directory, a fake Slurm, a clock that only moves when the engine waits, and the engine
 * built on them. {@link #createChain} records a chain and its planned first round as {@code submit} would, without
 * writing the chain directory.
 */
final class EngineHarness implements AutoCloseable {
    static final Instant T0 = Instant.parse("2026-11-21T19:41:00Z");
    static final String OWNER = "test-host:4242";
    /** The zone the fake sacct's times are read in. */
    static final java.time.ZoneId SACCT_ZONE = java.time.ZoneId.systemDefault();

    /** A small ladder on the lab cluster's partitions; the handler runs on pi_jetz (MaxTime 8 min). */
    static final String LADDER = """
            levels:
              - partition: day
                mem: 200M
                time: 1
              - partition: day
                mem: 1G
                time: 1
              - partition: week
                mem: 2G
                time: 2
            handler:
              partition: pi_jetz
              mem: 512M
              time: 5
            sacct_timeout: 2m
            """;

    final Path dir;
    final Path workDir;
    final ChainStore store;
    final MutableClock clock = new MutableClock(T0);
    final RecordingSleeper sleeper = new RecordingSleeper(clock);
    final FakeSlurm slurm = new FakeSlurm();
    private int chains;

    EngineHarness(Path tempDir) {
        this.dir = tempDir;
        this.workDir = tempDir.resolve("work dir");
        this.store = ChainStore.open(tempDir.resolve("tracker").resolve("chains.db"));
    }

    /** What a test chain is submitted with; {@link #defaults} then the wither of what the test is about. */
    record ChainSpec(String yaml, String arraySpec, OptionalInt throttle, OptionalInt maxLevel,
            List<String> sbatchOptions) {
        static ChainSpec defaults(String arraySpec) {
            return new ChainSpec(LADDER, arraySpec, OptionalInt.empty(), OptionalInt.empty(), List.of());
        }

        ChainSpec yaml(String otherYaml) {
            return new ChainSpec(otherYaml, arraySpec, throttle, maxLevel, sbatchOptions);
        }

        ChainSpec throttle(int n) {
            return new ChainSpec(yaml, arraySpec, OptionalInt.of(n), maxLevel, sbatchOptions);
        }

        ChainSpec maxLevel(int level) {
            return new ChainSpec(yaml, arraySpec, throttle, OptionalInt.of(level), sbatchOptions);
        }

        /** submit's sbatch options, as the store keeps them ({@code --account=bio}). */
        ChainSpec sbatchOptions(String... args) {
            return new ChainSpec(yaml, arraySpec, throttle, maxLevel, List.of(args));
        }
    }

    ChainRecord createChain(String arraySpec) {
        return createChain(ChainSpec.defaults(arraySpec));
    }

    /** Records the chain and its first round (PLANNED, every job INTENDED) in one transaction. */
    ChainRecord createChain(ChainSpec spec) {
        EscalationConfig config = ConfigLoader.parse(spec.yaml(), "test.yaml");
        String id = "c0ffee" + String.format("%02d", ++chains);
        Path chainDir = dir.resolve("tracker").resolve("chains").resolve(id);
        ChainRecord chain = new ChainRecord(id, clock.instant(), ChainStatus.SUBMITTING, Optional.empty(),
                workDir.resolve("run job.sh"), chainDir.resolve("run job.sh"), List.of("two words", "$(x);y"),
                List.of("FOO=bar"), spec.arraySpec(), spec.throttle(), "run job.sh",
                chainDir.resolve("%x-%A_%a.out").toString(), chainDir.resolve("%x-%A_%a.out").toString(),
                config.yamlText(), Optional.empty(), 0, spec.maxLevel().orElse(config.ladder().topLevel()), workDir,
                chainDir, "login-host", "alice", spec.sbatchOptions());
        try {
            // What submit writes that a renumbered round reads: the chain's directory and its script snapshot.
            Files.createDirectories(chainDir);
            Files.writeString(chain.scriptSnapshotPath(), "#!/bin/bash\n#SBATCH --comment=harness\necho \"$@\"\n");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        ChainLimits limits = ChainLimits.of(Fixtures.labCluster(), config, java.util.Optional.empty());
        RoundPlanner.PlannedRound first = RoundPlanner.plan(chain, 1, config.ladder(),
                dev.memescalate.ladder.LevelPair.lockstep(0), config.chainOptions().byReason(),
                ArraySpec.parse(spec.arraySpec()).indices(), OptionalInt.empty(), spec.throttle(), RoundKind.INITIAL,
                List.of(),
                limits, clock.instant());
        store.write(tx -> {
            tx.chains().insert(chain);
            tx.chains().setLimits(chain.id(), limits.toJson());
            tx.rounds().insert(first.round());
            first.jobs().forEach(tx.jobs()::insert);
            return null;
        });
        return chain;
    }

    /** The notification commands the engine ran, instead of running them. */
    final RecordingCommands commands = new RecordingCommands();

    Engine engine() {
        return new Engine(store, slurm, clock, sleeper, OWNER, SACCT_ZONE, java.nio.file.Files::exists, commands,
                TaskLauncherFiles.ON_DISK);
    }

    RoundSubmitter submitter() {
        return engine().submitter();
    }

    RoundHandler handler() {
        return engine().handler();
    }

    /** Round {@code n} submitted: the fake's id of its single array job. */
    String submitRound(ChainRecord chain, int n) {
        submitter().submit(chain.id(), n);
        return arrayJobId(chain, n, 0);
    }

    String arrayJobId(ChainRecord chain, int round, int part) {
        return job(chain, round, JobRole.ARRAY, part).slurmJobId().orElseThrow();
    }

    JobRecord job(ChainRecord chain, int round, JobRole role, int part) {
        return store.read(tx -> tx.jobs().find(new JobKey(chain.id(), round, role, part))).orElseThrow();
    }

    List<JobRecord> jobs(ChainRecord chain) {
        return store.read(tx -> tx.jobs().forChain(chain.id()));
    }

    ChainRecord chain(ChainRecord chain) {
        return store.read(tx -> tx.chains().find(chain.id())).orElseThrow();
    }

    RoundRecord round(ChainRecord chain, int n) {
        return store.read(tx -> tx.rounds().find(chain.id(), n)).orElseThrow();
    }

    List<RoundRecord> rounds(ChainRecord chain) {
        return store.read(tx -> tx.rounds().forChain(chain.id()));
    }

    List<TaskOutcomeRecord> outcomes(ChainRecord chain) {
        return store.read(tx -> tx.outcomes().forChain(chain.id()));
    }

    List<AttemptRecord> attempts(ChainRecord chain) {
        return store.read(tx -> tx.attempts().forChain(chain.id()));
    }

    List<EventRecord> events(ChainRecord chain) {
        return store.read(tx -> tx.events().forChain(chain.id()));
    }

    void advance(Duration d) {
        clock.advance(d);
    }

    @Override
    public void close() {
        store.close();
    }
}
