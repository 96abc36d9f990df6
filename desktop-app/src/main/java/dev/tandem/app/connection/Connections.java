package dev.tandem.app.connection;

import dev.tandem.engine.session.ClientSession;

import java.util.Objects;

/**
 * Chooses the {@link SyncConnection} for the settings the user gave: {@code inproc://} goes to an {@link InProcessHub}
 * in this JVM; {@code ws://}/{@code wss://} goes to a relay.
 *
 * <p>THE RELAY PLUGS IN HERE: {@link RelayPlug#open} is the one place to wire {@code dev.tandem.client.RelayConnection}
 * (adapt it to {@link SyncConnection}: connect/disconnect/state/presence). Until that module is merged, relay URLs get a
 * connection that reports, in plain words, that this build has no relay client.
 */
public final class Connections {

    /** Makes the relay-backed connection. Replace {@link #NOT_AVAILABLE} with the RelayConnection adapter. */
    @FunctionalInterface
    public interface RelayPlug {
        SyncConnection open(ClientSession session, String clientId, SyncConnection.Listener listener);

        RelayPlug NOT_AVAILABLE = (session, clientId, listener) -> new Unavailable(listener);
    }

    private static volatile RelayPlug relay = RelayPlug.NOT_AVAILABLE;

    private Connections() { }

    /** Installs the relay implementation (called once at start-up by the app after the merge). */
    public static void useRelay(RelayPlug plug) {
        relay = Objects.requireNonNull(plug, "plug");
    }

    /**
     * A connection that picks its implementation at each {@code connect} by the URL's scheme, so one object serves
     * the app for its whole life (the status bar and the view-models keep one reference).
     */
    public static SyncConnection open(ClientSession session, String clientId, SyncConnection.Listener listener) {
        return new Switching(session, clientId, listener);
    }

    private static final class Switching implements SyncConnection {
        private final ClientSession session;
        private final String clientId;
        private final Listener listener;
        private SyncConnection current;

        Switching(ClientSession session, String clientId, Listener listener) {
            this.session = session;
            this.clientId = clientId;
            this.listener = listener;
        }

        @Override
        public synchronized void connect(ConnectionSettings s) {
            if (current != null) current.close();
            current = s.inProcess() ? new InProcessConnection(session, clientId, listener)
                    : relay.open(session, clientId, listener);
            current.connect(s);
        }

        @Override
        public synchronized void disconnect() {
            if (current != null) current.disconnect();
            else listener.stateChanged(State.OFFLINE, "working offline");
        }

        @Override
        public synchronized State state() {
            return current == null ? State.OFFLINE : current.state();
        }

        @Override
        public synchronized void publishPresence(LocalPresence p) {
            if (current != null) current.publishPresence(p);
        }

        @Override
        public synchronized void close() {
            if (current != null) current.close();
            current = null;
        }
    }

    /** What relay URLs get until the relay client is merged: an honest failure. */
    private static final class Unavailable implements SyncConnection {
        private final Listener listener;
        private State state = State.OFFLINE;

        Unavailable(Listener listener) {
            this.listener = listener;
        }

        @Override
        public void connect(ConnectionSettings s) {
            listener.stateChanged(State.CONNECTING, "connecting to " + s.relayUrl());
            state = State.FAILED;
            listener.stateChanged(state, "This build has no relay client yet, so " + s.relayUrl()
                    + " cannot be reached. Try ./tandem demo to see two editors collaborate.");
        }

        @Override
        public void disconnect() {
            state = State.OFFLINE;
            listener.stateChanged(state, "working offline");
        }

        @Override
        public State state() {
            return state;
        }

        @Override
        public void publishPresence(LocalPresence p) { }

        @Override
        public void close() { }
    }
}
