package dev.memescalate.engine;

import dev.memescalate.InvalidInputException;
import dev.memescalate.config.EscalationConfig;
import dev.memescalate.config.IndexMapping;
import dev.memescalate.config.StartLevel;
import dev.memescalate.indexset.IndexSet;
import dev.memescalate.indexset.ArraySpec;
import dev.memescalate.ladder.Ladder;
import dev.memescalate.ladder.Level;
import dev.memescalate.slurm.ClusterInfo;
import dev.memescalate.slurm.ResourceCheck;
import dev.memescalate.slurm.ResourceCheckResult;
import dev.memescalate.slurm.ResourceRequest;
import dev.memescalate.slurm.SbatchOption;
import dev.memescalate.slurm.ScriptDirectives;
import dev.memescalate.slurm.Slurm;
import dev.memescalate.store.ChainRecord;
import dev.memescalate.store.ChainStatus;
import dev.memescalate.store.ChainStore;
import dev.memescalate.store.PrivateFiles;
import dev.memescalate.store.RoundKind;
import dev.memescalate.store.RoundStatus;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.random.RandomGenerator;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * Starts a chain: checks everything before anything is submitted (config, script, array spec, and that every level
 * and the handler can run on this cluster), then records the chain and its first round and submits it.
 */
public final class ChainLauncher {
    /** The store file inside the tracker directory. */
    public static final String STORE_FILE = "chains.db";

    /** The variables mem-escalate sets for every task itself: an {@code --export} of one of them is refused. */
    private static final List<String> OWN_VARIABLES = List.of(SbatchArgs.CHAIN_ID_VAR, SbatchArgs.LEVEL_VAR,
            SbatchArgs.ROUND_VAR);

    /** A shell variable name, as sbatch's --export and every script that reads the variable need it. */
    private static final Pattern VARIABLE_NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");

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
        scriptProblem(r.script(), script).ifPresent(problems::add);
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
            problems.add(arrayProblem(r.arraySpec(), badSpec));
        }
        Optional<String> jobName = r.jobName().or(() -> Optional.ofNullable(script.getFileName()).map(Path::toString));
        if (jobName.isPresent()) {
            String origin = r.jobName().isPresent() ? "--job-name" : "the script's file name (the default job name)";
            if (jobName.get().contains(",")) {
                // squeue --name takes a comma-separated list: the chain could not look its own jobs up by name after
                // a lost sbatch reply (see RoundSubmitter), so a name with a comma is refused before anything runs.
                problems.add("job name '" + jobName.get() + "' from " + origin + ": a job name cannot contain a"
                        + " comma; give another one with --job-name");
            } else if (hasControlCharacter(jobName.get())) {
                // Slurm takes a newline in a job name, but squeue and sacct then print the job over two lines, and
                // the chain could no longer find its jobs by name.
                problems.add("job name '" + printable(jobName.get()) + "' from " + origin + ": a job name cannot"
                        + " contain a newline, a tab or another control character; give another one with"
                        + " --job-name");
            }
        }
        for (String export : r.exports()) {
            exportProblem(export).ifPresent(problems::add);
        }
        slurmPatternProblem("the tracker directory " + r.trackerDir(), r.trackerDir(),
                "MEM_ESCALATE_HOME or --tracker-dir").ifPresent(problems::add);
        ChainOptions options = withAbsoluteChdir(ChainOptions.of(r.sbatchOptions()), r.workDir());
        problems.addAll(options.problems());
        options.chdir().flatMap(ChainLauncher::chdirProblem).ifPresent(problems::add);
        String scriptName = Optional.ofNullable(r.script().getFileName()).map(Path::toString).orElse("script");
        ScriptDirectives.Read directives = readDirectives(script);
        problems.addAll(OptionsPreflight.scriptProblems(directives, scriptName));
        if (r.outputPattern().isEmpty() && r.config().logDir().isPresent()) {
            slurmPatternProblem("log_dir " + r.config().logDir().get() + " of " + r.config().sourceName(),
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
            throw new InvalidInputException(arrayProblem(r.arraySpec(), aboveMaxArraySize)
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
        List<OptionLayers.Sourced> scriptLayer = OptionsPreflight.scriptLayer(directives, scriptName);
        List<Level> levels = ladder.levels().subList(lowest, maxLevel + 1);
        List<OptionLayers.Merged> mergedByLevel = new ArrayList<>();
        List<ResourceRequest> requests = new ArrayList<>();
        for (Level level : levels) {
            OptionLayers.Merged merged = OptionsPreflight.merged(level, options, scriptLayer, List.of());
            mergedByLevel.add(merged);
            requests.add(OptionsPreflight.request(level, options, merged, problems));
        }
        throwIfAny(problems);
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
        List<String> warnings = options.partitions().map(p -> List.of(partitionWarning(p, levels))).orElse(List.of());

        String id = newChainId(ids);
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
        for (Map.Entry<Integer, IndexSet> level : new TreeMap<>(startsAt).entrySet()) {
            initial.add(RoundPlanner.plan(chain, initial.size() + 1, ladder.level(level.getKey()), level.getValue(),
                    OptionalInt.empty(), RoundKind.INITIAL, List.of(), limits, clock.instant()));
        }
        Path storeFile = r.trackerDir().resolve(STORE_FILE);
        String handlerScript = HandlerScript.render(r.java(), r.jar(), storeFile, id,
                limits.handlerResources().mem());
        Optional<byte[]> taskLauncher = renumbers ? Optional.of(TaskLauncher.render(scriptBytes)) : Optional.empty();
        List<OptionLayers.Merged> withTool = new ArrayList<>();
        for (Level level : levels) {
            withTool.add(OptionsPreflight.merged(level, options, scriptLayer, toolOptions(chain, level, options,
                    initial.get(0))));
        }
        return new Plan(chain, initial, handlerScript, storeFile, logDir, limits.toJson(), notes, warnings,
                OptionsPreflight.overrides(withTool, levels), taskLauncher, sha256, learned);
    }

    /**
     * The options mem-escalate sets on a level's array jobs itself, as round 1's first array carries them: for
     * {@code --dry-run} to say which of the script's {@code #SBATCH} lines they override.
     */
    private static List<SbatchOption> toolOptions(ChainRecord chain, Level level, ChainOptions options,
            RoundPlanner.PlannedRound first) {
        RoundOptions round = RoundOptions.of(level, options);
        List<String> exclude = RoundOptions.exclude(options, List.of());
        List<String> args = new ArrayList<>();
        first.arrayJobs().get(0).argv().stream()
                .filter(a -> a.startsWith("--array=") || a.startsWith("--job-name="))
                .forEach(args::add);
        args.addAll(round.resources().sbatchOptions());
        args.add("--output=" + chain.outputPattern());
        args.add("--error=" + chain.errorPattern());
        args.add("--chdir=" + options.chdir().orElse(chain.workDir()));
        args.add(SbatchArgs.EXPORT_ALL);
        if (!exclude.isEmpty()) {
            args.add("--exclude=" + String.join(",", exclude));
        }
        return args.stream().map(SbatchOption::ofArg).toList();
    }

    /** What replacing every level's partitions with submit's --partition means, level by level. */
    private static String partitionWarning(List<String> partitions, List<Level> levels) {
        String replaced = String.join("; ", levels.stream()
                .map(l -> "level " + l.number() + ": " + l.partitionList()).toList());
        return "--partition=" + String.join(",", partitions) + " replaces the partitions of every level (" + replaced
                + ") and is where the handler jobs run unless the config's handler.partition names one";
    }

    /** The options with {@code --chdir} made absolute against the directory submit runs in. */
    private static ChainOptions withAbsoluteChdir(ChainOptions options, Path workDir) {
        if (options.chdir().isEmpty() || options.value("chdir").orElse("").isEmpty()) {
            return options;
        }
        String absolute = workDir.resolve(options.chdir().get()).normalize().toString();
        return new ChainOptions(options.args().stream()
                .map(a -> a.startsWith("--chdir=") ? "--chdir=" + absolute : a).toList());
    }

    private static Optional<String> chdirProblem(Path dir) {
        if (dir.toString().isEmpty() || Files.isDirectory(dir)) {
            return Optional.empty();
        }
        return Optional.of("--chdir=" + dir + ": " + (Files.exists(dir) ? "is not a directory" : "does not exist")
                + "; give the directory the tasks run in");
    }

    /** The script's #SBATCH lines; none when it cannot be read (that is reported as the script's problem). */
    private static ScriptDirectives.Read readDirectives(Path script) {
        if (!Files.isRegularFile(script) || !Files.isReadable(script)) {
            return new ScriptDirectives.Read(List.of(), List.of());
        }
        try (BufferedReader reader = new BufferedReader(new InputStreamReader(Files.newInputStream(script),
                StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPLACE)))) {
            return ScriptDirectives.read(reader);
        } catch (IOException | UncheckedIOException unreadable) {
            return new ScriptDirectives.Read(List.of(), List.of());
        }
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
            writeChainDirectory(plan, created);
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
                        + plan.learned().map(l -> "learned: " + startsAt(l)).orElse(Integer.toString(chain.startLevel()))
                        + " (max level " + chain.maxLevel() + ")", clock.instant());
                return null;
            });
        } catch (RuntimeException e) {
            removeCreated(chain, created, e);
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

    /**
     * The chain's directory (0700, as is any missing parent): the script snapshot (0600: sbatch reads it, nothing
     * executes it) and the handler script (0700). {@code created} receives every directory made, outermost first.
     */
    private static void writeChainDirectory(Plan plan, List<Path> created) {
        ChainRecord chain = plan.chain();
        try {
            Path parent = chain.chainDir().getParent();
            if (parent != null) {
                created.addAll(PrivateFiles.createDirectories(parent));
            }
            // One directory per new chain id: an existing one is another chain's, never reused.
            Files.createDirectory(chain.chainDir(), PosixFilePermissions.asFileAttribute(PrivateFiles.DIRECTORY));
            created.add(chain.chainDir());
            Files.setPosixFilePermissions(chain.chainDir(), PrivateFiles.DIRECTORY);
            PrivateFiles.copyNew(chain.scriptPath(), chain.scriptSnapshotPath(), PrivateFiles.FILE);
            PrivateFiles.writeNew(chain.chainDir().resolve(RoundPlanner.HANDLER_SCRIPT), plan.handlerScript(),
                    PrivateFiles.EXECUTABLE);
            if (plan.taskLauncher().isPresent()) {
                PrivateFiles.writeNew(chain.chainDir().resolve(TaskLauncher.FILE), plan.taskLauncher().get(),
                        PrivateFiles.EXECUTABLE);
            }
            if (!Files.isDirectory(plan.logDir())) {
                // log_dir is where the user wants task output: created with the user's umask, like Slurm's files.
                List<Path> missing = new ArrayList<>();
                for (Path p = plan.logDir(); p != null && !Files.exists(p); p = p.getParent()) {
                    missing.add(0, p);
                }
                Files.createDirectories(plan.logDir());
                created.addAll(missing);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the chain directory " + chain.chainDir() + " ("
                    + describe(e) + "); nothing was submitted or recorded: check that the tracker directory is"
                    + " writable and its disk has space, or choose another one (MEM_ESCALATE_HOME or --tracker-dir)",
                    e);
        }
    }

    /**
     * Removes what {@link #writeChainDirectory} made, innermost first: the chain's own directory with everything in
     * it, any other directory only when empty (another chain may have put its directory in {@code chains/}
     * meanwhile). Problems are added to {@code failure}.
     */
    private static void removeCreated(ChainRecord chain, List<Path> created, RuntimeException failure) {
        List<Path> innermostFirst = new ArrayList<>(created);
        Collections.reverse(innermostFirst);
        for (Path dir : innermostFirst) {
            try {
                if (dir.equals(chain.chainDir())) {
                    try (var walk = Files.walk(dir)) {
                        for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                            Files.deleteIfExists(p);
                        }
                    }
                } else {
                    Files.deleteIfExists(dir);
                }
            } catch (DirectoryNotEmptyException inUse) {
                // not ours alone: left as it is
            } catch (IOException | UncheckedIOException e) {
                failure.addSuppressed(e);
            }
        }
    }

    private static String describe(IOException e) {
        if (e instanceof FileSystemException fs && fs.getReason() != null) {
            return fs.getFile() + ": " + fs.getReason();
        }
        return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage(); // "No space left on device"
    }

    /**
     * The array parser's message with the option's name: {@code array spec "9-3": range ...} becomes
     * {@code --array=9-3: range ...} (the parser quotes at most 60 characters of the spec, then "...").
     */
    private static String arrayProblem(String spec, InvalidInputException badSpec) {
        String quoted = spec.length() <= 60 ? spec : spec.substring(0, 60) + "...";
        String parserPrefix = "array spec \"" + quoted + "\": ";
        String message = badSpec.getMessage();
        return message.startsWith(parserPrefix)
                ? "--array=" + printable(quoted) + ": " + message.substring(parserPrefix.length())
                : "--array: " + message;
    }

    /**
     * The script must be a readable regular file: a directory, a FIFO (copying it would block) or a dangling link is
     * not. Root reads any file whatever its mode, so the last check only ever refuses for other users.
     */
    private static Optional<String> scriptProblem(Path given, Path script) {
        if (Files.isDirectory(script)) {
            return Optional.of("script " + given + ": is a directory; give the batch script each task runs");
        }
        if (!Files.exists(script)) {
            if (Files.isSymbolicLink(script)) {
                return Optional.of("script " + given + ": is a symbolic link to " + linkTarget(script)
                        + ", which does not exist; give the batch script itself");
            }
            return Optional.of("script " + given + ": no such file (looked for " + script + ")");
        }
        if (!Files.isRegularFile(script)) {
            return Optional.of("script " + given + ": is not a regular file (a named pipe, a socket or a device);"
                    + " give the batch script each task runs");
        }
        if (!Files.isReadable(script)) {
            return Optional.of("script " + script + ": not readable by you; check its permissions");
        }
        return Optional.empty();
    }

    /** The script's bytes, for its {@code #SBATCH} lines; scriptProblem has checked that it can be read. */
    private static byte[] readScript(Path script) {
        try {
            return Files.readAllBytes(script);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the script " + script + ": " + describe(e), e);
        }
    }

    private static String linkTarget(Path link) {
        try {
            return Files.readSymbolicLink(link).toString();
        } catch (IOException | UnsupportedOperationException e) {
            return "a missing file";
        }
    }

    /** One {@code --export} item: {@code NAME} or {@code NAME=value}; the value is passed as it is. */
    private static Optional<String> exportProblem(String export) {
        if (export.isEmpty()) {
            return Optional.of("--export: an empty item; give NAME or NAME=value, comma separated or repeated");
        }
        if (export.contains(",")) {
            return Optional.of("--export '" + printable(export) + "': give one NAME or NAME=value per --export"
                    + " (sbatch splits its --export list on commas, so a value cannot contain one)");
        }
        int equals = export.indexOf('=');
        String name = equals < 0 ? export : export.substring(0, equals);
        if (!VARIABLE_NAME.matcher(name).matches()) {
            return Optional.of("--export '" + printable(export) + "': '" + printable(name) + "' is not a variable"
                    + " name; give NAME=value with a NAME of letters, digits and _ that does not start with a digit");
        }
        if (name.startsWith("SLURM_") || name.startsWith("SBATCH_")) {
            return Optional.of("--export '" + printable(export) + "': variables named SLURM_* and SBATCH_* configure"
                    + " Slurm itself, not your tasks; set them in your shell, or give your own name");
        }
        if (OWN_VARIABLES.contains(name)) {
            return Optional.of("--export '" + printable(export) + "': mem-escalate sets " + name + " for every task"
                    + " itself; use another name");
        }
        return Optional.empty();
    }

    /**
     * A directory that ends up in an sbatch {@code --output} pattern: Slurm replaces {@code %x}, {@code %j}, ... in
     * it, and a backslash anywhere switches every replacement off, so output would go to the wrong file or to none.
     */
    private static Optional<String> slurmPatternProblem(String what, Path dir, String fix) {
        String text = dir.toString();
        if (text.indexOf('%') >= 0 || text.indexOf('\\') >= 0) {
            return Optional.of(what + ": contains % or \\, which Slurm reads as part of a file name pattern"
                    + " (--output); choose a directory without them (" + fix + ")");
        }
        return Optional.empty();
    }

    private static boolean hasControlCharacter(String s) {
        return s.chars().anyMatch(Character::isISOControl);
    }

    /** The text with control characters shown as {@code ?}, for messages. */
    private static String printable(String s) {
        return s.replaceAll("\\p{Cntrl}", "?");
    }

    private static void throwIfAny(List<String> problems) {
        if (!problems.isEmpty()) {
            throw new InvalidInputException(problems.size() == 1
                    ? problems.get(0)
                    : "nothing was submitted:\n  " + String.join("\n  ", problems));
        }
    }

    /** 8 hexadecimal digits: what every command checks a chain id against. */
    static String newChainId(RandomGenerator ids) {
        return String.format("%08x", ids.nextInt());
    }

}
