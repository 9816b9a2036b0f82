package dev.memescalate.report;

import dev.memescalate.indexset.IndexSet;
import dev.memescalate.ladder.Level;
import dev.memescalate.store.AttemptRecord;
import dev.memescalate.store.FinalOutcome;
import dev.memescalate.store.JobRole;
import dev.memescalate.store.RoundRecord;
import dev.memescalate.store.TaskOutcomeRecord;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

/** Renders {@code mem-escalate status}: the chain, its rounds, and (on request) what happened to each task. Pure. */
public final class StatusText {
    private StatusText() {
    }

    /** @param withTasks list every task; the view must then hold the attempts and outcomes */
    public static String render(ChainView v, boolean withTasks) {
        StringBuilder out = new StringBuilder();
        var c = v.chain();
        IndexSet indices = c.indices();
        int total = indices.size();
        out.append("Chain ").append(c.id()).append(": ").append(c.status())
                .append(" (").append(c.scriptPath().getFileName()).append(", ").append(total).append(" task(s), levels ")
                .append(c.startLevel()).append('-').append(c.maxLevel()).append(", submitted ").append(c.createdAt())
                .append(c.endedAt().map(t -> ", ended " + t).orElse("")).append(")\n");

        Table rounds = new Table("Round", "Level", "Partition", "Mem", "Time", "Tasks", "Array jobs", "Status");
        for (RoundRecord r : v.rounds()) {
            Level level = v.ladder().level(r.level());
            String ids = v.jobs().stream()
                    .filter(j -> j.key().round() == r.number() && j.key().role() == JobRole.ARRAY)
                    .map(j -> j.slurmJobId().orElse("-"))
                    .collect(Collectors.joining(","));
            rounds.row(Integer.toString(r.number()), Integer.toString(r.level()), level.partitionList(),
                    level.mem().toSlurm(), level.time().toSlurm(), Integer.toString(r.indices().size()), ids,
                    r.status().name());
        }
        out.append(rounds.render());

        Map<FinalOutcome, Integer> counts = v.outcomeCounts();
        int settled = counts.values().stream().mapToInt(Integer::intValue).sum();
        out.append("Tasks: ").append(counts.getOrDefault(FinalOutcome.COMPLETED, 0)).append(" completed, ")
                .append(counts.getOrDefault(FinalOutcome.FAILED, 0)).append(" failed, ")
                .append(counts.getOrDefault(FinalOutcome.EXHAUSTED, 0)).append(" exhausted, ")
                .append(total - settled).append(" still running or waiting\n");
        if (withTasks) {
            out.append(tasks(v, indices));
        }
        return out.toString();
    }

    /** One line per task: every attempt (round, level, state) and the final outcome with its reason. */
    static String tasks(ChainView v, IndexSet indices) {
        Map<Integer, List<AttemptRecord>> attempts = new TreeMap<>();
        v.attempts().forEach(a -> attempts.computeIfAbsent(a.index(), k -> new ArrayList<>()).add(a));
        Map<Integer, TaskOutcomeRecord> outcomes = new TreeMap<>();
        v.outcomes().forEach(o -> outcomes.put(o.index(), o));
        Table t = new Table("Task", "Attempts (round/level: state exit)", "Outcome", "Level", "Reason");
        for (int index : indices.toArray()) {
            String history = attempts.getOrDefault(index, List.of()).stream()
                    .sorted((a, b) -> Integer.compare(a.round(), b.round()))
                    .map(a -> "r" + a.round() + "/L" + a.level() + ": " + a.state() + " " + a.exitCode() + ":" + a.signal())
                    .collect(Collectors.joining(", "));
            TaskOutcomeRecord o = outcomes.get(index);
            t.row(Integer.toString(index), history.isEmpty() ? "-" : history,
                    o == null ? "PENDING" : o.outcome().name(),
                    o == null ? "-" : Integer.toString(o.level()),
                    o == null || o.outcome() == FinalOutcome.COMPLETED ? "" : o.reason());
        }
        return t.render();
    }

}
