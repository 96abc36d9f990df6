package dev.tandem.relay;

import dev.tandem.engine.store.SqliteDocumentStore;
import dev.tandem.engine.store.StoreOptions;
import dev.tandem.engine.sync.JournalEntry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Upgrades of a relay's data folder ({@code tokens.db} and {@code hub.db}): what the first release wrote opens in this
 * one, and what a later release wrote is refused with a message that says so, leaving the files as they were. (The
 * hub store's own migrations and its fixtures are tested in the engine: {@code StoreUpgradeTest}.)
 */
class RelayUpgradeTest {

    @TempDir Path data;

    /** tokens.db as schema version 1 wrote it, with one token whose secret is {@code secret}. */
    private void writeTokensV1() throws Exception {
        Files.createDirectories(data);
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + data.resolve("tokens.db"));
             Statement st = c.createStatement()) {
            st.execute("PRAGMA journal_mode=WAL");
            st.execute("CREATE TABLE token (id INTEGER PRIMARY KEY AUTOINCREMENT, workspace TEXT NOT NULL, "
                    + "read_only INTEGER NOT NULL, secret_sha256 BLOB NOT NULL, created TEXT NOT NULL, revoked TEXT)");
            try (PreparedStatement p = c.prepareStatement(
                    "INSERT INTO token (workspace, read_only, secret_sha256, created) VALUES ('team', 0, ?, '2026-01-02T03:04:05Z')")) {
                p.setBytes(1, MessageDigest.getInstance("SHA-256").digest("secret".getBytes(StandardCharsets.UTF_8)));
                p.executeUpdate();
            }
            st.execute("PRAGMA user_version=1");
        }
    }

    private static int userVersion(Path file) throws Exception {
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("PRAGMA user_version")) {
            return rs.getInt(1);
        }
    }

    private static void setUserVersion(Path file, int version) throws Exception {
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file); Statement st = c.createStatement()) {
            st.execute("PRAGMA user_version=" + version);
        }
    }

    @Test
    void a_token_store_of_the_first_schema_opens_in_place_and_its_tokens_still_work() throws Exception {
        writeTokensV1();
        try (TokenStore t = TokenStore.open(data)) {
            assertEquals(Optional.of(new TokenStore.Grant(1, "team", false)), t.authenticate("tdm_1_secret"));
            assertEquals(1, t.list().size());
            assertTrue(t.create("team", true).startsWith("tdm_2_"));
        }
        assertEquals(TokenStore.VERSION, userVersion(data.resolve("tokens.db")));
    }

    @Test
    void a_token_store_of_a_later_release_is_refused_with_a_clear_message_and_left_alone() throws Exception {
        writeTokensV1();
        setUserVersion(data.resolve("tokens.db"), TokenStore.VERSION + 1);
        byte[] before = Files.readAllBytes(data.resolve("tokens.db"));

        RelayException e = assertThrows(RelayException.class, () -> TokenStore.open(data));

        assertTrue(e.getMessage().contains("was written by a newer version of the Tandem relay"), e.getMessage());
        assertTrue(e.getMessage().contains("Update the relay"), e.getMessage());
        assertArrayEquals(before, Files.readAllBytes(data.resolve("tokens.db")));
    }

    @Test
    void a_relay_meeting_a_hub_store_of_a_later_release_does_not_start_and_says_why() throws Exception {
        try (SqliteDocumentStore hub = SqliteDocumentStore.open(data.resolve("hub.db"), StoreOptions.defaults())) {
            hub.journal("plan").append(new JournalEntry.Splice(null, 0, 0, "kept"));
        }
        int future;
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + data.resolve("hub.db")); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("PRAGMA user_version")) {
            future = rs.getInt(1) + 1;
        }
        setUserVersion(data.resolve("hub.db"), future);
        byte[] before = Files.readAllBytes(data.resolve("hub.db"));

        ByteArrayOutputStream err = new ByteArrayOutputStream();
        PrintStream old = System.err;
        int code;
        System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
        try {
            code = RelayCli.run("relay", "--data", data.toString(), "--port", "0");
        } finally {
            System.setErr(old);
        }

        assertEquals(1, code);
        String message = err.toString(StandardCharsets.UTF_8);
        assertTrue(message.contains("was written by a newer version of Tandem"), message);
        assertArrayEquals(before, Files.readAllBytes(data.resolve("hub.db")), "the hub's store is as it was");
    }
}
