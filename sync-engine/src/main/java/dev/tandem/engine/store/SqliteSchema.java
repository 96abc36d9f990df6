package dev.tandem.engine.store;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Objects;

/**
 * The SQLite schema of a {@link SqliteDocumentStore} and the migrations that build it, kept together: the schema is
 * exactly what {@link #MIGRATIONS} produce, applied in order, and {@code PRAGMA user_version} records the last one
 * applied. To change the schema, append a migration (never edit a released one) and bump {@link #VERSION}.
 *
 * <p>Version 1:
 * <ul>
 *   <li>{@code document(doc_id, snapshot, snapshot_seq)}: the last checkpoint of each document, encoded by
 *       {@link JournalCodec#encodeSnapshot}, and the sequence number of the last journal entry it includes;</li>
 *   <li>{@code journal(doc_id, first_seq, last_seq, entries)}: journal entries since the checkpoint, one row per
 *       document per commit holding entries {@code first_seq..last_seq} back to back (a {@link JournalCodec} entries
 *       blob). Sequence numbers count a document's entries from 1 and are never reused, so a row that a checkpoint
 *       already covers is recognised by its numbers alone;</li>
 *   <li>{@code setting(key, value)}: small values such as this side's id.</li>
 * </ul>
 * Version 2 (documents' metadata, {@link SqliteMetaStore}):
 * <ul>
 *   <li>{@code meta_field(doc_id, field, value, stamp, seq)}: each field's winning write (value as JSON, its
 *       hybrid-logical-clock stamp as text) and the store's sequence number of the write that set it (a relay answers
 *       pulls by it);</li>
 *   <li>{@code meta_pending(doc_id, field, value, stamp, added)}: the client's change log, the latest unacknowledged
 *       local write of each field;</li>
 *   <li>{@code meta_state(key, value)}: the pull cursor.</li>
 * </ul>
 * {@code PRAGMA application_id} marks the file as Tandem's ({@link #APPLICATION_ID}).
 *
 * <p>Concurrency: stateless; {@link #migrate} runs in one {@code BEGIN IMMEDIATE} transaction per migration.
 */
final class SqliteSchema {

    /** "Tndm": what {@code PRAGMA application_id} holds in a Tandem store. */
    static final int APPLICATION_ID = 0x546E646D;

    /** One step from version {@code version - 1} to {@code version}. */
    record Migration(int version, String description, List<String> statements) {
        Migration {
            if (version < 1) throw new IllegalArgumentException("migration versions start at 1: " + version);
            Objects.requireNonNull(description, "description");
            statements = List.copyOf(statements);
        }
    }

    static final List<Migration> MIGRATIONS = List.of(
            new Migration(1, "documents, their journals, settings", List.of(
                    "PRAGMA application_id = " + APPLICATION_ID,
                    """
                    CREATE TABLE document (
                        doc_id       TEXT    PRIMARY KEY NOT NULL,
                        snapshot     BLOB    NOT NULL,
                        snapshot_seq INTEGER NOT NULL
                    )""",
                    """
                    CREATE TABLE journal (
                        doc_id    TEXT    NOT NULL,
                        first_seq INTEGER NOT NULL,
                        last_seq  INTEGER NOT NULL,
                        entries   BLOB    NOT NULL,
                        PRIMARY KEY (doc_id, first_seq)
                    ) WITHOUT ROWID""",
                    """
                    CREATE TABLE setting (
                        key   TEXT PRIMARY KEY NOT NULL,
                        value TEXT NOT NULL
                    )""")),
            new Migration(2, "documents' metadata: fields with stamps, the change log, the pull cursor", List.of(
                    """
                    CREATE TABLE meta_field (
                        doc_id TEXT    NOT NULL,
                        field  TEXT    NOT NULL,
                        value  TEXT    NOT NULL,
                        stamp  TEXT    NOT NULL,
                        seq    INTEGER NOT NULL,
                        PRIMARY KEY (doc_id, field)
                    ) WITHOUT ROWID""",
                    "CREATE UNIQUE INDEX meta_field_seq ON meta_field (seq)",
                    """
                    CREATE TABLE meta_pending (
                        doc_id TEXT    NOT NULL,
                        field  TEXT    NOT NULL,
                        value  TEXT    NOT NULL,
                        stamp  TEXT    NOT NULL,
                        added  INTEGER NOT NULL,
                        PRIMARY KEY (doc_id, field)
                    ) WITHOUT ROWID""",
                    """
                    CREATE TABLE meta_state (
                        key   TEXT    PRIMARY KEY NOT NULL,
                        value INTEGER NOT NULL
                    )""")));

    /** The schema version this code writes and reads: the last migration's. */
    static final int VERSION = MIGRATIONS.get(MIGRATIONS.size() - 1).version();

    private SqliteSchema() {}

    /** Brings the file up to {@link #VERSION}, or refuses a file of a newer version or of another application. */
    static void migrate(Connection conn, String fileName) throws SQLException, StoreException {
        migrate(conn, fileName, MIGRATIONS);
    }

    /**
     * Applies every migration newer than the file's {@code user_version}, each with the version bump in one
     * transaction, so that a crash during a migration leaves the file at the previous version. The connection must be
     * in auto-commit mode.
     */
    static void migrate(Connection conn, String fileName, List<Migration> migrations) throws SQLException, StoreException {
        int known = migrations.isEmpty() ? 0 : migrations.get(migrations.size() - 1).version();
        for (int i = 0; i < migrations.size(); i++) {
            if (migrations.get(i).version() != i + 1) {
                throw new IllegalArgumentException("migrations must be numbered 1, 2, 3, ... without gaps");
            }
        }
        try (Statement st = conn.createStatement()) {
            int appId = intPragma(st, "application_id");
            if (appId != 0 && appId != APPLICATION_ID) {
                throw new StoreException(fileName + " is not a Tandem store (it belongs to another application)");
            }
            while (true) {
                st.execute("BEGIN IMMEDIATE");
                int version;
                try {
                    version = intPragma(st, "user_version");
                    if (version > known) {
                        throw new StoreException(fileName + " was written by a newer version of Tandem (store schema "
                                + version + "; this version knows up to " + known + "). Update Tandem to open it.");
                    }
                    if (version < known) {
                        Migration m = migrations.get(version);
                        for (String sql : m.statements()) st.execute(sql);
                        st.execute("PRAGMA user_version = " + m.version());
                    }
                    st.execute("COMMIT");
                } catch (SQLException | StoreException | RuntimeException e) {
                    try {
                        st.execute("ROLLBACK");
                    } catch (SQLException r) {
                        e.addSuppressed(r);
                    }
                    throw e;
                }
                if (version == known) return;
            }
        }
    }

    static int intPragma(Statement st, String name) throws SQLException {
        try (ResultSet rs = st.executeQuery("PRAGMA " + name)) {
            return rs.next() ? rs.getInt(1) : 0;
        }
    }
}
