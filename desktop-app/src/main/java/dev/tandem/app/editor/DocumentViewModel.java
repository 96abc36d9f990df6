package dev.tandem.app.editor;

import dev.tandem.app.connection.PeerPresence;
import dev.tandem.engine.session.ClientSession;
import dev.tandem.engine.sync.Conflict;
import dev.tandem.engine.sync.SpliceTransform;
import dev.tandem.engine.sync.TextSplice;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import javafx.collections.ObservableMap;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.function.LongSupplier;

/**
 * One open document's editor state, between the text area (through {@link Surface}) and the engine's
 * {@link ClientSession}. It owns the bridge that keeps the two texts equal while both change at once:
 *
 * <ul>
 *   <li>Local edits (reported by the view through {@link #localEdit}) get a sequence number, are remembered as
 *       pending and are forwarded to {@link ClientSession#edit(String, long, int, int, String)} with the last remote
 *       batch this editor has applied (the engine moves the edit over later batches).</li>
 *   <li>Remote batches arrive on the engine's thread ({@link #remoteFromEngine}), hop to the UI executor, and are moved
 *       over the pending local edits the engine had not applied yet ({@code localEditsApplied}), with
 *       {@link SpliceTransform} (remote inserts first at a tie, as the engine does). They enter the text only through
 *       {@link Surface#replace}; caret and selection are mapped through them; they never count as local edits and never
 *       enter the undo history ({@link LocalUndo}).</li>
 * </ul>
 *
 * <p>Concurrency: {@link #remoteFromEngine}, {@link #conflictsFromEngine} and {@link #peerFromConnection} may be called
 * from any thread; everything else, and all state, belongs to the UI executor's thread (the FX thread in the app).
 */
public final class DocumentViewModel {

    /** The text area as the view-model sees it (a CodeArea in the app, a string in tests). */
    public interface Surface {
        String text();

        /** The text's length, without building the text (a peer's caret is clamped to it at every move). */
        default int length() {
            return text().length();
        }

        /**
         * Returns the action that shows {@code text} in place of the whole current text (as one non-local replace).
         * Called off the UI thread, so that a surface can do the costly part of showing a large document there
         * (building its model); the action itself runs on the UI thread.
         */
        default Runnable prepareLoad(String text) {
            return () -> replace(0, length(), text);
        }

        /**
         * Replaces text. The surface reports the change back through {@link #localEdit} unless
         * {@link #applyingRemote()} is true (the view checks it in its change listener).
         */
        void replace(int pos, int deleted, String inserted);

        int caret();

        int anchor();

        void select(int anchor, int caret);
    }

    /** A peer as shown in this document: presence with offsets mapped to this editor's text. */
    public record Peer(String id, String name, String colour, int caret, int anchor) { }

    private record Pending(long seq, List<TextSplice> splices) { }

    private record Batch(long localEditsApplied, long batch, List<TextSplice> splices) { }

    /** Where a document's text is prepared for its surface: neither the UI thread nor the engine's own thread. */
    private static final Executor PREPARE = java.util.concurrent.ForkJoinPool.commonPool();
    /** Texts shorter than this are prepared where the engine hands them over (too quick to be worth a thread hop). */
    private static final int PREPARE_ASYNC_CHARS = 64 * 1024;

    private final String docId;
    private final ClientSession session;
    private final Executor ui;
    private final LongSupplier clock;
    private Surface surface;
    private boolean ready;
    private boolean applyingRemote;
    private boolean undoing;
    private boolean redoing;
    private long localSeq;
    private long remoteSeen;
    private final Deque<Pending> pending = new ArrayDeque<>();
    private final List<Batch> early = new ArrayList<>();
    private final LocalUndo undo = new LocalUndo();
    private final ObservableList<Conflict> conflicts = FXCollections.observableArrayList();
    private final ObservableMap<String, Peer> peers = FXCollections.observableHashMap();
    private final BooleanProperty loaded = new SimpleBooleanProperty(false);
    private Runnable onRemoteApplied = () -> { };
    private long longestRemoteApplyNanos;
    private final java.util.ArrayDeque<Long> recentApplyNanos = new java.util.ArrayDeque<>();
    private long remoteBatchesApplied;

    public DocumentViewModel(String docId, ClientSession session, Executor ui, LongSupplier clock) {
        this.docId = Objects.requireNonNull(docId, "docId");
        this.session = Objects.requireNonNull(session, "session");
        this.ui = Objects.requireNonNull(ui, "ui");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    public String docId() { return docId; }

    /**
     * Attaches the surface and loads the document's text into it (as one non-local replace). Completes on the UI
     * thread once the surface shows the document.
     */
    public CompletableFuture<Void> open(Surface s) {
        this.surface = Objects.requireNonNull(s, "surface");
        CompletableFuture<Void> done = new CompletableFuture<>();
        Surface target = surface;
        session.openEditor(docId)
                .thenCompose(view -> view.text().length() < PREPARE_ASYNC_CHARS
                        ? CompletableFuture.completedFuture(Map.entry(view, target.prepareLoad(view.text())))
                        : CompletableFuture.supplyAsync(() -> Map.entry(view, target.prepareLoad(view.text())), PREPARE))
                .whenComplete((prepared, err) -> ui.execute(() -> {
            if (err != null) {
                done.completeExceptionally(err);
                return;
            }
            ClientSession.EditorView view = prepared.getKey();
            applyingRemote = true;
            try {
                prepared.getValue().run();
                surface.select(0, 0);
            } finally {
                applyingRemote = false;
            }
            localSeq = view.localEditsApplied();
            remoteSeen = view.remoteBatch();
            ready = true;
            for (Batch b : early) applyRemote(b);
            early.clear();
            loaded.set(true);
            done.complete(null);
        }));
        session.conflicts(docId).thenAccept(this::conflictsFromEngine);
        return done;
    }

    /** The editor closes this document. */
    public void close() {
        session.closeEditor(docId);
        ready = false;
    }

    public ReadOnlyBooleanProperty loadedProperty() { return loaded; }

    /** True while the view-model itself changes the surface (the view must not report those changes). */
    public boolean applyingRemote() { return applyingRemote; }

    public ObservableList<Conflict> conflicts() { return conflicts; }

    public ObservableMap<String, Peer> peers() { return peers; }

    /** Called after each remote batch has entered the surface (the view refreshes peers' markers). */
    public void setOnRemoteApplied(Runnable r) { onRemoteApplied = Objects.requireNonNull(r); }

    // ------------------------------------------------------------------------------------------------------------
    // Local side (UI thread)

    /** The surface changed by the user (typing, paste, cut, undo...): forward it. */
    public void localEdit(int pos, String removed, String inserted) {
        if (applyingRemote || !ready) return;
        long seq = ++localSeq;
        pending.addLast(new Pending(seq, List.of(new TextSplice(pos, removed.length(), inserted))));
        session.edit(docId, remoteSeen, pos, removed.length(), inserted);
        if (undoing) undo.undone();
        else if (redoing) undo.redone();
        else undo.recordEdit(pos, removed, inserted, clock.getAsLong());
    }

    public boolean canUndo() { return undo.canUndo(); }

    public boolean canRedo() { return undo.canRedo(); }

    /** Reverts the user's latest own edit (never a peer's). */
    public void undo() {
        LocalUndo.Change c = undo.peekUndo();
        if (c == null || !ready) return;
        undoing = true;
        try {
            surface.replace(c.pos(), c.inserted().length(), c.removed());
            surface.select(c.pos() + c.removed().length(), c.pos() + c.removed().length());
        } finally {
            undoing = false;
        }
    }

    public void redo() {
        LocalUndo.Change c = undo.peekRedo();
        if (c == null || !ready) return;
        redoing = true;
        try {
            surface.replace(c.pos(), c.inserted().length(), c.removed());
            surface.select(c.pos() + c.removed().length(), c.pos() + c.removed().length());
        } finally {
            redoing = false;
        }
    }

    /** Re-applies a conflict as a new edit (it arrives like a remote batch, numbered as a local edit). */
    public CompletableFuture<TextSplice> reapply(String conflictId) {
        // The engine counts the re-application as a local edit: keep our numbering in step with a no-op entry.
        long seq = ++localSeq;
        pending.addLast(new Pending(seq, List.of()));
        return session.reapply(docId, conflictId);
    }

    public CompletableFuture<Void> dismiss(String conflictId) {
        return session.dismiss(docId, conflictId);
    }

    // ------------------------------------------------------------------------------------------------------------
    // Remote side

    /** From the engine's thread: a remote batch (see {@link ClientSession.Listener}). */
    public void remoteFromEngine(long localEditsApplied, long batch, List<TextSplice> splices) {
        Batch b = new Batch(localEditsApplied, batch, List.copyOf(splices));
        ui.execute(() -> {
            if (!ready) early.add(b);
            else applyRemote(b);
        });
    }

    public void conflictsFromEngine(List<Conflict> list) {
        List<Conflict> copy = List.copyOf(list);
        ui.execute(() -> conflicts.setAll(copy));
    }

    /**
     * From the connection's thread: a peer moved. Offsets are in the peer's text and are shown as they are, not mapped
     * through changes: presence usually overtakes the text change that moved it (mapping would shift it twice), and a
     * peer publishes again whenever its caret moves, including when a remote change moves it. Kept unclamped: when
     * presence overtakes the text that put the caret there, the offset is past the end of my text for a moment; the
     * editor clamps it when it draws, and draws it again where it belongs once the text arrives.
     */
    public void peerFromConnection(PeerPresence p) {
        ui.execute(() -> {
            if (!docId.equals(p.docId())) {
                peers.remove(p.peerId());
                return;
            }
            peers.put(p.peerId(), new Peer(p.peerId(), p.name(), p.colour(), p.caret(), p.anchor()));
        });
    }

    public void peerLeft(String peerId) {
        ui.execute(() -> peers.remove(peerId));
    }

    /** The longest time one remote batch took on the UI thread (transform, replace, caret), for measurements. */
    public long longestRemoteApplyNanos() { return longestRemoteApplyNanos; }

    /** How long each of the last (up to 1,000) remote batches took on the UI thread, oldest first. */
    public List<Long> recentRemoteApplyNanos() { return List.copyOf(recentApplyNanos); }

    /** How many remote batches were applied on the UI thread since the document was opened (all, not the last 1,000). */
    public long remoteBatchesApplied() { return remoteBatchesApplied; }

    private void applyRemote(Batch b) {
        long start = System.nanoTime();
        try {
            applyRemoteTimed(b);
        } finally {
            long took = System.nanoTime() - start;
            longestRemoteApplyNanos = Math.max(longestRemoteApplyNanos, took);
            recentApplyNanos.addLast(took);
            remoteBatchesApplied++;
            if (recentApplyNanos.size() > 1_000) recentApplyNanos.pollFirst();
        }
    }

    private void applyRemoteTimed(Batch b) {
        if (b.batch() <= remoteSeen) return;
        while (!pending.isEmpty() && pending.peekFirst().seq() <= b.localEditsApplied()) pending.pollFirst();
        List<TextSplice> ops = b.splices();
        List<Pending> moved = new ArrayList<>(pending.size());
        for (Pending p : pending) {
            SpliceTransform.Pair t = SpliceTransform.transform(ops, p.splices(), true);
            ops = t.a();
            moved.add(new Pending(p.seq(), t.b()));
        }
        pending.clear();
        pending.addAll(moved);
        remoteSeen = b.batch();
        if (!ops.isEmpty()) {
            int caret = surface.caret();
            int anchor = surface.anchor();
            applyingRemote = true;
            try {
                for (TextSplice s : ops) surface.replace(s.pos(), s.deleted(), s.inserted());
                int newAnchor = SpliceTransform.mapPosition(anchor, ops, false);
                int newCaret = SpliceTransform.mapPosition(caret, ops, false);
                // (speedup) A selection set again redraws the paragraphs it touches: only when the area moved it.
                if (surface.anchor() != newAnchor || surface.caret() != newCaret) surface.select(newAnchor, newCaret);
            } finally {
                applyingRemote = false;
            }
            undo.remoteChanged(ops);
        }
        session.remoteSeen(docId, b.batch());
        onRemoteApplied.run();
    }
}
