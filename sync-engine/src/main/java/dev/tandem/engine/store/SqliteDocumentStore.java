package dev.tandem.engine.store;

import dev.tandem.engine.sync.DocumentJournal;
import dev.tandem.engine.sync.DocumentSnapshot;
import dev.tandem.engine.sync.JournalEntry;
import dev.tandem.engine.sync.SnapshotReplay;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Queue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * A {@link DocumentStore} in one SQLite file (one per client, one per hub), in WAL mode, with the schema of
 * {@link SqliteSchema}.
 *
 * <p>Writes are a log with checkpoints and group commit: {@link #journal} encodes each entry at once into the
 * document's in-memory buffer ({@link JournalCodec}); {@link #commit} writes every document's buffer as one row per
 * document in one transaction (one prepared batch insert); {@link #checkpoint} replaces a document's journal by a
 * snapshot. No step rewrites a whole text except a checkpoint. {@link #load} replays the snapshot and the journal with
 * {@link SnapshotReplay}.
 *
 * <p>Durability: a commit that returned is in the WAL; with {@link StoreOptions.Synchronous#NORMAL} it survives a
 * killed process, with {@link StoreOptions.Synchronous#FULL} a power loss too. A commit that failed (a lock held too
 * long, a full disk, a closed store) leaves every entry buffered, in order, for the next commit; nothing is dropped.
 *
 * <p>Concurrency: the store owns one JDBC connection, guarded by {@code lock}: {@link #commit}, {@link #checkpoint},
 * {@link #load}, {@link #delete}, the settings and {@link #close} may be called from any thread and run one at a time.
 * Each document's buffer is guarded by its {@code Doc}'s monitor (a document with buffered entries is also in the
 * lock-free {@code dirty} queue, so that a commit visits only those); {@link DocumentJournal#append} takes only that
 * monitor (never the connection lock), so the owner's appends do not wait for a commit's disk writes. Lock order:
 * {@code lock}, then a {@code Doc}. Appends to one document must come from its single owner, in order (the journal
 * contract); {@link #checkpoint} and {@link #delete} of a document are meant for that owner too.
 */
public final class SqliteDocumentStore implements DocumentStore {

    private static final String INSERT_JOURNAL =
            "INSERT INTO journal (doc_id, first_seq, last_seq, entries) VALUES (?, ?, ?, ?)";
    private static final String UPSERT_SNAPSHOT = "INSERT INTO document (doc_id, snapshot, snapshot_seq) VALUES (?, ?, ?) "
            + "ON CONFLICT (doc_id) DO UPDATE SET snapshot = excluded.snapshot, snapshot_seq = excluded.snapshot_seq";
    private static final String DELETE_JOURNAL = "DELETE FROM journal WHERE doc_id = ?";
    private static final String DELETE_JOURNAL_THROUGH = "DELETE FROM journal WHERE doc_id = ? AND last_seq <= ?";
    private static final String DELETE_DOCUMENT = "DELETE FROM document WHERE doc_id = ?";
    private static final String SELECT_SNAPSHOT = "SELECT snapshot, snapshot_seq FROM document WHERE doc_id = ?";
    private static final String SELECT_JOURNAL =
            "SELECT first_seq, last_seq, entries FROM journal WHERE doc_id = ? AND last_seq > ? ORDER BY first_seq";
    private static final String SELECT_SETTING = "SELECT value FROM setting WHERE key = ?";
    private static final String UPSERT_SETTING =
            "INSERT INTO setting (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value";

    private final Path file;
    private final Object lock = new Object();
    private final Map<String, Doc> docs = new ConcurrentHashMap<>();
    /** Documents that may have buffered entries (a commit looks at these, not at every document of a hub). */
    private final Queue<Doc> dirty = new ConcurrentLinkedQueue<>();

    // Guarded by lock.
    private final Connection conn;
    private final PreparedStatement insertJournal;
    private boolean closed;

    private SqliteDocumentStore(Path file, Connection conn) throws SQLException {
        this.file = file;
        this.conn = conn;
        this.insertJournal = conn.prepareStatement(INSERT_JOURNAL);
    }

    /**
     * Opens (or creates) the store in {@code file}, creating missing parent folders and migrating an older schema in
     * place. Fails with a StoreException naming the reason for a file of a newer schema version, a file of another
     * application, or one SQLite cannot open.
     */
    public static SqliteDocumentStore open(Path file, StoreOptions options) throws StoreException {
        Path abs = file.toAbsolutePath();
        Connection conn = SqliteFiles.open(abs, options);
        try {
            SqliteDocumentStore store = new SqliteDocumentStore(abs, conn);
            store.readDocuments();
            return store;
        } catch (SQLException e) {
            SqliteFiles.closeQuietly(conn, e);
            throw new StoreException("cannot open the store " + abs + ": " + e.getMessage(), e);
        } catch (RuntimeException e) {
            SqliteFiles.closeQuietly(conn, e);
            throw e;
        }
    }


    /** Reads every document's sequence numbers, so that appends and {@link #journalLength} need no query. */
    private void readDocuments() throws SQLException {
        try (Statement st = conn.createStatement()) {
            try (ResultSet rs = st.executeQuery("SELECT doc_id, snapshot_seq FROM document")) {
                while (rs.next()) {
                    Doc d = doc(rs.getString(1));
                    d.snapshotSeq = rs.getLong(2);
                    d.hasSnapshot = true;
                    d.nextSeq = Math.max(d.nextSeq, d.snapshotSeq + 1);
                }
            }
            try (ResultSet rs = st.executeQuery("SELECT doc_id, MAX(last_seq) FROM journal GROUP BY doc_id")) {
                while (rs.next()) {
                    Doc d = doc(rs.getString(1));
                    d.nextSeq = Math.max(d.nextSeq, rs.getLong(2) + 1);
                }
            }
        }
        for (Doc d : docs.values()) d.durable(d.nextSeq - 1); // what the file holds is durable
        conn.commit();
    }

    private Doc doc(String docId) {
        return docs.computeIfAbsent(docId, id -> new Doc(id, dirty));
    }

    /** The file this store lives in. */
    public Path file() {
        return file;
    }

    @Override
    public DocumentJournal journal(String docId) {
        return doc(docId).journal;
    }

    @Override
    public long journalLength(String docId) {
        Doc d = docs.get(docId);
        if (d == null) return 0;
        synchronized (d) {
            return d.nextSeq - 1 - d.snapshotSeq;
        }
    }

    @Override
    public void commit() throws StoreException {
        synchronized (lock) {
            write(null, null, "save the latest edits");
        }
    }

    /** Commits what is buffered (the snapshot must include the document's buffered entries), then replaces. */
    @Override
    public void checkpoint(DocumentSnapshot snapshot) throws StoreException {
        byte[] blob = JournalCodec.encodeSnapshot(snapshot);
        Doc d = doc(snapshot.docId());
        synchronized (lock) {
            long[] seq = new long[1];
            write(d, tx -> {
                seq[0] = tx.skippedThrough;
                try (PreparedStatement up = conn.prepareStatement(UPSERT_SNAPSHOT);
                     PreparedStatement del = conn.prepareStatement(DELETE_JOURNAL)) {
                    up.setString(1, d.id);
                    up.setBytes(2, blob);
                    up.setLong(3, seq[0]);
                    up.executeUpdate();
                    del.setString(1, d.id);
                    del.executeUpdate();
                }
            }, "save a checkpoint of " + d.id);
            synchronized (d) {
                d.snapshotSeq = seq[0];
                d.hasSnapshot = true;
            }
        }
    }

    /**
     * Encodes the snapshot outside the connection's lock, commits what is buffered with the snapshot in one
     * transaction, and deletes the journal rows it covers in a second one: commits wait for neither the encoding nor the
     * deletion (a checkpoint of 200 views of a 380,000-char text held the lock for about 220 ms). A crash between the
     * two leaves rows that {@link #load} skips. A row that straddles {@code asOf} stays, and load skips its entries up
     * to it.
     */
    @Override
    public void checkpoint(DocumentSnapshot snapshot, long asOf) throws StoreException {
        byte[] blob = JournalCodec.encodeSnapshot(snapshot);
        Doc d = doc(snapshot.docId());
        synchronized (lock) {
            synchronized (d) {
                if (asOf > d.lastSeq()) {
                    throw new IllegalArgumentException("checkpoint of " + d.id + " as of entry " + asOf
                            + ", past its latest entry " + d.lastSeq());
                }
                if (d.deleted || (d.hasSnapshot && asOf <= d.snapshotSeq)) return;
            }
            write(null, tx -> {
                try (PreparedStatement up = conn.prepareStatement(UPSERT_SNAPSHOT)) {
                    up.setString(1, d.id);
                    up.setBytes(2, blob);
                    up.setLong(3, asOf);
                    up.executeUpdate();
                }
            }, "save a checkpoint of " + d.id);
            synchronized (d) {
                d.snapshotSeq = asOf;
                d.hasSnapshot = true;
            }
        }
        synchronized (lock) {
            write(null, tx -> {
                try (PreparedStatement del = conn.prepareStatement(DELETE_JOURNAL_THROUGH)) {
                    del.setString(1, d.id);
                    del.setLong(2, asOf);
                    del.executeUpdate();
                }
            }, "forget the journal that a checkpoint of " + d.id + " replaced");
        }
    }

    /**
     * The document's state, including what is still buffered (this commits it first), or empty if the store has
     * never seen the document.
     */
    @Override
    public Optional<DocumentSnapshot> load(String docId) throws StoreException {
        synchronized (lock) {
            write(null, null, "save the latest edits");
            byte[] snapshotBlob = null;
            long snapshotSeq = 0;
            List<JournalEntry> entries = new ArrayList<>();
            long expected;
            try {
                try (PreparedStatement ps = conn.prepareStatement(SELECT_SNAPSHOT)) {
                    ps.setString(1, docId);
                    try (ResultSet rs = ps.executeQuery()) {
                        if (rs.next()) {
                            snapshotBlob = rs.getBytes(1);
                            snapshotSeq = rs.getLong(2);
                        }
                    }
                }
                expected = snapshotSeq + 1;
                try (PreparedStatement ps = conn.prepareStatement(SELECT_JOURNAL)) {
                    ps.setString(1, docId);
                    ps.setLong(2, snapshotSeq);
                    try (ResultSet rs = ps.executeQuery()) {
                        while (rs.next()) {
                            long first = rs.getLong(1);
                            long last = rs.getLong(2);
                            if (first > expected) {
                                throw damaged(docId, "journal entry " + expected + " is missing (next is " + first + ")", null);
                            }
                            int before = entries.size();
                            JournalCodec.decodeEntries(rs.getBytes(3), entries);
                            if (entries.size() - before != last - first + 1) {
                                throw damaged(docId, "journal row " + first + ".." + last + " holds "
                                        + (entries.size() - before) + " entries", null);
                            }
                            // A row that straddles the snapshot (a checkpoint made off the owner, as of an entry
                            // inside a commit's batch): its entries up to the snapshot are in it already.
                            if (first < expected) entries.subList(before, before + (int) (expected - first)).clear();
                            expected = last + 1;
                        }
                    }
                }
                conn.commit();
            } catch (SQLException e) {
                rollback(e);
                throw new StoreException("could not read " + docId + " from " + file + ": " + e.getMessage(), e);
            } catch (IllegalArgumentException e) {
                rollback(e);
                throw damaged(docId, e.getMessage(), e);
            }
            if (snapshotBlob == null && entries.isEmpty()) return Optional.empty();
            try {
                DocumentSnapshot start = snapshotBlob == null
                        ? new DocumentSnapshot(docId, "", List.of(), List.of())
                        : JournalCodec.decodeSnapshot(snapshotBlob);
                if (!start.docId().equals(docId)) throw damaged(docId, "its snapshot names " + start.docId(), null);
                SnapshotReplay replay = new SnapshotReplay(start);
                for (JournalEntry e : entries) replay.apply(e);
                return Optional.of(replay.result());
            } catch (IllegalArgumentException | IllegalStateException e) {
                throw damaged(docId, e.getMessage(), e);
            }
        }
    }

    private StoreException damaged(String docId, String why, Throwable cause) {
        return new StoreException("the stored state of " + docId + " in " + file + " is damaged: " + why, cause);
    }

    @Override
    public List<String> documentIds() {
        List<String> ids = new ArrayList<>();
        for (Doc d : docs.values()) {
            synchronized (d) {
                if (d.hasSnapshot || d.nextSeq > 1) ids.add(d.id);
            }
        }
        return ids;
    }

    @Override
    public void delete(String docId) throws StoreException {
        synchronized (lock) {
            Doc d = docs.get(docId);
            write(d, tx -> {
                for (String sql : List.of(DELETE_JOURNAL, DELETE_DOCUMENT)) {
                    try (PreparedStatement ps = conn.prepareStatement(sql)) {
                        ps.setString(1, docId);
                        ps.executeUpdate();
                    }
                }
            }, "delete " + docId);
            if (d != null) {
                synchronized (d) {
                    d.deleted = true;
                }
                docs.remove(docId, d);
            }
        }
    }

    @Override
    public Optional<String> setting(String key) throws StoreException {
        synchronized (lock) {
            ensureOpen();
            try (PreparedStatement ps = conn.prepareStatement(SELECT_SETTING)) {
                ps.setString(1, key);
                String value;
                try (ResultSet rs = ps.executeQuery()) {
                    value = rs.next() ? rs.getString(1) : null;
                }
                conn.commit();
                return Optional.ofNullable(value);
            } catch (SQLException e) {
                rollback(e);
                throw new StoreException("could not read the setting " + key + " from " + file + ": " + e.getMessage(), e);
            }
        }
    }

    /** Stores the setting and commits every buffered entry with it, in one transaction. */
    @Override
    public void putSetting(String key, String value) throws StoreException {
        synchronized (lock) {
            write(null, tx -> {
                try (PreparedStatement ps = conn.prepareStatement(UPSERT_SETTING)) {
                    ps.setString(1, key);
                    ps.setString(2, value);
                    ps.executeUpdate();
                }
            }, "save the setting " + key);
        }
    }

    /**
     * Commits what is buffered and closes. If the commit fails, the store stays open with the entries buffered, and
     * close can be retried.
     */
    @Override
    public void close() throws StoreException {
        synchronized (lock) {
            if (closed) return;
            commit();
            closed = true;
            try {
                insertJournal.close();
                conn.close();
            } catch (SQLException e) {
                throw new StoreException("could not close " + file + ": " + e.getMessage(), e);
            }
        }
    }

    /** The value of a PRAGMA on this store's connection (for tests and diagnostics). */
    String pragma(String name) throws StoreException {
        synchronized (lock) {
            ensureOpen();
            try (Statement st = conn.createStatement()) {
                String value;
                try (ResultSet rs = st.executeQuery("PRAGMA " + name)) {
                    value = rs.next() ? rs.getString(1) : null;
                }
                conn.commit();
                return value;
            } catch (SQLException e) {
                rollback(e);
                throw new StoreException("could not read PRAGMA " + name + ": " + e.getMessage(), e);
            }
        }
    }

    /** Closes the connection without committing: what a killed process leaves behind (for crash tests and simulations). */
    public void abandon() throws SQLException {
        synchronized (lock) {
            closed = true;
            conn.close();
        }
    }

    /** A statement run inside a commit's transaction. */
    @FunctionalInterface
    private interface TxAction {
        void run(Tx tx) throws SQLException;
    }

    /** What a {@link TxAction} learns: the last entry of the skipped document when its buffer was taken. */
    private record Tx(long skippedThrough) {}

    /**
     * The one write path: in one transaction, inserts every document's buffered entries (except {@code skip}'s, which
     * a checkpoint or a deletion replaces), then runs {@code action}. On failure, rolls back and puts every taken
     * entry back in front of its buffer.
     */
    private void write(Doc skip, TxAction action, String what) throws StoreException {
        ensureOpen();
        List<Taken> taken = new ArrayList<>();
        long skippedThrough = 0;
        for (Doc d = dirty.poll(); d != null; d = dirty.poll()) {
            if (d == skip) continue; // taken below
            Taken t = d.take();
            if (t != null) taken.add(t);
        }
        if (skip != null) {
            synchronized (skip) { // the buffer and its last number in one step: the snapshot covers exactly these
                skippedThrough = skip.lastSeq();
                Taken t = skip.take();
                if (t != null) taken.add(t);
            }
        }
        if (taken.isEmpty() && action == null) return;
        try {
            boolean batched = false;
            for (Taken t : taken) {
                if (t.doc == skip) continue;
                insertJournal.setString(1, t.doc.id);
                insertJournal.setLong(2, t.firstSeq);
                insertJournal.setLong(3, t.lastSeq);
                insertJournal.setBytes(4, t.bytes.toByteArray());
                insertJournal.addBatch();
                batched = true;
            }
            if (batched) insertJournal.executeBatch();
            if (action != null) action.run(new Tx(skippedThrough));
            conn.commit();
            for (Taken t : taken) t.doc.durable(t.lastSeq);
        } catch (SQLException | RuntimeException e) {
            try {
                insertJournal.clearBatch();
            } catch (SQLException c) {
                e.addSuppressed(c);
            }
            rollback(e);
            for (Taken t : taken) t.doc.restore(t);
            int count = taken.stream().mapToInt(t -> t.count).sum();
            if (e instanceof RuntimeException r) throw r;
            throw new StoreException("could not " + what + " in " + file + " (" + e.getMessage() + "); " + count
                    + " edits stay in memory and will be saved by the next commit", e);
        }
    }

    private void rollback(Exception cause) {
        try {
            conn.rollback();
        } catch (SQLException r) {
            cause.addSuppressed(r);
        }
    }

    private void ensureOpen() throws StoreException {
        if (closed) throw new StoreException("the store " + file + " is closed");
    }

    /** Entries taken from a document's buffer by a commit. */
    private record Taken(Doc doc, JournalCodec.Output bytes, int count, long firstSeq, long lastSeq) {}

    /** One document's buffer and sequence numbers. Concurrency: fields guarded by the Doc's monitor. */
    private static final class Doc {
        final String id;
        final DocumentJournal journal = DocumentJournal.of(this::append, this::lastSeq, () -> this.durableSeq);
        /** Entries up to this sequence number are committed: acknowledgements may count what they record. */
        private volatile long durableSeq;
        private final Queue<Doc> dirty;
        JournalCodec.Output pending = newBuffer();
        int pendingCount;
        long firstPendingSeq;
        /** The sequence number the next appended entry gets. */
        long nextSeq = 1;
        /** The last entry included in the stored snapshot (0: none). */
        long snapshotSeq;
        boolean hasSnapshot;
        boolean deleted;

        Doc(String id, Queue<Doc> dirty) {
            this.id = id;
            this.dirty = dirty;
        }

        private static JournalCodec.Output newBuffer() {
            JournalCodec.Output out = new JournalCodec.Output(256);
            out.writeHeader();
            return out;
        }

        synchronized void append(JournalEntry entry) {
            if (deleted) throw new IllegalStateException("document " + id + " was deleted from the store");
            int mark = pending.size();
            try {
                pending.writeEntry(entry);
            } catch (RuntimeException e) {
                pending.truncate(mark);
                throw e;
            }
            if (pendingCount == 0) {
                firstPendingSeq = nextSeq;
                dirty.add(this);
            }
            pendingCount++;
            nextSeq++;
        }

        /** A commit made entries up to {@code seq} durable. */
        synchronized void durable(long seq) {
            if (seq > durableSeq) durableSeq = seq;
        }

        synchronized long lastSeq() {
            return nextSeq - 1;
        }

        synchronized Taken take() {
            if (pendingCount == 0) return null;
            Taken t = new Taken(this, pending, pendingCount, firstPendingSeq, firstPendingSeq + pendingCount - 1);
            pending = newBuffer();
            pendingCount = 0;
            return t;
        }

        /** Puts taken entries back in front of what was appended since. */
        synchronized void restore(Taken t) {
            JournalCodec.Output merged = new JournalCodec.Output(t.bytes.size() + pending.size());
            merged.append(t.bytes, 0);
            merged.append(pending, 1);
            pending = merged;
            if (pendingCount == 0) dirty.add(this);
            pendingCount += t.count;
            firstPendingSeq = t.firstSeq;
        }
    }
}
