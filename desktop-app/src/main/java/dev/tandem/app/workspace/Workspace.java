package dev.tandem.app.workspace;

import dev.tandem.app.connection.ConnectionSettings;
import dev.tandem.app.connection.Connections;
import dev.tandem.app.connection.LocalPresence;
import dev.tandem.app.connection.PeerPresence;
import dev.tandem.app.connection.SyncConnection;
import dev.tandem.app.editor.DocumentViewModel;
import dev.tandem.engine.meta.MetaRecord;
import dev.tandem.engine.session.ClientSession;
import dev.tandem.engine.session.MetaHub;
import dev.tandem.engine.session.MetaSession;
import dev.tandem.engine.session.Timer;
import dev.tandem.engine.store.DocumentStore;
import dev.tandem.engine.store.MemoryMetaStore;
import dev.tandem.engine.store.MetaStore;
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
 * One user's workspace: the local store, the engine sessions on it (text: {@link ClientSession}; metadata:
 * {@link MetaSession}, synced field by field with the relay), the connection, the document lists (live and deleted,
 * from the synced metadata; the last change of a text, which is this computer's own, in the store's settings as
 * {@code changed:<id>}), and one {@link DocumentViewModel} per open document.
 *
 * <p>Deletion is a synced tombstone: a deleted document leaves every computer's list, its text stays in the store and
 * can be restored until the tombstone is older than {@link MetaHub.Options#DEFAULT_RETENTION_MILLIS}; then the text is
 * removed at the next start. A document deleted elsewhere while open here is announced through
 * {@link #deletedWhileOpenProperty()} (the window offers to restore it).
 *
 * <p>Stores of earlier versions kept titles as {@code title:<id>} settings and deletions as {@code deleted:<id>}: at
 * start those documents get metadata records (a local write each, so they sync).
 *
 * <p>Concurrency: the engine calls back on its owner thread; the connection on its own; both hop to {@code ui} before
 * touching observable state. Store reads for the lists run on {@code io} (one thread, in order). Public methods are for
 * the UI thread.
 */
public final class Workspace implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(Workspace.class);
    private static final long CHANGED_WRITE_MILLIS = 5_000;

    private final DocumentStore store;
    private final MetaStore metaStore;
    private final Executor ui;
    private final Timer timer;
    private final ExecutorService io = Executors.newSingleThreadExecutor(r -> daemon(r, "tandem-workspace-io"));
    private final String clientId;
    private final ClientSession session;
    private final MetaSession meta;
    private final SyncConnection connection;
    private final Map<String, DocumentViewModel> models = new ConcurrentHashMap<>();
    private final Map<String, Long> changedWritten = new ConcurrentHashMap<>();
    private final ObservableList<DocumentInfo> documents = FXCollections.observableArrayList();
    private final ObservableList<DocumentInfo> deletedDocuments = FXCollections.observableArrayList();
    private final ObjectProperty<DocumentInfo> deletedWhileOpen = new SimpleObjectProperty<>();
    /** Documents whose text the engine has open (so that a document made elsewhere is opened, and its text synced, once). */
    private final java.util.Set<String> opened = ConcurrentHashMap.newKeySet();
    private final java.util.concurrent.atomic.AtomicBoolean refreshQueued = new java.util.concurrent.atomic.AtomicBoolean();
    /** The engine's latest status while an update of {@link #status} waits on the UI thread (else null). */
    private final java.util.concurrent.atomic.AtomicReference<ClientSession.Status> pendingStatus =
            new java.util.concurrent.atomic.AtomicReference<>();
    private final ObjectProperty<ClientSession.Status> status =
            new SimpleObjectProperty<>(new ClientSession.Status(false, 0, 0, 0));
    private final ObjectProperty<SyncConnection.State> connectionState = new SimpleObjectProperty<>(SyncConnection.State.OFFLINE);
    private final StringProperty connectionDetail = new SimpleStringProperty("working offline");
    private final StringProperty problem = new SimpleStringProperty("");
    private volatile ConnectionSettings lastSettings;
    /** The user chose "Work offline" (kept across restarts). */
    private volatile boolean offlineChosen;
    /** Store settings of the connection (an encoded {@link ConnectionSettings}) and of the offline choice. */
    private static final String CONNECTION = "connection";
    private static final String OFFLINE = "connection.offline";
    private volatile LocalPresence lastPresence;

    /** A workspace whose metadata lives in memory (tests that do not look at it across restarts). */
    public Workspace(DocumentStore store, Executor engineExecutor, Timer timer, Executor ui) throws WorkspaceException {
        this(store, new MemoryMetaStore(), engineExecutor, timer, ui);
    }

    /**
     * Opens the workspace on a store and its metadata (removing the text of documents deleted longer ago than the
     * retention period, and giving documents of older stores their metadata records) and starts the engine.
     *
     * @param engineExecutor runs the engine's actors (a single thread in the app; a manual one in tests)
     */
    public Workspace(DocumentStore store, MetaStore metaStore, Executor engineExecutor, Timer timer, Executor ui)
            throws WorkspaceException {
        this.store = store;
        this.metaStore = metaStore;
        this.ui = ui;
        this.timer = timer;
        List<String[]> legacy = new ArrayList<>();
        try {
            java.util.Map<String, MetaRecord> known = new java.util.HashMap<>();
            for (MetaRecord r : metaStore.records()) known.put(r.docId(), r);
            for (String expired : MetaHub.expiredTombstones(List.copyOf(known.values()), timer.nowMillis(),
                    MetaHub.Options.DEFAULT_RETENTION_MILLIS)) {
                if (store.documentIds().contains(expired)) store.delete(expired);
            }
            for (String docId : store.documentIds()) {
                if (known.containsKey(docId)) continue;
                legacy.add(new String[] {docId, store.setting("title:" + docId).orElse("Untitled"),
                        store.setting("deleted:" + docId).isPresent() ? "deleted" : ""});
            }
            Optional<String> id = store.setting("clientId");
            if (id.isEmpty()) {
                id = Optional.of(UUID.randomUUID().toString());
                store.putSetting("clientId", id.get());
            }
            this.clientId = id.get();
            Optional<String> saved = store.setting(CONNECTION);
            if (saved.isPresent()) {
                try {
                    lastSettings = ConnectionSettings.decode(saved.get());
                } catch (IllegalArgumentException e) {
                    LOG.warn("the saved connection is not usable and is ignored: {}", e.getMessage());
                }
            }
            offlineChosen = store.setting(OFFLINE).map("true"::equals).orElse(false);
        } catch (StoreException e) {
            throw new WorkspaceException("Could not read the local store: " + e.getMessage(), e);
        }
        this.session = ClientSession.start(store, ClientSession.Options.DEFAULTS, engineExecutor, timer, new EngineEvents());
        this.meta = MetaSession.start(metaStore, metaNode(clientId), MetaSession.Options.DEFAULTS, engineExecutor, timer,
                new MetaEvents());
        for (String[] l : legacy) {
            String title = l[1].isBlank() ? "Untitled" : l[1];
            CompletableFuture<MetaRecord> f = meta.create(l[0], title);
            if (!l[2].isEmpty()) f = f.thenCompose(r -> meta.delete(r.docId()));
            f.whenComplete((r, e) -> { if (e != null) reportProblem("Could not convert document " + l[0] + ": " + e.getMessage()); });
        }
        try {
            opened.addAll(store.documentIds());
        } catch (StoreException e) {
            throw new WorkspaceException("Could not read the local store: " + e.getMessage(), e);
        }
        this.connection = Connections.open(session, meta, clientId, new ConnectionEvents());
    }

    /** The client id as a clock node id (a UUID is one; anything else is hashed into one). */
    private static String metaNode(String clientId) {
        if (dev.tandem.engine.meta.Hlc.isNodeId(clientId)) return clientId;
        return "n" + Integer.toHexString(clientId.hashCode());
    }

    public String clientId() { return clientId; }

    public ClientSession session() { return session; }

    public MetaSession meta() { return meta; }

    public SyncConnection connection() { return connection; }

    /** The live documents, pinned first, then by title. */
    public ObservableList<DocumentInfo> documents() { return documents; }

    /** Deleted documents whose text can still be restored, by title. */
    public ObservableList<DocumentInfo> deletedDocuments() { return deletedDocuments; }

    /** Set when a document open here was deleted on another computer (its text is kept); the window clears it. */
    public ObjectProperty<DocumentInfo> deletedWhileOpenProperty() { return deletedWhileOpen; }

    public ObjectProperty<ClientSession.Status> statusProperty() { return status; }

    /** Runs tasks on the UI thread (the views post results of background work through it). */
    public Executor uiExecutor() { return ui; }

    public ObjectProperty<SyncConnection.State> connectionStateProperty() { return connectionState; }

    public StringProperty connectionDetailProperty() { return connectionDetail; }

    /** The latest problem the engine or the store reported, in plain words ("" when none). */
    public StringProperty problemProperty() { return problem; }

    public Optional<ConnectionSettings> lastSettings() { return Optional.ofNullable(lastSettings); }

    /** Reloads the document lists from the metadata; completes on the UI thread. */
    public CompletableFuture<Void> refreshDocuments() {
        return CompletableFuture.supplyAsync(this::readDocuments, io).thenAcceptAsync(all -> {
            documents.setAll(all.stream().filter(d -> !d.deleted()).toList());
            deletedDocuments.setAll(all.stream().filter(DocumentInfo::deleted).toList());
        }, ui);
    }

    /** A refresh soon; requests made while one is queued join it (a pull of many changes refreshes once). */
    private void refreshSoon() {
        if (refreshQueued.compareAndSet(false, true)) {
            io.execute(() -> {
                refreshQueued.set(false);
                List<DocumentInfo> all = readDocuments();
                ui.execute(() -> {
                    documents.setAll(all.stream().filter(d -> !d.deleted()).toList());
                    deletedDocuments.setAll(all.stream().filter(DocumentInfo::deleted).toList());
                });
            });
        }
    }

    private List<DocumentInfo> readDocuments() {
        try {
            List<DocumentInfo> out = new ArrayList<>();
            for (MetaRecord r : metaStore.records()) out.add(info(r));
            out.sort(Comparator.comparing((DocumentInfo d) -> !d.pinned())
                    .thenComparing(d -> d.title().toLowerCase(java.util.Locale.ROOT)).thenComparing(DocumentInfo::id));
            return out;
        } catch (StoreException e) {
            reportProblem("Could not read the document list: " + e.getMessage());
            return List.of();
        }
    }

    private DocumentInfo info(MetaRecord r) throws StoreException {
        long changed = store.setting("changed:" + r.docId()).map(Long::parseLong).orElse(0L);
        return new DocumentInfo(r.docId(), r.title(), changed, r.tags(), r.pinned(), r.folder(), r.deleted());
    }

    /** Creates a document with this title (a new UUIDv7 id) and optional first text; completes with its id. */
    public CompletableFuture<String> create(String title, String text) {
        return meta.create(title).thenCompose(r -> openWithText(r.docId(), text));
    }

    /** Creates a document with a given id unless it exists (the demo's shared welcome document). */
    public CompletableFuture<String> create(String id, String title, String text) {
        return meta.create(id, title).thenCompose(r -> openWithText(id, text));
    }

    private CompletableFuture<String> openWithText(String id, String text) {
        opened.add(id);
        return session.openEditor(id)
                .thenApply(view -> {
                    if (!text.isEmpty() && view.text().isEmpty()) session.edit(id, view.remoteBatch(), 0, 0, text);
                    touch(id, true);
                    return id;
                })
                .thenCompose(x -> refreshDocuments().thenApply(v -> id));
    }

    /** Renames the document everywhere. */
    public CompletableFuture<Void> rename(String id, String title) {
        return meta.rename(id, title).thenCompose(r -> refreshDocuments());
    }

    /** Sets the document's tags everywhere. */
    public CompletableFuture<Void> setTags(String id, List<String> tags) {
        return meta.setTags(id, tags).thenCompose(r -> refreshDocuments());
    }

    /** Pins the document (listed first) or unpins it, everywhere. */
    public CompletableFuture<Void> setPinned(String id, boolean pinned) {
        return meta.setPinned(id, pinned).thenCompose(r -> refreshDocuments());
    }

    /** Deletes the document everywhere (a tombstone); its text stays restorable for the retention period. */
    public CompletableFuture<Void> delete(String id) {
        DocumentViewModel m = models.remove(id);
        if (m != null) m.close();
        return meta.delete(id).thenCompose(r -> refreshDocuments());
    }

    /** Brings a deleted document back everywhere, with its text. */
    public CompletableFuture<Void> restore(String id) {
        return meta.restore(id).thenCompose(r -> refreshDocuments());
    }

    public Optional<String> title(String id) {
        Optional<String> live = documents.stream().filter(d -> d.id().equals(id)).map(DocumentInfo::title).findFirst();
        return live.isPresent() ? live : deletedDocuments.stream().filter(d -> d.id().equals(id)).map(DocumentInfo::title).findFirst();
    }

    /** The view-model of a document (one per document for the workspace's life). */
    public DocumentViewModel model(String docId) {
        return models.computeIfAbsent(docId, id -> new DocumentViewModel(id, session, ui, timer::nowMillis));
    }

    /**
     * Connects with these settings (the dialog has validated them) and remembers them in the local store, so that
     * the app connects by itself the next time it starts (unless the user chose to work offline).
     */
    public void connect(ConnectionSettings s) {
        lastSettings = s;
        offlineChosen = false;
        if (!s.inProcess()) {
            io.execute(() -> {
                putSetting(CONNECTION, s.encode());
                putSetting(OFFLINE, "false");
            });
        }
        connection.connect(s);
        LocalPresence p = lastPresence;
        if (p != null) connection.publishPresence(p);
    }

    /** "Work offline" — remembered: the app starts offline next time too, until the user connects. */
    public void disconnect() {
        offlineChosen = true;
        io.execute(() -> putSetting(OFFLINE, "true"));
        connection.disconnect();
    }

    /** Connects with the settings of the last session, unless its user chose to work offline; false if it did not. */
    public boolean reconnectAtStart() {
        ConnectionSettings s = lastSettings;
        if (s == null || offlineChosen) return false;
        connect(s);
        return true;
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
        meta.close();
        session.close();
        io.shutdown();
        try {
            io.awaitTermination(2, java.util.concurrent.TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        try {
            metaStore.close();
        } catch (StoreException e) {
            LOG.warn("closing the metadata store: {}", e.getMessage());
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
                if (d.id().equals(docId)) documents.set(i, d.changedAt(now));
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
            // The engine reports a status at every exchange (tens a second while a peer types): one update waits on
            // the UI thread at a time, and it shows the latest.
            if (pendingStatus.getAndSet(s) == null) ui.execute(() -> status.set(pendingStatus.getAndSet(null)));
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

    /** The metadata session's callbacks (its owner thread). */
    private final class MetaEvents implements MetaSession.Listener {
        @Override
        public void changed(List<MetaRecord> records) {
            for (MetaRecord r : records) {
                // A document first heard of from elsewhere: open its text, so that it joins and syncs.
                if (!r.deleted() && opened.add(r.docId())) session.open(r.docId());
            }
            refreshSoon();
        }

        @Override
        public void deletedElsewhere(MetaRecord r) {
            if (!models.containsKey(r.docId())) return; // not open here: it just leaves the list
            DocumentInfo d = new DocumentInfo(r.docId(), r.title(), 0, r.tags(), r.pinned(), r.folder(), true);
            ui.execute(() -> deletedWhileOpen.set(d));
        }

        @Override
        public void problem(String message) {
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
