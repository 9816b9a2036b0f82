package dev.memescalate.ladder;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * What a level asks Slurm for besides partition, memory and time: each an sbatch option of the level's array jobs,
 * inherited from the level below unless the level sets it (the config reader resolves that: these are a level's
 * effective options).
 *
 * @param qos {@code --qos}
 * @param account {@code --account}
 * @param constraint {@code --constraint}, Slurm's feature expression ({@code bigmem}, {@code bigmem&fast})
 * @param cpusPerTask {@code --cpus-per-task}
 * @param gres {@code --gres}, e.g. {@code gpu:1} or {@code gpu:a100:2}
 * @param sbatch more sbatch options, each {@code --name=value} or {@code --name} as sbatch takes it
 */
public record LevelOptions(
        Optional<String> qos,
        Optional<String> account,
        Optional<String> constraint,
        OptionalInt cpusPerTask,
        Optional<String> gres,
        List<String> sbatch) {

    /** A level that asks for nothing more. */
    public static final LevelOptions NONE = new LevelOptions(Optional.empty(), Optional.empty(), Optional.empty(),
            OptionalInt.empty(), Optional.empty(), List.of());

    public LevelOptions {
        sbatch = List.copyOf(sbatch);
        if (cpusPerTask.isPresent() && cpusPerTask.getAsInt() < 1) {
            throw new IllegalArgumentException("cpusPerTask must be >= 1, got " + cpusPerTask.getAsInt());
        }
    }

    /** The options as sbatch arguments, in the order of the keys above: {@code --qos=long}, ..., then {@link #sbatch()}. */
    public List<String> toSbatchArgs() {
        List<String> args = new ArrayList<>();
        qos.ifPresent(q -> args.add("--qos=" + q));
        account.ifPresent(a -> args.add("--account=" + a));
        constraint.ifPresent(c -> args.add("--constraint=" + c));
        cpusPerTask.ifPresent(n -> args.add("--cpus-per-task=" + n));
        gres.ifPresent(g -> args.add("--gres=" + g));
        args.addAll(sbatch);
        return List.copyOf(args);
    }

    public boolean isEmpty() {
        return equals(NONE);
    }
}
