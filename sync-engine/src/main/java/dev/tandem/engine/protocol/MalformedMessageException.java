package dev.tandem.engine.protocol;

/** A wire message that cannot be decoded: not JSON, an unknown protocol version or type, a missing or bad field. */
public final class MalformedMessageException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    public MalformedMessageException(String message) {
        super(message);
    }

    public MalformedMessageException(String message, Throwable cause) {
        super(message, cause);
    }
}
