package dev.tandem.relay;

/**
 * The WebSocket close codes the relay uses (docs/protocol.md, "Relay envelope"). A client treats
 * {@link #UNAUTHORIZED}, {@link #FORBIDDEN}, {@link #MALFORMED} and {@link #TOO_LARGE} as "refused" (reconnecting
 * cannot help) and every other close as "offline" (reconnect with backoff).
 */
public final class CloseCodes {
    /** The relay is shutting down; reconnect later. (RFC 6455) */
    public static final int GOING_AWAY = 1001;
    /** A message was not JSON, not protocol version 1, of an unknown or hub-only type, or named an invalid document. */
    public static final int MALFORMED = 4400;
    /** No token, an unknown one, or a revoked one (when the handshake itself could not be refused with HTTP 401). */
    public static final int UNAUTHORIZED = 4401;
    /** A read-only token sent edits. */
    public static final int FORBIDDEN = 4403;
    /** Another connection of the same client id took over. */
    public static final int REPLACED = 4409;
    /** No message from the client for the idle timeout (clients send at least a {@code ping} every 15 s). */
    public static final int IDLE = 4408;
    /** A message or a document over its limit. */
    public static final int TOO_LARGE = 4413;
    /** Too many messages per second, or too many connections for one token. */
    public static final int TOO_MANY = 4429;
    /** The relay is short of memory: it closes its newest connections and refuses new ones for now. (RFC 6455) */
    public static final int TRY_AGAIN_LATER = 1013;
    /** The connection could not keep up with what it is sent. */
    public static final int SLOW = 4503;

    private CloseCodes() {}
}
