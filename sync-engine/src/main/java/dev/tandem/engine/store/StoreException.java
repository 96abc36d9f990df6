package dev.tandem.engine.store;

/** A store could not read or write (the module boundary's one exception type; wraps SQLException and IOException). */
public final class StoreException extends Exception {
    private static final long serialVersionUID = 1L;

    public StoreException(String message, Throwable cause) {
        super(message, cause);
    }

    public StoreException(String message) {
        super(message);
    }
}
