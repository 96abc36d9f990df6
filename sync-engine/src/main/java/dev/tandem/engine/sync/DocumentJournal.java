package dev.tandem.engine.sync;

/**
 * Where a document's owner reports each state change, in order, as it makes it. The store buffers entries and makes
 * them durable at its next commit; the owner commits before it lets any message that depends on them leave (an
 * acknowledgement is never sent for a step that could still be lost).
 *
 * <p>Concurrency: called only by the document's single owner.
 */
@FunctionalInterface
public interface DocumentJournal {
    void append(JournalEntry entry);

    /** A journal that keeps nothing (for documents that are not persisted). */
    DocumentJournal NONE = entry -> { };
}
