package dev.memescalate.slurm;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * CPUs, generic resources, features, nodes and QOS against the local cluster with features and a GRES
 * (scontrol-sites/README.md): 4 CPUs per node, devel MaxCPUsPerNode=2 (in the capture), bigmem on week1 and pi1,
 * fast and fpga:2 on pi1, QOS short with MaxWall 1 minute, AccountingStorageEnforce=none. The refusals mirror what
 * sbatch 22.05.8 answered on that cluster (see NodeFit).
 */
class ResourceCheckSiteTest {
    private final ClusterInfo site = Fixtures.siteCluster();

    private static ResourceRequest level(String partitions, long mb, long seconds, Optional<Integer> cpus,
            Optional<String> gres, Optional<String> constraint, Optional<String> qos, Optional<String> nodes) {
        return new ResourceRequest("level 1", List.of(partitions.split(",")), mb, seconds,
                cpus.map(n -> new Asked<>(n, "cpus_per_task of level 1")),
                gres.map(g -> new Asked<>(Gres.parseRequest(g), "level 1")),
                constraint.map(c -> new Asked<>(FeatureExpression.parse(c), "constraint of level 1")),
                qos.map(q -> new Asked<>(q, "qos of level 1")),
                nodes.map(n -> new Asked<>(Hostlist.expand(n), "--nodelist")));
    }

    private static ResourceRequest cpus(String partitions, int n) {
        return level(partitions, 100, 60, Optional.of(n), Optional.empty(), Optional.empty(), Optional.empty(),
                Optional.empty());
    }

    private static ResourceRequest gres(String partitions, String gres) {
        return level(partitions, 100, 60, Optional.empty(), Optional.of(gres), Optional.empty(), Optional.empty(),
                Optional.empty());
    }

    private static ResourceRequest constraint(String partitions, String constraint) {
        return level(partitions, 100, 60, Optional.empty(), Optional.empty(), Optional.of(constraint),
                Optional.empty(), Optional.empty());
    }

    @Test
    void moreCpusThanAnyNodeHasIsRefusedWithTheLargestNode() {
        assertThat(ResourceCheck.check(site, List.of(cpus("day", 8))).problems()).containsExactly(
                "level 1: partition 'day' has no node with 8 CPUs (its largest node, day1, has 4 CPUTot), but the"
                        + " level asks for 8 CPUs per task (cpus_per_task of level 1); choose a partition with larger"
                        + " nodes or ask for fewer CPUs");
        assertThat(ResourceCheck.check(site, List.of(cpus("day", 4))).problems()).isEmpty();
    }

    @Test
    void maxCpusPerNodeOfThePartitionHoldsToo() {
        assertThat(ResourceCheck.check(site, List.of(cpus("devel", 3))).problems()).containsExactly(
                "level 1: partition 'devel' allows at most 2 CPUs per node (MaxCPUsPerNode), but the level asks for"
                        + " 3 CPUs per task (cpus_per_task of level 1); choose another partition or ask for fewer"
                        + " CPUs");
    }

    @Test
    void aGresNoNodeOfThePartitionHasIsRefusedNamingThePartitionsThatHaveIt() {
        // Measured: -p day --gres=fpga:1 and -p pi_jetz --gres=fpga:3 were refused.
        assertThat(ResourceCheck.check(site, List.of(gres("day", "fpga:1"))).problems()).containsExactly(
                "level 1: partition 'day' has no node with the generic resource fpga:1 (its nodes have none), but"
                        + " the level asks for it (gres of level 1); choose a partition with such nodes (pi_jetz) or"
                        + " change the gres");
        assertThat(ResourceCheck.check(site, List.of(gres("pi_jetz", "fpga:3"))).problems()).singleElement()
                .asString().contains("no node with the generic resource fpga:3 (its nodes have fpga:2)")
                .contains("no partition of cluster 'lab' has such a node: change the gres");
        assertThat(ResourceCheck.check(site, List.of(gres("pi_jetz", "gpu:1"))).problems()).hasSize(1);
    }

    @Test
    void aGresOnOneOfSeveralPartitionsIsANote() {
        // Measured: -p day,pi_jetz --gres=fpga:1 ran on pi_jetz.
        ResourceCheckResult result = ResourceCheck.check(site, List.of(gres("day,pi_jetz", "fpga:1")));

        assertThat(result.isRunnable()).isTrue();
        assertThat(result.notes()).singleElement().asString().startsWith("level 1: partition 'day' has no node with"
                + " the generic resource fpga:1");
    }

    @Test
    void aConstraintNoNodeOfThePartitionMeetsIsRefused() {
        // Measured: -p day -C bigmem was refused; -p day,week -C bigmem ran on week.
        assertThat(ResourceCheck.check(site, List.of(constraint("day", "bigmem"))).problems()).containsExactly(
                "level 1: partition 'day' has no node with the features bigmem (its nodes have none), but the"
                        + " level's constraint asks for them (constraint of level 1); choose a partition with such"
                        + " nodes (pi_jetz, week) or change the constraint");
        assertThat(ResourceCheck.check(site, List.of(constraint("week", "bigmem&fast"))).problems())
                .singleElement().asString().contains("(pi_jetz)");
        assertThat(ResourceCheck.check(site, List.of(constraint("pi_jetz", "bigmem&fast"))).problems()).isEmpty();
        assertThat(ResourceCheck.check(site, List.of(constraint("day,week", "bigmem"))).isRunnable()).isTrue();
    }

    @Test
    void aFeatureNoNodeOfTheClusterHasIsRefusedEvenInsideAnOr() {
        // Measured: -p week -C 'bigmem|nosuch' was refused: "Invalid feature specification".
        assertThat(ResourceCheck.check(site, List.of(constraint("week", "bigmem|nosuch"))).problems())
                .containsExactly("level 1: constraint 'bigmem|nosuch' of constraint of level 1 names nosuch, which no"
                        + " node of cluster 'lab' has (sbatch refuses it: \"Invalid feature specification\"); the"
                        + " nodes' features: bigmem, fast");
    }

    @Test
    void aNodelistOutsideThePartitionIsRefused() {
        // Measured: -p day --nodelist=week1 was refused ("Requested node configuration is not available").
        ResourceRequest request = level("day", 100, 60, Optional.empty(), Optional.empty(), Optional.empty(),
                Optional.empty(), Optional.of("week1"));

        assertThat(ResourceCheck.check(site, List.of(request)).problems()).containsExactly(
                "level 1: partition 'day' does not hold week1 of --nodelist (its nodes: day1, day2); choose nodes of"
                        + " the partition or another partition");
    }

    @Test
    void aQosMaxWallBelowTheTimeIsANoteWhereLimitsAreNotEnforcedAndAProblemWhereTheyAre() {
        ResourceRequest twoMinutesShort = level("week", 100, 120, Optional.empty(), Optional.empty(),
                Optional.empty(), Optional.of("short"), Optional.empty());

        ResourceCheckResult here = ResourceCheck.check(site, Fixtures.siteQos(), List.of(twoMinutesShort));
        assertThat(here.problems()).isEmpty();
        assertThat(here.notes()).containsExactly("level 1: QOS 'short' (qos of level 1) allows at most 1 minute"
                + " (MaxWall), but the level asks for 2 minutes; this cluster does not enforce QOS limits"
                + " (AccountingStorageEnforce=none), so Slurm runs it anyway");

        ClusterInfo enforcing = new ClusterInfo(site.clusterName(), site.slurmVersion(), site.maxArraySize(),
                site.minJobAge(), site.enforcePartLimits(), site.accountingStorageType(), "associations,limits",
                site.partitions(), site.nodes());
        assertThat(ResourceCheck.check(enforcing, Fixtures.siteQos(), List.of(twoMinutesShort)).problems())
                .containsExactly("level 1: QOS 'short' (qos of level 1) allows at most 1 minute (MaxWall), but the"
                        + " level asks for 2 minutes, so the job would wait forever (QOSMaxWallDurationPerJobLimit);"
                        + " lower the level's time or choose a QOS with a longer MaxWall");
    }

    @Test
    void resourcesEachOnSomeNodeButNotAllOnOneAreRefused() {
        // A partition of two different nodes (as in ResourceCheckTest, a cluster written for the case).
        ClusterInfo mixed = ScontrolParser.clusterInfo("ClusterName = c\n",
                "PartitionName=p State=UP MaxTime=UNLIMITED Nodes=big,gpu\n",
                "NodeName=big CPUTot=4 RealMemory=64000 State=IDLE Partitions=p AvailableFeatures=bigmem"
                        + " Gres=(null)\n"
                        + "NodeName=gpu CPUTot=4 RealMemory=8000 State=IDLE Partitions=p AvailableFeatures=(null)"
                        + " Gres=gpu:2\n");
        ResourceRequest bigAndGpu = level("p", 32000, 60, Optional.empty(), Optional.of("gpu:1"), Optional.empty(),
                Optional.empty(), Optional.empty());

        assertThat(ResourceCheck.check(mixed, List.of(bigAndGpu)).problems()).containsExactly(
                "level 1: partition 'p' has no single node with 32000 MB, gres gpu:1 together (a task runs on one"
                        + " node; its nodes: big 64000 MB, 4 CPUs, features bigmem; gpu 8000 MB, 4 CPUs, gres gpu:2);"
                        + " choose another partition or ask for less");
    }
}
