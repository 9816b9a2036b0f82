package dev.memescalate.config;

import static org.assertj.core.api.Assertions.assertThat;

import dev.memescalate.InvalidInputException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** The original tool's sections, read through {@link ConfigLoader} so messages carry FILE:LINE. */
class LegacyFormatReaderTest {
    /**
     * An original-format file with the sections its other config files have: {@code failed_jobs}, {@code retry},
     * {@code defaults} and {@code tracker.jobs_dir}. The keys under {@code retry}, {@code defaults} and
     * {@code tracker} are the original tool's; those under {@code failed_jobs} are an example, as any keys load.
     */
    static final String ORIGINAL_FORMAT = """
            # Escalation config (original format)
            levels:
              - partition: devel,day,week
                mem: 1G
                time: "00:05:00"
              - partition: day,week
                mem: 4G
                time: "00:30:00"
            state_handling:
              OUT_OF_MEMORY: escalate
              TIMEOUT: escalate
              FAILED: no_retry
            max_array_spec_len: 4000
            timeout:
              sacct_delay: 2
            tracker:
              base_dir: /data/tracker
              jobs_dir: /data/tracker/jobs
              checkpoint_dir: /data/tracker/checkpoints
              output_dir: /data/tracker/outputs
            failed_jobs:
              save_indices: true
              indices_dir: /data/tracker/indices
            retry:
              max_retries: 5
              retry_delay: 5
            defaults:
              partition: day
              output_pattern: "/data/%x-%j.out"
            """;

    private static EscalationConfig parse(String yaml) {
        return ConfigLoader.parse(yaml, "test.yaml");
    }

    private static String errorOf(String yaml) {
        try {
            parse(yaml);
        } catch (InvalidInputException e) {
            return e.getMessage();
        }
        throw new AssertionError("expected an InvalidInputException for:\n" + yaml);
    }

    @Test
    void theOriginalFormatWithFailedJobsRetryDefaultsAndJobsDirLoadsWithOneWarning() {
        EscalationConfig config = parse(ORIGINAL_FORMAT);

        assertThat(config.ladder().size()).isEqualTo(2);
        assertThat(config.maxArraySpecLength()).isEqualTo(4000);
        assertThat(config.trackerDir()).contains(Path.of("/data/tracker"));
        assertThat(config.logDir()).contains(Path.of("/data/tracker/outputs"));
        assertThat(config.maxSameLevelRetries()).isEqualTo(EscalationConfig.DEFAULT_MAX_SAME_LEVEL_RETRIES);
        assertThat(config.warnings()).containsExactly("test.yaml: ignoring keys of the original format that"
                + " mem-escalate does not use: timeout.sacct_delay (line 15), tracker.jobs_dir (line 18),"
                + " tracker.checkpoint_dir (line 19), failed_jobs.save_indices (line 22),"
                + " failed_jobs.indices_dir (line 23), retry.max_retries (line 25), retry.retry_delay (line 26),"
                + " defaults.partition (line 28), defaults.output_pattern (line 29); delete them to silence this"
                + " warning");
    }

    @Test
    void anIgnoredSectionMayHoldAnythingAndIsNamedWholeWhenItIsNotAMapping() {
        EscalationConfig config = parse("levels: [{partition: day, mem: 1G, time: 1}]\n"
                + "retry: 3\nfailed_jobs: [a, b]\ndefaults:\n  nested: {deep: [1, 2]}\n");

        assertThat(config.warnings()).singleElement().asString()
                .contains("retry (line 2), failed_jobs (line 3), defaults.nested (line 5)");
    }

    @Test
    void anEmptyIgnoredSectionNeedsNoWarning() {
        EscalationConfig config = parse("levels: [{partition: day, mem: 1G, time: 1}]\nretry:\nfailed_jobs:\n"
                + "defaults:\n");

        assertThat(config.warnings()).isEmpty();
    }

    @Test
    void aMisspeltOriginalSectionIsAnErrorThatSuggestsIt() {
        assertThat(errorOf("levels: [{partition: day, mem: 1G, time: 1}]\nfailed_job:\n  x: 1\n"))
                .startsWith("test.yaml:2: unknown key 'failed_job'; did you mean 'failed_jobs'?; valid keys:");
    }

    @Test
    void jobsDirIsAValidTrackerKey() {
        assertThat(errorOf("levels: [{partition: day, mem: 1G, time: 1}]\ntracker:\n  job_dir: x\n"))
                .isEqualTo("test.yaml:3: unknown key 'tracker.job_dir'; did you mean 'jobs_dir'?; valid keys in"
                        + " 'tracker': base_dir, checkpoint_dir, output_dir, history_log, jobs_dir");
    }
}
