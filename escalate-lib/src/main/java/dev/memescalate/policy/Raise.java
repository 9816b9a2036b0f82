package dev.memescalate.policy;

import dev.memescalate.slurm.ExitCode;
import dev.memescalate.slurm.JobState;

/**
 * Which resource an escalated task needs more of, by the reason it failed. Only {@code escalation: by_reason} acts on
 * it; a lockstep chain raises both.
 */
public enum Raise {
    /** OUT_OF_MEMORY, or an exit code with a memory signature (137, signal 9). */
    MEMORY,
    /** TIMEOUT. */
    TIME,
    /** Any other escalation: the reason does not say which resource was short. */
    BOTH;

    /** Signal 9 (SIGKILL) is how a kernel OOM kill ends a task; 137 = 128 + 9 is the shell's exit code for it. */
    private static final int SIGKILL = 9;
    private static final int SHELL_SIGKILL_CODE = 128 + SIGKILL;

    /** What a task escalated by its state's action needs: OUT_OF_MEMORY memory, TIMEOUT time, others both. */
    public static Raise ofState(JobState state) {
        return switch (state) {
            case OUT_OF_MEMORY -> MEMORY;
            case TIMEOUT -> TIME;
            default -> BOTH;
        };
    }

    /**
     * What a task escalated by an exit-code rule needs: memory when the code has a memory signature (137, or
     * signal 9 as in {@code 0:9} and {@code *:9}), else what its state says.
     */
    public static Raise ofExitCodeRule(JobState state, ExitCode exitCode) {
        boolean memorySignature = exitCode.returnCode() == SHELL_SIGKILL_CODE || exitCode.signal() == SIGKILL;
        return memorySignature ? MEMORY : ofState(state);
    }

    public boolean raisesMemory() {
        return this != TIME;
    }

    public boolean raisesTime() {
        return this != MEMORY;
    }
}
