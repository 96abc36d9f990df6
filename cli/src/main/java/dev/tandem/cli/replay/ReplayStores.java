package dev.tandem.cli.replay;

import dev.tandem.engine.store.DocumentStore;
import dev.tandem.engine.store.SqliteDocumentStore;
import dev.tandem.engine.store.StoreException;
import dev.tandem.engine.store.StoreOptions;
import dev.tandem.engine.sync.DocumentJournal;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Where the replay's sides keep their state: nowhere ({@code memory}), or each side in its own SQLite file in a temp
 * folder ({@code sqlite}), committed before every message the side sends, as a live side does.
 *
 * <p>Concurrency: used by the replay's single thread.
 */
final class ReplayStores implements AutoCloseable {

    private final Path dir;
    private final boolean groupCommit;
    private final List<SqliteDocumentStore> stores = new ArrayList<>();

    private ReplayStores(Path dir, boolean groupCommit) {
        this.dir = dir;
        this.groupCommit = groupCommit;
    }

    static ReplayStores memory() {
        return new ReplayStores(null, false);
    }

    /**
     * Each side in its own SQLite file; {@code groupCommit}: a side sends first and commits once per
     * {@link ReplayRig#GROUP_COMMIT_STEPS} steps (decision 0013), else it commits before every message it sends.
     */
    static ReplayStores sqlite(boolean groupCommit) {
        try {
            return new ReplayStores(Files.createTempDirectory("tandem-replay-"), groupCommit);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create a temp folder for the replay's stores", e);
        }
    }

    boolean durable() {
        return dir != null;
    }

    boolean groupCommit() {
        return groupCommit;
    }

    /** The store of side {@code index} (-1: the hub), or null in memory. */
    DocumentStore open(int index) {
        if (dir == null) return null;
        try {
            SqliteDocumentStore s = SqliteDocumentStore.open(dir.resolve(index < 0 ? "hub.db" : "client-" + index + ".db"),
                    StoreOptions.defaults());
            stores.add(s);
            return s;
        } catch (StoreException e) {
            throw new IllegalStateException("cannot open a replay store: " + e.getMessage(), e);
        }
    }

    static DocumentJournal journal(DocumentStore store, String doc) {
        return store == null ? DocumentJournal.NONE : store.journal(doc);
    }

    static void commit(DocumentStore store) {
        if (store == null) return;
        try {
            store.commit();
        } catch (StoreException e) {
            throw new IllegalStateException("a replay store failed to commit: " + e.getMessage(), e);
        }
    }

    @Override
    public void close() {
        if (dir == null) return;
        for (SqliteDocumentStore s : stores) {
            try {
                s.close();
            } catch (StoreException e) {
                throw new IllegalStateException("cannot close a replay store: " + e.getMessage(), e);
            }
        }
        try {
            dev.tandem.cli.TempFolders.delete(dir);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
