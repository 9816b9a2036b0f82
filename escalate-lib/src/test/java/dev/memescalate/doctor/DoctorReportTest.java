package dev.memescalate.doctor;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class DoctorReportTest {
    @Test
    void oneLinePerCheckWithTheFixThenTheVerdict() {
        List<Finding> findings = List.of(
                Finding.ok("java", "Java 17.0.15 at /usr/lib/jvm/java-17"),
                Finding.warn("tracker dir", "/tmp/t (MEM_ESCALATE_HOME): writable\n  under /tmp", "set MEM_ESCALATE_HOME"),
                Finding.fail("sacct", "sacct failed (exit 1):\n  sacct: error: Problem talking to the database",
                        "check slurmdbd"));

        String text = DoctorReport.render(findings);

        assertThat(text).isEqualTo("""
                OK    java            Java 17.0.15 at /usr/lib/jvm/java-17
                WARN  tracker dir     /tmp/t (MEM_ESCALATE_HOME): writable; under /tmp -> fix: set MEM_ESCALATE_HOME
                FAIL  sacct           sacct failed (exit 1): sacct: error: Problem talking to the database -> fix: \
                check slurmdbd
                1 failed, 1 warning(s), 1 OK: mem-escalate cannot run chains here until the failures are fixed.
                """);
    }

    @Test
    void allPassed() {
        assertThat(DoctorReport.render(List.of(Finding.ok("java", "17")))).endsWith("All 1 checks passed.\n");
    }
}
