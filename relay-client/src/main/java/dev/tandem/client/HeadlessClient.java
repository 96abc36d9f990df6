package dev.tandem.client;

import dev.tandem.engine.session.ClientSession;
import dev.tandem.engine.session.MetaSession;
import dev.tandem.engine.session.SystemTimer;
import dev.tandem.engine.store.SqliteDocumentStore;
import dev.tandem.engine.store.SqliteMetaStore;
import dev.tandem.engine.store.StoreException;
import dev.tandem.engine.store.StoreOptions;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * A client without a display: a local store ({@code client.db} in a folder), its {@link ClientSession} and
 * {@link MetaSession} (the documents' metadata, in the same file), and, when a relay is given, a
 * {@link RelayConnection}. The same engine and store as the desktop app.
 *
 * <p>Concurrency: used by one thread (a command); the session and the connection own their threads.
 */
final class HeadlessClient implements AutoCloseable {

    /** How a sync attempt ended. */
    enum Outcome { SYNCED, UNREACHABLE, TLS_FAILED, REFUSED, TIMED_OUT }

    record SyncResult(Outcome outcome, String reason) {}

    static final String CLIENT_ID_SETTING = "relay.client-id";

    final SqliteDocumentStore store;
    final SqliteMetaStore metaStore;
    final ClientSession session;
    final MetaSession meta;
    final String clientId;
    private final ExecutorService executor = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "client-session");
        t.setDaemon(true);
        return t;
    });
    private final SystemTimer timer = new SystemTimer();
    private RelayConnection connection;
    /** What the metadata session reported (a refused change, a store failure), in plain words. */
    final java.util.List<String> problems = new java.util.concurrent.CopyOnWriteArrayList<>();

    HeadlessClient(Path storeDir) throws StoreException, IOException {
        Files.createDirectories(storeDir);
        store = SqliteDocumentStore.open(storeDir.resolve("client.db"), StoreOptions.defaults());
        Optional<String> id = store.setting(CLIENT_ID_SETTING);
        if (id.isEmpty()) {
            id = Optional.of("c" + UUID.randomUUID().toString().replace("-", "").substring(0, 20));
            store.putSetting(CLIENT_ID_SETTING, id.get());
        }
        clientId = id.get();
        try {
            metaStore = SqliteMetaStore.open(storeDir.resolve("client.db"), StoreOptions.defaults());
        } catch (StoreException e) {
            store.close();
            throw e;
        }
        session = ClientSession.start(store, ClientSession.Options.DEFAULTS, executor, timer, new ClientSession.Listener() { });
        meta = MetaSession.start(metaStore, clientId, MetaSession.Options.DEFAULTS, executor, timer, new MetaSession.Listener() {
            @Override
            public void problem(String message) {
                problems.add(message);
            }
        });
    }


    private void connect(URI server, String token, HttpClient http) {
        if (connection == null) {
            connection = RelayConnection.connect(session, meta, server, token,
                    RelayConnection.Options.of(clientId, "tandem doc", "#888888"), new RelayConnection.Listener() { }, http);
        }
    }

    /** A connection failure that waiting cannot cure, or null while there is hope. */
    private SyncResult failure() {
        RelayConnection.State s = connection.state();
        if (s == RelayConnection.State.REFUSED) return new SyncResult(Outcome.REFUSED, connection.reason());
        if (s == RelayConnection.State.OFFLINE) {
            if (connection.cause() == RelayConnection.Cause.TLS) return new SyncResult(Outcome.TLS_FAILED, connection.reason());
            if (connection.cause() == RelayConnection.Cause.UNREACHABLE) return new SyncResult(Outcome.UNREACHABLE, connection.reason());
        }
        return null;
    }

    /**
     * Connects (if not yet) and runs a two-way metadata sync (push the change log, pull what changed), waiting for it to
     * finish, or a failure, or {@code timeoutMillis}.
     */
    SyncResult syncMeta(URI server, String token, HttpClient http, long timeoutMillis) throws InterruptedException {
        long deadline = System.currentTimeMillis() + timeoutMillis;
        connect(server, token, http);
        CompletableFuture<Void> synced = null;
        while (System.currentTimeMillis() < deadline) {
            SyncResult failed = failure();
            if (failed != null) return failed;
            if (synced == null && connection.state() == RelayConnection.State.ONLINE) synced = meta.sync();
            if (synced != null && synced.isDone()) {
                try {
                    synced.get();
                } catch (ExecutionException e) {
                    return new SyncResult(Outcome.TIMED_OUT, "the metadata sync failed: " + e.getCause().getMessage());
                }
                return new SyncResult(Outcome.SYNCED, "");
            }
            Thread.sleep(10); // polling the connection state with a deadline; the connection gives no completion signal
        }
        return new SyncResult(Outcome.TIMED_OUT, "no complete sync within " + timeoutMillis + " ms (" + connection.reason() + ")");
    }

    /**
     * Connects, and waits until every local edit is acknowledged and the hub's changes are in (no sync traffic for a
     * short quiet period), or a failure, or {@code timeoutMillis}.
     */
    SyncResult sync(URI server, String token, HttpClient http, long timeoutMillis) throws InterruptedException {
        long t0 = System.currentTimeMillis();
        connect(server, token, http);
        long deadline = t0 + timeoutMillis;
        long quietSince = -1;
        long lastSeen = -1;
        while (System.currentTimeMillis() < deadline) {
            SyncResult failed = failure();
            if (failed != null) return failed;
            if (connection.state() == RelayConnection.State.ONLINE) {
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
        meta.close();
        session.close();
        timer.close();
        executor.shutdown();
        try {
            metaStore.close();
        } finally {
            store.close();
        }
    }
}
