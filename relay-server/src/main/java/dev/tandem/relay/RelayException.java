package dev.tandem.relay;

/** The relay module's one exception type: wraps I/O, SQL and TLS failures with a message in plain words. */
public final class RelayException extends Exception {
    public RelayException(String message, Throwable cause) {
        super(message, cause);
    }

    public RelayException(String message) {
        super(message);
    }
}
