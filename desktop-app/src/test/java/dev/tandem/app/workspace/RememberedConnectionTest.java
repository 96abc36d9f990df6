package dev.tandem.app.workspace;

import dev.tandem.app.connection.ConnectionSettings;
import dev.tandem.engine.session.ManualTimer;
import dev.tandem.engine.store.SqliteDocumentStore;
import dev.tandem.engine.store.SqliteMetaStore;
import dev.tandem.engine.store.StoreOptions;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The app connects by itself when it starts again, to the relay of the last session — unless its user chose offline. */
class RememberedConnectionTest {

    @TempDir Path dir;
    private final ExecutorService engine = Executors.newSingleThreadExecutor();
    private final ExecutorService ui = Executors.newSingleThreadExecutor();

    @AfterEach
    void tearDown() {
        engine.shutdownNow();
        ui.shutdownNow();
    }

    private Workspace open() throws Exception {
        Path db = dir.resolve("tandem.db");
        return new Workspace(SqliteDocumentStore.open(db, StoreOptions.defaults()),
                SqliteMetaStore.open(db, StoreOptions.defaults()), engine, new ManualTimer(1_000_000), ui);
    }

    // Nothing listens on port 9 of the loopback: the connection fails, which is all right — what is checked is what the
    // workspace remembers.
    private final ConnectionSettings settings =
            new ConnectionSettings("ws://127.0.0.1:9/sync", "team", "s3cr&t=token-1", "Ada", "#d6336c");

    @Test
    void the_connection_of_the_last_session_is_used_again_at_the_next_start() throws Exception {
        Workspace first = open();
        assertFalse(first.reconnectAtStart(), "a new store has no connection to go back to");
        first.connect(settings);
        first.close();

        Workspace second = open();
        assertEquals(settings, second.lastSettings().orElseThrow());
        assertTrue(second.reconnectAtStart());
        second.close();
    }

    @Test
    void working_offline_is_remembered_too_until_the_user_connects_again() throws Exception {
        Workspace first = open();
        first.connect(settings);
        first.disconnect();
        first.close();

        Workspace second = open();
        assertFalse(second.reconnectAtStart(), "the user chose to work offline");
        assertEquals(settings, second.lastSettings().orElseThrow(), "the dialog still offers the last relay");
        second.connect(settings);
        second.close();

        Workspace third = open();
        assertTrue(third.reconnectAtStart());
        third.close();
    }
}
