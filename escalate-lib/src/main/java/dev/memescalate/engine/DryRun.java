package dev.memescalate.engine;

import dev.memescalate.ShellWords;
import dev.memescalate.indexset.ArraySpecs;
import dev.memescalate.indexset.Renumbering;
import java.nio.charset.StandardCharsets;
import dev.memescalate.store.JobRecord;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

/**
 * What {@code submit --dry-run} prints: the exact sbatch argument lists of round 1 and its handler jobs, built by
 * the function the submitter calls ({@link RoundArgv}) with placeholders for the job ids sbatch will give. Pure.
 */
public final class DryRun {
    private DryRun() {
    }

    public static String render(ChainLauncher.Plan plan) {
        StringBuilder out = new StringBuilder();
        out.append("Dry run: nothing was submitted and nothing was written.\n");
        plan.learned().ifPresent(learned -> out.append(StartLevels.describe(learned)));
        if (plan.initialRounds().get(0).round().byReason()) {
            out.append("Escalation: by_reason: each task has a memory level and a time level; OUT_OF_MEMORY (and exit"
                    + " codes 137 or signal 9 that escalate) raise only its memory level, TIMEOUT only its time"
                    + " level, other escalations both. Every memory-and-time combination up to the max level was"
                    + " checked against the cluster.\n");
        }
        List<OptionalInt> throttles = plan.initialThrottles();
        if (plan.initialRounds().size() > 1 && plan.chain().throttle().isPresent()) {
            out.append(throttleNote(plan, throttles));
        }
        boolean renumbered = false;
        for (int i = 0; i < plan.initialRounds().size(); i++) {
            renumbered |= renderRound(out, plan, plan.initialRounds().get(i), throttles.get(i));
        }
        if (!plan.overrides().isEmpty()) {
            out.append("Options given in more than one place (sbatch takes its command line over the script's #SBATCH"
                    + " lines; a level's options, or a pair's steps' and options:, come after submit's, mem-escalate's"
                    + " own last):\n");
            plan.overrides().forEach(line -> out.append("  ").append(line).append('\n'));
        }
        out.append("Handler script (").append(plan.chain().chainDir().resolve(RoundPlanner.HANDLER_SCRIPT))
                .append("):\n");
        plan.handlerScript().lines().forEach(l -> out.append("  ").append(l).append('\n'));
        if (renumbered && plan.taskLauncher().isPresent()) {
            out.append("Task launcher (").append(plan.chain().chainDir().resolve(TaskLauncher.FILE)).append("):\n");
            new String(plan.taskLauncher().get(), StandardCharsets.UTF_8).lines()
                    .forEach(l -> out.append("  ").append(l).append('\n'));
        }
        return out.toString();
    }

    /**
     * {@code Throttle: --throttle=10 is shared by the 3 initial rounds, ...: round 1 %6 (12 task(s)), ...}: the
     * sbatch lists below carry each round's share.
     */
    private static String throttleNote(ChainLauncher.Plan plan, List<OptionalInt> throttles) {
        int n = plan.chain().throttle().getAsInt();
        List<RoundPlanner.PlannedRound> rounds = plan.initialRounds();
        String each = IntStream.range(0, rounds.size())
                .mapToObj(i -> "round " + rounds.get(i).round().number() + " %" + throttles.get(i).getAsInt() + " ("
                        + rounds.get(i).round().indices().size() + " task(s))")
                .collect(Collectors.joining(", "));
        String atOnce = n >= rounds.size() ? "at most " + n + " of their tasks run at once"
                : "that is fewer than one per round, so each round runs 1 task at a time, " + rounds.size()
                        + " tasks at once";
        return "Throttle: --throttle=" + n + " is shared by the " + rounds.size() + " initial rounds, submitted at"
                + " once, by their task counts: " + each + "; " + atOnce + ".\n";
    }

    /** One initial round's sbatch calls, with its share of the throttle; true when it is renumbered. */
    private static boolean renderRound(StringBuilder out, ChainLauncher.Plan plan, RoundPlanner.PlannedRound round,
            OptionalInt throttle) {
        List<JobRecord> arrays = round.arrayJobs();
        int number = round.round().number();
        out.append("Round ").append(number).append(": ").append(round.round().levelWording()).append(", ")
                .append(round.round().indices().size()).append(" task(s) in ").append(arrays.size())
                .append(" array job(s). sbatch calls, in order:\n");
        List<ThrottleShares.Share> shares = ThrottleShares.split(throttle, arrays.size());
        Map<Integer, String> arrayIds = new LinkedHashMap<>();
        out.append("  with ").append(SbatchArgs.arrayEnvironment(plan.chain().id(), round.round().levels(), number,
                        plan.chain().exports()).entrySet().stream()
                        .map(e -> e.getKey() + "=" + ShellWords.quote(e.getValue()))
                        .collect(Collectors.joining(" ")))
                .append(" in sbatch's environment for the array job(s):\n");
        boolean renumbered = false;
        for (JobRecord array : arrays) {
            Optional<Renumbering> renumbering = RoundArrays.renumbering(array);
            renumbered |= renumbering.isPresent();
            renumbering.ifPresent(r -> out.append("  (part ").append(array.key().part()).append(" runs tasks ")
                        .append(ArraySpecs.abbreviate(r.tasks(), 60)).append(" as array indices ")
                        .append(array.arraySpec().orElseThrow()).append(" through the task launcher: array task k"
                                + " reads its index from line ").append(offsetOf(arrays, array)).append(" + k of ")
                        .append(TaskLauncher.indexMap(plan.chain().chainDir(), number))
                        .append(", written before sbatch)\n"));
            appendSbatch(out, RoundArgv.array(array, shares, arrayIds));
            arrayIds.put(array.key().part(), "<job id of part " + array.key().part() + ">");
        }
        String guarded = "<job id of the handler>";
        for (JobRecord job : round.jobs()) {
            switch (job.key().role()) {
                case HANDLER -> appendSbatch(out, RoundArgv.handler(job, List.copyOf(arrayIds.values())));
                case GUARD -> {
                    appendSbatch(out, RoundArgv.guard(job, guarded));
                    guarded = "<job id of guard " + (job.key().part() + 1) + ">";
                }
                default -> {
                }
            }
        }
        return renumbered;
    }

    /** The index map line of a part's array task 0: the tasks of the parts before it. */
    private static int offsetOf(List<JobRecord> arrays, JobRecord part) {
        return arrays.stream().filter(a -> a.key().part() < part.key().part())
                .mapToInt(a -> a.indices().orElseThrow().size()).sum();
    }

    private static void appendSbatch(StringBuilder out, List<String> argv) {
        out.append("  sbatch --parsable ")
                .append(argv.stream().map(ShellWords::quote).collect(Collectors.joining(" "))).append('\n');
    }
}
