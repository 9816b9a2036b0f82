package dev.memescalate.engine;

import dev.memescalate.config.EscalationConfig;
import dev.memescalate.policy.Classification;
import dev.memescalate.policy.Outcome;
import dev.memescalate.policy.Raise;
import dev.memescalate.policy.StatePolicy;
import dev.memescalate.slurm.ExitCode;
import dev.memescalate.slurm.Hostlist;
import dev.memescalate.slurm.JobState;
import dev.memescalate.slurm.RoundAccounting;
import dev.memescalate.store.AttemptRecord;
import dev.memescalate.store.AttemptRunRecord;
import dev.memescalate.store.RoundRecord;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;
import java.util.TreeSet;
import java.util.function.Predicate;

/**
 * Judges every task of an ended round from what sacct said of it: the state policy (states and exit-code rules),
 * then the done-file rule. Walks the folded answer once ({@link RoundAccounting.Cursor}) and keeps a byte and an int
 * per task, so a million-task round is judged in a few megabytes; the attempt records are made again, one at a
 * time, when the store takes them ({@link Judgement#attempts}). Pure: the file check is given.
 */
final class TaskClassifier {
    private final EscalationConfig config;
    private final Path workDir;
    private final Predicate<Path> fileExists;

    /**
     * @param workDir the directory the chain was submitted in: relative done-file patterns resolve against it
     * @param fileExists how a done file is checked (the real file system in a handler)
     */
    TaskClassifier(EscalationConfig config, Path workDir, Predicate<Path> fileExists) {
        this.config = config;
        this.workDir = workDir;
        this.fileExists = fileExists;
    }

    /**
     * What the round's tasks came to, in the order of the folded answer's cursor (the round's arrays in order, each
     * by index).
     *
     * @param failedNodes the nodes of tasks that ended NODE_FAIL, with the round's earlier exclusions: a retry at
     *     the same level excludes them
     */
    record Judgement(RoundAccounting accounting, int[] indices, byte[] outcomes, byte[] raises, int[] reasonIds,
            List<String> reasons, List<String> failedNodes) implements RoundDecider.Verdicts {

        @Override
        public int size() {
            return indices.length;
        }

        @Override
        public int index(int position) {
            return indices[position];
        }

        @Override
        public Outcome outcome(int position) {
            return OUTCOMES[outcomes[position]];
        }

        @Override
        public String reason(int position) {
            return reasons.get(reasonIds[position]);
        }

        @Override
        public Raise raise(int position) {
            return RAISES[raises[position]];
        }

        /** The attempt of each task, made as the store takes them: one object at a time. */
        Iterable<AttemptRecord> attempts(String chainId, RoundRecord round) {
            return () -> new Iterator<>() {
                private final RoundAccounting.Cursor cursor = accounting.cursor();
                private final Texts texts = new Texts();
                private int position;

                @Override
                public boolean hasNext() {
                    return position < indices.length;
                }

                @Override
                public AttemptRecord next() {
                    if (!hasNext() || !cursor.next()) {
                        throw new NoSuchElementException();
                    }
                    int at = position++;
                    return attempt(chainId, round, cursor, outcome(at), reason(at), texts);
                }
            };
        }

        /** The earlier runs of requeued tasks ({@code sacct --duplicates}); few, so they are collected. */
        List<AttemptRunRecord> earlierRuns(String chainId, RoundRecord round) {
            List<AttemptRunRecord> runs = new ArrayList<>();
            if (accounting.earlierRunCount() == 0) {
                return runs;
            }
            RoundAccounting.Cursor cursor = accounting.cursor();
            while (cursor.next()) {
                int run = 1;
                for (RoundAccounting.EarlierRun r : cursor.earlierRuns()) {
                    runs.add(new AttemptRunRecord(chainId, cursor.index(), round.number(), run++, r.state().name(),
                            r.stateText(), r.exitCode().returnCode(), r.exitCode().signal(), r.elapsedSeconds(),
                            r.nodeList().isEmpty() ? Optional.empty() : Optional.of(r.nodeList()),
                            epoch(r.startEpochSecond()), epoch(r.endEpochSecond())));
                }
            }
            return runs;
        }
    }

    private static final Outcome[] OUTCOMES = Outcome.values();
    private static final Raise[] RAISES = Raise.values();

    /**
     * @param reading what sacct said (an answer it gave: a round is decided only on a
     *     {@linkplain AccountingReader.Reading#decidable() decidable} one). A task without a row is NOT_FINISHED
     *     with the reason the wait ended
     * @param waitedSeconds how long the handler waited for sacct, for that reason
     */
    Judgement judge(RoundRecord round, AccountingReader.Reading reading, long waitedSeconds) {
        RoundAccounting accounting = reading.accounting().orElseThrow(
                () -> new IllegalArgumentException("no sacct answer to judge round " + round.number() + " by"));
        StatePolicy policy = config.statePolicy();
        int size = accounting.taskCount();
        int[] indices = new int[size];
        byte[] outcomes = new byte[size];
        byte[] raises = new byte[size];
        int[] reasonIds = new int[size];
        Reasons reasons = new Reasons();
        TreeSet<String> failedNodes = new TreeSet<>(round.excludeNodes());
        String noRow = "no sacct row after waiting " + waitedSeconds + " s for accounting ("
                + reading.lastProblem().orElse("incomplete") + ")";
        Judged missing = null;
        // A round has a few distinct (state, exit code) pairs: each is classified once, not once per task.
        Map<Long, Judged> byStateAndExitCode = new HashMap<>();
        long lastPair = -1;
        Judged last = null;
        RoundAccounting.Cursor cursor = accounting.cursor();
        int position = 0;
        while (cursor.next()) {
            int index = cursor.index();
            Judged judged;
            if (!cursor.hasRow()) {
                if (missing == null) {
                    missing = reasons.judged(new Classification(Outcome.NOT_FINISHED, noRow));
                }
                judged = missing;
            } else {
                long pair = cursor.stateAndExitCode();
                if (pair != lastPair) {
                    last = byStateAndExitCode.computeIfAbsent(pair, p -> reasons.judged(
                            policy.classify(cursor.state(), cursor.stateText(), cursor.exitCode())));
                    lastPair = pair;
                }
                judged = last;
            }
            Classification c = applyDoneFileRule(judged.classification(), index);
            indices[position] = index;
            outcomes[position] = (byte) c.outcome().ordinal();
            raises[position] = (byte) c.raise().ordinal();
            reasonIds[position] = c == judged.classification() ? judged.reasonId() : reasons.id(c.reason());
            if (cursor.hasRow() && cursor.state() == JobState.NODE_FAIL && !cursor.nodeList().isEmpty()) {
                failedNodes.addAll(Hostlist.expand(cursor.nodeList()));
            }
            position++;
        }
        return new Judgement(accounting, indices, outcomes, raises, reasonIds, List.copyOf(reasons.texts),
                List.copyOf(failedNodes));
    }

    /** A classification and the id of its reason. */
    private record Judged(Classification classification, int reasonId) {
    }

    /** The distinct reasons of a round, each under an id. */
    private static final class Reasons {
        private final Map<String, Integer> ids = new HashMap<>();
        private final List<String> texts = new ArrayList<>();

        int id(String reason) {
            return ids.computeIfAbsent(reason, r -> {
                texts.add(r);
                return texts.size() - 1;
            });
        }

        Judged judged(Classification c) {
            return new Judged(c, id(c.reason()));
        }
    }

    /**
     * A task that COMPLETED without writing its done file is retried at the same level (a child was killed). The
     * config resolved the pattern against its own directory; a relative one is taken from the submit directory.
     */
    private Classification applyDoneFileRule(Classification c, int index) {
        if (c.outcome() != Outcome.COMPLETED || config.doneFilePattern().isEmpty()) {
            return c;
        }
        Path doneFile = workDir.resolve(config.doneFileFor(index).orElseThrow());
        return fileExists.test(doneFile)
                ? c
                : new Classification(Outcome.RETRY_SAME_LEVEL, "COMPLETED but its done file " + doneFile
                        + " is missing");
    }

    /**
     * The texts of the values that repeat from task to task (the array's job id, a batch step's exit code), made once
     * per value rather than once per attempt.
     */
    private static final class Texts {
        private long jobId = -1;
        private String jobIdText;
        private ExitCode exitCode;
        private String exitCodeText;

        String jobId(long id) {
            if (id != jobId) {
                jobId = id;
                jobIdText = Long.toString(id);
            }
            return jobIdText;
        }

        String exitCode(ExitCode code) {
            if (!code.equals(exitCode)) {
                exitCode = code;
                exitCodeText = code.toString();
            }
            return exitCodeText;
        }
    }

    private static AttemptRecord attempt(String chainId, RoundRecord round, RoundAccounting.Cursor task,
            Outcome outcome, String reason, Texts texts) {
        String jobId = texts.jobId(task.jobId());
        if (!task.hasRow()) {
            return new AttemptRecord(chainId, task.index(), round.number(), round.level(), jobId,
                    JobState.UNKNOWN.name(), "no accounting record", 0, 0, OptionalLong.empty(),
                    optional(task.maxRssBytes()), Optional.empty(), Optional.empty(), Optional.empty(),
                    OptionalInt.empty(), Optional.empty(), Optional.empty(), outcome, reason);
        }
        ExitCode exit = task.exitCode();
        return new AttemptRecord(chainId, task.index(), round.number(), round.level(), jobId, task.state().name(),
                task.stateText(), exit.returnCode(), exit.signal(), optional(task.elapsedSeconds()),
                optional(task.maxRssBytes()),
                task.nodeList().isEmpty() ? Optional.empty() : Optional.of(task.nodeList()),
                epoch(task.startEpochSecond()), epoch(task.endEpochSecond()),
                task.allocCpus() == RoundAccounting.NO_VALUE ? OptionalInt.empty() : OptionalInt.of(task.allocCpus()),
                task.hasBatchStep() ? Optional.of(task.batchStateText()) : Optional.empty(),
                task.hasBatchStep() ? task.batchExitCode().map(texts::exitCode) : Optional.empty(),
                outcome, reason);
    }

    private static OptionalLong optional(long value) {
        return value == RoundAccounting.NO_VALUE ? OptionalLong.empty() : OptionalLong.of(value);
    }

    private static Optional<Instant> epoch(long seconds) {
        return seconds == RoundAccounting.NO_TIME ? Optional.empty() : Optional.of(Instant.ofEpochSecond(seconds));
    }

    private static Optional<Instant> epoch(OptionalLong seconds) {
        return seconds.isPresent() ? Optional.of(Instant.ofEpochSecond(seconds.getAsLong())) : Optional.empty();
    }
}
