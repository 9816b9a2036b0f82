package dev.memescalate.slurm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Optional;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

class ScontrolParserTest {

    @Test
    void readsTheLocalClustersRealOutput() {
        ClusterInfo lab = Fixtures.labCluster();

        assertThat(lab.clusterName()).isEqualTo("lab");
        assertThat(lab.slurmVersion()).isEqualTo("22.05.8");
        assertThat(lab.maxArraySize()).isEqualTo(10001);
        assertThat(lab.maxJobCount()).isEqualTo(10000);
        assertThat(lab.minJobAge()).isEqualTo(Duration.ofSeconds(300));
        assertThat(lab.enforcePartLimits()).isEqualTo("NO");
        assertThat(lab.partitionNames()).containsExactly("devel", "day", "week", "pi_jetz");
        assertThat(lab.defaultPartition()).map(PartitionInfo::name).contains("day");

        PartitionInfo day = lab.partition("day").orElseThrow();
        assertThat(day.maxTime()).contains(Duration.ofMinutes(1));
        assertThat(day.defaultTime()).isEmpty();
        assertThat(day.nodeNames()).containsExactly("day1", "day2");
        assertThat(day.maxMemPerNodeMb()).isEmpty();
        assertThat(day.isUp()).isTrue();
        assertThat(lab.partition("pi_jetz").orElseThrow().maxTime()).contains(Duration.ofMinutes(8));

        assertThat(lab.nodes()).extracting(NodeInfo::name).containsExactly("day1", "day2", "devel1", "pi1", "week1");
        NodeInfo pi1 = lab.nodes().stream().filter(n -> n.name().equals("pi1")).findFirst().orElseThrow();
        assertThat(pi1).isEqualTo(new NodeInfo("pi1", 16384, 4, "IDLE", java.util.List.of("pi_jetz")));
        assertThat(lab.nodesOf(day)).extracting(NodeInfo::realMemoryMb).containsExactly(2048L, 2048L);
    }

    @Test
    void configWithoutMaxArraySizeUsesSlurmsDefault() {
        ClusterInfo info = ScontrolParser.clusterInfo("ClusterName = c\nSLURM_VERSION = 23.02.1\n", "", "");

        assertThat(info.maxArraySize()).isEqualTo(1001);
        assertThat(info.maxJobCount()).isEqualTo(10000);
        assertThat(info.minJobAge()).isEqualTo(Duration.ofSeconds(300));
        assertThat(info.enforcePartLimits()).isEqualTo("NO");
    }

    @Test
    void readsASitesMaxJobCount() {
        ClusterInfo info = ScontrolParser.clusterInfo("ClusterName = c\nMaxJobCount = 250000\n", "", "");

        assertThat(info.maxJobCount()).isEqualTo(250000);
    }

    @Test
    void oneLinerValuesMayContainSpaces() {
        String line = "NodeName=n1 CPUTot=8 RealMemory=4000 State=DOWN+NOT_RESPONDING OS=Linux 6.1.0 #1 SMP"
                + " Partitions=a,b Reason=Not responding [slurm@2026-11-21T20:00:00] AllocTRES= Comment=(null)";

        NodeInfo node = ScontrolParser.parseNodes(line).get(0);

        assertThat(node).isEqualTo(new NodeInfo("n1", 4000, 8, "DOWN+NOT_RESPONDING", java.util.List.of("a", "b")));
        assertThat(ScontrolParser.parseOneLiner(line))
                .containsEntry("OS", "Linux 6.1.0 #1 SMP")
                .containsEntry("Reason", "Not responding [slurm@2026-11-21T20:00:00]")
                .containsEntry("AllocTRES", "");
    }

    @Test
    void partitionLimitsAndStates() {
        String line = "PartitionName=big Default=NO DefaultTime=01:00:00 MaxTime=7-00:00:00 Nodes=b[01-03]"
                + " State=DOWN MaxMemPerNode=64000";

        PartitionInfo big = ScontrolParser.parsePartitions(line).get(0);

        assertThat(big).isEqualTo(new PartitionInfo("big", false, "DOWN", Optional.of(Duration.ofDays(7)),
                Optional.of(Duration.ofHours(1)), java.util.List.of("b01", "b02", "b03"), OptionalLong.of(64000)));
        assertThat(big.isUp()).isFalse();
    }

    @Test
    void timeLimitsInEverySlurmForm() {
        assertThat(ScontrolParser.parseTimeLimit("UNLIMITED")).isEmpty();
        assertThat(ScontrolParser.parseTimeLimit("INFINITE")).isEmpty();
        assertThat(ScontrolParser.parseTimeLimit("NONE")).isEmpty();
        assertThat(ScontrolParser.parseTimeLimit("1")).contains(Duration.ofMinutes(1));
        assertThat(ScontrolParser.parseTimeLimit("00:01:00")).contains(Duration.ofMinutes(1));
        assertThat(ScontrolParser.parseTimeLimit("1:30")).contains(Duration.ofSeconds(90));
        assertThat(ScontrolParser.parseTimeLimit("1-00:00:00")).contains(Duration.ofDays(1));
        assertThat(ScontrolParser.parseTimeLimit("2-12")).contains(Duration.ofHours(60));
        assertThat(ScontrolParser.parseTimeLimit("1-02:03")).contains(Duration.ofSeconds(86_400 + 7200 + 180));
        assertThatThrownBy(() -> ScontrolParser.parseTimeLimit("soon")).hasMessageContaining("'soon'");
        assertThatThrownBy(() -> ScontrolParser.parseTimeLimit("1:2:3:4")).hasMessageContaining("'1:2:3:4'");
    }
}
