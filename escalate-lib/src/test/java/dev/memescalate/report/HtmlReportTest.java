package dev.memescalate.report;

import static org.assertj.core.api.Assertions.assertThat;

import dev.memescalate.config.ConfigLoader;
import dev.memescalate.indexset.IndexSet;
import dev.memescalate.ladder.Ladder;
import dev.memescalate.observe.ChainSnapshot;
import dev.memescalate.observe.Live;
import dev.memescalate.policy.Outcome;
import dev.memescalate.report.html.Assets;
import dev.memescalate.report.html.HtmlReport;
import dev.memescalate.store.ChainRecord;
import dev.memescalate.store.ChainStatus;
import dev.memescalate.store.ChainStore;
import dev.memescalate.store.FinalOutcome;
import dev.memescalate.store.RoundKind;
import dev.memescalate.store.RoundRecord;
import dev.memescalate.store.RoundStatus;
import dev.memescalate.store.TaskOutcomeRecord;
import dev.memescalate.view.ReportBuilder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The HTML report and serve's pages for the fixed store of {@link ViewFixtures}. Golden files:
 * {@code src/test/resources/golden/*.html} (regenerate with {@code -Dgolden.update=true}; open them in a browser to
 * review a change).
 */
class HtmlReportTest {
    private static final Ladder LADDER = ConfigLoader.parse(ViewFixtures.LADDER, "ladder.yaml").ladder();
    private static final Instant NOW = ViewFixtures.T0.plusSeconds(1300);

    @TempDir
    Path dir;
    ChainStore store;

    @BeforeEach
    void seed() {
        store = ChainStore.open(dir.resolve("chains.db"));
        ViewFixtures.seed(store);
    }

    @AfterEach
    void close() {
        store.close();
    }

    private ChainReport report(String id) {
        return store.read(tx -> ReportBuilder.build(tx, id, false, NOW, ReportBuilder.MAX_FAILED_ROWS_HTML))
                .orElseThrow();
    }

    private StatusModel status(String id, Live live) {
        ChainSnapshot s = store.read(tx -> ChainSnapshot.read(tx, id)).orElseThrow();
        return StatusModel.of(s, LADDER, live, Optional.empty());
    }

    @Test
    void anEndedChainIsOneSelfContainedFile() {
        String html = HtmlReport.report(List.of(report(ViewFixtures.ENDED)), NOW, ViewFixtures.ZONE);

        Golden.assertMatches("report-ended.html", html);
        assertThat(html).startsWith("<!DOCTYPE html>")
                .contains("<meta http-equiv=\"Content-Security-Policy\"")
                .contains("data-metric=\"completed\"><div class=\"v\">9</div>")
                .contains("<tr data-task=\"9\"><td class=\"n\">9</td><td>FAILED</td><td>FAILED</td>")
                .doesNotContain("<meta http-equiv=\"refresh\"");
        // Nothing to fetch: no src, no link, no url(); the only URL is SVG's namespace name, which is never loaded.
        assertThat(html.replace("xmlns=\"http://www.w3.org/2000/svg\"", "").replace("<link rel=\"icon\""
                + " href=\"data:,\">", "")).doesNotContain("http://", "https://", " src=", "<link", "url(", "@import");
    }

    @Test
    void theScriptIsTheOnlyOneAndThePolicyAllowsItByItsHash() throws Exception {
        String html = HtmlReport.report(List.of(report(ViewFixtures.ENDED)), NOW, ViewFixtures.ZONE);

        Matcher script = Pattern.compile("<script>(.*?)</script>", Pattern.DOTALL).matcher(html);
        assertThat(script.find()).isTrue();
        String hash = Base64.getEncoder().encodeToString(MessageDigest.getInstance("SHA-256")
                .digest(script.group(1).getBytes(StandardCharsets.UTF_8)));
        assertThat(script.find()).as("a second script").isFalse();
        assertThat(Assets.contentSecurityPolicy()).contains("script-src 'sha256-" + hash + "'")
                .startsWith("default-src 'none'");
    }

    @Test
    void aRunningChainsPageShowsItsLiveStatusAndReloadsItself() {
        StatusModel live = status(ViewFixtures.RUNNING, StatusViewsTest.liveOfRunningChain());
        String html = HtmlReport.chainPage(report(ViewFixtures.RUNNING), Optional.of(live), NOW, ViewFixtures.ZONE,
                OptionalInt.of(10), "../");

        Golden.assertMatches("chain-running.html", html);
        assertThat(html).contains("<meta http-equiv=\"refresh\" content=\"10\">")
                .contains("<a href=\"../\">")
                .contains("10 completed, 0 failed, 0 exhausted, 3 running, 7 pending")
                .contains("3/10 ended");
    }

    @Test
    void theListOfEveryChain() {
        List<ChainSummary> chains = List.of(status(ViewFixtures.STALLED, Live.nothingLive(NOW)).summary(),
                status(ViewFixtures.RUNNING, StatusViewsTest.liveOfRunningChain()).summary(),
                status(ViewFixtures.ENDED, Live.nothingLive(NOW)).summary());

        String html = HtmlReport.listPage(chains, Optional.empty(), NOW, ViewFixtures.ZONE, OptionalInt.of(10),
                "/tracker");

        Golden.assertMatches("list.html", html);
        assertThat(html).contains("<a href=\"chains/c0ffee01\">c0ffee01</a>");
    }

    @Test
    void aChainThatFailedWithAnErrorPage() {
        String html = HtmlReport.errorPage(404, "No chain <b>x</b> here", NOW, ViewFixtures.ZONE, "/");
        assertThat(html).contains("<h1>404</h1>").contains("No chain &lt;b&gt;x&lt;/b&gt; here");
    }

    /** Everything that came from the user is text, never markup: arguments, paths, job names, reasons. */
    @Test
    void userTextIsEscapedEverywhere() {
        String id = "0bad0bad";
        String evil = "<script>alert(1)</script>";
        store.write(tx -> {
            tx.chains().insert(new ChainRecord(id, ViewFixtures.T0, ChainStatus.RUNNING, Optional.empty(),
                    Path.of("/work/\"><img src=x onerror=alert(2)>.sh"), Path.of("/tracker/x.sh"),
                    List.of(evil, "a&b", "'quoted'"), List.of(), "0-1", OptionalInt.empty(), "<b>name</b>",
                    "%x.out", "%x.out", ViewFixtures.LADDER, Optional.of(Path.of("/work/</td>.yaml")), 0, 2,
                    Path.of("/work/<i>dir</i>"), Path.of("/tracker/" + id), "<host>", "<user>"));
            tx.rounds().insert(new RoundRecord(id, 1, 0, IndexSet.range(0, 1), OptionalInt.empty(), RoundKind.INITIAL,
                    RoundStatus.DONE, ViewFixtures.T0, Optional.of(ViewFixtures.T0), Optional.of(ViewFixtures.T0),
                    Optional.of(ViewFixtures.T0), List.of()));
            tx.attempts().insert(List.of(ViewFixtures.attempt(id, 0, 1, 0, "5", "FAILED", 1, 0, 5, 1L << 20,
                    "<node>", Outcome.FAILED, evil, Optional.empty())));
            tx.outcomes().insert(List.of(new TaskOutcomeRecord(id, 0, FinalOutcome.FAILED, 1, 0,
                    "sbatch said </td></tr></table>" + evil)));
            return null;
        });

        String html = HtmlReport.report(List.of(report(id)), NOW, ViewFixtures.ZONE);

        assertThat(html).contains("&lt;script&gt;alert(1)&lt;/script&gt;")
                .contains("&lt;img src=x onerror=alert(2)&gt;")
                .contains("&lt;b&gt;name&lt;/b&gt;")
                .contains("&lt;node&gt;")
                .contains("&lt;/td&gt;&lt;/tr&gt;&lt;/table&gt;")
                .doesNotContain("<script>alert", "<img", "<b>name", "<i>dir", "<node>", "<host>", "<user>");
        assertThat(Pattern.compile("<script").matcher(html).results().count()).as("only the report's own script")
                .isEqualTo(1);
    }
}
