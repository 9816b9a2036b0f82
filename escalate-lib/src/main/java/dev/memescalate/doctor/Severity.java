package dev.memescalate.doctor;

/** How a check came out. Only {@link #FAIL} makes {@code doctor} exit non-zero. */
public enum Severity {
    /** Nothing to do. */
    OK,
    /** Works here, but probably not the way it will be used (e.g. a node-local tracker directory). */
    WARN,
    /** mem-escalate cannot work until this is fixed. */
    FAIL
}
