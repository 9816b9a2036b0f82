package dev.memescalate.slurm;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/** Reads test resources captured from the real cluster. */
public final class Fixtures {
    private Fixtures() {}

    public static String read(String resource) {
        try (InputStream in = Fixtures.class.getResourceAsStream("/" + resource)) {
            if (in == null) {
                throw new IllegalArgumentException("no test resource " + resource);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Real Slurm 22.05.8 output from {@code src/test/resources/slurm-22.05/} (its README.md says how each was made). */
    public static String slurm2205(String name) {
        return read("slurm-22.05/" + name);
    }

    /** The local cluster "lab" as scontrol described it (see src/test/resources/scontrol/README.md). */
    public static ClusterInfo labCluster() {
        return ScontrolParser.clusterInfo(
                read("scontrol/show-config.txt"),
                read("scontrol/show-partition-o.txt"),
                read("scontrol/show-node-o.txt"));
    }

    /**
     * The same cluster with node features, a GRES, devel's MaxCPUsPerNode=2, and accounting as sacctmgr knows it
     * (see src/test/resources/scontrol-sites/README.md).
     */
    public static ClusterInfo siteCluster() {
        return ScontrolParser.clusterInfo(
                read("scontrol-sites/show-config.txt"),
                read("scontrol-sites/show-partition-o.txt"),
                read("scontrol-sites/show-node-o.txt"));
    }

    /** That cluster's QOS: normal, long, short (MaxWall 1 minute). */
    public static java.util.List<QosInfo> siteQos() {
        return SacctmgrParser.qos(read("scontrol-sites/sacctmgr-show-qos.txt"));
    }

    /** The accounts of a user on that cluster: root has bio and root, every other user none. */
    public static java.util.List<String> siteAccounts(String user) {
        return SacctmgrParser.accounts(read(user.equals("root")
                ? "scontrol-sites/sacctmgr-show-assoc-root.txt"
                : "scontrol-sites/sacctmgr-show-assoc-nobody.txt"));
    }
}
