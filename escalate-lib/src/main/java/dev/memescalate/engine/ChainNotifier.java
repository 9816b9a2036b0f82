package dev.memescalate.engine;

import dev.memescalate.config.EscalationConfig;
import dev.memescalate.config.Notification;
import dev.memescalate.slurm.SlurmException;
import dev.memescalate.slurm.exec.CliSlurm;
import dev.memescalate.slurm.exec.CommandRequest;
import dev.memescalate.slurm.exec.CommandResult;
import dev.memescalate.store.FinalOutcome;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * Tells the user a chain has ended, as its config's {@code notify} section asks: through Slurm's own mail (a tiny job
 * with {@code --mail-type=END} whose name carries the chain's state and counts) and by running a command. Whatever
 * goes wrong is recorded as an event and never fails the process that ended the chain.
 */
final class ChainNotifier {
    /** The variables the notification command finds in its environment. */
    static final String STATE_VAR = "MEM_ESCALATE_CHAIN_STATE";
    static final String TOTAL_VAR = "MEM_ESCALATE_TASKS_TOTAL";

    private final Engine engine;

    ChainNotifier(Engine engine) {
        this.engine = engine;
    }

    void chainEnded(ChainCloser.ChainEnd end, EscalationConfig config) {
        Notification notify = config.notification();
        // Where the handlers run, without asking scontrol again: the config's handler partition, else level 0's.
        List<String> partitions = config.handler().partitions()
                .orElse(List.of(config.ladder().level(0).partitions().get(0)));
        notify.mail().ifPresent(mail -> mail(end, mail, partitions));
        if (notify.hasCommand()) {
            command(end, notify);
        }
    }

    /** The environment of the notification command: the chain, its state and its counts. */
    static Map<String, String> environment(ChainCloser.ChainEnd end) {
        Map<String, String> env = new LinkedHashMap<>();
        env.put(SbatchArgs.CHAIN_ID_VAR, end.chain().id());
        env.put(STATE_VAR, end.status().name());
        env.put(TOTAL_VAR, Integer.toString(end.total()));
        for (FinalOutcome outcome : FinalOutcome.values()) {
            env.put("MEM_ESCALATE_TASKS_" + outcome.name(), Integer.toString(end.counts().getOrDefault(outcome, 0)));
        }
        return env;
    }

    /** {@code mem-escalate-3fa9c2d1-COMPLETED_WITH_FAILURES-24of30}: what the mail's subject shows. */
    static String mailJobName(ChainCloser.ChainEnd end) {
        return "mem-escalate-" + end.chain().id() + "-" + end.status().name() + "-"
                + end.counts().getOrDefault(FinalOutcome.COMPLETED, 0) + "of" + end.total();
    }

    private void mail(ChainCloser.ChainEnd end, String mail, List<String> partitions) {
        List<String> argv = new ArrayList<>();
        argv.add("--job-name=" + mailJobName(end));
        argv.add("--mail-type=END");
        argv.add("--mail-user=" + mail);
        argv.add("--partition=" + String.join(",", partitions));
        argv.add("--mem=16M");
        argv.add("--time=1");
        argv.add("--output=/dev/null");
        // A fixed command of ours, not user text: the job exists only so that Slurm sends its END mail.
        argv.add("--wrap=true");
        try {
            String id = engine.slurm().submit(argv, end.chain().chainDir());
            record(end, "notified", "asked Slurm to mail " + mail + " (job " + id + ", " + mailJobName(end) + ")");
        } catch (SlurmException failed) {
            record(end, "notify-failed", "could not submit the mail job for " + mail + ": " + failed.getMessage());
        }
    }

    private void command(ChainCloser.ChainEnd end, Notification notify) {
        Path workDir = Files.isDirectory(end.chain().workDir()) ? end.chain().workDir() : end.chain().chainDir();
        // Without the handler job's own SLURM_* variables, as for every Slurm command (a command may run sbatch).
        CommandRequest request = new CommandRequest(notify.command(), environment(end), CliSlurm.PARENT_JOB_VARIABLES,
                Optional.of(workDir), notify.commandTimeout());
        try {
            CommandResult result = engine.commands().run(request);
            if (result.succeeded()) {
                record(end, "notified", "ran " + notify.command());
            } else {
                record(end, "notify-failed", notify.command() + " exited " + result.exitCode()
                        + lastLine(result.stderr()));
            }
        } catch (RuntimeException failed) {
            record(end, "notify-failed", notify.command() + " could not run: " + failed.getMessage());
        }
    }

    private static String lastLine(String stderr) {
        String trimmed = stderr.strip();
        if (trimmed.isEmpty()) {
            return "";
        }
        return ": " + trimmed.substring(trimmed.lastIndexOf('\n') + 1);
    }

    private void record(ChainCloser.ChainEnd end, String kind, String message) {
        engine.store().write(tx -> {
            tx.events().append(end.chain().id(), OptionalInt.empty(), kind, message, engine.clock().instant());
            return null;
        });
    }
}
