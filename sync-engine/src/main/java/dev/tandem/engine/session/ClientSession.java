package dev.tandem.engine.session;

import dev.tandem.engine.protocol.Message;
import dev.tandem.engine.store.DocumentStore;
import dev.tandem.engine.store.StoreException;
import dev.tandem.engine.sync.ClientDocument;
import dev.tandem.engine.sync.Conflict;
import dev.tandem.engine.sync.EngineLimits;
import dev.tandem.engine.sync.SpliceTransform;
import dev.tandem.engine.sync.TextSplice;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;

/**
 * A client's sync engine at work: the documents of its store, kept in sync with a hub over whatever transport the
 * host provides. Timing (docs/protocol.md): a cycle shortly after local typing (coalesced), on every reply, on a push,
 * and on a heartbeat; an exchange in flight is retransmitted after a timeout, never doubled. Everything typed is
 * committed to the store within {@link Options#tickMillis()} and before any message that depends on it is sent.
 *
 * <p>Concurrency: all document state is owned by one {@link Actor}; public methods may be called from any thread,
 * post their work to it and return at once (or a future). Listener callbacks run on the owner: a UI hops from there to
 * its own thread. The transport's {@code send} is called on the owner and must not block.
 */
public final class ClientSession implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(ClientSession.class);

    /** Sends a message to the hub; must not block; may drop it if the connection just died (the protocol copes). */
    @FunctionalInterface
    public interface Transport {
        void send(Message message);
    }

    /** What the session tells its host. Called on the session's owner thread. */
    public interface Listener {
        /**
         * Remote changes were made to a document's text. {@code localEditsApplied} counts this document's local edits
         * (calls of {@link #edit}) already in the text the splices are positioned on; an editor transforms them through
         * any later local edits of its own.
         */
        default void remoteChanges(String docId, long localEditsApplied, List<TextSplice> splices) { }

        /**
         * {@link #remoteChanges(String, long, List)} with the number of this change batch for the document (1, 2, ...
         * since the session started): an editor opened with {@link #openEditor} passes the last batch it has applied
         * to {@link #edit(String, long, int, int, String)}. The default forwards to the three-argument form.
         */
        default void remoteChanges(String docId, long localEditsApplied, long batch, List<TextSplice> splices) {
            remoteChanges(docId, localEditsApplied, splices);
        }

        default void statusChanged(Status status) { }

        default void conflictsChanged(String docId, List<Conflict> conflicts) { }

        /** Something went wrong that the user should know about (a full disk, a limit); nothing was lost. */
        default void problem(String docId, String message) { }
    }

    /**
     * @param connected           a transport is attached
     * @param unacknowledgedEdits local edits the hub has not yet acknowledged, over all documents
     * @param conflicts           open conflicts over all documents
     * @param lastSyncMillis      when an exchange last completed (0: never)
     */
    public record Status(boolean connected, int unacknowledgedEdits, int conflicts, long lastSyncMillis) { }

    /**
     * @param cycleDelayMillis      how long typing is coalesced before a cycle
     * @param tickMillis            the housekeeping period: commits pending journal entries (so typing is durable
     *                              within it), retransmits, heartbeats
     * @param retransmitAfterMillis an exchange without reply for this long is sent again
     * @param heartbeatMillis       an idle document syncs this often to fetch what it may have missed
     * @param checkpointEntries     journal entries after which a document's state is checkpointed
     */
    public record Options(long cycleDelayMillis, long tickMillis, long retransmitAfterMillis, long heartbeatMillis,
                          long checkpointEntries, EngineLimits limits) {
        public static final Options DEFAULTS = new Options(30, 250, 2_000, 5_000, 20_000, EngineLimits.DEFAULTS);

        public Options {
            if (cycleDelayMillis < 0) throw new IllegalArgumentException("cycleDelayMillis must not be negative");
            if (tickMillis <= 0 || tickMillis > 1_000) throw new IllegalArgumentException("tickMillis must be in 1..1000 (typing is durable within it)");
            if (retransmitAfterMillis <= 0) throw new IllegalArgumentException("retransmitAfterMillis must be positive");
            if (heartbeatMillis <= 0) throw new IllegalArgumentException("heartbeatMillis must be positive");
            if (checkpointEntries <= 0) throw new IllegalArgumentException("checkpointEntries must be positive");
            Objects.requireNonNull(limits, "limits");
        }
    }

    /**
     * What an editor needs to start showing a document: its text, and the counters that text corresponds to.
     *
     * @param localEditsApplied local edits of this document in {@code text} (the editor numbers its next edit one more)
     * @param remoteBatch       the last remote change batch in {@code text}
     */
    public record EditorView(String text, long localEditsApplied, long remoteBatch) { }

    /** A remote batch the editor has not confirmed yet, kept in the coordinates of the current text. */
    private static final class UnseenBatch {
        final long batch;
        List<TextSplice> splices;

        UnseenBatch(long batch, List<TextSplice> splices) {
            this.batch = batch;
            this.splices = splices;
        }
    }

    private static final class Open {
        final ClientDocument doc;
        long localEdits;
        long remoteBatches;
        /** Non-null while an editor is attached: remote batches it may not have applied yet. */
        java.util.ArrayDeque<UnseenBatch> unseen;
        long sentAt = -1;
        /** When the last exchange was started (never reset): typing is coalesced to one exchange per cycle delay. */
        long lastStartedAt = Long.MIN_VALUE;
        long lastExchangeAt;
        boolean cycleScheduled;

        Open(ClientDocument doc) { this.doc = doc; }
    }

    private final DocumentStore store;
    private final Options options;
    private final Timer timer;
    private final Listener listener;
    private final Actor actor;
    // Owned by the actor:
    private final Map<String, Open> docs = new LinkedHashMap<>();
    private final List<Message> outbox = new ArrayList<>();
    private Transport transport;
    private long lastSyncMillis;
    private boolean closed;
    private Status lastStatus;
    private Timer.Cancellable tick;

    private ClientSession(DocumentStore store, Options options, Executor executor, Timer timer, Listener listener) {
        this.store = Objects.requireNonNull(store, "store");
        this.options = Objects.requireNonNull(options, "options");
        this.timer = Objects.requireNonNull(timer, "timer");
        this.listener = Objects.requireNonNull(listener, "listener");
        this.actor = new Actor(executor, this::afterBatch);
    }

    /** Opens every document in the store and starts housekeeping. */
    public static ClientSession start(DocumentStore store, Options options, Executor executor, Timer timer,
                                      Listener listener) {
        ClientSession s = new ClientSession(store, options, executor, timer, listener);
        s.actor.submit(() -> {
            try {
                for (String id : store.documentIds()) s.openOnOwner(id);
            } catch (StoreException e) {
                listener.problem(null, "could not read the local store: " + e.getMessage());
            }
            s.scheduleTick();
        });
        return s;
    }

    // ---------------------------------------------------------------------------------------------------------------
    // Public API (any thread)

    /** Opens (creating if needed) a document; completes with its current text. */
    public CompletableFuture<String> open(String docId) {
        return call(() -> openOnOwner(docId).doc.text());
    }

    /** A local edit; {@code pos}/{@code deleted} refer to the text after every earlier local edit of this document. */
    public void edit(String docId, int pos, int deleted, String inserted) {
        Objects.requireNonNull(inserted, "inserted");
        actor.submit(() -> {
            Open o = openOnOwner(docId);
            try {
                o.doc.edit(pos, deleted, inserted);
                o.localEdits++;
                scheduleCycle(o);
            } catch (RuntimeException e) {
                listener.problem(docId, e.getMessage());
            }
        });
    }

    /**
     * A local edit decided on the document's owner, from the text's current length: {@code at} sees the length with
     * every earlier local edit and every remote change the listener has been told of, and nothing else in between —
     * an append, or a typist whose caret the listener moves with remote changes, needs no transformation. {@code at}
     * may return null to type nothing.
     */
    public void edit(String docId, java.util.function.IntFunction<TextSplice> at) {
        Objects.requireNonNull(at, "at");
        actor.submit(() -> {
            Open o = openOnOwner(docId);
            try {
                TextSplice s = at.apply(o.doc.length());
                if (s == null) return;
                o.doc.edit(s.pos(), s.deleted(), s.inserted());
                o.localEdits++;
                scheduleCycle(o);
            } catch (RuntimeException e) {
                listener.problem(docId, e.getMessage());
            }
        });
    }

    /**
     * Opens a document for an editor that sends its edits with {@link #edit(String, long, int, int, String)}: from now
     * on the session keeps the remote batches the editor may not have applied yet, and moves the editor's edits over
     * them (an edit typed while a peer's change was on its way to the screen lands where the user meant it).
     */
    public CompletableFuture<EditorView> openEditor(String docId) {
        return call(() -> {
            Open o = openOnOwner(docId);
            o.unseen = new java.util.ArrayDeque<>();
            return new EditorView(o.doc.text(), o.localEdits, o.remoteBatches);
        });
    }

    /** The editor closed the document: the session stops keeping remote batches for it. */
    public void closeEditor(String docId) {
        actor.submit(() -> {
            Open o = docs.get(docId);
            if (o != null) o.unseen = null;
        });
    }

    /**
     * A local edit from an editor opened with {@link #openEditor}: {@code pos}/{@code deleted} refer to the editor's
     * text, which holds every earlier local edit and the remote batches up to {@code remoteBatchSeen}. The edit is
     * transformed over later batches ({@link SpliceTransform}, remote inserts first at a tie, as the editor does).
     * Always counts as one local edit, even if it cannot be applied (then {@link Listener#problem} tells why).
     */
    public void edit(String docId, long remoteBatchSeen, int pos, int deleted, String inserted) {
        Objects.requireNonNull(inserted, "inserted");
        actor.submit(() -> {
            Open o = openOnOwner(docId);
            o.localEdits++;
            List<TextSplice> mine = List.of(new TextSplice(pos, deleted, inserted));
            if (o.unseen != null) {
                dropSeen(o, remoteBatchSeen);
                for (UnseenBatch u : o.unseen) {
                    SpliceTransform.Pair t = SpliceTransform.transform(mine, u.splices, false);
                    mine = t.a();
                    u.splices = t.b();
                }
            }
            try {
                for (TextSplice s : mine) o.doc.edit(s.pos(), s.deleted(), s.inserted());
                scheduleCycle(o);
            } catch (RuntimeException e) {
                listener.problem(docId, e.getMessage());
            }
        });
    }

    /** The editor has applied remote batches up to {@code batch}: the session forgets them. */
    public void remoteSeen(String docId, long batch) {
        actor.submit(() -> {
            Open o = docs.get(docId);
            if (o != null && o.unseen != null) dropSeen(o, batch);
        });
    }

    private static void dropSeen(Open o, long batch) {
        while (!o.unseen.isEmpty() && o.unseen.peekFirst().batch <= batch) o.unseen.pollFirst();
    }

    /** Tells the listener of remote changes, numbering the batch and keeping it for an attached editor. */
    private void deliverRemote(Open o, List<TextSplice> splices) {
        o.remoteBatches++;
        if (o.unseen != null) o.unseen.addLast(new UnseenBatch(o.remoteBatches, List.copyOf(splices)));
        listener.remoteChanges(o.doc.docId(), o.localEdits, o.remoteBatches, splices);
    }

    public CompletableFuture<String> text(String docId) {
        return call(() -> openOnOwner(docId).doc.text());
    }

    public CompletableFuture<List<Conflict>> conflicts(String docId) {
        return call(() -> List.copyOf(openOnOwner(docId).doc.conflicts()));
    }

    public CompletableFuture<List<String>> documentIds() {
        return call(() -> List.copyOf(docs.keySet()));
    }

    /** Re-applies a conflict as a new local edit (see {@link ClientDocument#reapply}); completes with the splice. */
    public CompletableFuture<TextSplice> reapply(String docId, String conflictId) {
        return call(() -> {
            Open o = openOnOwner(docId);
            TextSplice s = o.doc.reapply(conflictId);
            o.localEdits++;
            deliverRemote(o, List.of(s));
            listener.conflictsChanged(docId, List.copyOf(o.doc.conflicts()));
            scheduleCycle(o);
            return s;
        });
    }

    public CompletableFuture<Void> dismiss(String docId, String conflictId) {
        return call(() -> {
            Open o = openOnOwner(docId);
            o.doc.dismiss(conflictId);
            listener.conflictsChanged(docId, List.copyOf(o.doc.conflicts()));
            return null;
        });
    }

    /** A connection to the hub is up: every document starts an exchange on it. */
    public void connected(Transport t) {
        Objects.requireNonNull(t, "transport");
        actor.submit(() -> {
            transport = t;
            for (Open o : docs.values()) {
                o.doc.connectionLost(); // whatever was in flight went with the old connection
                startExchange(o, true);
            }
        });
    }

    /** The connection is gone; work goes on offline. */
    public void disconnected() {
        actor.submit(() -> {
            transport = null;
            for (Open o : docs.values()) o.doc.connectionLost();
        });
    }

    /** A message from the hub. */
    public void receive(Message m) {
        actor.submit(() -> {
            Open o = openOnOwner(m.docId());
            ClientDocument.Step step = o.doc.receive(m);
            // Only the reply that answers the exchange in flight ends it; a stale or duplicated one changes nothing in
            // the document, and must not stop the retransmission of the exchange still waiting for its own reply.
            boolean answered = !o.doc.awaitingReply() || step.reply().isPresent();
            if ((m instanceof Message.Sync || m instanceof Message.Reset) && answered) {
                o.sentAt = -1;
                o.lastExchangeAt = timer.nowMillis();
                lastSyncMillis = o.lastExchangeAt;
            }
            if (!step.textSplices().isEmpty()) deliverRemote(o, step.textSplices());
            if (!step.newConflicts().isEmpty()) listener.conflictsChanged(m.docId(), List.copyOf(o.doc.conflicts()));
            step.reply().ifPresent(r -> send(o, r));
        });
    }

    /** Commits everything typed so far; completes when it is durable. */
    public CompletableFuture<Void> flush() {
        return call(() -> {
            store.commit();
            return null;
        });
    }

    public CompletableFuture<Status> status() {
        return call(this::computeStatus);
    }

    /** Commits and stops housekeeping; completes when done. The store stays open (its owner closes it). */
    public CompletableFuture<Void> closeAsync() {
        return call(() -> {
            closed = true;
            if (tick != null) tick.cancel();
            store.commit();
            return null;
        });
    }

    /** {@link #closeAsync()}, waiting for it (do not call from the session's own executor). */
    @Override
    public void close() {
        try {
            closeAsync().join();
        } catch (RuntimeException e) {
            LOG.warn("closing the session: {}", e.getMessage());
        }
    }

    // ---------------------------------------------------------------------------------------------------------------
    // The owner's work

    private <T> CompletableFuture<T> call(Actor.Call<T> f) {
        return actor.call(f);
    }

    private Open openOnOwner(String docId) {
        Open o = docs.get(docId);
        if (o != null) return o;
        try {
            ClientDocument doc = ClientDocument.open(docId, store.load(docId), store.journal(docId), options.limits(),
                    timer::nowMillis, () -> UUID.randomUUID().toString());
            o = new Open(doc);
            docs.put(docId, o);
            if (transport != null) startExchange(o, true);
            return o;
        } catch (StoreException e) {
            throw new IllegalStateException("could not open " + docId + " from the local store: " + e.getMessage(), e);
        }
    }

    private void scheduleCycle(Open o) {
        if (o.cycleScheduled || transport == null) return;
        long since = o.lastStartedAt == Long.MIN_VALUE ? Long.MAX_VALUE : timer.nowMillis() - o.lastStartedAt;
        if (since >= options.cycleDelayMillis() && !o.doc.awaitingReply()) {
            // Leading edge: the first change after a quiet spell goes at once (sent after this batch commits); only
            // what follows it within the delay is coalesced. A keystroke then reaches peers without waiting.
            startExchange(o, false);
            return;
        }
        o.cycleScheduled = true;
        long wait = o.doc.awaitingReply() ? options.cycleDelayMillis()
                : Math.max(1, Math.min(options.cycleDelayMillis(), options.cycleDelayMillis() - since));
        timer.schedule(wait, () -> actor.submit(() -> {
            o.cycleScheduled = false;
            startExchange(o, false);
        }));
    }

    private void startExchange(Open o, boolean force) {
        if (transport == null) return;
        o.doc.startExchange(force).ifPresent(m -> send(o, m));
    }

    private void send(Open o, Message m) {
        if (transport == null) return;
        if (m instanceof Message.Sync || m instanceof Message.ResetRequest) {
            o.sentAt = timer.nowMillis();
            o.lastStartedAt = o.sentAt;
        }
        outbox.add(m);
    }

    /** Group commit: everything the batch changed becomes durable, then what it produced is sent. */
    private void afterBatch() {
        if (!outbox.isEmpty()) {
            try {
                store.commit();
            } catch (StoreException e) {
                // Keep the messages: they are sent after a later commit succeeds (the protocol tolerates the delay).
                LOG.warn("commit failed, {} messages wait: {}", outbox.size(), e.getMessage());
                listener.problem(null, "could not save to the local store: " + e.getMessage());
                return;
            }
            List<Message> out = new ArrayList<>(outbox);
            outbox.clear();
            Transport t = transport;
            if (t != null) for (Message m : out) t.send(m.afterCommit()); // committed above: it acknowledges all it got
        }
        Status s = computeStatus();
        if (!s.equals(lastStatus)) {
            lastStatus = s;
            listener.statusChanged(s);
        }
    }

    private Status computeStatus() {
        int unacked = 0;
        int conflicts = 0;
        for (Open o : docs.values()) {
            unacked += o.doc.unacknowledgedEdits();
            conflicts += o.doc.conflicts().size();
        }
        return new Status(transport != null, unacked, conflicts, lastSyncMillis);
    }

    private void scheduleTick() {
        if (closed) return;
        tick = timer.schedule(options.tickMillis(), () -> actor.submit(this::onTick));
    }

    /** Housekeeping: retransmit, heartbeat, make typing durable, checkpoint long journals. */
    private void onTick() {
        if (closed) return;
        long now = timer.nowMillis();
        for (Open o : docs.values()) {
            if (transport != null) {
                if (o.doc.awaitingReply()) {
                    if (o.sentAt >= 0 && now - o.sentAt >= options.retransmitAfterMillis()) {
                        o.doc.retransmit().ifPresent(m -> send(o, m));
                    }
                } else if (o.doc.unacknowledgedEdits() > 0 || now - o.lastExchangeAt >= options.heartbeatMillis()) {
                    startExchange(o, true);
                    o.lastExchangeAt = now;
                }
            }
            if (store.journalLength(o.doc.docId()) >= options.checkpointEntries()) checkpoint(o);
        }
        try {
            store.commit();
        } catch (StoreException e) {
            LOG.warn("periodic commit failed: {}", e.getMessage());
            listener.problem(null, "could not save to the local store: " + e.getMessage());
        }
        scheduleTick();
    }

    private void checkpoint(Open o) {
        try {
            store.checkpoint(o.doc.snapshot());
        } catch (StoreException e) {
            LOG.warn("checkpoint of {} failed: {}", o.doc.docId(), e.getMessage());
        }
    }
}
