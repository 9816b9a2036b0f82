package dev.memescalate.engine;

import dev.memescalate.InvalidInputException;
import dev.memescalate.config.EscalationConfig;
import dev.memescalate.config.IndexMapping;
import dev.memescalate.config.StartLevel;
import dev.memescalate.indexset.IndexSet;
import dev.memescalate.indexset.ArraySpec;
import dev.memescalate.ladder.Ladder;
import dev.memescalate.ladder.Level;
import dev.memescalate.ladder.LevelPair;
import dev.memescalate.slurm.ClusterInfo;
import dev.memescalate.slurm.ResourceCheck;
import dev.memescalate.slurm.ResourceCheckResult;
import dev.memescalate.slurm.ResourceRequest;
import dev.memescalate.slurm.ScriptDirectives;
import dev.memescalate.slurm.Slurm;
import dev.memescalate.store.ChainIdFormat;
import dev.memescalate.store.ChainRecord;
import dev.memescalate.store.ChainStatus;
import dev.memescalate.store.ChainStore;
import dev.memescalate.store.RoundKind;
import dev.memescalate.store.RoundStatus;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.random.RandomGenerator;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.TreeMap;

/**
 * Starts a chain: checks everything before anything is submitted (config, script, array spec, and that every level
 * and the handler can run on this cluster), then records the chain and its first round and submits it.
 */
public final class ChainLauncher {
    /** The store file inside the tracker directory. */
    public static final String STORE_FILE = "chains.db";

    private final Slurm slurm;
    private final Clock clock;
    private final RandomGenerator ids;

    /** @param ids where chain ids come from (a {@link SecureRandom} in production) */
    public ChainLauncher(Slurm slurm, Clock clock, RandomGenerator ids) {
        this.slurm = slurm;
        this.clock = clock;
        this.ids = ids;
    }

    /**
     * Everything {@code mem-escalate submit} was given, and where the tool itself lives.
     *
     * @param startLevel {@code --start-level}; empty for the config's {@code start_level}, else 0
     */
    public record Request(
            Path script,
            List<String> args,
            String arraySpec,
            OptionalInt throttle,
            EscalationConfig config,
            OptionalInt maxLevel,
            Optional<StartLevel> startLevel,
            List<String> exports,
            Optional<String> jobName,
            Optional<String> outputPattern,
            Optional<String> errorPattern,
            Path workDir,
            Path trackerDir,
            Path java,
            Path jar,
            String submitHost,
            String user,
            List<String> sbatchOptions) {
        public Request {
            args = List.copyOf(args);
            exports = List.copyOf(exports);
            sbatchOptions = List.copyOf(sbatchOptions);
        }

        /** A request without sbatch options. */
        public Request(Path script, List<String> args, String arraySpec, OptionalInt throttle, EscalationConfig config,
                OptionalInt maxLevel, Optional<StartLevel> startLevel, List<String> exports, Optional<String> jobName,
                Optional<String> outputPattern, Optional<String> errorPattern, Path workDir, Path trackerDir,
                Path java, Path jar, String submitHost, String user) {
            this(script, args, arraySpec, throttle, config, maxLevel, startLevel, exports, jobName, outputPattern,
                    errorPattern, workDir, trackerDir, java, jar, submitHost, user, List.of());
        }
    }

    /**
     * A checked chain, ready to be written and submitted (or printed by {@code --dry-run}).
     *
     * @param logDir where the tasks' output goes unless {@code --output}/{@code --error} say otherwise; sbatch does
     *     not create it, so {@link #launch} does
     * @param limitsJson the cluster's limits as read now, stored with the chain for its handlers
     * @param warnings what the user should know before the chain runs (submit --partition replaces every level's)
     * @param overrides options given in more than one place and which one holds, per level ({@code --dry-run})
     * @param initialRounds the rounds submitted at once: round 1, or with a learned start level one round per
     *     level tasks start at, lowest first
     * @param taskLauncher the chain's task launcher for renumbered rounds ({@link TaskLauncher}), with the
     *     script's own {@code #SBATCH} lines; empty with {@code index_mapping: never}
     * @param scriptSha256 the script's content hash, kept with the chain for later learned start levels
     * @param learned with a learned start level, where each task starts and why
     */
    public record Plan(ChainRecord chain, List<RoundPlanner.PlannedRound> initialRounds, String handlerScript,
            Path storeFile, Path logDir, String limitsJson, List<String> notes, List<String> warnings,
            List<String> overrides, Optional<byte[]> taskLauncher, String scriptSha256,
            Optional<StartLevels.Learned> learned) {
        public Plan {
            initialRounds = List.copyOf(initialRounds);
            notes = List.copyOf(notes);
            warnings = List.copyOf(warnings);
            overrides = List.copyOf(overrides);
        }

        /** Round 1: the chain's only first round unless start levels were learned (then one per level). */
        public RoundPlanner.PlannedRound firstRound() {
            return initialRounds.get(0);
        }

        /** Each initial round's share of the throttle ({@link SiblingThrottles}), in round order. */
        public List<OptionalInt> initialThrottles() {
            return SiblingThrottles.shares(chain.throttle(),
                    initialRounds.stream().map(r -> r.round().indices().size()).toList());
        }

        /** How many tasks the chain has. */
        public int taskCount() {
            return initialRounds.stream().mapToInt(r -> r.round().indices().size()).sum();
        }
    }

    /** Validates the request against the config and the cluster; writes and submits nothing. */
    public Plan prepare(Request r) {
        return prepare(r, StartHistory.NONE);
    }

    /**
     * Validates the request against the config and the cluster; writes and submits nothing.
     *
     * @param history the earlier chains' completions, for a learned start level
     */
    public Plan prepare(Request r, StartHistory history) {
        List<String> problems = new ArrayList<>();
        Path script = r.workDir().resolve(r.script()).normalize();
        SubmitInputChecks.scriptProblem(r.script(), script).ifPresent(problems::add);
        Ladder ladder = r.config().ladder();
        int top = ladder.topLevel();
        StartLevel start = r.startLevel().or(() -> r.config().chainOptions().startLevel())
                .orElse(StartLevel.fixed(0));
        String startOption = r.startLevel().isPresent() ? "--start-level=" + start
                : "start_level: " + start + " of " + r.config().sourceName();
        boolean startInLadder = start.learned() || (start.level() >= 0 && start.level() <= top);
        if (!startInLadder) {
            problems.add(startOption + ": the ladder has levels 0 to " + top + "; give one of them");
        }
        int maxLevel = r.maxLevel().orElse(top);
        if (maxLevel < 0 || maxLevel > top) {
            problems.add("--max-level=" + maxLevel + ": the ladder has levels 0 to " + top + "; give one of them");
        } else if (startInLadder && !start.learned() && maxLevel < start.level()) {
            problems.add("--max-level=" + maxLevel + " is below " + startOption + "; give a max level at or above"
                    + " the start level");
        }
        if (r.throttle().isPresent() && r.throttle().getAsInt() < 1) {
            problems.add("--throttle=" + r.throttle().getAsInt() + ": must be at least 1 (at most that many tasks"
                    + " run at once); leave it out for no limit");
        }
        try {
            ArraySpec.parse(r.arraySpec()); // the syntax now; the cluster's MaxArraySize below
        } catch (InvalidInputException badSpec) {
            problems.add(SubmitInputChecks.arrayProblem(r.arraySpec(), badSpec));
        }
        Optional<String> jobName = r.jobName().or(() -> Optional.ofNullable(script.getFileName()).map(Path::toString));
        jobName.flatMap(name -> SubmitInputChecks.jobNameProblem(name, r.jobName().isPresent()))
                .ifPresent(problems::add);
        for (String export : r.exports()) {
            SubmitInputChecks.exportProblem(export).ifPresent(problems::add);
        }
        SubmitInputChecks.slurmPatternProblem("the tracker directory " + r.trackerDir(), r.trackerDir(),
                "MEM_ESCALATE_HOME or --tracker-dir").ifPresent(problems::add);
        ChainOptions options = OptionsPreflight.withAbsoluteChdir(ChainOptions.of(r.sbatchOptions()), r.workDir());
        problems.addAll(options.problems());
        options.chdir().flatMap(SubmitInputChecks::chdirProblem).ifPresent(problems::add);
        String scriptName = Optional.ofNullable(r.script().getFileName()).map(Path::toString).orElse("script");
        ScriptDirectives.Read directives = OptionsPreflight.readDirectives(script);
        problems.addAll(OptionsPreflight.scriptProblems(directives, scriptName));
        if (r.outputPattern().isEmpty() && r.config().logDir().isPresent()) {
            SubmitInputChecks.slurmPatternProblem(
                    "log_dir " + r.config().logDir().get() + " of " + r.config().sourceName(),
                    r.config().logDir().get(), "log_dir, or give --output").ifPresent(problems::add);
        }
        throwIfAny(problems);

        ClusterInfo cluster = slurm.clusterInfo();
        ArraySpec array;
        boolean renumbers = r.config().chainOptions().indexMapping() != IndexMapping.NEVER;
        try {
            // Indices at or above MaxArraySize run under other indices (ArrayParts), unless index_mapping: never.
            array = renumbers ? ArraySpec.parse(r.arraySpec()) : ArraySpec.parse(r.arraySpec(), cluster.maxArraySize());
        } catch (InvalidInputException aboveMaxArraySize) {
            throw new InvalidInputException(SubmitInputChecks.arrayProblem(r.arraySpec(), aboveMaxArraySize)
                    + (renumbers ? "" : " (or leave out index_mapping: never, so that mem-escalate runs them under"
                            + " other indices)"), aboveMaxArraySize);
        }
        if (array.throttle().isPresent()) {
            throw new InvalidInputException("--array=" + r.arraySpec() + ": give the throttle as --throttle="
                    + array.throttle().getAsInt() + " (it applies to every round of the chain)");
        }
        problems.addAll(OptionsPreflight.unknownNodes(options, cluster));
        throwIfAny(problems);
        byte[] scriptBytes = readScript(script);
        String sha256 = sha256(scriptBytes);
        Optional<StartLevels.Learned> learned = start.learned()
                ? Optional.of(StartLevels.learn(array.indices(), maxLevel, sha256, script,
                        r.config().chainOptions().learnByPath(), history))
                : Optional.empty();
        Map<Integer, IndexSet> startsAt = learned.map(StartLevels.Learned::byLevel)
                .orElseGet(() -> Map.of(start.level(), array.indices()));
        int lowest = startsAt.keySet().stream().mapToInt(Integer::intValue).min().orElseThrow();
        ChainLimits limits = ChainLimits.of(cluster, r.config(), options.partitions());
        int jobsBesideTasks = startsAt.size() * (1 + limits.guardResources().size());
        SubmitInputChecks.jobCountProblem(r.arraySpec(), array.indices().size(), jobsBesideTasks,
                cluster.maxJobCount()).ifPresent(problems::add);
        List<OptionLayers.Sourced> scriptLayer = OptionsPreflight.scriptLayer(directives, scriptName);
        List<Level> levels = ladder.levels().subList(lowest, maxLevel + 1);
        List<OptionLayers.Merged> mergedByLevel = new ArrayList<>();
        List<ResourceRequest> requests = new ArrayList<>();
        for (Level level : levels) {
            OptionLayers.Merged merged = OptionsPreflight.merged(level, options, scriptLayer, List.of());
            mergedByLevel.add(merged);
            if (!ladder.isSeparate()) { // separate ladders: every pair is checked below, named by its steps
                requests.add(OptionsPreflight.request(level, options, merged, problems));
            }
        }
        throwIfAny(problems);
        boolean byReason = r.config().chainOptions().byReason();
        if (byReason) {
            requests.addAll(OptionsPreflight.pairRequests(ladder, lowest, maxLevel, options, scriptLayer, problems));
            throwIfAny(problems);
        }
        requests.add(limits.handlerResources().asRequest("handler"));
        Map<String, String> accounts = OptionsPreflight.accountsNamed(mergedByLevel, levels, options);
        OptionsPreflight.Accounting accounting = OptionsPreflight.askAccounting(slurm, cluster, r.user(),
                requests.stream().anyMatch(q -> q.qos().isPresent()), !accounts.isEmpty());
        problems.addAll(OptionsPreflight.accountingProblems(accounting, cluster, r.user(), requests, accounts));
        ResourceCheckResult check = ResourceCheck.check(cluster, accounting.qos(), requests);
        problems.addAll(check.problems());
        throwIfAny(problems);
        // The guards' resources derive from the handler's: checked once the handler fits, so that a handler that
        // cannot run is one message, not one more per guard.
        List<ResourceRequest> guards = new ArrayList<>();
        for (int g = 1; g <= limits.guardResources().size(); g++) {
            guards.add(limits.guardResources(g).asRequest("handler guard " + g));
        }
        ResourceCheckResult guardCheck = ResourceCheck.check(cluster, guards);
        throwIfAny(guardCheck.problems());
        List<String> notes = new ArrayList<>(accounting.notes());
        notes.addAll(check.notes());
        notes.addAll(guardCheck.notes());
        options.beginNote().ifPresent(notes::add);
        List<String> warnings = options.partitions()
                .map(p -> List.of(OptionOverrides.partitionWarning(p, ladder, levels)))
                .orElse(List.of());

        String id = ChainIdFormat.random(ids);
        Path chainDir = r.trackerDir().resolve("chains").resolve(id);
        Path logDir = r.config().logDir().orElse(chainDir);
        String defaultOutput = logDir.resolve("%x-%A_%a.out").toString();
        ChainRecord chain = new ChainRecord(id, clock.instant(), ChainStatus.SUBMITTING, Optional.empty(), script,
                chainDir.resolve(script.getFileName()), r.args(), r.exports(), r.arraySpec(), r.throttle(),
                jobName.orElseThrow(),
                r.outputPattern().orElse(defaultOutput),
                r.errorPattern().orElse(r.outputPattern().orElse(defaultOutput)),
                r.config().yamlText(), Optional.ofNullable(r.config().source()), lowest, maxLevel,
                r.workDir(), chainDir, r.submitHost(), r.user(), options.args());
        List<RoundPlanner.PlannedRound> initial = new ArrayList<>();
        Map<Integer, IndexSet> byLevel = new TreeMap<>(startsAt);
        // Submitted at once, the initial rounds share the throttle: at most N of the chain's tasks run.
        List<OptionalInt> throttles = SiblingThrottles.shares(r.throttle(),
                byLevel.values().stream().map(IndexSet::size).toList());
        for (Map.Entry<Integer, IndexSet> level : byLevel.entrySet()) {
            // by_reason: a task starts with its memory and its time at its start level, each capped at its top.
            initial.add(RoundPlanner.plan(chain, initial.size() + 1, ladder, ladder.startPair(level.getKey()),
                    byReason, level.getValue(), OptionalInt.empty(), throttles.get(initial.size()),
                    RoundKind.INITIAL, List.of(), limits, clock.instant()));
        }
        Path storeFile = r.trackerDir().resolve(STORE_FILE);
        String handlerScript = HandlerScript.render(r.java(), r.jar(), storeFile, id,
                limits.handlerResources().mem());
        Optional<byte[]> taskLauncher = renumbers ? Optional.of(TaskLauncher.render(scriptBytes)) : Optional.empty();
        return new Plan(chain, initial, handlerScript, storeFile, logDir, limits.toJson(), notes, warnings,
                OptionOverrides.overrides(ladder, levels, lowest, maxLevel, chain, options, scriptLayer,
                        initial.get(0)),
                taskLauncher, sha256, learned);
    }

    /**
     * Writes the chain's directory and store records, then submits round 1; a round 1 sbatch refused ends the chain
     * FAILED. The directory and the records are written together or not at all: when either fails (a full disk, a
     * directory that cannot be written), what was written of the chain's directory is removed again, the store
     * transaction is rolled back, and nothing is submitted.
     */
    public RoundSubmitter.Result launch(Plan plan, ChainStore store, RoundSubmitter submitter) {
        ChainRecord chain = plan.chain();
        List<Path> created = new ArrayList<>();
        try {
            ChainDirectory.write(plan, created);
            store.write(tx -> {
                tx.chains().insert(chain);
                tx.chains().setLimits(chain.id(), plan.limitsJson());
                tx.chains().setScriptSha256(chain.id(), plan.scriptSha256());
                for (RoundPlanner.PlannedRound round : plan.initialRounds()) {
                    tx.rounds().insert(round.round());
                    round.jobs().forEach(tx.jobs()::insert);
                }
                plan.learned().ifPresent(l -> l.records(chain.id()).forEach(tx.startHistory()::insert));
                tx.events().append(chain.id(), OptionalInt.empty(), "chain-created", "submitted "
                        + abbreviated(chain.arraySpec()) + " of " + chain.scriptPath() + " at level "
                        + plan.learned().map(l -> "learned: " + startsAt(l))
                                .orElse(Integer.toString(chain.startLevel()))
                        + " (max level " + chain.maxLevel() + ")", clock.instant());
                return null;
            });
        } catch (RuntimeException e) {
            ChainDirectory.removeCreated(chain, created, e);
            throw e;
        }
        RoundSubmitter.Result result = submitInitialRounds(plan, submitter);
        if (result.status() == RoundStatus.SUBMIT_FAILED) {
            store.write(tx -> {
                boolean weEnd = tx.chains().transition(chain.id(), List.of(ChainStatus.SUBMITTING, ChainStatus.RUNNING),
                        ChainStatus.FAILED, Optional.of(clock.instant()));
                if (weEnd) {
                    tx.events().append(chain.id(), OptionalInt.of(1), "chain-failed",
                            "round 1 could not be submitted: " + String.join("; ", result.errors()), clock.instant());
                }
                return null;
            });
        }
        return result;
    }

    /**
     * Submits the initial rounds in level order. The chain goes on when at least one was submitted (the tasks of a
     * refused one end FAILED with sbatch's reason); the result has every array job id, in order.
     */
    private static RoundSubmitter.Result submitInitialRounds(Plan plan, RoundSubmitter submitter) {
        Map<Integer, String> arrayIds = new LinkedHashMap<>();
        List<String> errors = new ArrayList<>();
        boolean anySubmitted = false;
        for (RoundPlanner.PlannedRound round : plan.initialRounds()) {
            RoundSubmitter.Result result = submitter.submit(plan.chain().id(), round.round().number());
            anySubmitted |= result.status() != RoundStatus.SUBMIT_FAILED;
            result.arrayJobIds().values().forEach(id -> arrayIds.put(arrayIds.size(), id));
            errors.addAll(result.errors());
        }
        return new RoundSubmitter.Result(anySubmitted ? RoundStatus.SUBMITTED : RoundStatus.SUBMIT_FAILED, arrayIds,
                errors);
    }

    /** {@code level 0: 10, level 2: 20} */
    private static String startsAt(StartLevels.Learned learned) {
        return learned.byLevel().entrySet().stream().map(e -> "level " + e.getKey() + ": " + e.getValue().size())
                .collect(java.util.stream.Collectors.joining(", "));
    }

    private static String abbreviated(String spec) {
        return spec.length() <= 200 ? spec : spec.substring(0, 200) + "...";
    }

    /** The script's SHA-256 in hex: what later chains of the same script are found by. */
    static String sha256(byte[] bytes) {
        try {
            return java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256")
                    .digest(bytes));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException("this Java has no SHA-256", e);
        }
    }

    /** The script's bytes, for its {@code #SBATCH} lines; scriptProblem has checked that it can be read. */
    private static byte[] readScript(Path script) {
        try {
            return Files.readAllBytes(script);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the script " + script + ": " + ChainDirectory.describe(e), e);
        }
    }

    private static void throwIfAny(List<String> problems) {
        if (!problems.isEmpty()) {
            throw new InvalidInputException(problems.size() == 1
                    ? problems.get(0)
                    : "nothing was submitted:\n  " + String.join("\n  ", problems));
        }
    }


}
