package dev.memescalate.doctor;

import java.util.List;

/** The text {@code doctor} prints: one line per check, then a one-line verdict. Pure. */
public final class DoctorReport {
    private DoctorReport() {
    }

    /**
     * <pre>
     * OK    java            Java 17.0.15 at /usr/lib/jvm/java-17 (the handler jobs run this Java too)
     * WARN  tracker dir     /tmp/t (MEM_ESCALATE_HOME): ... -&gt; fix: set MEM_ESCALATE_HOME ...
     * </pre>
     */
    public static String render(List<Finding> findings) {
        StringBuilder text = new StringBuilder();
        for (Finding f : findings) {
            text.append(String.format("%-5s %-15s %s", f.severity(), f.check(), f.message()));
            f.fix().ifPresent(fix -> text.append(" -> fix: ").append(fix));
            text.append('\n');
        }
        text.append(verdict(findings)).append('\n');
        return text.toString();
    }

    static String verdict(List<Finding> findings) {
        long failed = findings.stream().filter(f -> f.severity() == Severity.FAIL).count();
        long warned = findings.stream().filter(f -> f.severity() == Severity.WARN).count();
        if (failed == 0 && warned == 0) {
            return "All " + findings.size() + " checks passed.";
        }
        return failed + " failed, " + warned + " warning(s), " + (findings.size() - failed - warned) + " OK"
                + (failed > 0 ? ": mem-escalate cannot run chains here until the failures are fixed." : ".");
    }
}
