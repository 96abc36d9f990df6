package dev.tandem.engine.store;

import dev.tandem.engine.meta.FieldChange;
import dev.tandem.engine.meta.Hlc;
import dev.tandem.engine.meta.MetaField;
import dev.tandem.engine.meta.MetaValue;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

class SqliteMetaStoreTest extends MetaStoreContract {

    @TempDir
    Path dir;

    @Override
    protected MetaStore open() throws Exception {
        return SqliteMetaStore.open(dir.resolve("client.db"), StoreOptions.defaults());
    }

    @Test
    void everything_survives_a_reopen_fields_change_log_cursor_and_sequence() throws Exception {
        store.merge(List.of(title("d", "Kept", 10, "r")));
        store.writeLocal(List.of(new FieldChange("d", MetaField.PINNED, new MetaValue.Flag(true), new Hlc(11, 0, "me"))));
        store.mergePulled(List.of(), 9);
        long seq = store.lastSeq();
        store.close();
        store = open();
        assertEquals("Kept", store.record("d").orElseThrow().title());
        assertEquals(1, store.pending().size());
        assertEquals(9, store.cursor());
        assertEquals(seq, store.lastSeq());
        store.merge(List.of(title("d", "Next", 12, "r")));
        assertEquals(seq + 1, store.lastSeq(), "sequence numbers go on after a reopen, never reused");
    }

    @Test
    void the_metadata_lives_beside_the_documents_in_one_file() throws Exception {
        Path file = dir.resolve("shared.db");
        try (SqliteDocumentStore docs = SqliteDocumentStore.open(file, StoreOptions.defaults());
             SqliteMetaStore meta = SqliteMetaStore.open(file, StoreOptions.defaults())) {
            docs.putSetting("k", "v");
            meta.merge(List.of(title("d", "Together", 1, "n")));
            assertEquals("v", docs.setting("k").orElseThrow());
        }
        try (SqliteMetaStore meta = SqliteMetaStore.open(file, StoreOptions.defaults())) {
            assertEquals("Together", meta.record("d").orElseThrow().title());
        }
    }

    @Test
    void a_store_of_schema_version_1_is_migrated_and_keeps_its_documents() throws Exception {
        Path file = dir.resolve("old.db");
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file)) {
            SqliteSchema.migrate(c, file.toString(), SqliteSchema.MIGRATIONS.subList(0, 1));
            try (Statement st = c.createStatement()) {
                st.execute("INSERT INTO setting (key, value) VALUES ('old', 'yes')");
            }
        }
        try (SqliteMetaStore meta = SqliteMetaStore.open(file, StoreOptions.defaults());
             SqliteDocumentStore docs = SqliteDocumentStore.open(file, StoreOptions.defaults())) {
            assertEquals(0, meta.lastSeq());
            assertEquals("yes", docs.setting("old").orElseThrow());
        }
    }
}
