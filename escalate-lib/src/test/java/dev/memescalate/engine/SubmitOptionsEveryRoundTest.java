package dev.memescalate.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.memescalate.engine.FakeSlurm.Submission;
import dev.memescalate.store.ChainRecord;
import dev.memescalate.store.JobRole;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * submit's sbatch options are kept with the chain, and the handler builds every later round's argv from the store
 * with them, merged with that round's level (whose own options win) and with the nodes tasks failed on.
 */
class SubmitOptionsEveryRoundTest {
    private static final String LADDER = """
            levels:
              - partition: day
                mem: 200M
                time: 1
              - partition: day
                mem: 1G
                time: 1
                qos: long
                cpus_per_task: 2
                sbatch: [--requeue]
              - partition: week
                mem: 2G
                time: 2
                constraint: bigmem
            handler:
              partition: pi_jetz
              mem: 512M
              time: 5
            sacct_timeout: 2m
            """;

    @TempDir
    Path tmp;
    EngineHarness h;

    @BeforeEach
    void setUp() {
        h = new EngineHarness(tmp);
    }

    @AfterEach
    void tearDown() {
        h.close();
    }

    @Test
    void roundsTwoAndThreeCarryTheCommandLinesOptionsWithTheLevelsWinning() {
        ChainRecord chain = h.createChain(EngineHarness.ChainSpec.defaults("0-1").yaml(LADDER).sbatchOptions(
                "--account=bio", "--qos=normal", "--cpus-per-task=1", "--exclude=day2", "--no-requeue",
                "--mail-type=END,FAIL", "--comment=my run"));
        assertThat(h.chain(chain).sbatchOptions()).as("kept in the store").containsExactly("--account=bio",
                "--qos=normal", "--cpus-per-task=1", "--exclude=day2", "--no-requeue", "--mail-type=END,FAIL",
                "--comment=my run");

        // Round 1 (level 0): the command line's options as given.
        String job1 = h.submitRound(chain, 1);
        Submission round1 = h.slurm.submission(job1);
        assertThat(round1.argv()).containsSubsequence("--partition=day", "--mem=200M", "--time=00:01:00",
                "--account=bio", "--qos=normal", "--cpus-per-task=1", "--no-requeue", "--mail-type=END,FAIL",
                "--comment=my run");
        assertThat(round1.option("exclude")).contains("day2");

        // Both tasks run out of memory: round 2 at level 1, planned and submitted by the handler from the store.
        h.slurm.sacctPrints(RealSacctRows.renumbered(job1, Map.of(3, 0, 6, 1)));
        h.handler().handle(chain.id(), 1, Optional.of(h.job(chain, 1, JobRole.HANDLER, 0).slurmJobId()
                .orElseThrow()));
        Submission round2 = h.slurm.submission(h.arrayJobId(chain, 2, 0));
        assertThat(round2.argv()).containsSubsequence("--mem=1G", "--account=bio", "--mail-type=END,FAIL",
                "--comment=my run", "--qos=long", "--cpus-per-task=2", "--requeue");
        assertThat(round2.argv()).doesNotContain("--qos=normal", "--cpus-per-task=1", "--no-requeue");
        assertThat(round2.option("exclude")).as("submit's --exclude in every round").contains("day2");
        assertThat(round2.option("account")).contains("bio");

        // The handler jobs are charged to the same account, and take nothing else of the command line.
        Submission handler2 = h.slurm.submission(h.job(chain, 2, JobRole.HANDLER, 0).slurmJobId().orElseThrow());
        assertThat(handler2.option("account")).contains("bio");
        assertThat(handler2.option("qos")).isEmpty();
        assertThat(handler2.option("mail-type")).isEmpty();

        // Out of memory again: round 3 at level 2, which adds a constraint and inherits level 1's options.
        String job2 = h.arrayJobId(chain, 2, 0);
        h.slurm.sacctPrints(RealSacctRows.renumbered(job2, Map.of(3, 0, 6, 1)));
        h.handler().handle(chain.id(), 2, Optional.of(h.job(chain, 2, JobRole.HANDLER, 0).slurmJobId()
                .orElseThrow()));
        Submission round3 = h.slurm.submission(h.arrayJobId(chain, 3, 0));
        assertThat(round3.argv()).containsSubsequence("--partition=week", "--mem=2G", "--time=00:02:00",
                "--account=bio", "--mail-type=END,FAIL", "--comment=my run", "--qos=long", "--constraint=bigmem",
                "--cpus-per-task=2", "--requeue");
        assertThat(round3.option("exclude")).contains("day2");
    }

    @Test
    void partitionOfTheCommandLineReplacesEveryLevelsPartition() {
        ChainRecord chain = h.createChain(EngineHarness.ChainSpec.defaults("0-1").yaml(LADDER)
                .sbatchOptions("--partition=pi_jetz"));

        String job1 = h.submitRound(chain, 1);

        assertThat(h.slurm.submission(job1).option("partition")).contains("pi_jetz");
        assertThat(RoundOptions.of(dev.memescalate.config.ConfigLoader.parse(LADDER, "t.yaml").ladder().level(2),
                ChainOptions.of(List.of("--partition=pi_jetz"))).resources().partitions()).containsExactly("pi_jetz");
    }

    @Test
    void aChainWithoutOptionsGetsTheArgvItAlwaysHad() {
        ChainRecord chain = h.createChain("0-1");

        Submission round1 = h.slurm.submission(h.submitRound(chain, 1));

        assertThat(round1.argv()).filteredOn(a -> a.startsWith("--")).extracting(a -> a.replaceFirst("=.*", ""))
                .containsExactly("--array", "--job-name", "--partition", "--mem", "--time", "--output", "--error",
                        "--chdir", "--export");
    }
}
