package dev.memescalate.engine;

import dev.memescalate.config.EscalationConfig;
import dev.memescalate.indexset.IndexSet;
import dev.memescalate.policy.Classification;
import dev.memescalate.policy.Outcome;
import dev.memescalate.policy.StatePolicy;
import dev.memescalate.slurm.Hostlist;
import dev.memescalate.slurm.JobState;
import dev.memescalate.slurm.TaskAccounting;
import dev.memescalate.slurm.TaskRecord;
import dev.memescalate.store.AttemptRecord;
import dev.memescalate.store.RoundRecord;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;
import java.util.TreeSet;
import java.util.function.Predicate;

/**
 * Judges every task of an ended round from what sacct said of it: the state policy (states and exit-code rules),
 * then the done-file rule. Pure: the file check and the time zone sacct printed in are given.
 */
final class TaskClassifier {
    private final EscalationConfig config;
    private final Path workDir;
    private final Predicate<Path> fileExists;
    private final ZoneId sacctZone;

    /**
     * @param workDir the directory the chain was submitted in: relative done-file patterns resolve against it
     * @param fileExists how a done file is checked (the real file system in a handler)
     * @param sacctZone the zone sacct printed Start and End in (the cluster's local time)
     */
    TaskClassifier(EscalationConfig config, Path workDir, Predicate<Path> fileExists, ZoneId sacctZone) {
        this.config = config;
        this.workDir = workDir;
        this.fileExists = fileExists;
        this.sacctZone = sacctZone;
    }

    /**
     * What the round's tasks came to.
     *
     * @param verdicts one per task, in the order of the round's arrays and their indices
     * @param attempts the attempt record of each task, for the store
     * @param failedNodes the nodes of tasks that ended NODE_FAIL, with the round's earlier exclusions: a retry at
     *     the same level excludes them
     */
    record Judgement(List<TaskVerdict> verdicts, List<AttemptRecord> attempts, List<String> failedNodes) {
        Judgement {
            verdicts = List.copyOf(verdicts);
            attempts = List.copyOf(attempts);
            failedNodes = List.copyOf(failedNodes);
        }
    }

    /**
     * @param expected the indices of each array job of the round, by job id
     * @param reading what sacct said; when it is incomplete, a task still without a terminal row is NOT_FINISHED
     *     with the reason the wait ended
     * @param waitedSeconds how long the handler waited for sacct, for that reason
     */
    Judgement judge(String chainId, RoundRecord round, Map<String, IndexSet> expected,
            AccountingReader.Reading reading, long waitedSeconds) {
        StatePolicy policy = config.statePolicy();
        List<TaskVerdict> verdicts = new ArrayList<>();
        List<AttemptRecord> attempts = new ArrayList<>();
        TreeSet<String> failedNodes = new TreeSet<>(round.excludeNodes());
        for (Map.Entry<String, IndexSet> job : expected.entrySet()) {
            TaskAccounting accounting = reading.byJob().get(job.getKey());
            job.getValue().stream().forEach(index -> {
                Optional<TaskRecord> task = accounting == null ? Optional.empty() : accounting.task(index);
                Classification c = applyDoneFileRule(policy.classify(task), index);
                if (!reading.complete() && c.outcome() == Outcome.NOT_FINISHED) {
                    c = new Classification(Outcome.NOT_FINISHED, c.reason() + " after waiting " + waitedSeconds
                            + " s for accounting (" + reading.lastProblem().orElse("incomplete") + ")");
                }
                verdicts.add(new TaskVerdict(index, c.outcome(), c.reason()));
                attempts.add(attempt(chainId, round, job.getKey(), index, task, c));
                task.filter(t -> t.state() == JobState.NODE_FAIL)
                        .map(t -> t.allocation().nodeList())
                        .filter(nodes -> !nodes.isEmpty())
                        .ifPresent(nodes -> failedNodes.addAll(Hostlist.expand(nodes)));
            });
        }
        return new Judgement(verdicts, attempts, List.copyOf(failedNodes));
    }

    /**
     * A task that COMPLETED without writing its done file is retried at the same level (a child was killed). The
     * config resolved the pattern against its own directory; a relative one is taken from the submit directory.
     */
    private Classification applyDoneFileRule(Classification c, int index) {
        Optional<Path> doneFile = config.doneFileFor(index).map(workDir::resolve);
        boolean missing = c.outcome() == Outcome.COMPLETED && doneFile.isPresent() && !fileExists.test(doneFile.get());
        return missing
                ? new Classification(Outcome.RETRY_SAME_LEVEL, "COMPLETED but its done file " + doneFile.get()
                        + " is missing")
                : c;
    }

    private AttemptRecord attempt(String chainId, RoundRecord round, String jobId, int index,
            Optional<TaskRecord> task, Classification c) {
        if (task.isEmpty()) {
            return new AttemptRecord(chainId, index, round.number(), round.level(), jobId, JobState.UNKNOWN.name(),
                    "no accounting record", 0, 0, OptionalLong.empty(), OptionalLong.empty(), Optional.empty(),
                    Optional.empty(), Optional.empty(), OptionalInt.empty(), Optional.empty(), Optional.empty(),
                    c.outcome(), c.reason());
        }
        TaskRecord t = task.get();
        var row = t.allocation();
        return new AttemptRecord(chainId, index, round.number(), round.level(), jobId, t.state().name(),
                row.stateText(), t.exitCode().returnCode(), t.exitCode().signal(),
                row.elapsed().map(d -> OptionalLong.of(d.getSeconds())).orElse(OptionalLong.empty()),
                t.maxRssBytes(),
                row.nodeList().isEmpty() ? Optional.empty() : Optional.of(row.nodeList()),
                row.start().map(this::instant), row.end().map(this::instant),
                OptionalInt.empty(), t.batchStep().map(b -> b.stateText()),
                t.batchStep().map(b -> b.exitCode().returnCode() + ":" + b.exitCode().signal()),
                c.outcome(), c.reason());
    }

    private Instant instant(LocalDateTime local) {
        return local.atZone(sacctZone).toInstant();
    }
}
