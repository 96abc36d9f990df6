/**
 * Durable stores of document state: a journal of small entries per document with periodic snapshots, committed in
 * groups, in one SQLite file per client and one per hub (WAL mode). See docs/decisions/0004-engine-state-and-store.md.
 */
package dev.tandem.engine.store;
