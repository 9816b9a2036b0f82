package dev.memescalate.cli.command;

import dev.memescalate.InvalidInputException;
import dev.memescalate.cli.ChainIds;
import dev.memescalate.cli.CliEnvironment;
import dev.memescalate.cli.ExitCodes;
import dev.memescalate.cli.TrackerOptions;
import dev.memescalate.cli.VerboseOption;
import dev.memescalate.report.ChainReport;
import dev.memescalate.report.MarkdownReport;
import dev.memescalate.report.ReportJson;
import dev.memescalate.report.html.HtmlReport;
import dev.memescalate.store.ChainRecord;
import dev.memescalate.store.ChainStore;
import dev.memescalate.view.ReportBuilder;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code mem-escalate generate-report}: what chains did, what escalation cost, and what deserves a look. */
@Command(
        name = "generate-report",
        mixinStandardHelpOptions = true,
        description = {"Write a report of chains, with the cost of escalation.",
            "Configuration, rounds, failed tasks, the cost of escalation (core-hours and GB-hours in attempts",
            "that failed and that succeeded, and what other starts would have cost) and what deserves a look.",
            "From the store alone: Slurm is not asked."})
public final class ReportCommand implements Callable<Integer> {
    /** The formats {@code --format} takes. */
    enum Format { markdown, json, html }

    @Spec
    CommandSpec spec;

    @Mixin
    TrackerOptions tracker;

    @Mixin
    VerboseOption verbose;

    @Parameters(paramLabel = "CHAIN", arity = "0..*", description = "The chains to report on (or --all).")
    List<String> chainIds = new ArrayList<>();

    @Option(names = "--all", description = "Every chain of the tracker directory, oldest first.")
    boolean all;

    @Option(names = "--format", paramLabel = "FORMAT", defaultValue = "markdown",
            description = {"markdown (default), json, or html: one self-contained page (charts of each level's MaxRSS"
                + " and run time, the rounds' timeline, recommendations, a searchable list of the failed tasks) that"
                + " opens with no network, e.g. from a mail attachment."})
    Format format;

    @Option(names = "--detailed", description = "Add per round: states, run time and MaxRSS min/median/max, nodes.")
    boolean detailed;

    @Option(names = {"-o", "--output"}, paramLabel = "FILE", description = "Write to FILE instead of standard output.")
    Path output;

    private final CliEnvironment env;

    public ReportCommand() {
        this(CliEnvironment.system());
    }

    public ReportCommand(CliEnvironment env) {
        this.env = env;
    }

    @Override
    public Integer call() {
        if (all == !chainIds.isEmpty()) {
            throw new InvalidInputException("generate-report: give chain ids or --all (not both, not neither)");
        }
        chainIds.forEach(ChainIds::require);
        Path target = output == null ? null : checkedOutput(output);
        Instant now = env.clock().instant();
        List<ChainReport> reports;
        try (ChainStore store = tracker.openExistingStore(env.variables())) {
            reports = store.read(tx -> {
                List<String> ids = all
                        ? tx.chains().all().stream().map(ChainRecord::id).toList()
                        : chainIds;
                List<ChainReport> built = new ArrayList<>();
                int failedRows = format == Format.html
                        ? ReportBuilder.MAX_FAILED_ROWS_HTML
                        : ReportBuilder.MAX_FAILED_ROWS;
                for (String id : ids) {
                    built.add(ReportBuilder.build(tx, id, detailed, now, failedRows).orElseThrow(() -> new InvalidInputException(
                            "no chain '" + id + "' in " + store.file() + "; mem-escalate list shows the chains"
                                    + " tracked there")));
                }
                return built;
            });
        }
        StringWriter text = new StringWriter();
        switch (format) {
            case markdown -> text.write(MarkdownReport.render(reports, now, env.zone()));
            case json -> ReportJson.write(reports, now, env.zone(), text);
            case html -> text.write(HtmlReport.report(reports, now, env.zone()));
        }
        if (target == null) {
            PrintWriter out = spec.commandLine().getOut();
            out.print(text);
            out.flush();
        } else {
            writeAtomically(target, text.toString());
            spec.commandLine().getErr().println("Wrote " + target);
        }
        return ExitCodes.OK;
    }

    /** The -o file, checked before anything is read: its directory must exist and it must not be a directory. */
    private static Path checkedOutput(Path file) {
        Path absolute = file.toAbsolutePath().normalize();
        if (Files.isDirectory(absolute)) {
            throw new InvalidInputException("-o " + file + ": is a directory; give a file name");
        }
        Path dir = absolute.getParent();
        if (dir == null || !Files.isDirectory(dir)) {
            throw new InvalidInputException("-o " + file + ": the directory " + dir + " does not exist; create it"
                    + " or write the report elsewhere");
        }
        if (!Files.isWritable(dir)) {
            throw new InvalidInputException("-o " + file + ": cannot write in " + dir + "; write the report"
                    + " elsewhere");
        }
        return absolute;
    }

    /**
     * Writes a temporary file next to it and renames it, so a reader never sees half a report; when that fails (a
     * full disk), the temporary file is removed and {@code target} is as it was.
     */
    private static void writeAtomically(Path target, String text) {
        Path tmp = null;
        try {
            tmp = Files.createTempFile(target.getParent(), ".report-", ".tmp");
            Files.writeString(tmp, text, StandardCharsets.UTF_8);
            Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            if (tmp != null) {
                try {
                    Files.deleteIfExists(tmp);
                } catch (IOException notRemoved) {
                    e.addSuppressed(notRemoved);
                }
            }
            String why = e instanceof java.nio.file.FileSystemException fs && fs.getReason() != null
                    ? fs.getReason() : e.getMessage();
            throw new UncheckedIOException("cannot write the report to " + target + " (" + why + "); "
                    + (Files.exists(target) ? "the file there is unchanged" : "nothing was written") + ": free space"
                    + " there or write the report elsewhere (-o)", e);
        }
    }
}
