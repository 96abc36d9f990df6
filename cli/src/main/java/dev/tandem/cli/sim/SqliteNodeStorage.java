package dev.tandem.cli.sim;

import dev.tandem.engine.store.DocumentStore;
import dev.tandem.engine.store.SqliteDocumentStore;
import dev.tandem.engine.store.StoreException;
import dev.tandem.engine.store.StoreOptions;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.Map;

/**
 * Each simulated side keeps its state in its own SQLite file in a temp folder, as a real client or hub does. A restart
 * abandons the side's current handle without committing (what a crash does to the buffered journal) and opens the
 * file again.
 *
 * <p>Concurrency: used by the simulation's single thread.
 */
final class SqliteNodeStorage implements NodeStorage {

    private final Path dir;
    private final Map<String, SqliteDocumentStore> open = new HashMap<>();

    SqliteNodeStorage() throws StoreException {
        try {
            dir = Files.createTempDirectory("tandem-sim-");
        } catch (IOException e) {
            throw new StoreException("cannot create a temp folder for the simulation's stores", e);
        }
    }

    @Override
    public DocumentStore open(String node) throws StoreException {
        SqliteDocumentStore previous = open.remove(node);
        if (previous != null) abandon(previous);
        SqliteDocumentStore store = SqliteDocumentStore.open(dir.resolve(node + ".db"), StoreOptions.defaults());
        open.put(node, store);
        return store;
    }

    private static void abandon(SqliteDocumentStore store) throws StoreException {
        try {
            store.abandon();
        } catch (SQLException e) {
            throw new StoreException("cannot drop a simulated side's store", e);
        }
    }

    @Override
    public void close() throws StoreException {
        for (SqliteDocumentStore s : open.values()) abandon(s);
        open.clear();
        try {
            dev.tandem.cli.TempFolders.delete(dir);
        } catch (IOException e) {
            throw new StoreException("cannot remove the simulation's temp folder " + dir, e);
        }
    }
}
