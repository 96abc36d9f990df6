package dev.tandem.engine.store;

import dev.tandem.engine.sync.DocumentJournal;
import dev.tandem.engine.sync.DocumentSnapshot;
import dev.tandem.engine.sync.JournalEntry;
import dev.tandem.engine.sync.SnapshotReplay;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A {@link DocumentStore} in memory with the semantics of {@link SqliteDocumentStore}: entries are buffered until
 * {@link #commit}, a checkpoint replaces a document's committed journal by a snapshot, {@link #load} replays with
 * {@link SnapshotReplay}. For tests and tools: {@link #crash()} gives the store a restarted process would find (only
 * what was committed), and {@link #failCommits} makes writes fail the way a locked or full disk does (entries stay
 * buffered).
 *
 * <p>{@link #withoutJournal()} makes a store for clients that never restart ({@code ./tandem load}'s): commits make
 * entries durable, as here, and then forget them, so there is never a journal to checkpoint, and such a store refuses
 * to {@link #load} what it forgot.
 *
 * <p>Concurrency: every method is thread-safe; committed state is guarded by {@code this}, each document's buffer by
 * its {@code Doc}'s monitor, so that appends never wait for a commit. Lock order: {@code this}, then a {@code Doc}.
 */
public final class MemoryDocumentStore implements DocumentStore {

    private final Map<String, Doc> docs = new HashMap<>();   // guarded by this
    private final Map<String, String> settings = new HashMap<>();
    private boolean failing;
    private boolean closed;
    /** False: committed entries are forgotten (see {@link #withoutJournal()}). */
    private final boolean keepsJournal;

    public MemoryDocumentStore() {
        this(true);
    }

    private MemoryDocumentStore(boolean keepsJournal) {
        this.keepsJournal = keepsJournal;
    }

    /**
     * A store that forgets each entry once it is committed: nothing builds up, so nothing is ever checkpointed. For
     * many simulated clients in one process that never restart. Each of {@code ./tandem load}'s stands for a user's
     * machine, whose store costs nothing on the machine being measured: with 200 clients, their journals and the
     * checkpoints that bounded them took a quarter of the load generator's CPU, in the collector. {@link #load} of a
     * document whose entries were forgotten fails; {@link #crash()} is refused.
     */
    public static MemoryDocumentStore withoutJournal() {
        return new MemoryDocumentStore(false);
    }

    /**
     * A new store holding only what this one has committed, as a process restarted after a crash would find it; this
     * store is left as it was.
     */
    public synchronized MemoryDocumentStore crash() {
        if (!keepsJournal) throw new IllegalStateException("a store without a journal cannot be restarted");
        MemoryDocumentStore next = new MemoryDocumentStore();
        next.settings.putAll(settings);
        for (Doc d : docs.values()) {
            Doc copy = next.doc(d.id);
            copy.snapshot = d.snapshot;
            copy.committed.addAll(d.committed);
            synchronized (d) {
                copy.nextSeq = d.snapshotSeq + d.committed.size() + 1;
                copy.durableSeq = copy.nextSeq - 1;
                copy.snapshotSeq = d.snapshotSeq;
            }
        }
        return next;
    }

    /** While true, every write fails with a StoreException and keeps its entries buffered (for tests of retries). */
    public synchronized void failCommits(boolean value) {
        failing = value;
    }

    private synchronized Doc doc(String docId) {
        return docs.computeIfAbsent(docId, Doc::new);
    }

    @Override
    public DocumentJournal journal(String docId) {
        return doc(docId).journal;
    }

    @Override
    public long journalLength(String docId) {
        Doc d;
        synchronized (this) {
            d = docs.get(docId);
        }
        if (d == null) return 0;
        synchronized (d) {
            return keepsJournal ? d.nextSeq - 1 - d.snapshotSeq : d.pending.size();
        }
    }

    @Override
    public synchronized void commit() throws StoreException {
        write(null, "save the latest edits");
    }

    @Override
    public synchronized void checkpoint(DocumentSnapshot snapshot) throws StoreException {
        Doc d = doc(snapshot.docId());
        long through = write(d, "save a checkpoint of " + d.id);
        d.snapshot = snapshot;
        d.committed.clear();
        synchronized (d) {
            d.snapshotSeq = through;
        }
    }

    @Override
    public synchronized void checkpoint(DocumentSnapshot snapshot, long asOf) throws StoreException {
        Doc d = doc(snapshot.docId());
        long last;
        synchronized (d) {
            last = d.nextSeq - 1;
        }
        if (asOf > last) {
            throw new IllegalArgumentException("checkpoint of " + d.id + " as of entry " + asOf + ", past its latest entry " + last);
        }
        write(null, "save a checkpoint of " + d.id);
        synchronized (d) {
            if (d.deleted || (d.snapshot != null && asOf <= d.snapshotSeq)) return;
            // committed holds the entries after snapshotSeq, in order: those up to asOf are in the snapshot now
            d.committed.subList(0, (int) Math.min(d.committed.size(), asOf - d.snapshotSeq)).clear();
            d.snapshot = snapshot;
            d.snapshotSeq = asOf;
        }
    }

    /** The document's state, including what is still buffered (this commits it first). */
    @Override
    public synchronized Optional<DocumentSnapshot> load(String docId) throws StoreException {
        write(null, "save the latest edits");
        Doc d = docs.get(docId);
        if (d != null && d.forgotten) {
            throw new StoreException("this store keeps no journal: the state of " + docId + " cannot be loaded again");
        }
        if (d == null || (d.snapshot == null && d.committed.isEmpty())) return Optional.empty();
        SnapshotReplay replay = new SnapshotReplay(
                d.snapshot != null ? d.snapshot : new DocumentSnapshot(docId, "", List.of(), List.of()));
        try {
            for (JournalEntry e : d.committed) replay.apply(e);
        } catch (IllegalStateException e) {
            throw new StoreException("the stored state of " + docId + " is damaged: " + e.getMessage(), e);
        }
        return Optional.of(replay.result());
    }

    @Override
    public synchronized List<String> documentIds() {
        List<String> ids = new ArrayList<>();
        for (Doc d : docs.values()) {
            synchronized (d) {
                if (d.snapshot != null || d.nextSeq > 1) ids.add(d.id);
            }
        }
        return ids;
    }

    @Override
    public synchronized void delete(String docId) throws StoreException {
        Doc d = docs.get(docId);
        write(d, "delete " + docId);
        if (d != null) {
            synchronized (d) {
                d.deleted = true;
            }
            docs.remove(docId);
        }
    }

    @Override
    public synchronized Optional<String> setting(String key) throws StoreException {
        ensureOpen();
        return Optional.ofNullable(settings.get(key));
    }

    @Override
    public synchronized void putSetting(String key, String value) throws StoreException {
        write(null, "save the setting " + key);
        settings.put(key, value);
    }

    @Override
    public synchronized void close() throws StoreException {
        if (closed) return;
        commit();
        closed = true;
    }

    private void ensureOpen() throws StoreException {
        if (closed) throw new StoreException("the store is closed");
    }

    /**
     * Moves every buffer (except {@code skip}'s, which the caller replaces) to the committed entries, or fails.
     * Returns the number of {@code skip}'s last entry when its buffer was taken (0 without {@code skip}).
     */
    private long write(Doc skip, String what) throws StoreException {
        ensureOpen();
        if (failing) {
            throw new StoreException("could not " + what + " (simulated failure); the edits stay in memory");
        }
        long through = 0;
        for (Doc d : docs.values()) {
            synchronized (d) {
                if (d == skip) through = d.nextSeq - 1;
                List<JournalEntry> taken = d.take();
                if (d != skip && keepsJournal) d.committed.addAll(taken);
                if (!keepsJournal && !taken.isEmpty()) d.forgotten = true;
                d.durableSeq = d.nextSeq - 1;
            }
        }
        return through;
    }

    /** One document. Concurrency: {@code pending}, the sequence numbers and {@code deleted} are guarded by the Doc. */
    private static final class Doc {
        final String id;
        final DocumentJournal journal = DocumentJournal.of(this::append, this::lastSeq, () -> this.durableSeq);
        /** Entries up to this sequence number are committed (written under the Doc's monitor, read by anyone). */
        volatile long durableSeq;
        // guarded by the store
        DocumentSnapshot snapshot;
        /** Committed entries were forgotten (a store without a journal): the document cannot be loaded again. */
        boolean forgotten;
        final List<JournalEntry> committed = new ArrayList<>();
        // guarded by this
        List<JournalEntry> pending = new ArrayList<>();
        long nextSeq = 1;
        long snapshotSeq;
        boolean deleted;

        Doc(String id) {
            this.id = id;
        }

        synchronized void append(JournalEntry entry) {
            if (deleted) throw new IllegalStateException("document " + id + " was deleted from the store");
            pending.add(entry);
            nextSeq++;
        }

        synchronized long lastSeq() {
            return nextSeq - 1;
        }

        synchronized List<JournalEntry> take() {
            List<JournalEntry> t = pending;
            pending = new ArrayList<>();
            return t;
        }
    }
}
