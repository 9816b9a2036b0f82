package dev.memescalate.report;

import dev.memescalate.ShellWords;
import dev.memescalate.ladder.Level;
import dev.memescalate.ladder.SeparateLadders;
import dev.memescalate.ladder.Step;
import dev.memescalate.observe.Durations;
import dev.memescalate.store.ChainRecord;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * {@code generate-report} as markdown, in the form users of the original tool know: {@code # Escalation Report}, then
 * per chain its configuration, its rounds, its failed tasks, the cost of escalation, what deserves a look, and a
 * summary line. Pure. Everything that came from the user (paths, arguments) is escaped for markdown tables.
 */
public final class MarkdownReport {
    private MarkdownReport() {
    }

    public static String render(List<ChainReport> chains, Instant generated, ZoneId zone) {
        StringBuilder md = new StringBuilder("# Escalation Report\n\n");
        md.append("Generated: ").append(Times.local(generated, zone)).append("\n");
        if (chains.isEmpty()) {
            md.append("\nNo chains.\n");
        }
        for (ChainReport chain : chains) {
            md.append('\n');
            chain(md, chain, zone);
        }
        return md.toString();
    }

    private static void chain(StringBuilder md, ChainReport r, ZoneId zone) {
        ChainRecord c = r.chain();
        ChainSummary s = r.summary();
        md.append("## Chain ").append(c.id()).append("\n\n### Configuration\n\n| Setting | Value |\n|---|---|\n");
        row(md, "Script", code(c.scriptPath().toString()));
        row(md, "Arguments", c.args().isEmpty() ? "(none)"
                : code(c.args().stream().map(ShellWords::quote).collect(Collectors.joining(" "))));
        row(md, "Array", code(c.arraySpec()) + " (" + s.total() + " tasks" + (c.throttle().isPresent()
                ? ", at most " + c.throttle().getAsInt() + " at once" : "") + ")");
        String capped = c.maxLevel() < r.ladder().topLevel() ? " (capped at level " + c.maxLevel() + ")" : "";
        if (r.ladder().separate().isPresent()) {
            SeparateLadders ladders = r.ladder().separate().get();
            row(md, "Memory ladder", steps(ladders.memory()) + capped);
            row(md, "Time ladder", steps(ladders.time()) + capped);
            row(md, "Escalation", "by_reason with separate ladders: a round at `mem m / time t` asks for memory step"
                    + " m's memory and time step t's time, in the partitions both steps allow"
                    + ladders.defaultPartitions().map(p -> " (" + cell(String.join(",", p)) + " when neither has a rule)")
                            .orElse(""));
        } else {
            row(md, "Ladder", r.ladder().levels().stream().map(MarkdownReport::level)
                    .collect(Collectors.joining(" → ")) + capped);
        }
        if (r.ladder().separate().isEmpty() && r.rounds().stream().anyMatch(round -> round.round().byReason())) {
            row(md, "Escalation", "by_reason: memory and time levels apart (a round at `mem m / time t` asks for"
                    + " level m's memory and level t's time)");
        }
        row(md, "Config file", r.configFile().map(MarkdownReport::code).orElse("(given as text)"));
        row(md, "State", s.state());
        row(md, "Submitted", Times.local(c.createdAt(), zone));
        row(md, "Ended", c.endedAt().map(t -> Times.local(t, zone)).orElse("(still running)"));
        row(md, "Wall time", r.wallTime().map(Durations::compact).orElse("-"));

        md.append("\n### Escalation Rounds\n\n| Round | Job IDs | Handler | Level | Partition | Memory | Time | Tasks"
                + " | Done | OOM | Timeout | Failed | Status |\n|---|---|---|---|---|---|---|---|---|---|---|---|---|\n");
        for (ChainReport.RoundReport round : r.rounds()) {
            md.append("| ").append(round.round().number())
                    .append(" | ").append(round.jobIds().isEmpty() ? "-" : String.join(", ", round.jobIds()))
                    .append(" | ").append(round.handlerIds().isEmpty() ? "-" : String.join(", ", round.handlerIds()))
                    .append(" | ").append(round.round().levelLabel())
                    .append(" | ").append(cell(round.resources().partitionList()))
                    .append(" | ").append(round.resources().mem().toSlurm())
                    .append(" | ").append(round.resources().time().toSlurm())
                    .append(" | ").append(round.tasks())
                    .append(" | ").append(round.completed())
                    .append(" | ").append(round.outOfMemory())
                    .append(" | ").append(round.timeout())
                    .append(" | ").append(round.failed())
                    .append(" | ").append(round.round().status())
                    .append(" |\n");
        }
        timeline(md, r);
        if (r.detailed()) {
            details(md, r);
        }

        failed(md, r);
        cost(md, r);
        if (!r.flags().isEmpty()) {
            md.append("\n### Worth a Look\n\n");
            for (ChainReport.Flag flag : r.flags()) {
                md.append("- **").append(flag.count()).append("** task(s) ").append(flag.what()).append(": ")
                        .append(flag.tasks().stream().map(String::valueOf).collect(Collectors.joining(", ")))
                        .append(flag.count() > flag.tasks().size() ? " and " + (flag.count() - flag.tasks().size())
                                + " more" : "")
                        .append('\n');
            }
        }
        if (!r.recommendations().isEmpty()) {
            md.append("\n### Recommendations\n\n");
            r.recommendations().forEach(rec -> md.append("- ").append(rec.text()).append(".\n"));
        }
        md.append("\n### Summary\n\n").append(summaryLine(s)).append('\n');
    }

    /** When each round was queued, ran and waited for its handler, and the escalation latency before it. */
    private static void timeline(StringBuilder md, ChainReport r) {
        md.append("\n### Timeline\n\n| Round | Level | Queued | Running | Handler gap | Latency before it |\n"
                + "|---|---|---|---|---|---|\n");
        for (ChainReport.RoundReport round : r.rounds()) {
            ChainReport.Timing t = round.timing();
            md.append("| ").append(round.round().number()).append(" | ").append(round.round().levelLabel()).append(" | ")
                    .append(compact(t.queued())).append(" | ").append(compact(t.running())).append(" | ")
                    .append(compact(t.handlerGap())).append(" | ").append(compact(t.latency())).append(" |\n");
        }
        md.append("\nQueued: from sbatch to the round's first task started; handler gap: from its last task ended to"
                + " its handler's decision; latency: from the last task of the round before ended to this round's"
                + " first task started.\n");
    }

    private static String compact(java.util.Optional<java.time.Duration> d) {
        return d.map(Durations::compact).orElse("-");
    }

    private static void details(StringBuilder md, ChainReport r) {
        md.append("\n### Rounds in Detail\n");
        for (ChainReport.RoundReport round : r.rounds()) {
            ChainReport.RoundDetail d = round.detail().orElseThrow();
            md.append("\n#### Round ").append(round.round().number()).append(" (").append(round.round().levelWording())
                    .append(", ").append(round.resources().mem().toSlurm()).append(", ")
                    .append(round.resources().time().toSlurm()).append(")\n\n");
            md.append("- States: ").append(d.states().isEmpty() ? "none recorded" : d.states().entrySet().stream()
                    .map(e -> e.getKey() + " " + e.getValue()).collect(Collectors.joining(", "))).append('\n');
            md.append("- Run time: ").append(d.elapsedSeconds().count() == 0 ? "-" : "min "
                    + clock(d.elapsedSeconds().min()) + ", median " + clock(d.elapsedSeconds().median()) + ", max "
                    + clock(d.elapsedSeconds().max())).append('\n');
            md.append("- MaxRSS of ").append(round.resources().mem().toSlurm()).append(" requested: ");
            if (d.maxRssBytes().count() == 0) {
                md.append("not reported\n");
            } else {
                md.append("min ").append(bytes(d.maxRssBytes().min())).append(" (").append(pct(d.maxRssPercent().min()))
                        .append("), median ").append(bytes(d.maxRssBytes().median())).append(" (")
                        .append(pct(d.maxRssPercent().median())).append("), max ").append(bytes(d.maxRssBytes().max()))
                        .append(" (").append(pct(d.maxRssPercent().max())).append("); ").append(d.underHalf())
                        .append(" of ").append(d.maxRssBytes().count()).append(" used less than half\n");
            }
            md.append("- Nodes: ").append(d.topNodes().isEmpty() ? "none recorded" : d.topNodes().stream()
                    .map(e -> cell(e.getKey()) + " " + e.getValue()).collect(Collectors.joining(", "))).append('\n');
        }
    }

    private static void failed(StringBuilder md, ChainReport r) {
        ChainReport.FailedTasks f = r.failed();
        md.append("\n### Failed Tasks\n\n");
        if (f.total() == 0) {
            md.append("None.\n");
            return;
        }
        md.append("**").append(f.total()).append("** task(s) did not complete:\n\n");
        f.byReason().forEach((reason, count) -> md.append("- ").append(reason).append(": ").append(count).append('\n'));
        md.append("\n| Task ID | State | Exit Code | Node | Elapsed | Level | Reason |\n|---|---|---|---|---|---|---|\n");
        for (ChainReport.FailedRow row : f.rows()) {
            md.append("| ").append(row.task()).append(" | ").append(cell(row.state())).append(" | ")
                    .append(row.exitCode()).append(" | ").append(cell(row.node())).append(" | ")
                    .append(row.elapsed().map(Durations::clock).orElse("-")).append(" | ").append(row.levelLabel())
                    .append(" | ").append(cell(row.reason())).append(" |\n");
        }
        if (f.leftOut() > 0) {
            md.append("\nThe first ").append(f.rows().size()).append(" of ").append(f.total())
                    .append(" are shown; ").append(f.leftOut()).append(" more are left out (`mem-escalate status ")
                    .append(r.chain().id()).append(" --tasks` lists every task).\n");
        }
    }

    private static void cost(StringBuilder md, ChainReport r) {
        ChainReport.Cost c = r.cost();
        md.append("\n### Cost of Escalation\n\n| Attempts | core-h | GB-h |\n|---|---|---|\n");
        md.append("| that succeeded | ").append(num(c.coreHoursSucceeded())).append(" | ")
                .append(num(c.gbHoursSucceeded())).append(" |\n");
        md.append("| that failed (escalated, retried or final) | ").append(num(c.coreHoursFailed())).append(" | ")
                .append(num(c.gbHoursFailed())).append(" |\n");
        ChainReport.Requeued q = c.requeued();
        if (q.runs() > 0) {
            md.append("| runs Slurm requeued | ").append(num(q.coreHours())).append(" | ").append(num(q.gbHours()))
                    .append(" |\n");
        }
        md.append("| all | ").append(num(c.coreHours())).append(" | ").append(num(c.gbHours())).append(" |\n\n");
        if (q.runs() > 0) {
            md.append(q.runs()).append(" run(s) Slurm requeued (").append(q.byState().entrySet().stream()
                            .map(e -> e.getValue() + " " + e.getKey()).collect(Collectors.joining(", ")))
                    .append(") ran again under the same job id by themselves, in ").append(q.tasks())
                    .append(" attempt(s); `sacct --duplicates` lists them.\n\n");
        }
        md.append("GB-h is requested memory × run time; core-h is allocated CPUs × run time")
                .append(c.cpusAssumed() > 0 ? " (" + c.cpusAssumed() + " attempt(s) without a CPU count in sacct"
                        + " counted as 1 CPU)" : "").append(".\n\n");
        md.append("Tasks that first succeeded at each level: ").append(r.levels().stream()
                .map(l -> "level " + l.level().number() + ": " + c.firstSucceededAt().getOrDefault(l.level().number(), 0))
                .collect(Collectors.joining(", "))).append(".\n\n");
        Level top = r.ladder().level(c.topLevel());
        md.append("- Everything at the top level (").append(c.topLevel()).append(", ").append(top.mem().toSlurm())
                .append(") from the start would have reserved **").append(num(c.allAtTopGbHours())).append(" GB-h**");
        if (c.gbHours() > 0) {
            md.append(" (").append(String.format(Locale.ROOT, "%.1f", c.allAtTopGbHours() / c.gbHours()))
                    .append("× this chain)");
        }
        md.append(".\n- Each task started at the level where it finally succeeded would have saved **")
                .append(num(c.startAtFinalLevelSavesGbHours())).append(" GB-h**");
        if (c.gbHours() > 0) {
            md.append(" (").append(pct(100.0 * c.startAtFinalLevelSavesGbHours() / c.gbHours())).append(" of this chain)");
        }
        md.append(".\n");
        r.learnedStart().ifPresent(l -> md.append("- ").append(learnedStart(l)).append('\n'));
        // Attempts count by memory level; with separate ladders or by_reason a memory level has no one time.
        boolean memoryLevels = r.memoryLevels();
        md.append(memoryLevels
                ? "\n| Memory level | Memory | Entered | Succeeded there | Escalated | Ended there unsuccessful |\n"
                        + "|---|---|---|---|---|---|\n"
                : "\n| Level | Memory | Time | Entered | Succeeded there | Escalated | Ended there unsuccessful |\n"
                        + "|---|---|---|---|---|---|---|\n");
        for (ChainReport.LevelReport l : r.levels()) {
            md.append("| ").append(l.level().number()).append(" | ").append(l.level().mem().toSlurm()).append(" | ")
                    .append(memoryLevels ? "" : l.level().time().toSlurm() + " | ").append(l.entered()).append(" | ")
                    .append(l.succeeded()).append(" | ").append(l.escalated()).append(" | ").append(l.failed())
                    .append(" |\n");
        }
    }

    /** The learned start level in one sentence, against starting every task at level 0. */
    static String learnedStart(ChainReport.LearnedStart l) {
        String levels = l.tasksByLevel().entrySet().stream()
                .map(e -> e.getValue() + " at level " + e.getKey()).collect(Collectors.joining(", "));
        return "The learned start level (`--start-level=auto`) started " + levels + ": " + l.learnedTasks()
                + " task(s) above level 0, where they last completed" + (l.sourceChains().isEmpty() ? ""
                        : " (in chain" + (l.sourceChains().size() == 1 ? " " : "s ")
                        + String.join(", ", l.sourceChains()) + ")")
                + ". Against starting every task at level 0 it saved **" + num(l.savedGbHours()) + " GB-h** (what"
                + " those tasks spent below their start level then) and **" + l.savedRounds()
                + "** escalation round(s).";
    }

    /** {@code **24** of 30 tasks completed. **6** failed (not retried): 4 failed, 2 exhausted the ladder.} */
    static String summaryLine(ChainSummary s) {
        int notCompleted = s.failed() + s.exhausted() + s.cancelled();
        int open = s.total() - s.completed() - notCompleted;
        StringBuilder line = new StringBuilder("**").append(s.completed()).append("** of ").append(s.total())
                .append(" tasks completed.");
        if (notCompleted > 0) {
            line.append(" **").append(notCompleted).append("** failed (not retried)");
            List<String> parts = new ArrayList<>();
            if (s.failed() > 0 && notCompleted != s.failed()) {
                parts.add(s.failed() + " failed");
            }
            if (s.exhausted() > 0) {
                parts.add(s.exhausted() + " exhausted the ladder");
            }
            if (s.cancelled() > 0) {
                parts.add(s.cancelled() + " cancelled");
            }
            line.append(parts.isEmpty() ? "" : ": " + String.join(", ", parts)).append('.');
        }
        if (open > 0) {
            line.append(" **").append(open).append("** still running or waiting.");
        }
        return line.toString();
    }

    /** {@code 100M (devel) → 800M}: a separate ladder's steps, each with its partition rule. */
    private static String steps(List<? extends Step<?>> steps) {
        return steps.stream().map(s -> s.value() + s.partitions().map(p -> " (" + cell(String.join(",", p)) + ")")
                .orElse("")).collect(Collectors.joining(" → "));
    }

    private static String level(Level l) {
        return "L" + l.number() + " " + cell(l.partitionList()) + " " + l.mem().toSlurm() + " " + l.time().toSlurm();
    }

    private static void row(StringBuilder md, String setting, String value) {
        md.append("| ").append(setting).append(" | ").append(value).append(" |\n");
    }

    /** Text in a table cell: pipes escaped, line breaks flattened, so user text cannot break the table. */
    static String cell(String text) {
        return text.replace("\\", "\\\\").replace("|", "\\|").replace("\r", " ").replace("\n", " ");
    }

    /** A code span that holds any text: a backtick fence longer than any run of backticks inside. */
    static String code(String text) {
        String flat = text.replace("|", "\\|").replace("\r", " ").replace("\n", " ");
        int longest = 0;
        int run = 0;
        for (char ch : flat.toCharArray()) {
            run = ch == '`' ? run + 1 : 0;
            longest = Math.max(longest, run);
        }
        String fence = "`".repeat(longest + 1);
        String pad = flat.startsWith("`") || flat.endsWith("`") ? " " : "";
        return fence + pad + flat + pad + fence;
    }

    /** Three significant digits: {@code 0.0850}, {@code 12.3}, {@code 1230}: small test chains and big ones alike. */
    static String num(double value) {
        if (value == 0) {
            return "0";
        }
        return new java.math.BigDecimal(value).round(new java.math.MathContext(3)).stripTrailingZeros().toPlainString();
    }

    static String pct(double value) {
        return String.format(Locale.ROOT, "%.0f%%", value);
    }

    static String clock(double seconds) {
        return Durations.clock(java.time.Duration.ofSeconds(Math.round(seconds)));
    }

    static String bytes(double value) {
        double mb = value / (1024 * 1024);
        return mb >= 1024 ? String.format(Locale.ROOT, "%.1fG", mb / 1024) : String.format(Locale.ROOT, "%.0fM", mb);
    }
}
