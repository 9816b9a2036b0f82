package dev.memescalate.report.html;

import dev.memescalate.report.ChainReport;
import dev.memescalate.report.ChainSummary;
import dev.memescalate.report.StatusModel;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;

/** What the templates in {@code src/main/jte} take: the report's model, its charts, and the page around it. */
public final class Views {
    private Views() {
    }

    /**
     * The page around the content.
     *
     * @param refreshSeconds a live page reloads itself this often ({@code serve} of a running chain)
     * @param home a link back to the chain list ({@code serve}); empty in a report file
     */
    public record Page(String title, String generated, OptionalInt refreshSeconds, Optional<String> home) {
    }

    /**
     * One chain: its report and charts, and while it runs (in {@code serve}) its live status.
     *
     * @param anchor the id of its section ({@code chain-3fa9c2d1})
     */
    public record ChainView(ChainReport report, ZoneId zone, Optional<StatusModel> live, Svg funnel,
            List<LevelView> levels, Svg timeline, String anchor) {
        public ChainView {
            levels = List.copyOf(levels);
        }

        public String id() {
            return report.chain().id();
        }

        /** Tasks that did not complete: failed, exhausted or cancelled. */
        public int unsuccessful() {
            ChainSummary s = report.summary();
            return s.failed() + s.exhausted() + s.cancelled();
        }

        /** Tasks without an outcome yet. */
        public int open() {
            ChainSummary s = report.summary();
            return Math.max(0, s.total() - s.completed() - unsuccessful());
        }
    }

    /** One level's histograms. */
    public record LevelView(ChainReport.LevelReport level, Svg memory, Svg time) {
    }

    /** A report file: one chain or several. */
    public record ReportView(Page page, List<ChainView> chains) {
        public ReportView {
            chains = List.copyOf(chains);
        }
    }

    /** {@code serve}'s page of every chain. */
    public record ListView(Page page, List<ChainSummary> chains, Optional<String> problem, Instant now, ZoneId zone,
            String trackerDir) {
        public ListView {
            chains = List.copyOf(chains);
        }
    }

    /** {@code serve}'s answer to a page it does not have. */
    public record ErrorView(Page page, int status, String message) {
    }
}
