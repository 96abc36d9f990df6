package dev.tandem.relay;

/**
 * The relay cannot decide on a connection now (it is stopping, or its token store failed): the client should come back
 * later. Not a refusal of the token — a client told "refused" gives up for good, which a relay restart must not cause.
 */
final class RelayUnavailableException extends RuntimeException {
    RelayUnavailableException(String message) {
        super(message);
    }
}
