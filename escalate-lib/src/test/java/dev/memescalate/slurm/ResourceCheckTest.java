package dev.memescalate.slurm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.memescalate.InvalidInputException;
import dev.memescalate.indexset.ArraySpec;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Against the local cluster "lab": devel 1 min/1024 MB, day 1 min/2048 MB (default), week 2 min/8192 MB. */
class ResourceCheckTest {

    private final ClusterInfo lab = Fixtures.labCluster();

    private static ResourceRequest level(int n, String partitions, long mb, long seconds) {
        return new ResourceRequest("level " + n, List.of(partitions.split(",")), mb, seconds);
    }

    @Test
    void levelsThatFitHaveNoProblemsAndNoNotes() {
        ResourceCheckResult result = ResourceCheck.check(lab, List.of(
                level(0, "day", 2048, 60), level(1, "week", 8192, 120), level(2, "pi_jetz", 16384, 480)));

        assertThat(result.isRunnable()).isTrue();
        assertThat(result.notes()).isEmpty();
    }

    @Test
    void timeAboveMaxTimeNamesLevelPartitionAndLimit() {
        ResourceCheckResult result = ResourceCheck.check(lab, List.of(level(2, "day", 500, 120)));

        assertThat(result.problems()).containsExactly("level 2: partition 'day' allows at most 1 minute (MaxTime),"
                + " but the level asks for 2 minutes; choose a partition with a longer MaxTime or lower the level's"
                + " time");
    }

    @Test
    void timeIsRoundedUpToWholeMinutesAsSlurmDoes() {
        ResourceCheckResult result = ResourceCheck.check(lab, List.of(level(1, "day", 500, 61)));

        assertThat(result.problems()).singleElement().asString()
                .contains("but the level asks for 2 minutes (Slurm rounds up to whole minutes)");
    }

    @Test
    void memoryAboveEveryNodeNamesTheLargestNode() {
        ResourceCheckResult result = ResourceCheck.check(lab, List.of(level(1, "devel", 1536, 60)));

        assertThat(result.problems()).containsExactly("level 1: partition 'devel' has no node with 1536 MB of memory"
                + " (its largest node, devel1, has 1024 MB RealMemory), but the level asks for 1536 MB; choose a"
                + " partition with larger nodes or lower the level's memory");
    }

    @Test
    void unknownPartitionListsTheExistingOnes() {
        ResourceCheckResult result = ResourceCheck.check(lab, List.of(level(0, "nosuch", 100, 60)));

        assertThat(result.problems()).containsExactly(
                "level 0: partition 'nosuch' does not exist on cluster 'lab'; existing partitions: devel, day, week,"
                        + " pi_jetz");
    }

    @Test
    void unknownPartitionInAListIsFatalEvenWhenAnotherFits() {
        // sbatch -p day,nosuch is rejected as a whole: "invalid partition specified: nosuch".
        ResourceCheckResult result = ResourceCheck.check(lab, List.of(level(0, "day,nosuch", 100, 60)));

        assertThat(result.problems()).singleElement().asString().contains("'nosuch' does not exist");
    }

    @Test
    void multiPartitionLevelRunsWhenOnePartitionFitsAndNotesTheOther() {
        // Measured: sbatch -p day,week --time=2 ran on week; -p devel,day --mem=1536M ran on day.
        ResourceCheckResult result = ResourceCheck.check(lab, List.of(
                level(2, "day,week", 500, 120), level(3, "devel,day", 1536, 60)));

        assertThat(result.isRunnable()).isTrue();
        assertThat(result.notes()).hasSize(2);
        assertThat(result.notes().get(0)).startsWith("level 2: partition 'day' allows at most 1 minute (MaxTime)");
        assertThat(result.notes().get(1)).startsWith("level 3: partition 'devel' has no node with 1536 MB");
    }

    @Test
    void multiPartitionLevelWhereNoneFitsReportsEveryPartition() {
        // Measured: sbatch -p devel,day --mem=4G is rejected ("Memory specification can not be satisfied").
        ResourceCheckResult result = ResourceCheck.check(lab, List.of(level(4, "devel,day", 4096, 60)));

        assertThat(result.problems()).hasSize(2);
        assertThat(result.problems()).anySatisfy(p -> assertThat(p).startsWith("level 4: partition 'devel'"));
        assertThat(result.problems()).anySatisfy(p -> assertThat(p).startsWith("level 4: partition 'day'"));
        assertThat(result.notes()).isEmpty();
    }

    @Test
    void noPartitionMeansTheDefaultOne() {
        ResourceCheckResult result = ResourceCheck.check(lab, List.of(new ResourceRequest("handler", List.of(), 512,
                300)));

        assertThat(result.problems()).containsExactly("handler: partition 'day' allows at most 1 minute (MaxTime),"
                + " but the handler asks for 5 minutes; choose a partition with a longer MaxTime or lower the"
                + " handler's time");
    }

    @Test
    void downPartitionAndMaxMemPerNodeAreLimitsToo() {
        ClusterInfo cluster = ScontrolParser.clusterInfo("ClusterName = c\n",
                "PartitionName=p State=DOWN MaxTime=UNLIMITED Nodes=n1 MaxMemPerNode=1000\n",
                "NodeName=n1 CPUTot=4 RealMemory=4000 State=IDLE Partitions=p\n");

        ResourceCheckResult result = ResourceCheck.check(cluster, List.of(level(0, "p", 2000, 600)));

        assertThat(result.problems()).containsExactly(
                "level 0: partition 'p' is DOWN (State), so its jobs do not start; choose another partition or ask"
                        + " the cluster's administrators",
                "level 0: partition 'p' allows at most 1000 MB per node (MaxMemPerNode), but the level asks for"
                        + " 2000 MB; choose another partition or lower the level's memory");
    }

    /** The array spec is checked where it is parsed (ChainLauncher: ArraySpec.parse with the cluster's MaxArraySize). */
    @Test
    void arrayIndexMustBeBelowMaxArraySize() {
        assertThat(ArraySpec.parse("0-10000", lab.maxArraySize()).indices().last()).isEqualTo(10000);
        assertThatThrownBy(() -> ArraySpec.parse("0-10001", lab.maxArraySize()))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("index 10001")
                .hasMessageContaining("MaxArraySize 10001")
                .hasMessageContaining("the highest index this cluster accepts is 10000");
    }

    @Test
    void handlerTakesFirstRunnablePartitionOfFirstLevelCappedByMaxTime() {
        assertThat(ResourceCheck.handlerResources(lab, level(0, "day,week", 100, 60)))
                .contains(new ResourceRequest("handler", List.of("day"), 512, 60));
        assertThat(ResourceCheck.handlerResources(lab, level(0, "pi_jetz", 100, 60)))
                .contains(new ResourceRequest("handler", List.of("pi_jetz"), 512, 300));
        // day cannot run a 2-minute first level, so the handler goes to week with its 2-minute MaxTime.
        assertThat(ResourceCheck.handlerResources(lab, level(0, "day,week", 100, 120)))
                .contains(new ResourceRequest("handler", List.of("week"), 512, 120));
        assertThat(ResourceCheck.handlerResources(lab, level(0, "nosuch", 100, 60))).isEmpty();
    }

    @Test
    void durationsReadAsWords() {
        assertThat(ResourceCheck.duration(60)).isEqualTo("1 minute");
        assertThat(ResourceCheck.duration(86_400 + 7200 + 60)).isEqualTo("1 day 2 hours 1 minute");
        assertThat(ResourceCheck.duration(45)).isEqualTo("45 seconds");
    }
}
