package dev.memescalate.report;

import dev.memescalate.observe.EndedCounts;
import dev.memescalate.store.AttemptRecord;
import dev.memescalate.store.ChainRecord;
import dev.memescalate.store.JobRole;
import dev.memescalate.store.TaskHistory;
import java.io.IOException;
import java.io.Writer;
import java.time.ZoneId;
import java.util.Optional;

/**
 * {@code status --json} and {@code list --json}: the documented contract (README, "JSON output"). Field names are
 * snake_case; times are ISO-8601 with the local offset; absent values are {@code null}, never left out.
 */
public final class StatusJson {
    private StatusJson() {
    }

    /** One chain: the fields {@code list --json} shares, then its rounds, then (with --tasks) every task. */
    public static void write(StatusModel m, ZoneId zone, Writer out, Optional<TaskSource> tasks) {
        try (Json j = new Json(out)) {
            j.object(() -> {
                chainFields(j, m.summary(), zone);
                j.array("rounds", () -> m.rounds().forEach(r -> round(j, r, zone)));
                j.field("next", m.next());
                j.field("live_problem", m.liveProblem());
                if (tasks.isPresent()) {
                    RoundLevels levels = RoundLevels.of(m.rounds().stream().map(StatusModel.RoundLine::round)
                            .toList());
                    j.array("task_outcomes", () -> tasks.get().forEach(t -> task(j, t, levels)));
                }
            });
        }
        newline(out);
    }

    /** {@code list --json}: one object per chain with the same top-level fields as {@code status --json}. */
    public static void writeList(Iterable<ChainSummary> chains, ZoneId zone, Writer out) {
        try (Json j = new Json(out)) {
            j.array(() -> chains.forEach(m -> j.object(() -> chainFields(j, m, zone))));
        }
        newline(out);
    }

    static void chainFields(Json j, ChainSummary m, ZoneId zone) {
        ChainRecord c = m.chain();
        j.field("chain", c.id())
                .field("state", m.state())
                .field("stalled_reason", m.stall())
                .field("script", c.scriptPath().toString())
                .strings("args", c.args())
                .field("array", c.arraySpec())
                .field("throttle", c.throttle())
                .field("level", m.level())
                .field("start_level", c.startLevel())
                .field("max_level", c.maxLevel())
                .field("submitted", Times.iso(c.createdAt(), zone))
                .field("ended", c.endedAt().map(t -> Times.iso(t, zone)))
                .object("tasks", () -> j.field("total", m.total())
                        .field("completed", m.completed())
                        .field("failed", m.failed())
                        .field("exhausted", m.exhausted())
                        .field("cancelled", m.cancelled())
                        .field("running", m.running())
                        .field("pending", m.pending()));
    }

    private static void round(Json j, StatusModel.RoundLine r, ZoneId zone) {
        j.object(() -> {
            j.field("round", r.round().number())
                    .field("level", r.round().level())
                    // A by_reason round's level is its memory level, its time level beside it; null when lockstep.
                    .field("time_level", r.round().timeLevel())
                    .field("kind", r.round().kind().name())
                    .field("partition", r.resources().partitionList())
                    .field("mem", r.resources().mem().toSlurm())
                    .field("time", r.resources().time().toSlurm())
                    .strings("jobs", r.arrayJobIds())
                    .strings("handler", r.handlerJobIds())
                    .field("handler_state", r.handlers().stream().filter(h -> h.role() == JobRole.HANDLER)
                            .map(h -> h.state().name()).findFirst())
                    .field("tasks", r.tasks())
                    .field("completed", r.completed())
                    .field("escalated", r.escalated())
                    .field("retried", r.retried())
                    .field("failed", r.failed())
                    .field("exhausted", r.exhausted())
                    .field("cancelled", r.cancelled())
                    .field("state", r.round().status().name())
                    .field("submitted", r.round().submittedAt().map(t -> Times.iso(t, zone)))
                    .field("decided", r.round().decidedAt().map(t -> Times.iso(t, zone)));
            if (r.live().isPresent()) {
                StatusModel.LiveRound l = r.live().get();
                j.object("live", () -> {
                    j.field("pending", l.pending()).field("running", l.running()).field("ended", l.ended());
                    if (l.breakdown().isPresent()) {
                        EndedCounts b = l.breakdown().get();
                        j.object("ended_as", () -> j.field("completed", b.completed())
                                .field("out_of_memory", b.outOfMemory())
                                .field("timeout", b.timeout())
                                .field("failed", b.failed())
                                .field("cancelled", b.cancelled())
                                .field("as_of", l.breakdownAsOf().map(t -> Times.iso(t, zone))));
                    } else {
                        j.nullableField("ended_as", null);
                    }
                });
            } else {
                j.nullableField("live", null);
            }
        });
    }

    private static void task(Json j, TaskHistory t, RoundLevels levels) {
        j.object(() -> {
            j.field("task", t.index())
                    .field("outcome", t.outcome().map(o -> o.outcome().name()).orElse("PENDING"))
                    .nullableField("level", t.outcome().map(o -> o.level()).orElse(null))
                    .nullableField("time_level", t.outcome().flatMap(o -> levels.timeLevel(o.round())).orElse(null))
                    .nullableField("round", t.outcome().map(o -> o.round()).orElse(null))
                    .field("reason", t.outcome().map(o -> o.reason()));
            j.array("attempts", () -> t.attempts().forEach(a -> attempt(j, a, levels)));
        });
    }

    private static void attempt(Json j, AttemptRecord a, RoundLevels levels) {
        j.object(() -> j.field("round", a.round())
                .field("level", a.level())
                .nullableField("time_level", levels.timeLevel(a.round()).orElse(null))
                .field("job", a.slurmJobId())
                .field("state", a.state())
                .field("exit_code", a.exitCode() + ":" + a.signal())
                .field("elapsed_s", a.elapsedSeconds())
                .field("max_rss_bytes", a.maxRssBytes())
                .field("node", a.node())
                .field("outcome", a.outcome().name()));
    }

    private static void newline(Writer out) {
        try {
            out.write('\n');
            out.flush();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
