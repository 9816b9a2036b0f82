package dev.memescalate.store;

/** The chain store could not do what was asked: a database error, a corrupt row, or a broken invariant. */
public class StoreException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public StoreException(String message) {
        super(message);
    }

    public StoreException(String message, Throwable cause) {
        super(message, cause);
    }
}
