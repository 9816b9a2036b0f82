package dev.memescalate.report.html;

import dev.memescalate.report.ChainReport;
import dev.memescalate.report.ChainSummary;
import dev.memescalate.report.StatusModel;
import dev.memescalate.report.Times;
import gg.jte.ContentType;
import gg.jte.TemplateEngine;
import gg.jte.output.StringOutput;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * {@code generate-report --format=html} and the pages of {@code serve}: the {@link ChainReport} (the same model as the
 * markdown and JSON reports), its charts ({@link Charts}) and, for a running chain, its live status, written through
 * the precompiled jte templates of {@code src/main/jte}, which escape every value for where it lands. Pure: one
 * self-contained page, no file or network.
 */
public final class HtmlReport {
    /** The package the jte Maven plugin generates the templates' classes in (escalate-lib's pom). */
    private static final String TEMPLATE_PACKAGE = "dev.memescalate.report.html.jte";
    private static final TemplateEngine TEMPLATES = TemplateEngine.createPrecompiled(null, ContentType.Html,
            HtmlReport.class.getClassLoader(), TEMPLATE_PACKAGE);

    private HtmlReport() {
    }

    /** The report file of {@code chains}: one page, every style and script inline, no network. */
    public static String report(List<ChainReport> chains, Instant generated, ZoneId zone) {
        List<Views.ChainView> views = new ArrayList<>();
        for (ChainReport r : chains) {
            views.add(chainView(r, Optional.empty(), generated, zone));
        }
        String title = chains.size() == 1
                ? "Chain " + chains.get(0).chain().id() + " · mem-escalate report"
                : "mem-escalate report of " + chains.size() + " chains";
        return render("report.jte", new Views.ReportView(page(title, generated, zone, OptionalInt.empty(),
                Optional.empty()), views));
    }

    /**
     * A chain's page of {@code serve}: the report and, while the chain runs, its live status.
     *
     * @param refreshSeconds how often the page reloads itself; empty for a chain that has ended
     * @param home the link back to the chain list
     */
    public static String chainPage(ChainReport report, Optional<StatusModel> live, Instant generated, ZoneId zone,
            OptionalInt refreshSeconds, String home) {
        Views.ChainView view = chainView(report, live, generated, zone);
        String title = "Chain " + report.chain().id() + " · " + (live.map(StatusModel::state)
                .orElse(report.summary().state()));
        return render("report.jte", new Views.ReportView(page(title, generated, zone, refreshSeconds,
                Optional.of(home)), List.of(view)));
    }

    /** {@code serve}'s list of every chain, newest first. */
    public static String listPage(List<ChainSummary> chains, Optional<String> problem, Instant now, ZoneId zone,
            OptionalInt refreshSeconds, String trackerDir) {
        return render("list.jte", new Views.ListView(page("mem-escalate · chains", now, zone, refreshSeconds,
                Optional.empty()), chains, problem, now, zone, trackerDir));
    }

    /** A page that says what went wrong, with a link to the chain list. */
    public static String errorPage(int status, String message, Instant now, ZoneId zone, String home) {
        return render("error.jte", new Views.ErrorView(page(status + " · mem-escalate", now, zone,
                OptionalInt.empty(), Optional.of(home)), status, message));
    }

    static Views.ChainView chainView(ChainReport r, Optional<StatusModel> live, Instant now, ZoneId zone) {
        List<Views.LevelView> levels = new ArrayList<>();
        for (ChainReport.LevelReport l : r.levels()) {
            if (l.entered() == 0) {
                continue;
            }
            int n = l.level().number();
            levels.add(new Views.LevelView(l,
                    Charts.histogram(l.usage().maxRss(), "MaxRSS", l.level().mem().toSlurm(), n),
                    // Separate ladders, by_reason: a memory level's attempts ran under several time limits.
                    Charts.histogram(l.usage().elapsed(), "Run time", r.memoryLevels() ? "its time limit"
                            : l.level().time().toSlurm(), n)));
        }
        return new Views.ChainView(r, zone, live, Charts.funnel(r.levels(), r.memoryLevels()), levels,
                Charts.timeline(r, now, zone), "chain-" + r.chain().id());
    }

    private static Views.Page page(String title, Instant generated, ZoneId zone, OptionalInt refresh,
            Optional<String> home) {
        return new Views.Page(title, Times.local(generated, zone), refresh, home);
    }

    private static String render(String template, Object view) {
        StringOutput out = new StringOutput(64 * 1024);
        TEMPLATES.render(template, view, out);
        return out.toString().stripTrailing() + "\n"; // one newline at the end, whatever the templates leave
    }
}
