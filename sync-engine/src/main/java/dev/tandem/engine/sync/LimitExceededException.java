package dev.tandem.engine.sync;

/** An edit would take a document past one of the {@link EngineLimits}; nothing was changed. */
public final class LimitExceededException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public LimitExceededException(String message) {
        super(message);
    }
}
