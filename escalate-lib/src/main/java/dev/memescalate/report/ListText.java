package dev.memescalate.report;

import dev.memescalate.observe.Durations;
import dev.memescalate.store.ChainRecord;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.Optional;

/** Renders {@code mem-escalate list}: one line per chain, newest first, then what to do about stalled ones. Pure. */
public final class ListText {
    private ListText() {
    }

    public static String render(List<ChainSummary> chains, Optional<String> problem, Instant now, ZoneId zone,
            String scope) {
        if (chains.isEmpty()) {
            return "No chains " + scope + ".\n" + problem.map(p -> p + "\n").orElse("");
        }
        Table table = new Table("Chain", "State", "Script", "Completed", "Failed", "Total", "Level", "Submitted",
                "Age");
        for (ChainSummary s : chains) {
            ChainRecord c = s.chain();
            table.row(c.id(), s.state(), String.valueOf(c.scriptPath().getFileName()), Integer.toString(s.completed()),
                    Integer.toString(s.failed() + s.exhausted()), Integer.toString(s.total()),
                    Integer.toString(s.level()), Times.local(c.createdAt(), zone),
                    Durations.compact(Duration.between(c.createdAt(), now)));
        }
        StringBuilder out = new StringBuilder(table.render());
        for (ChainSummary s : chains) {
            s.stall().ifPresent(why -> out.append('\n').append(s.chain().id()).append(" is STALLED: ").append(why)
                    .append(".\n  Run: mem-escalate resume ").append(s.chain().id()).append('\n'));
        }
        problem.ifPresent(p -> out.append('\n').append(p).append('\n'));
        return out.toString();
    }
}
