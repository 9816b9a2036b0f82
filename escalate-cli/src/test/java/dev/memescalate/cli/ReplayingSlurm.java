package dev.memescalate.cli;

import dev.memescalate.slurm.ClusterInfo;
import dev.memescalate.slurm.QosInfo;
import dev.memescalate.slurm.QueueQuery;
import dev.memescalate.slurm.QueuedJob;
import dev.memescalate.slurm.SacctmgrParser;
import dev.memescalate.slurm.ScontrolParser;
import dev.memescalate.slurm.Slurm;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;

/**
 * A Slurm for command tests that must never submit: {@code scontrol} and {@code sacctmgr} answer with the real output
 * of the local cluster captured in escalate-lib's test resources ({@code scontrol-sites/README.md} says how), every
 * other call is
 * recorded, and sbatch, sacct and squeue answer as a cluster with no jobs would.
 */
final class ReplayingSlurm implements Slurm {
    /**
     * escalate-lib's captured scontrol and sacctmgr output of the local cluster with its features, GRES, QOS and
     * accounts; surefire runs with the module directory as working directory.
     */
    static final Path SCONTROL = Path.of("..", "escalate-lib", "src", "test", "resources", "scontrol-sites");

    private final List<List<String>> sbatchCalls = new ArrayList<>();
    private final List<List<String>> cancels = new ArrayList<>();
    private int clusterInfoCalls;

    @Override
    public String submit(List<String> sbatchArgs, Path workDir, Map<String, String> environment) {
        sbatchCalls.add(List.copyOf(sbatchArgs));
        return Integer.toString(1000 + sbatchCalls.size());
    }

    @Override
    public String accounting(List<String> sacctArgs) {
        return "";
    }

    @Override
    public void cancel(Collection<String> jobIds) {
        cancels.add(List.copyOf(jobIds));
    }

    @Override
    public List<QueuedJob> queue(QueueQuery query) {
        return List.of();
    }

    @Override
    public ClusterInfo clusterInfo() {
        clusterInfoCalls++;
        return ScontrolParser.clusterInfo(read("show-config.txt"), read("show-partition-o.txt"),
                read("show-node-o.txt"));
    }

    @Override
    public List<QosInfo> qos() {
        return SacctmgrParser.qos(read("sacctmgr-show-qos.txt"));
    }

    @Override
    public List<String> accounts(String user) {
        return SacctmgrParser.accounts(read(user.equals("root") ? "sacctmgr-show-assoc-root.txt"
                : "sacctmgr-show-assoc-nobody.txt"));
    }

    private static String read(String name) {
        try {
            return Files.readString(SCONTROL.resolve(name));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    List<List<String>> sbatchCalls() {
        return List.copyOf(sbatchCalls);
    }

    List<List<String>> cancels() {
        return List.copyOf(cancels);
    }

    int clusterInfoCalls() {
        return clusterInfoCalls;
    }
}
