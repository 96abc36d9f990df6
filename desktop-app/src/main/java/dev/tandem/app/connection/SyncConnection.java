package dev.tandem.app.connection;

/**
 * The app's one view of "being connected": it links this user's {@code ClientSession} to other people (through a relay,
 * or in process) and carries presence (who is where in which document). The UI and the view-models talk only to this
 * interface; {@link Connections} chooses the implementation.
 *
 * <p>Implementations: {@link RelaySyncConnection} (a relay, {@code ws:}/{@code wss:} URLs) and the in-process hub
 * ({@code inproc:}, tests); {@link Connections#open} picks one per URL.
 *
 * <p>Concurrency: methods may be called from any thread and return at once; listener callbacks may come on any
 * thread (the UI hops to the FX thread itself).
 */
public interface SyncConnection extends AutoCloseable {

    enum State {
        /** Not connected and not trying (the user works offline, or never connected). */
        OFFLINE,
        /** Trying to connect (first time or after a drop, with backoff). */
        CONNECTING,
        /** Connected: edits flow. */
        ONLINE,
        /** Gave up until the user acts: the detail says why in plain words (wrong token, unreachable, TLS...). */
        FAILED
    }

    /** What the connection tells the app. */
    interface Listener {
        void stateChanged(State state, String detail);

        /** A peer's caret or selection moved, or the peer opened another document. */
        void presence(PeerPresence presence);

        /** A peer left (disconnected or closed the app). */
        void peerLeft(String peerId);
    }

    /** Starts connecting with these settings (replacing earlier ones); reconnects by itself after a drop. */
    void connect(ConnectionSettings settings);

    /** Stops the connection ("Work offline"); local editing goes on. */
    void disconnect();

    State state();

    /** Publishes where the local user is (sent to peers; may be coalesced or dropped while offline). */
    void publishPresence(LocalPresence presence);

    /** Ends the connection for good. */
    @Override
    void close();
}
