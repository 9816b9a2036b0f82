package dev.memescalate.config;

import static org.assertj.core.api.Assertions.assertThat;

import dev.memescalate.ladder.MemorySize;
import dev.memescalate.ladder.TimeLimit;
import dev.memescalate.policy.Action;
import dev.memescalate.policy.StatePolicy;
import dev.memescalate.slurm.JobState;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Every example in the top-level config/ directory loads, and means what its comments say. */
class ExampleConfigsTest {
    /** The repository's config/ directory, found upwards from the module directory Maven runs tests in. */
    static Path examples() {
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            if (Files.isRegularFile(dir.resolve("config/default.yaml"))) {
                return dir.resolve("config");
            }
        }
        throw new IllegalStateException("config/default.yaml not found above " + Path.of("").toAbsolutePath());
    }

    @Test
    void defaultExampleSetsEveryKeyAndRestatesTheDefaultStateHandling() {
        EscalationConfig config = ConfigLoader.load(examples().resolve("default.yaml"));

        assertThat(config.warnings()).isEmpty();
        assertThat(config.ladder().size()).isEqualTo(3);
        assertThat(config.ladder().level(2).partitions()).containsExactly("week", "pi_jetz");
        assertThat(config.statePolicy().stateActions()).isEqualTo(StatePolicy.defaults().stateActions());
        assertThat(config.statesFromFile()).isEqualTo(StatePolicy.defaults().stateActions().keySet());
        assertThat(config.handler().time()).contains(TimeLimit.ofMinutes(20));
        assertThat(config.trackerDir()).contains(examples().resolve(".mem-escalate"));
        assertThat(config.logDir()).contains(examples().resolve("logs"));
        assertThat(config.maxArrayTasks()).hasValue(1000);
        assertThat(config.doneFilePattern()).contains(examples().resolve("out/{index}.DONE").toString());
        assertThat(config.maxSameLevelRetries()).isEqualTo(2);
        assertThat(config.sacctTimeout()).isEqualTo(Duration.ofMinutes(10));
        assertThat(config.notification()).isEqualTo(new Notification(Optional.of("you@example.org"),
                List.of("logger", "-t", "mem-escalate", "chain ended"), Notification.DEFAULT_COMMAND_TIMEOUT));
    }

    @Test
    void separateLaddersExampleLoadsWithEveryPairSharingAPartition() {
        EscalationConfig config = ConfigLoader.load(examples().resolve("by-reason-separate.yaml"));

        assertThat(config.warnings()).isEmpty();
        assertThat(config.chainOptions().byReason()).isTrue();
        assertThat(config.ladder().memoryTop()).isEqualTo(3);
        assertThat(config.ladder().timeTop()).isEqualTo(2);
        assertThat(config.ladder().at(new dev.memescalate.ladder.LevelPair(0, 0)).partitions())
                .containsExactly("devel", "day");
        assertThat(config.ladder().at(new dev.memescalate.ladder.LevelPair(2, 2)).partitions())
                .containsExactly("pi_jetz");
        assertThat(config.ladder().at(new dev.memescalate.ladder.LevelPair(2, 1)).partitions())
                .containsExactly("week", "pi_jetz");
    }

    @Test
    void localClusterLevelsFitTheLocalPartitions() {
        EscalationConfig config = ConfigLoader.load(examples().resolve("local-cluster.yaml"));

        assertThat(config.warnings()).isEmpty();
        assertThat(config.ladder().levels()).extracting(l -> l.partitionList(), l -> l.mem(), l -> l.time())
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple("devel,day", MemorySize.ofMegabytes(256), TimeLimit.ofMinutes(1)),
                        org.assertj.core.groups.Tuple.tuple("day", MemorySize.ofMegabytes(1024), TimeLimit.ofMinutes(1)),
                        org.assertj.core.groups.Tuple.tuple("week", MemorySize.ofMegabytes(4096), TimeLimit.ofMinutes(2)),
                        org.assertj.core.groups.Tuple.tuple("pi_jetz", MemorySize.ofMegabytes(8192), TimeLimit.ofMinutes(4)));
        assertThat(config.sacctTimeout()).isLessThan(config.handler().time().orElseThrow().toDuration());
    }

    @Test
    void legacyExampleLoadsWithOneWarning() {
        EscalationConfig config = ConfigLoader.load(examples().resolve("legacy-original.yaml"));

        assertThat(config.warnings()).hasSize(1);
        assertThat(config.warnings().get(0)).contains("timeout.sacct_delay", "cluster.nodes", "logging.db_path");
        assertThat(config.trackerDir()).contains(examples().resolve("tracker"));
        assertThat(config.logDir()).contains(examples().resolve("tracker/output"));
        assertThat(config.maxArraySpecLength()).isEqualTo(4000);
        assertThat(config.statePolicy().stateActions()).containsEntry(JobState.NODE_FAIL, Action.RETRY);
        assertThat(config.ladder().levels()).extracting(l -> l.partitions())
                .containsExactly(List.of("devel", "day", "week", "pi_jetz"), List.of("day", "week", "pi_jetz"));
    }
}
