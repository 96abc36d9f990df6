package dev.tandem.engine.store;

import dev.tandem.engine.sync.Conflict;
import dev.tandem.engine.sync.DocumentSnapshot;
import dev.tandem.engine.sync.JournalEntry;
import dev.tandem.engine.sync.LinkSnapshot;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.stream.IntStream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Upgrades: a store written by an earlier release opens in the current one, migrated in place with nothing lost; a
 * store written by a later release is refused with a message that says so, and left untouched.
 *
 * <p>The fixtures {@code src/test/resources/stores/store-vN.db} were written by the code of schema version N, with
 * {@link #writeFixture} (run {@code main} with the target file before changing the schema, and commit the file).
 * Every fixture is opened by every later version; the one of the previous version must exist.
 */
class StoreUpgradeTest {

    @TempDir Path dir;

    /** What every fixture holds: a checkpointed document edited since, a document made of journal rows only, settings. */
    static final String PLAN_TEXT = "# Plan\n\nShip the installer, then the upgrade tests.\n";
    static final String NOTES_TEXT = "notes: héllo 👋";

    static void writeFixture(Path file) throws StoreException {
        try (SqliteDocumentStore s = SqliteDocumentStore.open(file, StoreOptions.defaults())) {
            Conflict conflict = new Conflict("c1", "plan", "ada", 1_700_000_000_000L, Conflict.Origin.REMOTE_EDIT_REJECTED,
                    7, "# Plan\n\n", "", "Draft", "\nShip", "the text it was aimed at was gone");
            s.checkpoint(new DocumentSnapshot("plan", "# Plan\n\nShip the installer.\n",
                    List.of(new LinkSnapshot("hub", 3, "# Plan\n\nShip the installer.\n", 12, 9, 12, List.of())),
                    List.of(conflict)));
            String tail = PLAN_TEXT.substring("# Plan\n\nShip the installer".length(), PLAN_TEXT.length() - 2);
            s.journal("plan").append(new JournalEntry.Splice(null, "# Plan\n\nShip the installer".length(), 0, tail));
            s.journal("plan").append(new JournalEntry.Versions("hub", 13, 9, 12));
            s.commit();
            s.journal("notes").append(new JournalEntry.Splice(null, 0, 0, "notes: hello"));
            s.journal("notes").append(new JournalEntry.Splice(null, "notes: h".length(), 1, "é"));
            s.commit();
            s.journal("notes").append(new JournalEntry.Splice(null, "notes: héllo".length(), 0, " 👋"));
            s.putSetting("clientId", "3f1c2b8e-fixture");
            s.putSetting("title:plan", "Plan");
        }
    }

    /** Writes the fixture of the current schema version: {@code main src/test/resources/stores}. */
    public static void main(String[] args) throws Exception {
        Path file = Path.of(args[0]).resolve("store-v" + SqliteSchema.VERSION + ".db");
        Files.deleteIfExists(file);
        writeFixture(file);
        System.out.println("wrote " + file);
    }

    static List<Integer> fixtureVersions() {
        return IntStream.rangeClosed(1, SqliteSchema.VERSION)
                .filter(v -> StoreUpgradeTest.class.getResource("/stores/store-v" + v + ".db") != null)
                .boxed().toList();
    }

    private Path copyOfFixture(int version) throws IOException {
        Path file = dir.resolve("store-v" + version + ".db");
        try (InputStream in = StoreUpgradeTest.class.getResourceAsStream("/stores/store-v" + version + ".db")) {
            assertNotNull(in, "fixture of schema " + version);
            Files.copy(in, file, StandardCopyOption.REPLACE_EXISTING);
        }
        return file;
    }

    @Test
    void the_store_of_the_previous_schema_version_is_among_the_fixtures() {
        int previous = Math.max(1, SqliteSchema.VERSION - 1);
        assertTrue(fixtureVersions().contains(previous),
                "add src/test/resources/stores/store-v" + previous + ".db (StoreUpgradeTest.main, with the code of that version)");
    }

    @ParameterizedTest(name = "schema {0}")
    @MethodSource("fixtureVersions")
    void a_store_written_by_an_earlier_release_is_migrated_in_place_and_keeps_everything(int version) throws Exception {
        Path file = copyOfFixture(version);
        assertEquals(version, userVersion(file));

        try (SqliteDocumentStore s = SqliteDocumentStore.open(file, StoreOptions.defaults())) {
            assertEquals(List.of("notes", "plan"), s.documentIds().stream().sorted().toList());
            DocumentSnapshot plan = s.load("plan").orElseThrow();
            assertEquals(PLAN_TEXT, plan.text());
            assertEquals(1, plan.links().size());
            assertEquals(13, plan.links().get(0).mine());
            assertEquals("Draft", plan.conflicts().get(0).inserted());
            assertEquals(NOTES_TEXT, s.load("notes").orElseThrow().text());
            assertEquals(Optional.of("3f1c2b8e-fixture"), s.setting("clientId"));
            assertEquals(Optional.of("Plan"), s.setting("title:plan"));
            // and it takes new writes
            s.journal("notes").append(new JournalEntry.Splice(null, NOTES_TEXT.length(), 0, "!"));
        }
        assertEquals(SqliteSchema.VERSION, userVersion(file), "migrated in place to the current schema");
        try (SqliteDocumentStore s = SqliteDocumentStore.open(file, StoreOptions.defaults())) {
            assertEquals(NOTES_TEXT + "!", s.load("notes").orElseThrow().text());
        }
    }

    @Test
    void a_store_written_by_a_later_release_is_refused_with_a_clear_message_and_not_touched() throws Exception {
        Path file = dir.resolve("from-the-future.db");
        writeFixture(file);
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file); Statement st = c.createStatement()) {
            st.execute("CREATE TABLE document_meta (doc_id TEXT PRIMARY KEY, title TEXT)");
            st.execute("PRAGMA user_version = " + (SqliteSchema.VERSION + 1));
        }
        byte[] before = Files.readAllBytes(file);

        StoreException e = assertThrows(StoreException.class, () -> SqliteDocumentStore.open(file, StoreOptions.defaults()));

        assertTrue(e.getMessage().contains("was written by a newer version of Tandem"), e.getMessage());
        assertTrue(e.getMessage().contains("Update Tandem to open it"), e.getMessage());
        assertArrayEquals(before, Files.readAllBytes(file), "the file is exactly as it was");
        assertEquals(List.of(), leftovers(file), "no WAL or journal file left beside it");
    }

    private static List<String> leftovers(Path file) throws IOException {
        List<String> out = new ArrayList<>();
        for (String suffix : Arrays.asList("-wal", "-shm", "-journal")) {
            Path p = Path.of(file + suffix);
            if (Files.exists(p) && Files.size(p) > 0) out.add(p.getFileName().toString());
        }
        return out;
    }

    private static int userVersion(Path file) throws Exception {
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("PRAGMA user_version")) {
            return rs.getInt(1);
        }
    }
}
