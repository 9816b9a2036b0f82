package dev.memescalate.report.html;

import dev.memescalate.ladder.Level;
import dev.memescalate.observe.Durations;
import dev.memescalate.report.ChainReport;
import dev.memescalate.report.Histogram;
import dev.memescalate.store.RoundStatus;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The HTML report's charts, drawn from a {@link ChainReport}: geometry only, as {@link Svg} values. Pure: the same
 * report gives the same charts, byte for byte (golden files).
 */
public final class Charts {
    /** A timeline draws at most this many rows (array jobs); the rest are counted in a note. */
    static final int MAX_TIMELINE_ROWS = 60;

    private static final int WIDE = 720;

    private Charts() {
    }

    /**
     * Per level a bar of the tasks that entered it: succeeded there, escalated from it, failed there, still open.
     *
     * @param memoryLevels whether the rows are memory levels (separate ladders, by_reason: labelled by memory alone)
     */
    public static Svg funnel(List<ChainReport.LevelReport> levels, boolean memoryLevels) {
        int labelW = 180;
        int rowH = 30;
        int barH = 18;
        int top = 4;
        int maxEntered = Math.max(1, levels.stream().mapToInt(l -> l.entered() + l.inProgress()).max().orElse(1));
        double scale = (WIDE - labelW - 110) / (double) maxEntered;
        Svg.Builder svg = new Svg.Builder(WIDE, top + Math.max(1, levels.size()) * rowH + 4,
                "Tasks per level: entered, succeeded there, escalated, failed");
        for (int i = 0; i < levels.size(); i++) {
            ChainReport.LevelReport l = levels.get(i);
            double y = top + i * rowH;
            svg.text(labelW - 8, y + barH - 4, "end", "label", levelName(l.level(), memoryLevels));
            int open = Math.max(0, l.entered() - l.succeeded() - l.escalated() - l.failed()) + l.inProgress();
            int shown = l.entered() + l.inProgress();
            double x = labelW;
            int n = l.level().number();
            x = segment(svg, x, y, barH, l.succeeded() * scale, "ok", "level " + n + ": " + l.succeeded() + " of "
                    + l.entered() + " succeeded there");
            x = segment(svg, x, y, barH, l.escalated() * scale, "up", "level " + n + ": " + l.escalated() + " of "
                    + l.entered() + " escalated");
            x = segment(svg, x, y, barH, l.failed() * scale, "bad", "level " + n + ": " + l.failed() + " of "
                    + l.entered() + " ended here unsuccessful");
            x = segment(svg, x, y, barH, open * scale, "open", "level " + n + ": " + open + " of " + shown
                    + " still running or waiting");
            svg.text(x + 6, y + barH - 4, "start", "value", Fmt.count(l.entered()) + " entered"
                    + (l.inProgress() > 0 ? ", " + Fmt.count(l.inProgress()) + " in a running round" : ""));
        }
        return svg.build();
    }

    private static double segment(Svg.Builder svg, double x, double y, double h, double w, String cls, String title) {
        svg.rect(x, y, w, h, cls, title);
        return x + w;
    }

    /**
     * A histogram of percents: completed attempts at the bottom of each bar, the others above them.
     *
     * @param what {@code MaxRSS} or {@code Run time}
     * @param of what the percent is of ({@code 256M}, {@code 00:01:00})
     */
    public static Svg histogram(Histogram h, String what, String of, int level) {
        int w = 340;
        int height = 150;
        int left = 44;
        int right = 8;
        int top = 10;
        int bottom = 24;
        double plotW = w - left - right;
        double plotH = height - top - bottom;
        double bw = plotW / h.buckets();
        int max = Math.max(1, h.largestCount());
        Svg.Builder svg = new Svg.Builder(w, height, what + " as a percent of " + of + " at level " + level + ", "
                + h.total() + " attempts");
        double base = top + plotH;
        svg.line(left, top, w - right, top, "grid");
        svg.text(left - 4, top + 4, "end", "tick", Fmt.count(max));
        svg.text(left - 4, base, "end", "tick", "0");
        for (int b = 0; b < h.buckets(); b++) {
            int c = h.completed().get(b);
            int o = h.other().get(b);
            double hc = plotH * c / max;
            double ho = plotH * o / max;
            double x = left + b * bw + 0.5;
            String range = Histogram.label(b);
            svg.rect(x, base - hc, bw - 1, hc, "ok", range + ": " + c + " completed");
            svg.rect(x, base - hc - ho, bw - 1, ho, "bad", range + ": " + o + " did not complete");
        }
        svg.line(left, base, w - right, base, "axis");
        for (int b = 0; b <= Histogram.BUCKETS; b += Histogram.BUCKETS / 4) {
            double x = left + b * bw;
            svg.line(x, base, x, base + 4, "axis");
            svg.text(x, base + 16, "middle", "tick", (b * Histogram.WIDTH) + "%");
        }
        if (h.total() == 0) {
            svg.text(left + plotW / 2, top + plotH / 2, "middle", "empty", "no attempt reported one");
        }
        return svg.build();
    }

    /**
     * The rounds on one time axis, a row per array job: in the queue (sbatch to its first task's start), running
     * (first start to last end), and the handler's gap (the round's last end to its decision), with the escalation
     * latency before each round that followed another.
     *
     * @param now the end of the axis for a chain still running
     */
    public static Svg timeline(ChainReport r, Instant now, ZoneId zone) {
        List<Row> rows = rows(r);
        int labelW = 150;
        int right = 96;
        int top = 6;
        int rowH = 22;
        int barH = 14;
        int shown = Math.min(rows.size(), MAX_TIMELINE_ROWS);
        Instant t0 = r.chain().createdAt();
        Instant t1 = end(r, now);
        double span = Math.max(1, Duration.between(t0, t1).toMillis());
        double plotW = WIDE - labelW - right;
        int axisY = top + Math.max(1, shown) * rowH + 4;
        Svg.Builder svg = new Svg.Builder(WIDE, axisY + 22 + (rows.size() > shown ? 16 : 0),
                "Timeline of the rounds: queued, running, waiting for the handler");
        java.util.function.Function<Instant, Double> x = t -> labelW + plotW
                * Math.max(0, Duration.between(t0, t).toMillis()) / span;
        for (int i = 0; i <= 4; i++) {
            double gx = labelW + plotW * i / 4;
            svg.line(gx, top, gx, axisY, "grid");
            Duration at = Duration.ofMillis((long) (span * i / 4));
            svg.text(gx, axisY + 14, "middle", "tick", i == 0 ? Fmt.clock(t0, zone) : "+" + Durations.compact(at));
        }
        for (int i = 0; i < shown; i++) {
            Row row = rows.get(i);
            ChainReport.Timing t = row.round().timing();
            double y = top + i * rowH;
            int number = row.round().round().number();
            svg.text(labelW - 8, y + barH - 3, "end", "label", "r" + number + " · " + (row.round().round().byReason()
                    ? row.round().round().levelLabel() : "L" + row.round().round().level())
                    + (row.jobId().isEmpty() ? "" : " · " + row.jobId()));
            Optional<Instant> submitted = row.submitted().or(t::submitted);
            Instant queuedFrom = submitted.orElse(t.created());
            double end = x.apply(queuedFrom);
            if (row.firstStart().isPresent()) {
                double s = x.apply(row.firstStart().get());
                svg.rect(end, y, s - end, barH, "queued", "round " + number + (row.jobId().isEmpty() ? ""
                        : ", job " + row.jobId()) + ": queued " + Fmt.duration(between(queuedFrom,
                                row.firstStart().get())));
                end = s;
                if (row.lastEnd().isPresent()) {
                    double e = x.apply(row.lastEnd().get());
                    svg.rect(s, y, Math.max(1, e - s), barH, "running", "round " + number + (row.jobId().isEmpty() ? ""
                            : ", job " + row.jobId()) + ": running " + Fmt.duration(between(row.firstStart().get(),
                                    row.lastEnd().get())) + " (" + row.attempts() + " attempts)");
                    end = Math.max(s + 1, e);
                }
            } else if (row.round().round().status().isActive()) {
                double e = x.apply(t1);
                svg.rect(end, y, Math.max(1, e - end), barH, "inslurm", "round " + number + ": in Slurm since "
                        + Fmt.clock(queuedFrom, zone) + " (its tasks' times are recorded when its handler decides)");
                end = Math.max(end + 1, e);
            }
            if (row.lastOfRound() && t.lastEnd().isPresent() && t.decided().isPresent()) {
                double d = x.apply(t.decided().get());
                double s = x.apply(t.lastEnd().get());
                svg.rect(s, y + barH / 4.0, Math.max(1, d - s), barH / 2.0, "handler", "round " + number
                        + ": handler gap " + Fmt.duration(t.handlerGap()) + " (last task ended to the handler's"
                        + " decision)");
                end = Math.max(end, s + Math.max(1, d - s));
            }
            if (row.firstOfRound() && t.latency().isPresent()) {
                svg.text(end + 4, y + barH - 3, "start", "note", "latency " + Fmt.duration(t.latency()));
            }
        }
        if (rows.size() > shown) {
            svg.text(labelW, axisY + 30, "start", "note", (rows.size() - shown) + " more array jobs not drawn");
        }
        return svg.build();
    }

    private static Duration between(Instant from, Instant to) {
        return to.isBefore(from) ? Duration.ZERO : Duration.between(from, to);
    }

    private static Instant end(ChainReport r, Instant now) {
        Instant end = r.chain().endedAt().orElse(now);
        for (ChainReport.RoundReport round : r.rounds()) {
            ChainReport.Timing t = round.timing();
            for (Optional<Instant> at : List.of(t.lastEnd(), t.decided(), t.closed())) {
                if (at.isPresent() && at.get().isAfter(end)) {
                    end = at.get();
                }
            }
        }
        return end;
    }

    /** One row of the timeline: an array job of a round, or the round itself while it has none recorded. */
    private record Row(ChainReport.RoundReport round, String jobId, Optional<Instant> submitted,
            Optional<Instant> firstStart, Optional<Instant> lastEnd, int attempts, boolean firstOfRound,
            boolean lastOfRound) {
    }

    private static List<Row> rows(ChainReport r) {
        List<Row> rows = new ArrayList<>();
        for (ChainReport.RoundReport round : r.rounds()) {
            List<ChainReport.JobSpan> jobs = round.timing().jobs();
            if (round.round().status() == RoundStatus.PLANNED && jobs.isEmpty()) {
                continue;
            }
            if (jobs.isEmpty()) {
                rows.add(new Row(round, String.join(",", round.jobIds()), Optional.empty(), Optional.empty(),
                        Optional.empty(), 0, true, true));
                continue;
            }
            for (int i = 0; i < jobs.size(); i++) {
                ChainReport.JobSpan j = jobs.get(i);
                rows.add(new Row(round, j.jobId(), j.submitted(), j.firstStart(), j.lastEnd(), j.attempts(), i == 0,
                        i == jobs.size() - 1));
            }
        }
        return rows;
    }

    /**
     * {@code Level 0 · 256M · 00:01:00}; {@code Memory level 0 · 256M} for a memory level (separate ladders,
     * by_reason).
     */
    static String levelName(Level level, boolean memoryLevel) {
        if (memoryLevel) {
            return "Memory level " + level.number() + " · " + level.mem().toSlurm();
        }
        return "Level " + level.number() + " · " + level.mem().toSlurm() + " · " + level.time().toSlurm();
    }
}
