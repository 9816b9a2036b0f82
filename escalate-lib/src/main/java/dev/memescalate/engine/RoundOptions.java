package dev.memescalate.engine;

import dev.memescalate.ladder.Level;
import dev.memescalate.slurm.SbatchOption;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * What a round's array jobs at one level ask sbatch for besides their indices, names and files: the partition (the
 * level's, or submit's {@code --partition} for every level), memory and time, then submit's other options merged
 * with the level's (the level's win), and the nodes to exclude (submit's {@code --exclude} and the nodes where the
 * chain's tasks failed). Pure: submit, {@code --dry-run} and the handler build every round's argv with it, from what
 * the store keeps.
 *
 * @param resources partition, memory and time
 * @param args the other options, {@code --name=value}, submit's first, then the level's
 * @param merged how they were merged, for {@code --dry-run}
 */
record RoundOptions(JobResources resources, List<String> args, OptionLayers.Merged merged) {
    RoundOptions {
        args = List.copyOf(args);
    }

    /** Where messages say an option of submit's command line came from. */
    static final String COMMAND_LINE = "the command line";

    static RoundOptions of(Level level, ChainOptions chain) {
        List<String> partitions = chain.partitions().orElse(level.partitions());
        OptionLayers.Merged merged = OptionLayers.merge(List.of(
                OptionLayers.from(chain.passedToArrays(), COMMAND_LINE),
                OptionLayers.from(level.options().toSbatchArgs().stream().map(SbatchOption::ofArg).toList(),
                        levelSource(level))));
        List<String> args = merged.winners().stream().map(s -> s.option().toArg()).toList();
        return new RoundOptions(new JobResources(partitions, level.mem(), level.time()), args, merged);
    }

    /** The level's name as messages give it: {@code level 2}. */
    static String levelSource(Level level) {
        return "level " + level.number();
    }

    /** The nodes a round must not run on: submit's --exclude, then the nodes where the chain's tasks failed. */
    static List<String> exclude(ChainOptions chain, List<String> failedNodes) {
        Set<String> nodes = new LinkedHashSet<>(chain.exclude());
        nodes.addAll(failedNodes);
        return List.copyOf(nodes);
    }
}
