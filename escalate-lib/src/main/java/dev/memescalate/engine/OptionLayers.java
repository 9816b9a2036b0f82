package dev.memescalate.engine;

import dev.memescalate.slurm.SbatchOption;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Merges sbatch options from several places, the later place winning for the same option: the script's
 * {@code #SBATCH} lines, then submit's command line, then the level, then what mem-escalate sets itself. sbatch takes
 * its command line over the script's lines, and the last of two values on its command line; mem-escalate puts the
 * level's options after the command line's, so the level's win. Pure.
 */
final class OptionLayers {
    private OptionLayers() {
    }

    /** An option with where it came from, for messages: {@code "level 2"}, {@code "job.sh:3"}. */
    record Sourced(SbatchOption option, String from) {
        /** {@code --qos=long (level 2)}. */
        String describe() {
            return option.toArg() + " (" + from + ")";
        }
    }

    /** An option that another one of the same kind replaces. */
    record Overridden(Sourced loser, Sourced winner) {
    }

    /** The options that hold, in the order they were given, and those they replaced. */
    record Merged(List<Sourced> winners, List<Overridden> overridden) {
        Merged {
            winners = List.copyOf(winners);
            overridden = List.copyOf(overridden);
        }

        Optional<Sourced> winner(String name) {
            return winners.stream().filter(s -> slot(s.option().name()).equals(slot(name))).findFirst();
        }
    }

    /** @param lowToHigh the places, the one that loses first */
    static Merged merge(List<List<Sourced>> lowToHigh) {
        Map<String, Sourced> winnerBySlot = new HashMap<>();
        List<Overridden> overridden = new ArrayList<>();
        List<Sourced> all = lowToHigh.stream().flatMap(List::stream).toList();
        for (Sourced sourced : all) {
            Sourced earlier = winnerBySlot.put(slot(sourced.option().name()), sourced);
            if (earlier != null) {
                overridden.add(new Overridden(earlier, sourced));
            }
        }
        List<Sourced> winners = all.stream()
                .filter(s -> winnerBySlot.get(slot(s.option().name())) == s)
                .toList();
        return new Merged(winners, overridden);
    }

    /** Options that set one thing: {@code --requeue} and {@code --no-requeue} are two values of the same. */
    static String slot(String name) {
        return name.equals("no-requeue") ? "requeue" : name;
    }

    static List<Sourced> from(List<SbatchOption> options, String from) {
        return options.stream().map(o -> new Sourced(o, from)).toList();
    }
}
