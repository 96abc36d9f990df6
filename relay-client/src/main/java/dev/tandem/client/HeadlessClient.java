package dev.tandem.client;

import dev.tandem.engine.session.ClientSession;
import dev.tandem.engine.session.SystemTimer;
import dev.tandem.engine.store.SqliteDocumentStore;
import dev.tandem.engine.store.StoreException;
import dev.tandem.engine.store.StoreOptions;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * A client without a display: a local store ({@code client.db} in a folder), its {@link ClientSession}, and, when a
 * relay is given, a {@link RelayConnection}. The same engine and store as the desktop app.
 *
 * <p>Concurrency: used by one thread (a command); the session and the connection own their threads.
 */
final class HeadlessClient implements AutoCloseable {

    /** How a sync attempt ended. */
    enum Outcome { SYNCED, UNREACHABLE, TLS_FAILED, REFUSED, TIMED_OUT }

    record SyncResult(Outcome outcome, String reason) {}

    static final String CLIENT_ID_SETTING = "relay.client-id";

    final SqliteDocumentStore store;
    final ClientSession session;
    final String clientId;
    private final ExecutorService executor = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "client-session");
        t.setDaemon(true);
        return t;
    });
    private final SystemTimer timer = new SystemTimer();
    private RelayConnection connection;

    HeadlessClient(Path storeDir) throws StoreException, IOException {
        Files.createDirectories(storeDir);
        store = SqliteDocumentStore.open(storeDir.resolve("client.db"), StoreOptions.defaults());
        Optional<String> id = store.setting(CLIENT_ID_SETTING);
        if (id.isEmpty()) {
            id = Optional.of("c" + UUID.randomUUID().toString().replace("-", "").substring(0, 20));
            store.putSetting(CLIENT_ID_SETTING, id.get());
        }
        clientId = id.get();
        session = ClientSession.start(store, ClientSession.Options.DEFAULTS, executor, timer, new ClientSession.Listener() { });
    }

    /**
     * Connects, and waits until every local edit is acknowledged and the hub's changes are in (no sync traffic for a
     * short quiet period), or a failure, or {@code timeoutMillis}.
     */
    SyncResult sync(URI server, String token, HttpClient http, long timeoutMillis) throws InterruptedException {
        long t0 = System.currentTimeMillis();
        connection = RelayConnection.connect(session, server, token,
                RelayConnection.Options.of(clientId, "tandem doc", "#888888"), new RelayConnection.Listener() { }, http);
        long deadline = t0 + timeoutMillis;
        long quietSince = -1;
        long lastSeen = -1;
        while (System.currentTimeMillis() < deadline) {
            RelayConnection.State s = connection.state();
            if (s == RelayConnection.State.REFUSED) return new SyncResult(Outcome.REFUSED, connection.reason());
            if (s == RelayConnection.State.OFFLINE) {
                if (connection.cause() == RelayConnection.Cause.TLS) return new SyncResult(Outcome.TLS_FAILED, connection.reason());
                if (connection.cause() == RelayConnection.Cause.UNREACHABLE) return new SyncResult(Outcome.UNREACHABLE, connection.reason());
            }
            if (s == RelayConnection.State.ONLINE) {
                ClientSession.Status st = session.status().join();
                if (st.unacknowledgedEdits() == 0 && st.lastSyncMillis() >= t0) {
                    if (st.lastSyncMillis() != lastSeen) {
                        lastSeen = st.lastSyncMillis();
                        quietSince = System.currentTimeMillis();
                    } else if (System.currentTimeMillis() - quietSince >= 300) {
                        return new SyncResult(Outcome.SYNCED, "");
                    }
                } else {
                    quietSince = -1;
                    lastSeen = -1;
                }
            }
            Thread.sleep(20); // polling a status with a deadline; the session gives no completion signal
        }
        return new SyncResult(Outcome.TIMED_OUT, "no complete sync within " + timeoutMillis + " ms (" + connection.reason() + ")");
    }

    @Override
    public void close() throws StoreException {
        if (connection != null) connection.close();
        session.close();
        timer.close();
        executor.shutdown();
        store.close();
    }
}
