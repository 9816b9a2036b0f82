package dev.memescalate.report;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * {@code generate-report --format=json}: the numbers of the markdown report, for scripts (README, "JSON output").
 * Each chain carries the fields of {@code status --json}'s top level, then its report.
 */
public final class ReportJson {
    private ReportJson() {
    }

    public static void write(List<ChainReport> chains, Instant generated, ZoneId zone, Writer out) {
        try (Json j = new Json(out)) {
            j.object(() -> {
                j.field("generated", Times.iso(generated, zone));
                j.array("chains", () -> chains.forEach(c -> chain(j, c, zone)));
            });
        }
        try {
            out.write('\n');
            out.flush();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void chain(Json j, ChainReport r, ZoneId zone) {
        j.object(() -> {
            StatusJson.chainFields(j, r.summary(), zone);
            j.field("config_file", r.configFile());
            j.nullableField("wall_time_s", r.wallTime().map(d -> d.toSeconds()).orElse(null));
            j.array("ladder", () -> r.ladder().levels().forEach(l -> j.object(() -> j.field("level", l.number())
                    .field("partition", l.partitionList()).field("mem", l.mem().toSlurm())
                    .field("time", l.time().toSlurm()))));
            // Separate memory: and time: ladders: "ladder" is the levels both climb together; these are the lists.
            r.ladder().separate().ifPresent(s -> {
                j.array("memory_ladder", () -> s.memory().forEach(step -> j.object(() -> j
                        .field("mem", step.value().toSlurm())
                        .nullableField("partition", step.partitions().map(p -> String.join(",", p)).orElse(null)))));
                j.array("time_ladder", () -> s.time().forEach(step -> j.object(() -> j
                        .field("time", step.value().toSlurm())
                        .nullableField("partition", step.partitions().map(p -> String.join(",", p)).orElse(null)))));
            });
            j.array("rounds", () -> r.rounds().forEach(round -> j.object(() -> {
                j.field("round", round.round().number())
                        .field("level", round.round().level())
                        .field("time_level", round.round().timeLevel())
                        .field("kind", round.round().kind().name())
                        .strings("jobs", round.jobIds())
                        .strings("handler", round.handlerIds())
                        .field("partition", round.resources().partitionList())
                        .field("mem", round.resources().mem().toSlurm())
                        .field("time", round.resources().time().toSlurm())
                        .field("tasks", round.tasks())
                        .field("completed", round.completed())
                        .field("out_of_memory", round.outOfMemory())
                        .field("timeout", round.timeout())
                        .field("failed", round.failed())
                        .field("state", round.round().status().name());
                if (round.detail().isPresent()) {
                    detail(j, round.detail().get());
                }
                timing(j, round.timing(), zone);
            })));
            ChainReport.FailedTasks f = r.failed();
            j.object("failed_tasks", () -> {
                j.field("total", f.total()).field("left_out", f.leftOut());
                j.object("by_reason", () -> f.byReason().forEach((k, v) -> j.field(k, v)));
                j.array("rows", () -> f.rows().forEach(row -> j.object(() -> j.field("task", row.task())
                        .field("outcome", row.outcome())
                        .field("state", row.state())
                        .field("exit_code", row.exitCode())
                        .field("node", row.node())
                        .nullableField("elapsed_s", row.elapsed().map(d -> d.toSeconds()).orElse(null))
                        .field("level", row.level())
                        .field("time_level", row.timeLevel())
                        .field("reason", row.reason()))));
            });
            ChainReport.Cost c = r.cost();
            j.object("cost", () -> {
                j.field("core_hours_succeeded", c.coreHoursSucceeded())
                        .field("core_hours_failed", c.coreHoursFailed())
                        .field("gb_hours_succeeded", c.gbHoursSucceeded())
                        .field("gb_hours_failed", c.gbHoursFailed())
                        .field("attempts_without_cpu_count", c.cpusAssumed())
                        .field("top_level", c.topLevel())
                        .field("all_at_top_level_gb_hours", c.allAtTopGbHours())
                        .field("start_at_final_level_saves_gb_hours", c.startAtFinalLevelSavesGbHours());
                j.object("first_succeeded_at_level", () -> c.firstSucceededAt().entrySet().stream()
                        .sorted(Map.Entry.comparingByKey())
                        .forEach(e -> j.field(Integer.toString(e.getKey()), e.getValue())));
                ChainReport.Requeued q = c.requeued();
                j.object("requeued", () -> {
                    j.field("runs", q.runs()).field("attempts", q.tasks())
                            .field("core_hours", q.coreHours()).field("gb_hours", q.gbHours());
                    j.object("by_state", () -> q.byState().forEach((state, n) -> j.field(state, (long) n)));
                });
            });
            if (r.learnedStart().isEmpty()) {
                j.field("learned_start", (String) null);
            } else {
                ChainReport.LearnedStart l = r.learnedStart().get();
                j.object("learned_start", () -> {
                    j.object("tasks_by_start_level", () -> l.tasksByLevel()
                            .forEach((level, n) -> j.field(Integer.toString(level), n)));
                    j.field("learned_tasks", l.learnedTasks()).field("saved_gb_hours", l.savedGbHours())
                            .field("saved_rounds", l.savedRounds());
                    j.strings("source_chains", l.sourceChains());
                });
            }
            j.array("levels", () -> r.levels().forEach(l -> j.object(() -> {
                j.field("level", l.level().number())
                        .field("entered", l.entered()).field("succeeded", l.succeeded())
                        .field("escalated", l.escalated()).field("failed", l.failed())
                        .field("in_progress", l.inProgress())
                        .field("gb_hours", l.usage().gbHours())
                        .field("escalated_gb_hours", l.usage().escalatedGbHours());
                histogram(j, "max_rss_percent_of_requested", l.usage().maxRss());
                histogram(j, "elapsed_percent_of_time_limit", l.usage().elapsed());
            })));
            j.array("recommendations", () -> r.recommendations().forEach(rec -> j.object(() -> j
                    .field("kind", rec.kind()).field("level", rec.level()).field("text", rec.text())
                    .field("saves_gb_hours", rec.savesGbHours()))));
            j.array("flags", () -> r.flags().forEach(flag -> j.object(() -> j.field("what", flag.what())
                    .field("count", flag.count())
                    .raw(() -> {
                        j.generator().writeArrayFieldStart("tasks");
                        for (int t : flag.tasks()) {
                            j.generator().writeNumber(t);
                        }
                        j.generator().writeEndArray();
                    }))));
        });
    }

    private static void detail(Json j, ChainReport.RoundDetail d) {
        j.object("detail", () -> {
            j.object("states", () -> d.states().forEach((k, v) -> j.field(k, v)));
            stats(j, "elapsed_s", d.elapsedSeconds());
            stats(j, "max_rss_bytes", d.maxRssBytes());
            stats(j, "max_rss_percent_of_requested", d.maxRssPercent());
            j.field("under_half_of_requested", d.underHalf());
            j.array("top_nodes", () -> d.topNodes().forEach(e -> j.object(() -> j.field("node", e.getKey())
                    .field("attempts", e.getValue()))));
        });
    }

    private static void timing(Json j, ChainReport.Timing t, ZoneId zone) {
        j.object("timing", () -> {
            j.field("created", Times.iso(t.created(), zone));
            instant(j, "submitted", t.submitted(), zone);
            instant(j, "first_start", t.firstStart(), zone);
            instant(j, "last_end", t.lastEnd(), zone);
            instant(j, "decided", t.decided(), zone);
            instant(j, "closed", t.closed(), zone);
            seconds(j, "queued_s", t.queued());
            seconds(j, "running_s", t.running());
            seconds(j, "handler_gap_s", t.handlerGap());
            seconds(j, "escalation_latency_s", t.latency());
            j.array("jobs", () -> t.jobs().forEach(job -> j.object(() -> {
                j.field("job", job.jobId());
                instant(j, "submitted", job.submitted(), zone);
                instant(j, "first_start", job.firstStart(), zone);
                instant(j, "last_end", job.lastEnd(), zone);
                j.field("attempts", job.attempts());
                seconds(j, "queued_s", job.queued());
                seconds(j, "running_s", job.running());
            })));
        });
    }

    private static void instant(Json j, String name, Optional<Instant> at, ZoneId zone) {
        j.field(name, at.map(i -> Times.iso(i, zone)));
    }

    private static void seconds(Json j, String name, Optional<Duration> d) {
        j.nullableField(name, d.map(Duration::toSeconds).orElse(null));
    }

    /** Buckets of {@link Histogram#WIDTH} percent from 0; the last is 100% and over. */
    private static void histogram(Json j, String name, Histogram h) {
        j.object(name, () -> {
            j.field("bucket_width_percent", Histogram.WIDTH);
            j.raw(() -> {
                j.generator().writeArrayFieldStart("completed");
                for (int count : h.completed()) {
                    j.generator().writeNumber(count);
                }
                j.generator().writeEndArray();
                j.generator().writeArrayFieldStart("other");
                for (int count : h.other()) {
                    j.generator().writeNumber(count);
                }
                j.generator().writeEndArray();
            });
            j.field("not_reported", h.notReported());
        });
    }

    private static void stats(Json j, String name, ChainReport.Stats s) {
        j.object(name, () -> j.field("count", s.count()).field("min", s.min()).field("median", s.median())
                .field("max", s.max()));
    }
}
