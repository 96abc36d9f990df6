/**
 * Durable stores of document state: a journal of small entries per document with periodic snapshots, committed in
 * groups, in one SQLite file per client and one per hub (WAL mode). See docs/decisions/0004-engine-state-and-store.md
 * and docs/decisions/0006-sqlite-store.md.
 *
 * <p>{@link dev.tandem.engine.store.DocumentStore} is the interface; {@link dev.tandem.engine.store.SqliteDocumentStore}
 * (schema and migrations in {@code SqliteSchema}, encoding in {@link dev.tandem.engine.store.JournalCodec}) and
 * {@link dev.tandem.engine.store.MemoryDocumentStore} implement it; {@link dev.tandem.engine.store.CommitTimer} bounds
 * how long entries stay buffered.
 */
package dev.tandem.engine.store;
