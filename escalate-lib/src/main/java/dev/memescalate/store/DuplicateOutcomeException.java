package dev.memescalate.store;

/** A task was given a second final outcome; the transaction that tried is rolled back. */
public final class DuplicateOutcomeException extends StoreException {
    private static final long serialVersionUID = 1L;
    private final String chainId;
    private final int index;

    DuplicateOutcomeException(String chainId, int index, Throwable cause) {
        super("task " + index + " of chain " + chainId + " already has a final outcome; a task gets exactly one",
                cause);
        this.chainId = chainId;
        this.index = index;
    }

    public String chainId() {
        return chainId;
    }

    public int index() {
        return index;
    }
}
