package dev.tandem.cli.sim;

import dev.tandem.engine.store.DocumentStore;
import dev.tandem.engine.store.StoreException;

/**
 * Where each simulated side (a client or the hub) keeps its durable state. {@link #open} gives a fresh handle on what
 * the side has committed so far; a crash is simulated by dropping the handle without committing, so whatever it had
 * buffered is gone, and opening a new one.
 *
 * <p>The SQLite store (one file per side in a temp folder) plugs in here once it is merged; until then
 * {@link InMemoryNodeStorage} keeps committed journals in memory with the same replay as every store.
 */
interface NodeStorage extends AutoCloseable {

    /** A new handle on {@code node}'s committed state. */
    DocumentStore open(String node) throws StoreException;

    /** Releases everything (temp files included). */
    @Override
    void close() throws StoreException;
}
