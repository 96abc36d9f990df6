package dev.tandem.engine.store;

import dev.tandem.engine.sync.DocumentSnapshot;
import dev.tandem.engine.sync.JournalEntry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SqliteDocumentStoreTest extends DocumentStoreContract {

    /** Short, so that the tests that hold a lock fail fast. */
    static final StoreOptions OPTIONS = StoreOptions.defaults().withBusyTimeout(Duration.ofMillis(50));

    @TempDir
    Path dir;
    private int files;
    private final Map<DocumentStore, Connection> lockHolders = new IdentityHashMap<>();

    @Override
    DocumentStore open() throws StoreException {
        return SqliteDocumentStore.open(dir.resolve("sub/store-" + (++files) + ".db"), OPTIONS);
    }

    @Override
    DocumentStore crashAndReopen(DocumentStore store) throws Exception {
        SqliteDocumentStore s = (SqliteDocumentStore) store;
        s.abandon();
        return SqliteDocumentStore.open(s.file(), OPTIONS);
    }

    @Override
    DocumentStore reopen(DocumentStore store) throws StoreException {
        store.close();
        return SqliteDocumentStore.open(((SqliteDocumentStore) store).file(), OPTIONS);
    }

    /** Another connection takes the file's write lock and keeps it. */
    @Override
    void breakWrites(DocumentStore store) throws SQLException {
        Connection other = connect(((SqliteDocumentStore) store).file());
        try (Statement st = other.createStatement()) {
            st.execute("BEGIN IMMEDIATE");
        }
        lockHolders.put(store, other);
    }

    @Override
    void healWrites(DocumentStore store) throws SQLException {
        try (Connection other = lockHolders.remove(store); Statement st = other.createStatement()) {
            st.execute("ROLLBACK");
        }
    }

    static Connection connect(Path file) throws SQLException {
        return DriverManager.getConnection("jdbc:sqlite:" + file);
    }

    static int userVersion(Path file) throws SQLException {
        try (Connection c = connect(file); Statement st = c.createStatement()) {
            return SqliteSchema.intPragma(st, "user_version");
        }
    }

    @Test
    void the_file_is_in_wal_mode_with_the_chosen_synchronous_level() throws Exception {
        Path file = dir.resolve("full.db");
        try (SqliteDocumentStore s = SqliteDocumentStore.open(file,
                OPTIONS.withSynchronous(StoreOptions.Synchronous.FULL))) {
            assertEquals("wal", s.pragma("journal_mode"));
            assertEquals("2", s.pragma("synchronous"));       // FULL
            assertEquals("50", s.pragma("busy_timeout"));
        }
        try (SqliteDocumentStore s = SqliteDocumentStore.open(file, StoreOptions.defaults())) {
            assertEquals("1", s.pragma("synchronous"));       // NORMAL
            assertEquals("5000", s.pragma("busy_timeout"));
            assertEquals(String.valueOf(SqliteSchema.VERSION), s.pragma("user_version"));
            assertEquals(String.valueOf(SqliteSchema.APPLICATION_ID), s.pragma("application_id"));
        }
    }

    @Test
    void a_file_of_a_newer_schema_version_is_refused_and_left_alone() throws Exception {
        Path file = dir.resolve("newer.db");
        try (Connection c = connect(file); Statement st = c.createStatement()) {
            st.execute("CREATE TABLE future (x)");
            st.execute("PRAGMA user_version = " + (SqliteSchema.VERSION + 1));
        }
        StoreException e = assertThrows(StoreException.class, () -> SqliteDocumentStore.open(file, OPTIONS));
        assertTrue(e.getMessage().contains("newer version of Tandem"), e.getMessage());
        assertTrue(e.getMessage().contains("schema " + (SqliteSchema.VERSION + 1)), e.getMessage());
        assertEquals(SqliteSchema.VERSION + 1, userVersion(file));
    }

    @Test
    void a_file_of_another_application_is_refused() throws Exception {
        Path file = dir.resolve("other.db");
        try (Connection c = connect(file); Statement st = c.createStatement()) {
            st.execute("PRAGMA application_id = 1234");
        }
        StoreException e = assertThrows(StoreException.class, () -> SqliteDocumentStore.open(file, OPTIONS));
        assertTrue(e.getMessage().contains("not a Tandem store"), e.getMessage());
    }

    @Test
    void a_file_at_schema_version_zero_is_migrated_in_place_keeping_what_it_holds() throws Exception {
        Path file = dir.resolve("old.db");
        try (Connection c = connect(file); Statement st = c.createStatement()) {
            st.execute("CREATE TABLE notes (body TEXT)");
            st.execute("INSERT INTO notes VALUES ('kept')");
        }
        assertEquals(0, userVersion(file));
        try (SqliteDocumentStore s = SqliteDocumentStore.open(file, OPTIONS)) {
            s.journal("doc").append(new JournalEntry.Splice(null, 0, 0, "hi"));
        }
        assertEquals(SqliteSchema.VERSION, userVersion(file));
        try (Connection c = connect(file); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT body FROM notes")) {
            assertTrue(rs.next());
            assertEquals("kept", rs.getString(1));
        }
        try (SqliteDocumentStore s = SqliteDocumentStore.open(file, OPTIONS)) {
            assertEquals("hi", s.load("doc").orElseThrow().text());
        }
    }

    @Test
    void migrations_run_in_order_in_place_and_keep_the_data() throws Exception {
        Path file = dir.resolve("steps.db");
        SqliteSchema.Migration v1 = new SqliteSchema.Migration(1, "t", List.of("CREATE TABLE t (a TEXT)"));
        SqliteSchema.Migration v2 = new SqliteSchema.Migration(2, "t.b",
                List.of("ALTER TABLE t ADD COLUMN b INTEGER NOT NULL DEFAULT 7"));
        try (Connection c = connect(file)) {
            SqliteSchema.migrate(c, "steps.db", List.of(v1));
            try (Statement st = c.createStatement()) {
                st.execute("INSERT INTO t (a) VALUES ('row')");
            }
            SqliteSchema.migrate(c, "steps.db", List.of(v1, v2));
            try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery("SELECT a, b FROM t")) {
                assertTrue(rs.next());
                assertEquals("row", rs.getString(1));
                assertEquals(7, rs.getInt(2));
            }
        }
        assertEquals(2, userVersion(file));
    }

    @Test
    void a_failing_migration_leaves_the_file_at_the_previous_version() throws Exception {
        Path file = dir.resolve("fail.db");
        SqliteSchema.Migration v1 = new SqliteSchema.Migration(1, "t", List.of("CREATE TABLE t (a TEXT)"));
        SqliteSchema.Migration v2 = new SqliteSchema.Migration(2, "broken",
                List.of("CREATE TABLE u (x)", "THIS IS NOT SQL"));
        try (Connection c = connect(file)) {
            SqliteSchema.migrate(c, "fail.db", List.of(v1));
            assertThrows(SQLException.class, () -> SqliteSchema.migrate(c, "fail.db", List.of(v1, v2)));
            try (Statement st = c.createStatement();
                 ResultSet rs = st.executeQuery("SELECT count(*) FROM sqlite_master WHERE name = 'u'")) {
                rs.next();
                assertEquals(0, rs.getInt(1));
            }
        }
        assertEquals(1, userVersion(file));
    }

    @Test
    void each_commit_stores_the_change_not_the_text() throws Exception {
        Path file = dir.resolve("delta.db");
        String big = "x".repeat(100_000);
        try (SqliteDocumentStore s = SqliteDocumentStore.open(file, OPTIONS)) {
            s.checkpoint(new DocumentSnapshot("doc", big, List.of(), List.of()));
            for (int i = 0; i < 100; i++) {
                s.journal("doc").append(new JournalEntry.Splice(null, 50_000 + i, 0, "a"));
                s.commit();
            }
        }
        try (Connection c = connect(file); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT count(*), sum(length(entries)) FROM journal")) {
            rs.next();
            assertEquals(100, rs.getInt(1));
            assertTrue(rs.getLong(2) <= 100 * 10, "bytes: " + rs.getLong(2)); // 9 each: header, tag, link, pos, deleted, "a"
        }
    }

    @Test
    void a_missing_journal_row_is_reported_as_damage_not_replayed_past() throws Exception {
        Path file = dir.resolve("gap.db");
        try (SqliteDocumentStore s = SqliteDocumentStore.open(file, OPTIONS)) {
            for (int i = 0; i < 3; i++) {
                s.journal("doc").append(new JournalEntry.Splice(null, 0, 0, "a"));
                s.commit();
            }
        }
        try (Connection c = connect(file); Statement st = c.createStatement()) {
            st.execute("DELETE FROM journal WHERE first_seq = 2");
        }
        try (SqliteDocumentStore s = SqliteDocumentStore.open(file, OPTIONS)) {
            StoreException e = assertThrows(StoreException.class, () -> s.load("doc"));
            assertTrue(e.getMessage().contains("damaged") && e.getMessage().contains("entry 2"), e.getMessage());
        }
    }

    @Test
    void a_commit_on_an_abandoned_connection_fails_and_keeps_the_entries() throws Exception {
        Path file = dir.resolve("closed.db");
        SqliteDocumentStore s = SqliteDocumentStore.open(file, OPTIONS);
        s.journal("doc").append(new JournalEntry.Splice(null, 0, 0, "kept"));
        s.abandon();
        assertThrows(StoreException.class, s::commit);
        assertEquals(1, s.journalLength("doc"));
        try (SqliteDocumentStore again = SqliteDocumentStore.open(file, OPTIONS)) {
            assertEquals(Optional.empty(), again.load("doc"));
        }
    }

    @Test
    void the_store_creates_missing_folders_and_leaves_no_temp_files_after_close() throws Exception {
        Path file = dir.resolve("a/b/c/store.db");
        try (SqliteDocumentStore s = SqliteDocumentStore.open(file, OPTIONS)) {
            s.journal("doc").append(new JournalEntry.Splice(null, 0, 0, "x"));
        }
        assertTrue(Files.exists(file));
        assertFalse(Files.exists(Path.of(file + "-wal")), "the WAL is checkpointed and removed on a clean close");
    }
}
