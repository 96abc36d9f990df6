package dev.tandem.app.workspace;

import dev.tandem.app.connection.ConnectionSettings;
import dev.tandem.app.connection.Connections;
import dev.tandem.app.connection.LocalPresence;
import dev.tandem.app.connection.PeerPresence;
import dev.tandem.app.connection.SyncConnection;
import dev.tandem.app.editor.DocumentViewModel;
import dev.tandem.engine.session.ClientSession;
import dev.tandem.engine.session.Timer;
import dev.tandem.engine.store.DocumentStore;
import dev.tandem.engine.store.StoreException;
import dev.tandem.engine.sync.Conflict;
import dev.tandem.engine.sync.TextSplice;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * One user's workspace: the local store, the engine session on it, the connection, the document list (titles kept in
 * the store's settings as {@code title:<id>}, last change as {@code changed:<id>}; a deleted document is tombstoned as
 * {@code deleted:<id>} and removed from the store at the next start, because the running session may still hold it),
 * and one {@link DocumentViewModel} per open document.
 *
 * <p>Concurrency: the engine calls back on its owner thread; the connection on its own; both hop to {@code ui} before
 * touching observable state. Store settings are written on {@code io} (one thread, in order). Public methods are for
 * the UI thread.
 */
public final class Workspace implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(Workspace.class);
    private static final long CHANGED_WRITE_MILLIS = 5_000;

    private final DocumentStore store;
    private final Executor ui;
    private final Timer timer;
    private final ExecutorService io = Executors.newSingleThreadExecutor(r -> daemon(r, "tandem-workspace-io"));
    private final String clientId;
    private final ClientSession session;
    private final SyncConnection connection;
    private final Map<String, DocumentViewModel> models = new ConcurrentHashMap<>();
    private final Map<String, Long> changedWritten = new ConcurrentHashMap<>();
    private final ObservableList<DocumentInfo> documents = FXCollections.observableArrayList();
    private final ObjectProperty<ClientSession.Status> status =
            new SimpleObjectProperty<>(new ClientSession.Status(false, 0, 0, 0));
    private final ObjectProperty<SyncConnection.State> connectionState = new SimpleObjectProperty<>(SyncConnection.State.OFFLINE);
    private final StringProperty connectionDetail = new SimpleStringProperty("working offline");
    private final StringProperty problem = new SimpleStringProperty("");
    private volatile ConnectionSettings lastSettings;
    private volatile LocalPresence lastPresence;

    /**
     * Opens the workspace on a store (removing tombstoned documents first) and starts the engine.
     *
     * @param engineExecutor runs the engine's actor (a single thread in the app; a manual one in tests)
     */
    public Workspace(DocumentStore store, Executor engineExecutor, Timer timer, Executor ui) throws WorkspaceException {
        this.store = store;
        this.ui = ui;
        this.timer = timer;
        try {
            for (String id : store.documentIds()) {
                if (store.setting("deleted:" + id).isPresent()) store.delete(id);
            }
            Optional<String> id = store.setting("clientId");
            if (id.isEmpty()) {
                id = Optional.of(UUID.randomUUID().toString());
                store.putSetting("clientId", id.get());
            }
            this.clientId = id.get();
        } catch (StoreException e) {
            throw new WorkspaceException("Could not read the local store: " + e.getMessage(), e);
        }
        this.session = ClientSession.start(store, ClientSession.Options.DEFAULTS, engineExecutor, timer, new EngineEvents());
        this.connection = Connections.open(session, clientId, new ConnectionEvents());
    }

    public String clientId() { return clientId; }

    public ClientSession session() { return session; }

    public SyncConnection connection() { return connection; }

    public ObservableList<DocumentInfo> documents() { return documents; }

    public ObjectProperty<ClientSession.Status> statusProperty() { return status; }

    public ObjectProperty<SyncConnection.State> connectionStateProperty() { return connectionState; }

    public StringProperty connectionDetailProperty() { return connectionDetail; }

    /** The latest problem the engine or the store reported, in plain words ("" when none). */
    public StringProperty problemProperty() { return problem; }

    public Optional<ConnectionSettings> lastSettings() { return Optional.ofNullable(lastSettings); }

    /** Reloads the document list from the store; completes on the UI thread. */
    public CompletableFuture<Void> refreshDocuments() {
        return CompletableFuture.supplyAsync(this::readDocuments, io).thenAcceptAsync(documents::setAll, ui);
    }

    private List<DocumentInfo> readDocuments() {
        try {
            Set<String> ids = new LinkedHashSet<>(store.documentIds());
            List<DocumentInfo> out = new ArrayList<>();
            for (String id : ids) {
                if (store.setting("deleted:" + id).isPresent()) continue;
                String title = store.setting("title:" + id).orElse("Untitled");
                long changed = store.setting("changed:" + id).map(Long::parseLong).orElse(0L);
                out.add(new DocumentInfo(id, title, changed));
            }
            out.sort(Comparator.comparing((DocumentInfo d) -> d.title().toLowerCase(java.util.Locale.ROOT)).thenComparing(DocumentInfo::id));
            return out;
        } catch (StoreException e) {
            reportProblem("Could not read the document list: " + e.getMessage());
            return List.of();
        }
    }

    /** Creates a document with this title (and optional first text, as a local edit); completes with its id. */
    public CompletableFuture<String> create(String title, String text) {
        String id = UUID.randomUUID().toString();
        return create(id, title, text);
    }

    /** Creates a document with a given id (the demo's shared welcome document). */
    public CompletableFuture<String> create(String id, String title, String text) {
        return CompletableFuture.runAsync(() -> putSetting("title:" + id, title), io)
                .thenCompose(v -> session.openEditor(id))
                .thenApply(view -> {
                    if (!text.isEmpty() && view.text().isEmpty()) session.edit(id, view.remoteBatch(), 0, 0, text);
                    touch(id, true);
                    return id;
                })
                .thenCompose(x -> refreshDocuments().thenApply(v -> id));
    }

    public CompletableFuture<Void> rename(String id, String title) {
        return CompletableFuture.runAsync(() -> putSetting("title:" + id, title), io).thenCompose(v -> refreshDocuments());
    }

    /** Hides the document at once and removes it from the store at the next start. */
    public CompletableFuture<Void> delete(String id) {
        DocumentViewModel m = models.remove(id);
        if (m != null) m.close();
        return CompletableFuture.runAsync(() -> putSetting("deleted:" + id, Long.toString(System.currentTimeMillis())), io)
                .thenCompose(v -> refreshDocuments());
    }

    public Optional<String> title(String id) {
        return documents.stream().filter(d -> d.id().equals(id)).map(DocumentInfo::title).findFirst();
    }

    /** The view-model of a document (one per document for the workspace's life). */
    public DocumentViewModel model(String docId) {
        return models.computeIfAbsent(docId, id -> new DocumentViewModel(id, session, ui, timer::nowMillis));
    }

    /** Connects with these settings (the dialog has validated them). */
    public void connect(ConnectionSettings s) {
        lastSettings = s;
        connection.connect(s);
        LocalPresence p = lastPresence;
        if (p != null) connection.publishPresence(p);
    }

    /** "Work offline". */
    public void disconnect() {
        connection.disconnect();
    }

    public void publishPresence(LocalPresence p) {
        lastPresence = p;
        connection.publishPresence(p);
    }

    /** Makes everything typed durable; completes when it is. */
    public CompletableFuture<Void> flush() {
        return session.flush();
    }

    /** Flushes, stops the engine and the connection, closes the store. Blocks (call from a background thread or at exit). */
    @Override
    public void close() {
        connection.close();
        session.close();
        io.shutdown();
        try {
            io.awaitTermination(2, java.util.concurrent.TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        try {
            store.close();
        } catch (StoreException e) {
            LOG.warn("closing the store: {}", e.getMessage());
        }
    }

    /** Remembers when a document last changed (written at most every few seconds per document). */
    public void touch(String docId, boolean force) {
        long now = System.currentTimeMillis();
        Long last = changedWritten.get(docId);
        if (!force && last != null && now - last < CHANGED_WRITE_MILLIS) return;
        changedWritten.put(docId, now);
        io.execute(() -> putSetting("changed:" + docId, Long.toString(now)));
        ui.execute(() -> {
            for (int i = 0; i < documents.size(); i++) {
                DocumentInfo d = documents.get(i);
                if (d.id().equals(docId)) documents.set(i, new DocumentInfo(d.id(), d.title(), now));
            }
        });
    }

    private void putSetting(String key, String value) {
        try {
            store.putSetting(key, value);
        } catch (StoreException e) {
            reportProblem("Could not save to the local store: " + e.getMessage());
        }
    }

    private void reportProblem(String message) {
        LOG.warn(message);
        ui.execute(() -> problem.set(message));
    }

    private static Thread daemon(Runnable r, String name) {
        Thread t = new Thread(r, name);
        t.setDaemon(true);
        return t;
    }

    /** The engine's callbacks (its owner thread). */
    private final class EngineEvents implements ClientSession.Listener {
        @Override
        public void remoteChanges(String docId, long localEditsApplied, long batch, List<TextSplice> splices) {
            DocumentViewModel m = models.get(docId);
            if (m != null) m.remoteFromEngine(localEditsApplied, batch, splices);
            touch(docId, false);
        }

        @Override
        public void statusChanged(ClientSession.Status s) {
            ui.execute(() -> status.set(s));
        }

        @Override
        public void conflictsChanged(String docId, List<Conflict> conflicts) {
            DocumentViewModel m = models.get(docId);
            if (m != null) m.conflictsFromEngine(conflicts);
        }

        @Override
        public void problem(String docId, String message) {
            reportProblem(message);
        }
    }

    /** The connection's callbacks (any thread). */
    private final class ConnectionEvents implements SyncConnection.Listener {
        @Override
        public void stateChanged(SyncConnection.State state, String detail) {
            ui.execute(() -> {
                connectionDetail.set(detail); // first: listeners of the state read the detail
                connectionState.set(state);
            });
        }

        @Override
        public void presence(PeerPresence p) {
            for (DocumentViewModel m : models.values()) m.peerFromConnection(p);
        }

        @Override
        public void peerLeft(String peerId) {
            for (DocumentViewModel m : models.values()) m.peerLeft(peerId);
        }
    }
}
