package dev.tandem.app.workspace;

/** The workspace could not read or write its local data; the message is in plain words for the user. */
public final class WorkspaceException extends Exception {
    public WorkspaceException(String message, Throwable cause) {
        super(message, cause);
    }
}
