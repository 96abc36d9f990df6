package dev.tandem.app.connection;

import dev.tandem.engine.session.ClientSession;
import dev.tandem.engine.session.MetaSession;

import java.util.Objects;

/**
 * Chooses the {@link SyncConnection} for the settings the user gave: {@code inproc://} goes to an {@link InProcessHub}
 * in this JVM (tests); {@code ws://}/{@code wss://} goes to a relay through {@link RelaySyncConnection} (the relay
 * client's {@code RelayConnection}), which {@link #useRelay} can replace (tests of the seam).
 */
public final class Connections {

    /** Makes the relay-backed connection. */
    @FunctionalInterface
    public interface RelayPlug {
        SyncConnection open(ClientSession session, MetaSession meta, String clientId, SyncConnection.Listener listener);

        /** The real one: {@link RelaySyncConnection} over {@code dev.tandem.client.RelayConnection}. */
        RelayPlug RELAY_CLIENT = RelaySyncConnection::new;
    }

    private static volatile RelayPlug relay = RelayPlug.RELAY_CLIENT;

    private Connections() { }

    /** Installs the relay implementation (the app installs {@link RelayPlug#RELAY_CLIENT} at start-up). */
    public static void useRelay(RelayPlug plug) {
        relay = Objects.requireNonNull(plug, "plug");
    }

    /**
     * A connection that picks its implementation at each {@code connect} by the URL's scheme, so one object serves
     * the app for its whole life (the status bar and the view-models keep one reference).
     */
    public static SyncConnection open(ClientSession session, MetaSession meta, String clientId, SyncConnection.Listener listener) {
        return new Switching(session, meta, clientId, listener);
    }

    private static final class Switching implements SyncConnection {
        private final ClientSession session;
        private final MetaSession meta;
        private final String clientId;
        private final Listener listener;
        private SyncConnection current;

        Switching(ClientSession session, MetaSession meta, String clientId, Listener listener) {
            this.session = session;
            this.meta = meta;
            this.clientId = clientId;
            this.listener = listener;
        }

        @Override
        public synchronized void connect(ConnectionSettings s) {
            if (current != null) current.close();
            current = s.inProcess() ? new InProcessConnection(session, meta, clientId, listener)
                    : relay.open(session, meta, clientId, listener);
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
}
