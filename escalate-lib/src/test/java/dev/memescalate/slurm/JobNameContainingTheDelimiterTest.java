package dev.memescalate.slurm;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/** sacct -P does not escape its delimiter: {@code sbatch -J 'a|b'} gives a row with one field too many. */
class JobNameContainingTheDelimiterTest {
    private static final String REST = "|day|FAILED|1:0|200M|00:01:00|00:00:00||day1|2026-11-21T19:41:52|"
            + "2026-11-21T19:41:54|2026-11-21T19:41:54";

    @Test
    void surplusFieldsAreRejoinedIntoTheJobName() {
        SacctOutput output = new SacctParser(SacctFormat.STANDARD).parse("134_4|a|b||c" + REST);

        assertThat(output.rejects()).isEmpty();
        SacctRecord record = output.records().get(0);
        assertThat(record.jobName()).isEqualTo("a|b||c");
        assertThat(record.partition()).isEqualTo("day");
        assertThat(record.state()).isEqualTo(JobState.FAILED);
        assertThat(record.exitCode()).isEqualTo(new ExitCode(1, 0));
    }

    @Test
    void withoutAJobNameColumnASurplusFieldIsRejected() {
        SacctFormat noName = new SacctFormat(List.of(SacctColumn.JOB_ID, SacctColumn.STATE, SacctColumn.EXIT_CODE), "|");

        SacctOutput output = new SacctParser(noName).parse("134_4|FAILED|1:0|extra");

        assertThat(output.records()).isEmpty();
        assertThat(output.rejects()).singleElement().extracting(RejectedLine::problem).asString()
                .contains("expected 3 fields", "got 4");
    }

    @Test
    void aSurplusFieldElsewhereStillFailsAFieldParser() {
        String extraFieldAfterExitCode = "134_4|name|day|FAILED|1:0|oops|200M|00:01:00|00:00:00||day1|"
                + "2026-11-21T19:41:52|2026-11-21T19:41:54|2026-11-21T19:41:54";

        SacctOutput output = new SacctParser(SacctFormat.STANDARD).parse(extraFieldAfterExitCode);

        assertThat(output.records()).isEmpty();
        assertThat(output.rejects()).hasSize(1);
    }
}
