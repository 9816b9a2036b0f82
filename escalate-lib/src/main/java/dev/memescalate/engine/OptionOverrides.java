package dev.memescalate.engine;

import dev.memescalate.ladder.Ladder;
import dev.memescalate.ladder.Level;
import dev.memescalate.ladder.LevelPair;
import dev.memescalate.ladder.SeparateLadders;
import dev.memescalate.slurm.SbatchOption;
import dev.memescalate.store.ChainRecord;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * What {@code submit --dry-run} and {@code submit} say about options given in more than one place: which option
 * overrides which, level by level (or pair by pair for separate ladders), and what submit's {@code --partition}
 * replaces. Text only; {@link OptionsPreflight} checks the options against the cluster.
 */
final class OptionOverrides {
    private OptionOverrides() {
    }

    /**
     * For {@code --dry-run}: the options given in more than one place, per level from {@code levels}, or for
     * separate ladders per pair a task can reach from {@code lowest} to {@code maxLevel} (their steps may carry
     * options of their own).
     */
    static List<String> overrides(Ladder ladder, List<Level> levels, int lowest, int maxLevel, ChainRecord chain,
            ChainOptions options, List<OptionLayers.Sourced> script, RoundPlanner.PlannedRound first) {
        if (!ladder.isSeparate()) {
            return overrides(withToolOptions(levels, chain, options, script, first), levels);
        }
        List<LevelPair> pairs = OptionsPreflight.reachablePairs(ladder, lowest, maxLevel);
        List<Level> pairLevels = pairs.stream().map(ladder::at).toList();
        return pairOverrides(withToolOptions(pairLevels, chain, options, script, first), pairs, pairLevels);
    }

    private static List<OptionLayers.Merged> withToolOptions(List<Level> levels, ChainRecord chain,
            ChainOptions options, List<OptionLayers.Sourced> script, RoundPlanner.PlannedRound first) {
        List<OptionLayers.Merged> merged = new ArrayList<>();
        for (Level level : levels) {
            merged.add(OptionsPreflight.merged(level, options, script, toolOptions(chain, level, options, first)));
        }
        return merged;
    }

    /**
     * For {@code --dry-run}: each option given in more than one place and who wins, one line per override with the
     * levels it holds for ({@code levels 0-2: --qos=normal (#SBATCH, job.sh:3) is overridden by --qos=long (the
     * command line)}).
     */
    static List<String> overrides(List<OptionLayers.Merged> mergedByLevel, List<Level> levels) {
        Map<String, TreeSet<Integer>> levelsByLine = new LinkedHashMap<>();
        for (int i = 0; i < levels.size(); i++) {
            String label = RoundOptions.levelSource(levels.get(i));
            for (OptionLayers.Overridden o : mergedByLevel.get(i).overridden()) {
                String line = describe(o.loser(), label) + " is overridden by " + describe(o.winner(), label);
                levelsByLine.computeIfAbsent(line, k -> new TreeSet<>()).add(levels.get(i).number());
            }
        }
        List<String> lines = new ArrayList<>();
        levelsByLine.forEach((line, numbers) -> lines.add(levelRange(numbers) + ": " + line));
        return lines;
    }

    /**
     * {@link #overrides(List, List)} for separate ladders, whose pairs may differ in any option: one line per
     * override with the pairs it holds for ({@code memory levels 0-3 / time level 2: --qos=normal (#SBATCH, job.sh:2)
     * is overridden by --qos=long (the config)}).
     */
    static List<String> pairOverrides(List<OptionLayers.Merged> mergedByPair, List<LevelPair> pairs,
            List<Level> levels) {
        Map<String, List<LevelPair>> pairsByLine = new LinkedHashMap<>();
        for (int i = 0; i < pairs.size(); i++) {
            String label = RoundOptions.levelSource(levels.get(i));
            for (OptionLayers.Overridden o : mergedByPair.get(i).overridden()) {
                String line = describe(o.loser(), label, "the config") + " is overridden by "
                        + describe(o.winner(), label, "the config");
                pairsByLine.computeIfAbsent(line, k -> new ArrayList<>()).add(pairs.get(i));
            }
        }
        List<String> lines = new ArrayList<>();
        pairsByLine.forEach((line, holding) -> lines.add(pairRange(holding) + ": " + line));
        return lines;
    }

    /**
     * {@code memory levels 0-3 / time level 2} when the pairs are every combination of their memory and time
     * levels, else each pair ({@code memory level 0 / time level 1, memory level 2 / time level 0}).
     */
    static String pairRange(List<LevelPair> pairs) {
        TreeSet<Integer> memory = new TreeSet<>();
        TreeSet<Integer> time = new TreeSet<>();
        pairs.forEach(p -> {
            memory.add(p.memory());
            time.add(p.time());
        });
        if (memory.size() * time.size() == new HashSet<>(pairs).size()) {
            return "memory " + levelRange(memory) + " / time " + levelRange(time);
        }
        return String.join(", ", pairs.stream().map(p -> "memory level " + p.memory() + " / time level " + p.time())
                .toList());
    }

    /** {@code --qos=long (the level)} for the level's own options, so that lines of several levels read alike. */
    private static String describe(OptionLayers.Sourced sourced, String levelLabel) {
        return describe(sourced, levelLabel, "the level");
    }

    private static String describe(OptionLayers.Sourced sourced, String levelLabel, String levelName) {
        return sourced.from().equals(levelLabel) ? sourced.option().toArg() + " (" + levelName + ")"
                : sourced.describe();
    }

    /** {@code level 2}, {@code levels 0-2}, {@code levels 0, 2}. */
    static String levelRange(TreeSet<Integer> numbers) {
        if (numbers.size() == 1) {
            return "level " + numbers.first();
        }
        boolean contiguous = numbers.last() - numbers.first() + 1 == numbers.size();
        return "levels " + (contiguous ? numbers.first() + "-" + numbers.last()
                : String.join(", ", numbers.stream().map(String::valueOf).toList()));
    }

    /**
     * The options mem-escalate sets on a level's array jobs itself, as round 1's first array carries them: for
     * {@code --dry-run} to say which of the script's {@code #SBATCH} lines they override.
     */
    static List<SbatchOption> toolOptions(ChainRecord chain, Level level, ChainOptions options,
            RoundPlanner.PlannedRound first) {
        RoundOptions round = RoundOptions.of(level, options);
        List<String> exclude = RoundOptions.exclude(options, List.of());
        List<String> args = new ArrayList<>();
        first.arrayJobs().get(0).argv().stream()
                .filter(a -> a.startsWith("--array=") || a.startsWith("--job-name="))
                .forEach(args::add);
        args.addAll(round.resources().sbatchOptions());
        args.add("--output=" + chain.outputPattern());
        args.add("--error=" + chain.errorPattern());
        args.add("--chdir=" + options.chdir().orElse(chain.workDir()));
        args.add(SbatchArgs.EXPORT_ALL);
        if (!exclude.isEmpty()) {
            args.add("--exclude=" + String.join(",", exclude));
        }
        return args.stream().map(SbatchOption::ofArg).toList();
    }

    /** What replacing every level's partitions with submit's --partition means, level by level. */
    static String partitionWarning(List<String> partitions, Ladder ladder, List<Level> levels) {
        String what = ladder.separate().map(s -> "every step's partition rule and the top-level partitions: ("
                + separatePartitions(s) + ")").orElseGet(() -> "the partitions of every level (" + String.join("; ",
                        levels.stream().map(l -> "level " + l.number() + ": " + l.partitionList()).toList()) + ")");
        return "--partition=" + String.join(",", partitions) + " replaces " + what + " and is where the handler jobs"
                + " run unless the config's handler.partition names one";
    }

    /** {@code memory step 2: week; time step 1: pi_jetz; partitions: devel,day}: the rules of separate ladders. */
    private static String separatePartitions(SeparateLadders s) {
        List<String> rules = new ArrayList<>();
        for (int m = 0; m <= s.memoryTop(); m++) {
            String step = "memory step " + m + ": ";
            s.memory().get(m).partitions().ifPresent(p -> rules.add(step + String.join(",", p)));
        }
        for (int t = 0; t <= s.timeTop(); t++) {
            String step = "time step " + t + ": ";
            s.time().get(t).partitions().ifPresent(p -> rules.add(step + String.join(",", p)));
        }
        s.defaultPartitions().ifPresent(p -> rules.add("partitions: " + String.join(",", p)));
        return String.join("; ", rules);
    }
}
