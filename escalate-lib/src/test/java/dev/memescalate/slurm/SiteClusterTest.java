package dev.memescalate.slurm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** scontrol and sacctmgr of the local cluster with features, a GRES, QOS and accounts (scontrol-sites/README.md). */
class SiteClusterTest {
    private final ClusterInfo site = Fixtures.siteCluster();

    @Test
    void nodesHaveTheirFeaturesAndGres() {
        NodeInfo pi1 = site.node("pi1").orElseThrow();
        NodeInfo week1 = site.node("week1").orElseThrow();

        assertThat(pi1.features()).isEqualTo(Set.of("bigmem", "fast"));
        assertThat(pi1.gres()).containsExactly(new Gres("fpga", Optional.empty(), 2));
        assertThat(week1.features()).isEqualTo(Set.of("bigmem"));
        assertThat(week1.gres()).isEmpty();
        assertThat(site.node("day1").orElseThrow().features()).isEmpty();
    }

    @Test
    void partitionsHaveTheirMaxCpusPerNodeAndTheClusterItsAccounting() {
        assertThat(site.partition("devel").orElseThrow().maxCpusPerNode()).isEqualTo(OptionalInt.of(2));
        assertThat(site.partition("day").orElseThrow().maxCpusPerNode()).isEmpty();
        assertThat(site.hasAccountingDatabase()).isTrue();
        assertThat(site.accountingStorageEnforce()).isEqualTo("none");
        assertThat(site.enforcesQosLimits()).isFalse();
    }

    @Test
    void sacctmgrGivesTheQosWithTheirMaxWallAndTheUsersAccounts() {
        assertThat(Fixtures.siteQos()).containsExactly(new QosInfo("normal", Optional.empty()),
                new QosInfo("long", Optional.empty()), new QosInfo("short", Optional.of(Duration.ofMinutes(1))));
        assertThat(Fixtures.siteAccounts("root")).containsExactly("bio", "root");
        assertThat(Fixtures.siteAccounts("nobody")).isEmpty();
    }

    @Test
    void qosLimitsHoldOnlyWhereTheyAreEnforced() {
        assertThat(withEnforce("associations,limits,qos").enforcesQosLimits()).isTrue();
        assertThat(withEnforce("safe").enforcesQosLimits()).isTrue();
        assertThat(withEnforce("associations").enforcesQosLimits()).isFalse();
    }

    private ClusterInfo withEnforce(String enforce) {
        return new ClusterInfo(site.clusterName(), site.slurmVersion(), site.maxArraySize(), site.minJobAge(),
                site.enforcePartLimits(), site.accountingStorageType(), enforce, site.partitions(), site.nodes());
    }

    @Test
    void hostlistsAreCountedWithoutExpandingThem() {
        assertThat(Hostlist.count("day[1-2],week1")).isEqualTo(3);
        assertThat(Hostlist.count("n[1-999999999]")).isEqualTo(999_999_999L);
        assertThat(Hostlist.count("r[1-1000]n[1-1000]")).isEqualTo(1_000_000L);
        assertThat(Hostlist.count("")).isZero();
        assertThatThrownBy(() -> Hostlist.count("a[3-1]")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("bad range '3-1'");
    }
}
