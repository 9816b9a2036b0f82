package dev.memescalate.report;

import dev.memescalate.ShellWords;
import dev.memescalate.observe.Durations;
import dev.memescalate.observe.EndedCounts;
import dev.memescalate.store.ChainRecord;
import dev.memescalate.store.JobRole;
import dev.memescalate.store.RoundRecord;
import java.time.Duration;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Collectors;

/** Renders {@code mem-escalate status}: the chain, its rounds with live progress, and what happens next. Pure. */
public final class StatusText {
    /** Width of a round's progress bar, in characters between the brackets. */
    static final int BAR_WIDTH = 20;

    private StatusText() {
    }

    /**
     * @param zone the zone times are shown in (the user's)
     * @param bars draw a progress bar per running round (a terminal redrawn in place)
     */
    public static String render(StatusModel m, ZoneId zone, boolean bars) {
        StringBuilder out = new StringBuilder();
        ChainRecord c = m.chain();
        out.append("Chain ").append(c.id()).append(": ").append(m.state()).append('\n');
        out.append("  Script     ").append(commandLine(c)).append('\n');
        out.append("  Tasks      ").append(m.summary().total()).append(" (array ").append(c.arraySpec())
                .append(c.throttle().isPresent() ? ", at most " + c.throttle().getAsInt() + " at once" : "")
                .append("): ").append(taskCounts(m.summary())).append('\n');
        out.append("  Levels     ").append(c.startLevel()).append(" to ").append(c.maxLevel())
                .append(c.status().isTerminal() ? "" : ", now at " + m.summary().level())
                .append(m.rounds().stream().anyMatch(l -> l.round().byReason())
                        ? " (escalation: by_reason, memory and time levels apart)" : "").append('\n');
        out.append("  Submitted  ").append(Times.local(c.createdAt(), zone));
        if (c.endedAt().isPresent()) {
            out.append('\n').append("  Ended      ").append(Times.local(c.endedAt().get(), zone)).append(" (ran ")
                    .append(Durations.compact(Duration.between(c.createdAt(), c.endedAt().get()))).append(')');
        } else {
            out.append(", ").append(Durations.compact(Duration.between(c.createdAt(), m.asOf()))).append(" ago");
        }
        out.append("\n\n");

        Table rounds = new Table("Round", "Level", "Partition", "Mem", "Time", "Tasks", "Array jobs", "Handler",
                "Status", "Progress");
        for (StatusModel.RoundLine line : m.rounds()) {
            RoundRecord r = line.round();
            rounds.row(Integer.toString(r.number()), r.levelLabel(), line.resources().partitionList(),
                    line.resources().mem().toSlurm(), line.resources().time().toSlurm(), Integer.toString(line.tasks()),
                    line.arrayJobIds().isEmpty() ? "-" : String.join(",", line.arrayJobIds()),
                    handlerIds(line), r.status().name(), progress(line, Optional.of(zone), bars));
        }
        out.append(rounds.render());

        List<String> notes = notes(m);
        if (!notes.isEmpty()) {
            out.append('\n');
            notes.forEach(n -> out.append(n).append('\n'));
        }
        return out.toString();
    }

    /** What status says under its table: the handlers of active rounds, a stall, what happens next, live problems. */
    public static List<String> notes(StatusModel m) {
        List<String> notes = new ArrayList<>();
        for (StatusModel.RoundLine line : m.rounds()) {
            for (StatusModel.HandlerLine h : line.handlers()) {
                notes.add("Round " + line.round().number() + ": " + handlerSentence(h));
            }
        }
        m.summary().stall().ifPresent(s -> notes.add("STALLED: " + s));
        m.next().ifPresent(n -> notes.add("Next: " + n));
        m.liveProblem().ifPresent(p -> notes.add("Live counts unavailable: " + p));
        return notes;
    }

    /**
     * The chain in one line, for {@code status --watch} when the output is not a terminal: printed again only when it
     * changes (the caller puts the time in front). {@code RUNNING: 12 completed, 1 failed, 0 exhausted, 2 running, 5
     * pending | round 2 (level 1): 3/7 ended, 2 running, 2 pending; handler waiting}.
     */
    public static String oneLine(StatusModel m) {
        StringBuilder line = new StringBuilder(m.state()).append(": ").append(taskCounts(m.summary()));
        for (StatusModel.RoundLine r : m.rounds()) {
            if (!r.round().status().isActive()) {
                continue;
            }
            line.append(" | round ").append(r.round().number()).append(" (").append(r.round().levelWording())
                    .append("): ").append(progress(r, Optional.empty(), false));
            r.handlers().stream().filter(h -> h.role() == JobRole.HANDLER).findFirst()
                    .ifPresent(h -> line.append("; handler ").append(h.state().name().toLowerCase(Locale.ROOT)));
        }
        m.summary().stall().ifPresent(s -> line.append(" | STALLED: ").append(s));
        return line.toString();
    }

    /** The script and its arguments as a shell would show them (display only: they are passed as a list). */
    public static String commandLine(ChainRecord c) {
        List<String> words = new ArrayList<>();
        words.add(c.scriptPath().toString());
        words.addAll(c.args());
        return words.stream().map(ShellWords::quote).collect(Collectors.joining(" "));
    }

    public static String taskCounts(ChainSummary m) {
        List<String> parts = new ArrayList<>();
        parts.add(m.completed() + " completed");
        parts.add(m.failed() + " failed");
        parts.add(m.exhausted() + " exhausted");
        if (m.cancelled() > 0) {
            parts.add(m.cancelled() + " cancelled");
        }
        if (!m.chain().status().isTerminal() || m.running() + m.pending() > 0) {
            parts.add(m.running() + " running");
            parts.add(m.pending() + " pending");
        }
        return String.join(", ", parts);
    }

    private static String handlerIds(StatusModel.RoundLine line) {
        return line.handlerJobIds().isEmpty() ? "-" : String.join(",", line.handlerJobIds());
    }

    /**
     * What a round came to, or how far a running round is.
     *
     * @param zone where to show when sacct's breakdown was taken; empty to leave the time out
     */
    public static String progress(StatusModel.RoundLine line, Optional<ZoneId> zone, boolean bars) {
        return switch (line.round().status()) {
            case PLANNED -> "being submitted";
            case SUBMITTED -> line.live().map(l -> live(line, l, zone, bars)).orElse("its arrays run");
            case DECIDED -> decided(line) + " (submitting the next round)";
            case DONE, SUBMIT_FAILED, CANCELLED -> decided(line);
        };
    }

    private static String live(StatusModel.RoundLine line, StatusModel.LiveRound l, Optional<ZoneId> zone,
            boolean bars) {
        StringBuilder text = new StringBuilder();
        if (bars) {
            text.append(bar(l.ended(), line.tasks())).append(' ');
        }
        text.append(l.ended()).append('/').append(line.tasks()).append(" ended");
        l.breakdown().filter(b -> b.ended() > 0).ifPresent(b -> text.append(" (")
                .append(zone.flatMap(z -> l.breakdownAsOf().map(t -> "as of " + Times.clock(t, z) + ": ")).orElse(""))
                .append(breakdown(b)).append(')'));
        return text.append(", ").append(l.running()).append(" running, ").append(l.pending()).append(" pending")
                .toString();
    }

    static String breakdown(EndedCounts b) {
        List<String> parts = new ArrayList<>();
        addIfAny(parts, b.completed(), "completed");
        addIfAny(parts, b.outOfMemory(), "OOM");
        addIfAny(parts, b.timeout(), "timeout");
        addIfAny(parts, b.failed(), "failed");
        addIfAny(parts, b.cancelled(), "cancelled");
        return String.join(", ", parts);
    }

    static String decided(StatusModel.RoundLine line) {
        List<String> parts = new ArrayList<>();
        addIfAny(parts, line.completed(), "completed");
        addIfAny(parts, line.escalated(), "escalated");
        addIfAny(parts, line.retried(), "retried");
        addIfAny(parts, line.failed(), "failed");
        addIfAny(parts, line.exhausted(), "exhausted");
        addIfAny(parts, line.cancelled(), "cancelled");
        return parts.isEmpty() ? "-" : String.join(", ", parts);
    }

    private static void addIfAny(List<String> parts, int count, String what) {
        if (count > 0) {
            parts.add(count + " " + what);
        }
    }

    static String bar(int done, int total) {
        int filled = total == 0 ? BAR_WIDTH : (int) ((long) done * BAR_WIDTH / total);
        return "[" + "#".repeat(filled) + ".".repeat(BAR_WIDTH - filled) + "]";
    }

    private static String handlerSentence(StatusModel.HandlerLine h) {
        String who = (h.role() == JobRole.FINALIZER ? "finalizer " : "handler ") + h.jobId();
        return switch (h.state()) {
            case WAITING -> who + " is waiting for its dependency (the end of the round's arrays)";
            case PENDING -> who + " is pending (" + h.reason() + ")";
            case RUNNING -> who + " is running";
            case GONE -> who + " is no longer in the queue" + h.fate().map(f -> " (ended " + f.describe() + ")")
                    .orElse("");
            case UNKNOWN -> who + ": squeue could not be asked";
        };
    }
}
