package dev.tandem.engine.store;

import dev.tandem.engine.meta.FieldChange;
import dev.tandem.engine.meta.FieldStamp;
import dev.tandem.engine.meta.Hlc;
import dev.tandem.engine.meta.MetaCodec;
import dev.tandem.engine.meta.MetaField;
import dev.tandem.engine.meta.MetaMerge;
import dev.tandem.engine.meta.MetaRecord;
import dev.tandem.engine.meta.MetaValue;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A {@link MetaStore} in a Tandem SQLite file (the same file as the documents' {@link SqliteDocumentStore}: a client's
 * {@code client.db} or {@code tandem.db}, a relay's {@code hub.db}), in the tables of schema version 2
 * ({@link SqliteSchema}). It has its own connection, so metadata writes never wait behind the document store's group
 * commits and the document store's code stays as it is; in WAL mode the two connections read concurrently and write one
 * at a time (each waits up to the busy timeout).
 *
 * <p>Every public method is one transaction, committed before it returns (metadata changes come at the pace of a
 * person renaming or tagging, so there is nothing to gain from group commit here).
 *
 * <p>Concurrency: every method is synchronized on the store (one JDBC connection).
 */
public final class SqliteMetaStore implements MetaStore {

    private static final String SELECT_FIELD = "SELECT value, stamp FROM meta_field WHERE doc_id = ? AND field = ?";
    private static final String UPSERT_FIELD = "INSERT INTO meta_field (doc_id, field, value, stamp, seq) VALUES (?, ?, ?, ?, ?) "
            + "ON CONFLICT (doc_id, field) DO UPDATE SET value = excluded.value, stamp = excluded.stamp, seq = excluded.seq";
    private static final String UPSERT_PENDING = "INSERT INTO meta_pending (doc_id, field, value, stamp, added) VALUES (?, ?, ?, ?, ?) "
            + "ON CONFLICT (doc_id, field) DO UPDATE SET value = excluded.value, stamp = excluded.stamp, added = excluded.added";
    private static final String DELETE_PENDING = "DELETE FROM meta_pending WHERE doc_id = ? AND field = ? AND stamp = ?";
    private static final String UPSERT_CURSOR = "INSERT INTO meta_state (key, value) VALUES ('cursor', ?) "
            + "ON CONFLICT (key) DO UPDATE SET value = excluded.value";

    private final Path file;
    private final Connection conn;
    private long seq;
    private long added;
    private boolean closed;

    private SqliteMetaStore(Path file, Connection conn) {
        this.file = file;
        this.conn = conn;
    }

    /** Opens (or creates) the metadata tables of the Tandem store in {@code file}, migrating it if needed. */
    public static SqliteMetaStore open(Path file, StoreOptions options) throws StoreException {
        Path abs = file.toAbsolutePath();
        Connection conn = SqliteFiles.open(abs, options);
        try {
            SqliteMetaStore s = new SqliteMetaStore(abs, conn);
            try (Statement st = conn.createStatement()) {
                try (ResultSet rs = st.executeQuery("SELECT COALESCE(MAX(seq), 0) FROM meta_field")) {
                    s.seq = rs.next() ? rs.getLong(1) : 0;
                }
                try (ResultSet rs = st.executeQuery("SELECT COALESCE(MAX(added), 0) FROM meta_pending")) {
                    s.added = rs.next() ? rs.getLong(1) : 0;
                }
            }
            conn.commit();
            return s;
        } catch (SQLException e) {
            SqliteFiles.closeQuietly(conn, e);
            throw new StoreException("cannot open the metadata of " + abs + ": " + e.getMessage(), e);
        } catch (RuntimeException e) {
            SqliteFiles.closeQuietly(conn, e);
            throw e;
        }
    }

    @FunctionalInterface
    private interface Work<T> {
        T run() throws SQLException;
    }

    /** Runs {@code w} as one transaction; on failure rolls back (and the in-memory counters with it). */
    private synchronized <T> T tx(String what, Work<T> w) throws StoreException {
        if (closed) throw new StoreException("the metadata store " + file + " is closed");
        long seqBefore = seq;
        long addedBefore = added;
        try {
            T result = w.run();
            conn.commit();
            return result;
        } catch (SQLException | RuntimeException e) {
            seq = seqBefore;
            added = addedBefore;
            try {
                conn.rollback();
            } catch (SQLException r) {
                e.addSuppressed(r);
            }
            if (e instanceof RuntimeException re && !(e instanceof IllegalArgumentException)) throw re;
            throw new StoreException("cannot " + what + " in " + file + ": " + e.getMessage(), e);
        }
    }

    @Override
    public List<MetaRecord> records() throws StoreException {
        return tx("read the metadata", () -> {
            Map<String, EnumMap<MetaField, MetaRecord.Stamped>> byDoc = new LinkedHashMap<>();
            try (Statement st = conn.createStatement();
                 ResultSet rs = st.executeQuery("SELECT doc_id, field, value, stamp FROM meta_field ORDER BY doc_id")) {
                while (rs.next()) {
                    MetaField f = MetaField.ofWireName(rs.getString(2));
                    byDoc.computeIfAbsent(rs.getString(1), k -> new EnumMap<>(MetaField.class))
                            .put(f, new MetaRecord.Stamped(MetaCodec.valueFromText(f, rs.getString(3)), Hlc.parse(rs.getString(4))));
                }
            }
            List<MetaRecord> out = new ArrayList<>(byDoc.size());
            byDoc.forEach((id, fields) -> out.add(new MetaRecord(id, fields)));
            return out;
        });
    }

    @Override
    public Optional<MetaRecord> record(String docId) throws StoreException {
        return tx("read the metadata of " + docId, () -> {
            EnumMap<MetaField, MetaRecord.Stamped> fields = new EnumMap<>(MetaField.class);
            try (PreparedStatement ps = conn.prepareStatement("SELECT field, value, stamp FROM meta_field WHERE doc_id = ?")) {
                ps.setString(1, docId);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        MetaField f = MetaField.ofWireName(rs.getString(1));
                        fields.put(f, new MetaRecord.Stamped(MetaCodec.valueFromText(f, rs.getString(2)), Hlc.parse(rs.getString(3))));
                    }
                }
            }
            return fields.isEmpty() ? Optional.<MetaRecord>empty() : Optional.of(new MetaRecord(docId, fields));
        });
    }

    @Override
    public List<Numbered> merge(List<FieldChange> changes) throws StoreException {
        return tx("save metadata", () -> mergeInTx(changes));
    }

    @Override
    public List<Numbered> mergePulled(List<FieldChange> changes, long cursor) throws StoreException {
        return tx("save pulled metadata", () -> {
            List<Numbered> out = mergeInTx(changes);
            try (PreparedStatement ps = conn.prepareStatement(UPSERT_CURSOR)) {
                ps.setLong(1, cursor);
                ps.executeUpdate();
            }
            return out;
        });
    }

    @Override
    public List<Numbered> writeLocal(List<FieldChange> changes) throws StoreException {
        return tx("save a metadata change", () -> {
            List<Numbered> out = mergeInTx(changes);
            try (PreparedStatement ps = conn.prepareStatement(UPSERT_PENDING)) {
                for (FieldChange c : changes) {
                    ps.setString(1, c.docId());
                    ps.setString(2, c.field().wireName());
                    ps.setString(3, MetaCodec.valueText(c.value()));
                    ps.setString(4, c.stamp().toString());
                    ps.setLong(5, ++added);
                    ps.addBatch();
                }
                ps.executeBatch();
            }
            return out;
        });
    }

    private List<Numbered> mergeInTx(List<FieldChange> changes) throws SQLException {
        List<Numbered> out = new ArrayList<>();
        try (PreparedStatement select = conn.prepareStatement(SELECT_FIELD);
             PreparedStatement upsert = conn.prepareStatement(UPSERT_FIELD)) {
            for (FieldChange c : changes) {
                select.setString(1, c.docId());
                select.setString(2, c.field().wireName());
                MetaRecord.Stamped current = null;
                try (ResultSet rs = select.executeQuery()) {
                    if (rs.next()) current = new MetaRecord.Stamped(MetaCodec.valueFromText(c.field(), rs.getString(1)), Hlc.parse(rs.getString(2)));
                }
                if (!MetaMerge.wins(c.value(), c.stamp(), current)) continue;
                upsert.setString(1, c.docId());
                upsert.setString(2, c.field().wireName());
                upsert.setString(3, MetaCodec.valueText(c.value()));
                upsert.setString(4, c.stamp().toString());
                upsert.setLong(5, ++seq);
                upsert.executeUpdate();
                out.add(new Numbered(seq, c));
            }
        }
        return out;
    }

    @Override
    public void restamp(FieldChange old, Hlc stamp) throws StoreException {
        tx("give a change a new stamp", () -> {
            try (PreparedStatement f = conn.prepareStatement(
                    "UPDATE meta_field SET stamp = ?, seq = ? WHERE doc_id = ? AND field = ? AND stamp = ?")) {
                f.setString(1, stamp.toString());
                f.setLong(2, seq + 1);
                f.setString(3, old.docId());
                f.setString(4, old.field().wireName());
                f.setString(5, old.stamp().toString());
                if (f.executeUpdate() > 0) seq++;
            }
            try (PreparedStatement p = conn.prepareStatement(
                    "UPDATE meta_pending SET stamp = ? WHERE doc_id = ? AND field = ? AND stamp = ?")) {
                p.setString(1, stamp.toString());
                p.setString(2, old.docId());
                p.setString(3, old.field().wireName());
                p.setString(4, old.stamp().toString());
                p.executeUpdate();
            }
            return null;
        });
    }

    @Override
    public List<FieldChange> pending() throws StoreException {
        return tx("read the change log", () -> {
            List<FieldChange> out = new ArrayList<>();
            try (Statement st = conn.createStatement();
                 ResultSet rs = st.executeQuery("SELECT doc_id, field, value, stamp FROM meta_pending ORDER BY added")) {
                while (rs.next()) out.add(change(rs));
            }
            return out;
        });
    }

    @Override
    public void acknowledge(List<FieldStamp> acknowledged) throws StoreException {
        tx("update the change log", () -> {
            try (PreparedStatement ps = conn.prepareStatement(DELETE_PENDING)) {
                for (FieldStamp a : acknowledged) {
                    ps.setString(1, a.docId());
                    ps.setString(2, a.field().wireName());
                    ps.setString(3, a.stamp().toString());
                    ps.addBatch();
                }
                ps.executeBatch();
            }
            return null;
        });
    }

    @Override
    public long cursor() throws StoreException {
        return tx("read the pull cursor", () -> {
            try (Statement st = conn.createStatement();
                 ResultSet rs = st.executeQuery("SELECT value FROM meta_state WHERE key = 'cursor'")) {
                return rs.next() ? rs.getLong(1) : 0L;
            }
        });
    }

    @Override
    public synchronized long lastSeq() throws StoreException {
        if (closed) throw new StoreException("the metadata store " + file + " is closed");
        return seq;
    }

    @Override
    public List<Numbered> changesSince(long afterSeq, String docPrefix, int limit) throws StoreException {
        return tx("read metadata changes", () -> {
            List<Numbered> out = new ArrayList<>();
            // Prefix match by range (doc_id >= prefix AND < prefix + U+FFFF) would need another index; the seq index
            // bounds the scan to the changes since the cursor, which is what a pull has to read anyway.
            try (PreparedStatement ps = conn.prepareStatement(
                    "SELECT seq, doc_id, field, value, stamp FROM meta_field WHERE seq > ? AND substr(doc_id, 1, ?) = ? ORDER BY seq LIMIT ?")) {
                ps.setLong(1, afterSeq);
                ps.setInt(2, docPrefix.length());
                ps.setString(3, docPrefix);
                ps.setInt(4, limit);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        MetaField f = MetaField.ofWireName(rs.getString(3));
                        out.add(new Numbered(rs.getLong(1), new FieldChange(rs.getString(2), f,
                                MetaCodec.valueFromText(f, rs.getString(4)), Hlc.parse(rs.getString(5)))));
                    }
                }
            }
            return out;
        });
    }

    @Override
    public Optional<Hlc> maxStamp() throws StoreException {
        return tx("read the metadata stamps", () -> {
            Hlc max = null;
            try (Statement st = conn.createStatement();
                 ResultSet rs = st.executeQuery("SELECT stamp FROM meta_field UNION ALL SELECT stamp FROM meta_pending")) {
                while (rs.next()) {
                    Hlc h = Hlc.parse(rs.getString(1));
                    if (max == null || h.isAfter(max)) max = h;
                }
            }
            return Optional.ofNullable(max);
        });
    }

    private static FieldChange change(ResultSet rs) throws SQLException {
        MetaField f = MetaField.ofWireName(rs.getString(2));
        MetaValue v = MetaCodec.valueFromText(f, rs.getString(3));
        return new FieldChange(rs.getString(1), f, v, Hlc.parse(rs.getString(4)));
    }

    @Override
    public synchronized void close() throws StoreException {
        if (closed) return;
        closed = true;
        try {
            conn.close();
        } catch (SQLException e) {
            throw new StoreException("cannot close " + file + ": " + e.getMessage(), e);
        }
    }
}
