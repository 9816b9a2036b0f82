package dev.memescalate.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.memescalate.slurm.ClusterInfo;
import dev.memescalate.slurm.JobState;
import dev.memescalate.slurm.QosInfo;
import dev.memescalate.slurm.QueueQuery;
import dev.memescalate.slurm.QueuedJob;
import dev.memescalate.slurm.Slurm;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ClaimHoldersTest {
    private static final Instant CLAIMED = Instant.parse("2026-12-01T07:00:00Z");

    private final FakeSlurm slurm = new FakeSlurm();

    private ClaimHolders holders(Optional<Instant> startOfEveryProcess) {
        return new ClaimHolders(slurm, "login1", pid -> startOfEveryProcess);
    }

    @Test
    void aHolderInASlurmJobHasEndedWhenSqueueNoLongerListsItsJobOrListsItEnded() {
        ClaimHolders holders = holders(Optional.of(CLAIMED.minusSeconds(60)));

        assertThat(holders.hasEnded("node3:4242:job900", CLAIMED)).as("not listed").isTrue();
        slurm.queueKnows("901", "mem-escalate-1234abcd-r2-handler", JobState.RUNNING);
        assertThat(holders.hasEnded("node3:4242:job901", CLAIMED)).as("running").isFalse();
        slurm.queueKnows("902", "mem-escalate-1234abcd-r2-guard1", JobState.COMPLETING);
        assertThat(holders.hasEnded("node3:4242:job902", CLAIMED)).as("its processes may still run").isFalse();
        slurm.queueKnows("903", "mem-escalate-1234abcd-r3-handler", JobState.OUT_OF_MEMORY);
        assertThat(holders.hasEnded("node3:4242:job903", CLAIMED)).as("ended, still listed").isTrue();
        assertThat(slurm.queueQueries()).extracting(QueueQuery::jobIds)
                .containsExactly(java.util.Set.of("900"), java.util.Set.of("901"), java.util.Set.of("902"),
                        java.util.Set.of("903"));
    }

    @Test
    void whenSqueueDoesNotAnswerTheHolderIsNotKnownToHaveEnded() {
        Slurm failing = new Slurm() {
            @Override
            public List<QueuedJob> queue(QueueQuery query) {
                throw FakeSlurm.transientFailure("squeue: error: Unable to contact slurm controller");
            }

            @Override
            public String submit(List<String> sbatchArgs, Path workDir, Map<String, String> environment) {
                throw new UnsupportedOperationException();
            }

            @Override
            public String accounting(List<String> sacctArgs) {
                throw new UnsupportedOperationException();
            }

            @Override
            public void cancel(Collection<String> jobIds) {
                throw new UnsupportedOperationException();
            }

            @Override
            public ClusterInfo clusterInfo() {
                throw new UnsupportedOperationException();
            }

            @Override
            public List<QosInfo> qos() {
                throw new UnsupportedOperationException();
            }

            @Override
            public List<String> accounts(String user) {
                throw new UnsupportedOperationException();
            }
        };

        assertThat(new ClaimHolders(failing, "login1", pid -> Optional.empty()).hasEnded("n:1:job5", CLAIMED))
                .isFalse();
    }

    @Test
    void aHolderWithoutAJobOnThisHostHasEndedWhenItsProcessIsGoneOrThePidIsAnotherProcesssNow() {
        assertThat(holders(Optional.empty()).hasEnded("login1:4242", CLAIMED)).as("no such process").isTrue();
        assertThat(holders(Optional.of(CLAIMED.plusSeconds(5))).hasEnded("login1:4242", CLAIMED))
                .as("the pid was taken by a process started after the claim").isTrue();
        assertThat(holders(Optional.of(CLAIMED.minusSeconds(5))).hasEnded("login1:4242", CLAIMED))
                .as("still the claimer").isFalse();
    }

    @Test
    void aHolderOnAnotherHostOrNamedOtherwiseIsNotKnownToHaveEnded() {
        ClaimHolders holders = holders(Optional.empty());

        assertThat(holders.hasEnded("login2:4242", CLAIMED)).isFalse();
        assertThat(holders.hasEnded("other-handler", CLAIMED)).isFalse();
        assertThat(holders.hasEnded("login1:not-a-pid", CLAIMED)).isFalse();
        assertThat(slurm.queueQueries()).isEmpty();
    }

    @Test
    void thisProcessIsAliveAndAFinishedOneIsGone() throws Exception {
        Process finished = new ProcessBuilder("true").start();
        finished.waitFor();

        assertThat(ClaimHolders.startOfProcess(ProcessHandle.current().pid())).isPresent();
        assertThat(ClaimHolders.startOfProcess(finished.pid())).isEmpty();
    }
}
