package dev.tandem.engine.session;

import dev.tandem.engine.meta.DocIds;
import dev.tandem.engine.meta.FieldChange;
import dev.tandem.engine.meta.FieldStamp;
import dev.tandem.engine.meta.Hlc;
import dev.tandem.engine.meta.HlcClock;
import dev.tandem.engine.meta.MetaField;
import dev.tandem.engine.meta.MetaMessage;
import dev.tandem.engine.meta.MetaRecord;
import dev.tandem.engine.meta.MetaValue;
import dev.tandem.engine.store.MetaStore;
import dev.tandem.engine.store.StoreException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;

/**
 * A client's documents' metadata, kept in sync with the relay (docs/protocol.md, "Metadata protocol"). Local writes
 * are stamped by this side's {@link HlcClock}, stored and put in the change log in one transaction, and then synced.
 *
 * <p>The two-way sync: <b>push</b> the change log (the relay answers what it took; those entries leave the log unless
 * the field was written again meanwhile), then <b>pull</b> from the cursor (the relay's own sequence number) until the
 * relay says there is no more; the pulled writes and the new cursor are stored in one transaction. One request is in
 * flight at a time; a request without an answer within {@link Options#retransmitAfterMillis()} is sent again, the same
 * (both are idempotent, so a lost answer costs a repeat, never a loss or a duplicate). A sync runs shortly after every
 * local change (coalesced over {@link Options#coalesceMillis()}), after {@link Options#idleSyncMillis()} without one,
 * when the connection comes back, and when the relay announces changes ({@link MetaMessage.Changed}).
 *
 * <p>Writes the relay refused (a stamp too far ahead of its clock) stay in the change log, the user is told why, and
 * they are offered again at the idle sync. Once this side's wall clock has been set back behind such a stamp (the user
 * fixed the clock), the refused writes are stamped anew by a clock restarted from the stamps that were not refused
 * ({@link MetaStore#restamp}) and sent: a broken clock delays a change, it never loses it.
 *
 * <p>Concurrency: all state is owned by one {@link Actor}; public methods may be called from any thread and return at
 * once (or a future). Listener callbacks run on the owner; the transport's {@code send} is called on the owner and must
 * not block.
 */
public final class MetaSession implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(MetaSession.class);

    /** Sends a message to the relay; must not block; may drop it (the session resends). */
    @FunctionalInterface
    public interface Transport {
        void send(MetaMessage message);
    }

    /** What the session tells its host, on the session's owner thread. */
    public interface Listener {
        /** These documents' metadata changed (by a local write or a pull): their records now. */
        default void changed(List<MetaRecord> records) { }

        /**
         * A pulled tombstone deleted a document that was live here (someone deleted it elsewhere). Its text stays in
         * the local store until the retention period: the host tells the user, who may restore it.
         */
        default void deletedElsewhere(MetaRecord record) { }

        default void statusChanged(Status status) { }

        /** Something the user should know (a refused write, a full disk); nothing was lost. */
        default void problem(String message) { }
    }

    /**
     * @param connected      a transport is attached
     * @param pendingChanges writes in the change log (not yet taken by the relay)
     * @param refused        of those, writes the relay refused (they wait; {@link Listener#problem} said why)
     * @param lastSyncMillis when a two-way sync last completed (0: never)
     */
    public record Status(boolean connected, int pendingChanges, int refused, long lastSyncMillis) { }

    /**
     * @param coalesceMillis        local changes within this are synced together
     * @param idleSyncMillis        a sync runs after this long without one (fetches what may have been missed)
     * @param retransmitAfterMillis a request without answer for this long is sent again
     * @param tickMillis            the housekeeping period (retransmission and idle checks)
     */
    public record Options(long coalesceMillis, long idleSyncMillis, long retransmitAfterMillis, long tickMillis) {
        public static final Options DEFAULTS = new Options(30, 5_000, 2_000, 250);

        public Options {
            if (coalesceMillis < 0) throw new IllegalArgumentException("coalesceMillis must not be negative");
            if (idleSyncMillis <= 0) throw new IllegalArgumentException("idleSyncMillis must be positive");
            if (retransmitAfterMillis <= 0) throw new IllegalArgumentException("retransmitAfterMillis must be positive");
            if (tickMillis <= 0) throw new IllegalArgumentException("tickMillis must be positive");
        }
    }

    private enum Phase { IDLE, PUSHING, PULLING }

    private final MetaStore store;
    private final String nodeId;
    private final Options options;
    private final Timer timer;
    private final Listener listener;
    private final Actor actor;
    // Owned by the actor:
    private HlcClock clock;
    private Transport transport;
    private Phase phase = Phase.IDLE;
    private MetaMessage inFlight;
    private long sentAt;
    private long nextId;
    private boolean again;
    private boolean syncScheduled;
    private boolean offerRefused;
    private long lastSyncAt;
    private long lastSyncMillis;
    private final Set<FieldStamp> refused = new HashSet<>();
    /** The change log as last read (for the status; refreshed whenever it changes). */
    private List<FieldChange> pendingNow = List.of();
    private final List<CompletableFuture<Void>> waitingForNextCycle = new ArrayList<>();
    private final List<CompletableFuture<Void>> waitingForThisCycle = new ArrayList<>();
    private Status lastStatus;
    private Timer.Cancellable tick;
    private boolean closed;

    private MetaSession(MetaStore store, String nodeId, Options options, Executor executor, Timer timer, Listener listener) {
        this.store = Objects.requireNonNull(store, "store");
        this.nodeId = nodeId;
        this.options = Objects.requireNonNull(options, "options");
        this.timer = Objects.requireNonNull(timer, "timer");
        this.listener = Objects.requireNonNull(listener, "listener");
        this.actor = new Actor(executor, this::afterBatch);
    }

    /**
     * Starts a session on {@code store} for the node {@code nodeId} (this client's id: part of every stamp it issues,
     * 1-64 of {@code A-Z a-z 0-9 . _ -}). Its clock starts above every stamp in the store.
     */
    public static MetaSession start(MetaStore store, String nodeId, Options options, Executor executor, Timer timer,
                                    Listener listener) {
        if (!Hlc.isNodeId(nodeId)) throw new IllegalArgumentException("a node id is 1-64 of A-Z a-z 0-9 . _ -: \"" + nodeId + "\"");
        MetaSession s = new MetaSession(store, nodeId, options, executor, timer, listener);
        s.nextId = Math.max(1, timer.nowMillis()); // request ids of an earlier run are never mistaken for this run's
        s.actor.submit(() -> {
            Hlc floor = null;
            try {
                floor = store.maxStamp().orElse(null);
            } catch (StoreException e) {
                listener.problem("could not read the local metadata: " + e.getMessage());
            }
            s.clock = new HlcClock(nodeId, timer::nowMillis, floor);
            s.refreshPending();
            s.lastSyncAt = timer.nowMillis();
            s.scheduleTick();
        });
        return s;
    }

    // ---------------------------------------------------------------------------------------------------------------
    // Public API (any thread)

    /** Creates a document with a new UUIDv7 id (made here, offline or not); completes with its record. */
    public CompletableFuture<MetaRecord> create(String title) {
        return call(() -> createOnOwner(DocIds.newId(timer.nowMillis()), title));
    }

    /**
     * Creates a document with a given id unless this side already knows it (then completes with what it holds): for
     * documents whose id is fixed in advance (the demo's shared one) or known from its text (older stores).
     */
    public CompletableFuture<MetaRecord> create(String docId, String title) {
        return call(() -> {
            Optional<MetaRecord> known = store.record(docId);
            return known.isPresent() ? known.get() : createOnOwner(docId, title);
        });
    }

    public CompletableFuture<MetaRecord> rename(String docId, String title) {
        return set(docId, MetaField.TITLE, new MetaValue.Text(title));
    }

    public CompletableFuture<MetaRecord> setTags(String docId, List<String> tags) {
        return set(docId, MetaField.TAGS, new MetaValue.Tags(tags));
    }

    public CompletableFuture<MetaRecord> setPinned(String docId, boolean pinned) {
        return set(docId, MetaField.PINNED, new MetaValue.Flag(pinned));
    }

    public CompletableFuture<MetaRecord> setFolder(String docId, String folder) {
        return set(docId, MetaField.FOLDER, new MetaValue.Text(folder));
    }

    /** Tombstones the document: it leaves the lists everywhere; its text stays recoverable until the retention period. */
    public CompletableFuture<MetaRecord> delete(String docId) {
        return set(docId, MetaField.DELETED, new MetaValue.Flag(true));
    }

    /** Undoes a deletion (a later write of the tombstone field). */
    public CompletableFuture<MetaRecord> restore(String docId) {
        return set(docId, MetaField.DELETED, new MetaValue.Flag(false));
    }

    /** Writes one field of a known document; fails with IllegalArgumentException for an unknown one or a bad value. */
    public CompletableFuture<MetaRecord> set(String docId, MetaField field, MetaValue value) {
        field.check(value); // a bad value fails here, on the caller's thread, with the reason
        return call(() -> {
            if (store.record(docId).isEmpty()) throw new IllegalArgumentException("no document with id " + docId);
            return writeOnOwner(docId, List.of(new Change(field, value)));
        });
    }

    public CompletableFuture<List<MetaRecord>> records() {
        return call(store::records);
    }

    public CompletableFuture<Optional<MetaRecord>> record(String docId) {
        return call(() -> store.record(docId));
    }

    public CompletableFuture<Status> status() {
        return call(this::computeStatus);
    }

    /**
     * Starts a two-way sync (or notes that one is wanted after the one running) and completes when a sync that began
     * after this call has finished: every change the relay would take is taken and every change up to the relay's
     * sequence at that time is pulled. Never completes while offline (the caller bounds the wait).
     */
    public CompletableFuture<Void> sync() {
        CompletableFuture<Void> f = new CompletableFuture<>();
        actor.submit(() -> {
            waitingForNextCycle.add(f);
            requestCycle(false);
        });
        return f;
    }

    /** A connection to the relay is up (and speaks the metadata protocol): a two-way sync starts on it. */
    public void connected(Transport t) {
        Objects.requireNonNull(t, "transport");
        actor.submit(() -> {
            transport = t;
            phase = Phase.IDLE;
            inFlight = null;
            startCycle();
        });
    }

    /** The connection is gone; writes wait in the change log. */
    public void disconnected() {
        actor.submit(() -> {
            transport = null;
            phase = Phase.IDLE;
            inFlight = null;
        });
    }

    /** A message from the relay. */
    public void receive(MetaMessage m) {
        actor.submit(() -> {
            try {
                onMessage(m);
            } catch (StoreException e) {
                // The answer is not applied; the request is sent again by the retransmission and applied then.
                LOG.warn("could not store the relay's answer: {}", e.getMessage());
                listener.problem("could not save to the local store: " + e.getMessage());
            }
        });
    }

    /** Stops housekeeping; completes when done. The store stays open (its owner closes it). */
    public CompletableFuture<Void> closeAsync() {
        return call(() -> {
            closed = true;
            if (tick != null) tick.cancel();
            return null;
        });
    }

    @Override
    public void close() {
        try {
            closeAsync().join();
        } catch (RuntimeException e) {
            LOG.warn("closing the metadata session: {}", e.getMessage());
        }
    }

    // ---------------------------------------------------------------------------------------------------------------
    // The owner's work

    private record Change(MetaField field, MetaValue value) { }

    private <T> CompletableFuture<T> call(Actor.Call<T> f) {
        return actor.call(f);
    }

    private MetaRecord createOnOwner(String docId, String title) throws StoreException {
        return writeOnOwner(docId, List.of(new Change(MetaField.TITLE, new MetaValue.Text(title)),
                new Change(MetaField.CREATED, new MetaValue.Millis(Math.max(0, timer.nowMillis()))),
                new Change(MetaField.DELETED, new MetaValue.Flag(false))));
    }

    /** Stamps, stores and logs local writes in one transaction; tells the listener; schedules a sync. */
    private MetaRecord writeOnOwner(String docId, List<Change> changes) throws StoreException {
        List<FieldChange> stamped = new ArrayList<>();
        for (Change c : changes) stamped.add(new FieldChange(docId, c.field(), c.value(), clock.tick()));
        store.writeLocal(stamped);
        refreshPending();
        MetaRecord r = store.record(docId).orElseThrow();
        listener.changed(List.of(r));
        requestCycle(false);
        return r;
    }

    /** A sync soon (coalescing the writes of the next few ms), or after the one running. */
    private void requestCycle(boolean immediately) {
        if (phase != Phase.IDLE) {
            again = true;
            return;
        }
        if (immediately || options.coalesceMillis() == 0) {
            startCycle();
            return;
        }
        if (syncScheduled) return;
        syncScheduled = true;
        timer.schedule(options.coalesceMillis(), () -> actor.submit(() -> {
            syncScheduled = false;
            if (phase == Phase.IDLE) startCycle();
            else again = true;
        }));
    }

    private void startCycle() {
        if (closed || transport == null || clock == null) return;
        if (phase != Phase.IDLE) {
            again = true;
            return;
        }
        again = false;
        waitingForThisCycle.addAll(waitingForNextCycle);
        waitingForNextCycle.clear();
        lastSyncAt = timer.nowMillis();
        try {
            List<FieldChange> push = toPush();
            if (!push.isEmpty()) {
                phase = Phase.PUSHING;
                send(new MetaMessage.Push(nextId++, push));
            } else {
                phase = Phase.PULLING;
                send(new MetaMessage.Pull(nextId++, store.cursor()));
            }
        } catch (StoreException e) {
            phase = Phase.IDLE;
            listener.problem("could not read the local metadata: " + e.getMessage());
        }
    }

    /** The change log, less the writes the relay refused (offered again only at an idle sync). */
    private List<FieldChange> toPush() throws StoreException {
        List<FieldChange> out = new ArrayList<>();
        for (FieldChange c : store.pending()) {
            if (offerRefused || !refused.contains(FieldStamp.of(c))) out.add(c);
        }
        offerRefused = false;
        return out;
    }

    private void send(MetaMessage m) {
        inFlight = m;
        sentAt = timer.nowMillis();
        transport.send(m);
    }

    private void onMessage(MetaMessage m) throws StoreException {
        if (m instanceof MetaMessage.Changed c) {
            if (c.seq() > store.cursor()) requestCycle(true);
            return;
        }
        if (inFlight == null || id(inFlight) != id(m)) return; // an answer to a request this side gave up on
        if (m instanceof MetaMessage.Pushed p && phase == Phase.PUSHING) {
            store.acknowledge(p.accepted());
            refreshPending();
            p.accepted().forEach(refused::remove);
            List<MetaMessage.Refusal> fresh = new ArrayList<>();
            for (MetaMessage.Refusal r : p.refused()) if (refused.add(r.write())) fresh.add(r);
            if (!fresh.isEmpty()) { // told once per answer, not once per field nor once per retry
                listener.problem("The relay did not take " + (fresh.size() == 1 ? "a change" : fresh.size() + " changes")
                        + ": " + fresh.get(0).reason());
            }
            restampIfClockWasFixed(p.refused());
            phase = Phase.PULLING;
            send(new MetaMessage.Pull(nextId++, store.cursor()));
        } else if (m instanceof MetaMessage.Changes c && phase == Phase.PULLING) {
            applyPulled(c);
            if (c.more()) {
                send(new MetaMessage.Pull(nextId++, c.cursor()));
                return;
            }
            inFlight = null;
            phase = Phase.IDLE;
            lastSyncMillis = timer.nowMillis();
            lastSyncAt = lastSyncMillis;
            waitingForThisCycle.forEach(f -> f.complete(null));
            waitingForThisCycle.clear();
            if (again || !waitingForNextCycle.isEmpty()) startCycle();
        }
    }

    /**
     * Refused writes stamped ahead of where this side's wall clock now is were made while the clock was wrong. Then
     * every write of the change log stamped ahead of the wall clock (those refused, and those made since with a clock
     * that had to stay above them) gets a new stamp from a clock restarted from every other stamp held, and goes out
     * with the next sync. Stamps of other nodes stay in the floor: a later local write still follows what was pulled.
     */
    private void restampIfClockWasFixed(List<MetaMessage.Refusal> refusals) throws StoreException {
        long wall = timer.nowMillis();
        boolean fixed = false;
        for (MetaMessage.Refusal r : refusals) fixed |= wall < r.write().stamp().millis();
        if (!fixed) return;
        List<FieldChange> ahead = new ArrayList<>();
        Set<FieldStamp> withdrawn = new HashSet<>();
        for (FieldChange c : store.pending()) {
            if (c.stamp().millis() > wall) {
                ahead.add(c);
                withdrawn.add(FieldStamp.of(c));
            }
        }
        Hlc floor = null;
        List<FieldChange> held = new ArrayList<>(store.pending());
        for (MetaRecord r : store.records()) held.addAll(r.asChanges());
        for (FieldChange c : held) {
            if (withdrawn.contains(FieldStamp.of(c))) continue;
            if (floor == null || c.stamp().isAfter(floor)) floor = c.stamp();
        }
        clock = new HlcClock(nodeId, timer::nowMillis, floor);
        for (FieldChange c : ahead) {
            store.restamp(c, clock.tick());
            refused.remove(FieldStamp.of(c));
        }
        refreshPending();
        LOG.info("this computer's clock was set right: {} changes stamped anew", ahead.size());
        again = true;
    }

    private static long id(MetaMessage m) {
        if (m instanceof MetaMessage.Push p) return p.id();
        if (m instanceof MetaMessage.Pushed p) return p.id();
        if (m instanceof MetaMessage.Pull p) return p.id();
        if (m instanceof MetaMessage.Changes c) return c.id();
        return -1;
    }

    private void applyPulled(MetaMessage.Changes c) throws StoreException {
        Set<String> docs = new LinkedHashSet<>();
        Map<String, Boolean> wasDeleted = new java.util.HashMap<>();
        for (FieldChange f : c.changes()) {
            clock.observe(f.stamp()); // a later local write is ordered after everything pulled
            if (f.field() == MetaField.DELETED && !wasDeleted.containsKey(f.docId())) {
                wasDeleted.put(f.docId(), store.record(f.docId()).map(r -> r.deleted()).orElse(true));
            }
        }
        List<MetaStore.Numbered> won = store.mergePulled(c.changes(), c.cursor());
        for (MetaStore.Numbered n : won) docs.add(n.change().docId());
        if (docs.isEmpty()) return;
        List<MetaRecord> records = new ArrayList<>();
        for (String id : docs) store.record(id).ifPresent(records::add);
        listener.changed(records);
        for (MetaRecord r : records) {
            if (r.deleted() && Boolean.FALSE.equals(wasDeleted.get(r.docId()))) listener.deletedElsewhere(r);
        }
    }

    private void scheduleTick() {
        if (closed) return;
        tick = timer.schedule(options.tickMillis(), () -> actor.submit(this::onTick));
    }

    /** Housekeeping: resend an unanswered request; sync when idle for long. */
    private void onTick() {
        if (closed) return;
        long now = timer.nowMillis();
        // The timer reads the wall clock, which the user may set back: a negative interval counts as elapsed, or a
        // clock put right after running ahead would stop the idle sync and the resends for as long as it had run ahead.
        if (transport != null) {
            if (inFlight != null) {
                if (elapsed(sentAt, now, options.retransmitAfterMillis())) {
                    LOG.debug("no answer to metadata request {} for {} ms; sending it again", id(inFlight), now - sentAt);
                    sentAt = now;
                    transport.send(inFlight);
                }
            } else if (elapsed(lastSyncAt, now, options.idleSyncMillis())) {
                offerRefused = true;
                startCycle();
            }
        }
        scheduleTick();
    }

    private void refreshPending() {
        try {
            pendingNow = store.pending();
        } catch (StoreException e) {
            listener.problem("could not read the local change log: " + e.getMessage());
        }
    }

    private static boolean elapsed(long since, long now, long interval) {
        return now - since >= interval || now < since;
    }

    private void afterBatch() {
        if (clock == null) return;
        Status s = computeStatus();
        if (!s.equals(lastStatus)) {
            lastStatus = s;
            listener.statusChanged(s);
        }
    }

    private Status computeStatus() {
        List<FieldChange> pending = pendingNow;
        int refusedNow = 0;
        for (FieldChange c : pending) if (refused.contains(FieldStamp.of(c))) refusedNow++;
        return new Status(transport != null, pending.size(), refusedNow, lastSyncMillis);
    }
}
