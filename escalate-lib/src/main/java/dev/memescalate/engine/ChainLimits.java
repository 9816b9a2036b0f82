package dev.memescalate.engine;

import dev.memescalate.config.EscalationConfig;
import dev.memescalate.indexset.ArrayLimits;
import dev.memescalate.slurm.ClusterInfo;
import dev.memescalate.slurm.Slurm;
import java.util.OptionalInt;

/**
 * What Slurm accepts in one array job of this chain, and where its handler runs: the config's settings combined
 * with the cluster's own limits (read with scontrol).
 */
record ChainLimits(ArrayLimits arrayLimits, JobResources handlerResources) {
    static ChainLimits read(Slurm slurm, EscalationConfig config) {
        return of(slurm.clusterInfo(), config);
    }

    static ChainLimits of(ClusterInfo cluster, EscalationConfig config) {
        ArrayLimits limits = new ArrayLimits(config.maxArraySpecLength(),
                OptionalInt.of(cluster.maxArraySize()), config.maxArrayTasks());
        return new ChainLimits(limits, HandlerResourcesResolver.resolve(config, cluster));
    }
}
