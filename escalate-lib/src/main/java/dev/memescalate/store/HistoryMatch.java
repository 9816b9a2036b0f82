package dev.memescalate.store;

/** Why a task of a chain started where it did under a learned start level. */
public enum HistoryMatch {
    /** It completed in an earlier chain whose script had the same content (SHA-256). */
    CONTENT,
    /** It completed in an earlier chain of a script at the same path, whose content has changed since. */
    PATH,
    /** No earlier chain of the script completed it: it starts at level 0. */
    NONE
}
