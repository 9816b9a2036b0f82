package dev.memescalate.doctor;

import java.util.Optional;

/**
 * The outcome of one check.
 *
 * @param check short name of what was checked ({@code java}, {@code tracker dir})
 * @param severity OK, WARN or FAIL
 * @param message what was found, one line
 * @param fix what to do about it; present for WARN and FAIL
 */
public record Finding(String check, Severity severity, String message, Optional<String> fix) {
    public Finding {
        if (check.isBlank()) {
            throw new IllegalArgumentException("check must name what was checked, got a blank name");
        }
        boolean needsFix = severity != Severity.OK;
        if (needsFix && fix.isEmpty()) {
            throw new IllegalArgumentException("a " + severity + " finding must say how to fix it: " + check);
        }
        message = oneLine(message);
        fix = fix.map(Finding::oneLine);
    }

    static Finding ok(String check, String message) {
        return new Finding(check, Severity.OK, message, Optional.empty());
    }

    static Finding warn(String check, String message, String fix) {
        return new Finding(check, Severity.WARN, message, Optional.of(fix));
    }

    static Finding fail(String check, String message, String fix) {
        return new Finding(check, Severity.FAIL, message, Optional.of(fix));
    }

    /** Slurm's multi-line messages ("sbatch failed (exit 1):\n  line\n  line") as one line: "...: line; line". */
    private static String oneLine(String text) {
        return text.strip().replaceAll(":\\s*\\R\\s*", ": ").replaceAll("\\s*\\R\\s*", "; ");
    }
}
