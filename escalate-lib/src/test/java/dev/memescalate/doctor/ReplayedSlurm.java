package dev.memescalate.doctor;

import dev.memescalate.slurm.ClusterInfo;
import dev.memescalate.slurm.QueueQuery;
import dev.memescalate.slurm.QueuedJob;
import dev.memescalate.slurm.Slurm;
import dev.memescalate.slurm.SlurmException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.function.Supplier;

/**
 * The two questions doctor asks Slurm, answered from real output captured on the local cluster (scontrol/ and
 * doctor/ under src/test/resources) or with a failure. Records what was asked; anything else is a test error.
 */
final class ReplayedSlurm implements Slurm {
    final List<String> asked = new ArrayList<>();
    final List<List<String>> sacctArgs = new ArrayList<>();
    private Supplier<ClusterInfo> cluster;
    private Supplier<String> sacct;

    ReplayedSlurm(Supplier<ClusterInfo> cluster, Supplier<String> sacct) {
        this.cluster = cluster;
        this.sacct = sacct;
    }

    static SlurmException failure(String program, String stderr) {
        return new SlurmException(program + " failed (exit 1):\n  " + stderr.strip().replace("\n", "\n  "),
                List.of(program), 1, stderr, false);
    }

    @Override
    public List<dev.memescalate.slurm.QosInfo> qos() {
        throw new UnsupportedOperationException("doctor never asks sacctmgr");
    }

    @Override
    public List<String> accounts(String user) {
        throw new UnsupportedOperationException("doctor never asks sacctmgr");
    }

    @Override
    public ClusterInfo clusterInfo() {
        asked.add("scontrol");
        return cluster.get();
    }

    @Override
    public String accounting(List<String> args) {
        asked.add("sacct");
        sacctArgs.add(List.copyOf(args));
        return sacct.get();
    }

    @Override
    public String submit(List<String> sbatchArgs, Path workDir, java.util.Map<String, String> environment) {
        throw new UnsupportedOperationException("doctor must never submit");
    }

    @Override
    public void cancel(Collection<String> jobIds) {
        throw new UnsupportedOperationException("doctor must never cancel");
    }

    @Override
    public List<QueuedJob> queue(QueueQuery query) {
        throw new UnsupportedOperationException("doctor does not ask squeue");
    }
}
