package dev.memescalate.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.memescalate.ladder.LevelPair;
import dev.memescalate.ladder.MemorySize;
import dev.memescalate.ladder.TimeLimit;
import java.nio.file.Path;
import java.util.List;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;

class SbatchArgsTest {
    private static final JobResources DAY_1G =
            new JobResources(List.of("day", "week"), MemorySize.ofMegabytes(1024), TimeLimit.ofMinutes(1));

    private static SbatchArgs.ArrayJob job(List<String> args, List<String> exports, List<String> exclude) {
        return new SbatchArgs.ArrayJob(
                "3fa9c2d1", 2, 1, 0, "job.sh", DAY_1G, List.of(), "1-9:2,20", OptionalInt.of(4),
                "/logs/%x-%A_%a.out", "/logs/%x-%A_%a.err", Path.of("/home/u/my project"),
                exports, exclude, Path.of("/store/chains/3fa9c2d1/job.sh"), args);
    }

    @Test
    void arrayJobCarriesEveryOptionAndTheArgumentsUnchanged() {
        List<String> awkward = List.of("a b", "it's \"quoted\"", "$(touch /tmp/pwned)", "x;y", "naïve ✓", "");

        List<String> argv = SbatchArgs.arrayJob(job(awkward, List.of("FOO=bar baz", "HOME"), List.of()));

        assertThat(argv).containsExactly(
                "--array=1-9:2,20%4",
                "--job-name=job.sh-3fa9c2d1-r2-p0",
                "--partition=day,week",
                "--mem=1G",
                "--time=00:01:00",
                "--output=/logs/%x-%A_%a.out",
                "--error=/logs/%x-%A_%a.err",
                "--chdir=/home/u/my project",
                "--export=ALL",
                "/store/chains/3fa9c2d1/job.sh",
                "a b", "it's \"quoted\"", "$(touch /tmp/pwned)", "x;y", "naïve ✓", "");
    }

    /**
     * The chain's variables and the user's exports go in sbatch's environment, which --export=ALL passes on: in the
     * --export list they made a 1,000-task array run four times slower. A bare NAME is already in that environment.
     */
    @Test
    void theArraysVariablesAreSbatchsEnvironmentNotItsExportList() {
        assertThat(SbatchArgs.arrayEnvironment("3fa9c2d1", LevelPair.lockstep(1), 2,
                        List.of("FOO=bar baz", "HOME", "EMPTY=")))
                .containsExactly(java.util.Map.entry("FOO", "bar baz"), java.util.Map.entry("EMPTY", ""),
                        java.util.Map.entry("MEM_ESCALATE_CHAIN_ID", "3fa9c2d1"),
                        java.util.Map.entry("MEM_ESCALATE_LEVEL", "1"),
                        java.util.Map.entry("MEM_ESCALATE_TIME_LEVEL", "1"),
                        java.util.Map.entry("MEM_ESCALATE_ROUND", "2"));
    }

    /** With escalation: by_reason a task's memory level is MEM_ESCALATE_LEVEL and its time level its own variable. */
    @Test
    void aByReasonTaskSeesItsMemoryAndTimeLevels() {
        assertThat(SbatchArgs.arrayEnvironment("3fa9c2d1", new LevelPair(2, 0), 3, List.of()))
                .containsEntry("MEM_ESCALATE_LEVEL", "2").containsEntry("MEM_ESCALATE_TIME_LEVEL", "0");
    }

    @Test
    void excludedNodesComeBeforeTheScript() {
        List<String> argv = SbatchArgs.arrayJob(job(List.of("arg"), List.of(), List.of("day1", "day2")));

        assertThat(argv).containsSubsequence("--exclude=day1,day2", "/store/chains/3fa9c2d1/job.sh", "arg");
    }

    @Test
    void theHandlerRunsAfteranyOnEveryArrayAndItsGuardAfternotokOnIt() {
        Path dir = Path.of("/store/chains/c1");
        List<String> handler = SbatchArgs.withDependency(
                SbatchArgs.handlerJob("mem-escalate-c1-r3-handler", 3, 0, DAY_1G, List.of(), dir,
                        dir.resolve("handler.sh")),
                SbatchArgs.handlerDependency(List.of("101")));
        List<String> guard = SbatchArgs.withDependency(
                SbatchArgs.handlerJob("mem-escalate-c1-r3-guard1", 3, 1, DAY_1G, List.of(), dir,
                        dir.resolve("handler.sh")),
                SbatchArgs.guardDependency("102"));

        assertThat(handler).containsExactly(
                "--dependency=afterany:101",
                "--job-name=mem-escalate-c1-r3-handler",
                "--partition=day,week", "--mem=1G", "--time=00:01:00",
                "--output=/store/chains/c1/handler-r3-%j.out",
                "--chdir=/store/chains/c1",
                "--kill-on-invalid-dep=yes",
                "/store/chains/c1/handler.sh", "3");
        assertThat(guard).containsExactly(
                "--dependency=afternotok:102",
                "--job-name=mem-escalate-c1-r3-guard1",
                "--partition=day,week", "--mem=1G", "--time=00:01:00",
                "--output=/store/chains/c1/handler-r3-%j.out",
                "--chdir=/store/chains/c1",
                "--kill-on-invalid-dep=yes",
                "/store/chains/c1/handler.sh", "3", "--guard", "1");
    }

    @Test
    void aSplitRoundsHandlerWaitsForEveryArrayWithAfterany() {
        assertThat(SbatchArgs.handlerDependency(List.of("7", "8", "9"))).isEqualTo("afterany:7,afterany:8,afterany:9");
        assertThatThrownBy(() -> SbatchArgs.handlerDependency(List.of())).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aHandlerThatRunsLaterBeginsAtNowPlusItsDelay() {
        assertThat(SbatchArgs.withBegin(List.of("x"), 120)).containsExactly("--begin=now+120", "x");
    }
}
