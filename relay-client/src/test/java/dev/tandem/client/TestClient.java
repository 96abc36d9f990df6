package dev.tandem.client;

import dev.tandem.engine.meta.MetaRecord;
import dev.tandem.engine.session.ClientSession;
import dev.tandem.engine.session.MetaSession;
import dev.tandem.engine.session.SystemTimer;
import dev.tandem.engine.store.SqliteDocumentStore;
import dev.tandem.engine.store.SqliteMetaStore;
import dev.tandem.engine.store.StoreException;
import dev.tandem.engine.store.StoreOptions;

import java.net.URI;
import java.net.http.HttpClient;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * A real client for the integration tests: its own SQLite store, a ClientSession, a RelayConnection, and (after
 * {@link #withMeta}) a MetaSession on the same file.
 */
final class TestClient implements AutoCloseable {

    final String id;
    final SqliteDocumentStore store;
    final ClientSession session;
    final List<RelayConnection.PeerPresence> presence = new CopyOnWriteArrayList<>();
    final List<String> errors = new CopyOnWriteArrayList<>();
    final List<MetaRecord> deletedElsewhere = new CopyOnWriteArrayList<>();
    final List<String> metaProblems = new CopyOnWriteArrayList<>();
    SqliteMetaStore metaStore;
    MetaSession meta;
    private final Path dir;
    private final ExecutorService executor = Executors.newSingleThreadExecutor();
    private final SystemTimer timer = new SystemTimer();
    RelayConnection connection;

    TestClient(Path dir, String id) throws StoreException {
        this.id = id;
        this.dir = dir;
        this.store = SqliteDocumentStore.open(dir.resolve(id + ".db"), StoreOptions.defaults());
        this.session = ClientSession.start(store, ClientSession.Options.DEFAULTS, executor, timer, new ClientSession.Listener() { });
    }

    /** Starts the documents' metadata session (before connecting). */
    TestClient withMeta() throws StoreException {
        return withMeta(MetaSession.Options.DEFAULTS);
    }

    /** Starts the documents' metadata session with these options (before connecting). */
    TestClient withMeta(MetaSession.Options options) throws StoreException {
        metaStore = SqliteMetaStore.open(dir.resolve(id + ".db"), StoreOptions.defaults());
        meta = MetaSession.start(metaStore, id, options, executor, timer, new MetaSession.Listener() {
            @Override
            public void deletedElsewhere(MetaRecord record) {
                deletedElsewhere.add(record);
            }

            @Override
            public void problem(String message) {
                metaProblems.add(message);
            }
        });
        return this;
    }

    MetaRecord record(String doc) {
        return meta.record(doc).join().orElse(null);
    }

    TestClient connect(URI url, String token) {
        return connect(url, token, HttpClient.newHttpClient());
    }

    TestClient connect(URI url, String token, HttpClient http) {
        RelayConnection.Options o = new RelayConnection.Options(id, "User " + id, "#123456", Duration.ofMillis(50),
                Duration.ofMillis(500), Duration.ofSeconds(3));
        connection = RelayConnection.connect(session, meta, url, token, o, new RelayConnection.Listener() {
            @Override
            public void presence(RelayConnection.PeerPresence p) {
                presence.add(p);
            }

            @Override
            public void error(int code, String message) {
                errors.add(code + " " + message);
            }
        }, http);
        return this;
    }

    void disconnect() {
        if (connection != null) connection.close();
        connection = null;
    }

    RelayConnection.State state() {
        return connection == null ? RelayConnection.State.OFFLINE : connection.state();
    }

    boolean online() {
        return state() == RelayConnection.State.ONLINE;
    }

    String text(String doc) {
        return session.text(doc).join();
    }

    void insertAtStart(String doc, String s) {
        session.edit(doc, 0, 0, s);
    }

    int unacknowledged() {
        return session.status().join().unacknowledgedEdits();
    }

    @Override
    public void close() throws StoreException {
        disconnect();
        if (meta != null) meta.close();
        session.close();
        timer.close();
        executor.shutdown();
        if (metaStore != null) metaStore.close();
        store.close();
    }
}
