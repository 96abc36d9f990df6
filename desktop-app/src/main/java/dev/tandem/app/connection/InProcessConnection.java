package dev.tandem.app.connection;

import dev.tandem.engine.session.ClientSession;
import dev.tandem.engine.session.MetaSession;

import java.net.URI;
import java.util.Objects;

/**
 * A {@link SyncConnection} to an {@link InProcessHub} in this JVM ({@code inproc://<name>}): the same states, errors and
 * presence as a relay connection, without a network. There is nothing to reconnect to after a drop: the hub is either
 * there or not.
 *
 * <p>Concurrency: thread-safe (synchronized); listener callbacks come on the caller's or the peer's thread.
 */
final class InProcessConnection implements SyncConnection {

    private final ClientSession session;
    private final MetaSession meta;
    private final String clientId;
    private final Listener listener;
    private State state = State.OFFLINE;
    private InProcessHub hub;
    private Runnable leave;
    private ConnectionSettings settings;

    InProcessConnection(ClientSession session, MetaSession meta, String clientId, Listener listener) {
        this.session = Objects.requireNonNull(session, "session");
        this.meta = meta;
        this.clientId = Objects.requireNonNull(clientId, "clientId");
        this.listener = Objects.requireNonNull(listener, "listener");
    }

    @Override
    public synchronized void connect(ConnectionSettings s) {
        disconnectQuietly();
        settings = s;
        set(State.CONNECTING, "connecting to " + s.relayUrl());
        String name = URI.create(s.relayUrl().trim()).getHost();
        InProcessHub h = InProcessHub.lookup(name);
        if (h == null) {
            set(State.FAILED, "Nothing answers at " + s.relayUrl() + " (no such hub in this process).");
            return;
        }
        if (!h.tokenMatches(s.token())) {
            set(State.FAILED, "The relay refused the token for workspace \"" + s.workspace() + "\"; check the invite link.");
            return;
        }
        hub = h;
        leave = h.join(clientId, session, meta, new PeerPresence(clientId, s.name(), s.colour(), null, 0, 0), listener);
        set(State.ONLINE, "connected to " + s.relayUrl());
    }

    @Override
    public synchronized void disconnect() {
        disconnectQuietly();
        set(State.OFFLINE, "working offline");
    }

    private void disconnectQuietly() {
        if (leave != null) leave.run();
        leave = null;
        hub = null;
    }

    @Override
    public synchronized State state() {
        return state;
    }

    @Override
    public synchronized void publishPresence(LocalPresence p) {
        if (hub == null || settings == null) return;
        hub.publish(clientId, new PeerPresence(clientId, settings.name(), settings.colour(), p.docId(), p.caret(), p.anchor()));
    }

    private void set(State s, String detail) {
        state = s;
        listener.stateChanged(s, detail);
    }

    @Override
    public synchronized void close() {
        disconnectQuietly();
        state = State.OFFLINE;
    }
}
