package dev.memescalate.engine;

import dev.memescalate.indexset.IndexSet;
import dev.memescalate.ladder.Ladder;
import dev.memescalate.ladder.Level;
import dev.memescalate.ladder.LevelPair;
import dev.memescalate.store.ChainRecord;
import dev.memescalate.store.JobKey;
import dev.memescalate.store.JobRecord;
import dev.memescalate.store.JobRole;
import dev.memescalate.store.RoundKind;
import dev.memescalate.store.RoundRecord;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * Plans a round: puts its indices into array jobs that Slurm accepts ({@link ArrayParts}: split, or renumbered
 * through the task launcher) and records every job the round needs as an
 * intent, before anything is submitted. Pure.
 */
public final class RoundPlanner {
    /** The handler script's name inside the chain directory. */
    public static final String HANDLER_SCRIPT = "handler.sh";

    /** A round and its jobs, ready to be stored in one transaction. */
    public record PlannedRound(RoundRecord round, List<JobRecord> jobs) {
        public PlannedRound {
            jobs = List.copyOf(jobs);
        }

        public List<JobRecord> arrayJobs() {
            return jobs.stream().filter(j -> j.key().role() == JobRole.ARRAY).toList();
        }
    }

    private RoundPlanner() {
    }

    /**
     * @param chain the chain the round belongs to
     * @param number the round's number in the chain
     * @param level the level it runs at
     * @param indices the tasks it runs
     * @param parentRound the round whose handler planned it (empty for round 1)
     * @param throttle the round's share of the chain's {@code %N} ({@link SiblingThrottles}), shared in turn between
     *     its arrays ({@link ThrottleShares}); empty without a throttle
     * @param excludeNodes nodes it must not run on (after NODE_FAIL); submit's --exclude is added to them
     * @param limits what Slurm accepts in one array job, and where the handler and its guards run
     */
    public static PlannedRound plan(
            ChainRecord chain,
            int number,
            Level level,
            IndexSet indices,
            OptionalInt parentRound,
            OptionalInt throttle,
            RoundKind kind,
            List<String> excludeNodes,
            ChainLimits limits,
            Instant now) {
        if (indices.isEmpty()) {
            throw new IllegalArgumentException("round " + number + " of chain " + chain.id() + " has no tasks");
        }
        List<ArrayParts.Part> parts = ArrayParts.plan(indices, limits.arrayLimits(), throttle, limits.indexMapping());
        List<ThrottleShares.Share> shares = ThrottleShares.split(throttle, parts.size());
        int mapWidth = TaskLauncher.mapWidth(indices);
        ChainOptions options = ChainOptions.of(chain.sbatchOptions());
        RoundOptions round = RoundOptions.of(level, options);
        List<String> exclude = RoundOptions.exclude(options, excludeNodes);
        List<JobRecord> jobs = new ArrayList<>();
        for (int part = 0; part < parts.size(); part++) {
            ArrayParts.Part p = parts.get(part);
            SbatchArgs.ArrayJob job = new SbatchArgs.ArrayJob(
                    chain.id(), number, level.number(), part, chain.jobName(), round.resources(), round.args(),
                    p.spec(), shares.get(part).throttle(), chain.outputPattern(), chain.errorPattern(),
                    options.chdir().orElse(chain.workDir()), chain.exports(), exclude, chain.scriptSnapshotPath(),
                    chain.args());
            List<String> argv = p.renumbered()
                    ? TaskLauncher.arrayJob(job, chain.chainDir(), chain.user(), mapWidth, p.mapOffset(),
                            p.tasks().size())
                    : SbatchArgs.arrayJob(job);
            JobKey key = new JobKey(chain.id(), number, JobRole.ARRAY, part);
            // The job keeps its tasks' real indices, and the spec Slurm knows them by (RoundArrays#renumbering).
            jobs.add(JobRecord.intended(key, JobNames.array(chain.jobName(), chain.id(), number, part), argv,
                    Optional.of(p.tasks()), Optional.of(p.spec()), now));
        }
        jobs.add(handlerIntent(chain, number, 0, limits.handlerResources(), now));
        for (int generation = 1; generation <= limits.guardResources().size(); generation++) {
            jobs.add(guardIntent(chain, number, generation - 1, generation, limits, now));
        }
        RoundRecord record = RoundRecord.planned(
                chain.id(), number, level.number(), indices, parentRound, kind, now, excludeNodes);
        return new PlannedRound(record, jobs);
    }

    /**
     * A round at a memory and a time level ({@link Ladder#at}): with {@code byReason} the round records both, else
     * the pair is one level twice and the round is an ordinary lockstep round.
     */
    public static PlannedRound plan(
            ChainRecord chain,
            int number,
            Ladder ladder,
            LevelPair levels,
            boolean byReason,
            IndexSet indices,
            OptionalInt parentRound,
            OptionalInt throttle,
            RoundKind kind,
            List<String> excludeNodes,
            ChainLimits limits,
            Instant now) {
        PlannedRound planned = plan(chain, number, ladder.at(levels), indices, parentRound, throttle, kind,
                excludeNodes, limits, now);
        return byReason ? new PlannedRound(planned.round().at(levels), planned.jobs()) : planned;
    }

    /**
     * Handler job number {@code part} of a round: part 0 is planned with the round; later parts run it again (after
     * a transient failure, or for resume).
     */
    static JobRecord handlerIntent(ChainRecord chain, int round, int part, JobResources resources, Instant now) {
        String name = JobNames.handler(chain.id(), round, part);
        List<String> argv = SbatchArgs.handlerJob(name, round, 0, resources, handlerOptions(chain), chain.chainDir(),
                handlerScript(chain));
        return JobRecord.intended(new JobKey(chain.id(), round, JobRole.HANDLER, part), name, argv, Optional.empty(),
                Optional.empty(), now);
    }

    /**
     * Guard number {@code part} of a round, of generation {@code generation} (1 guards a handler, 2 guards a guard of
     * generation 1), with that generation's resources: twice the handler's memory and time, then four times.
     */
    static JobRecord guardIntent(ChainRecord chain, int round, int part, int generation, ChainLimits limits,
            Instant now) {
        String name = JobNames.guard(chain.id(), round, part);
        List<String> argv = SbatchArgs.handlerJob(name, round, generation, limits.guardResources(generation),
                handlerOptions(chain), chain.chainDir(), handlerScript(chain));
        return JobRecord.intended(new JobKey(chain.id(), round, JobRole.GUARD, part), name, argv, Optional.empty(),
                Optional.empty(), now);
    }

    /** The chain's options its handler jobs take too: submit's --account, so they are charged where the tasks are. */
    private static List<String> handlerOptions(ChainRecord chain) {
        return ChainOptions.of(chain.sbatchOptions()).account().map(a -> List.of("--account=" + a)).orElse(List.of());
    }

    private static Path handlerScript(ChainRecord chain) {
        return chain.chainDir().resolve(HANDLER_SCRIPT);
    }
}
