package dev.tandem.engine.sync;

/**
 * Where a document's owner reports each state change, in order, as it makes it. The store buffers entries and makes
 * them durable at its next commit.
 *
 * <p>What a side acknowledges depends on it: a message's {@code ack} counts only the other side's edits whose
 * application is durable ({@link #durablePosition()} has reached the entry that recorded them), so that a side may
 * send before it commits (group commit) and still never acknowledge a step a crash could lose. A journal that does not
 * buffer (or whose owner commits before every send) keeps the defaults: everything appended is durable at once.
 *
 * <p>Concurrency: {@link #append} and {@link #position} are called only by the document's single owner;
 * {@link #durablePosition} may move on the thread that commits, and is safe to read from the owner.
 */
public interface DocumentJournal {

    void append(JournalEntry entry);

    /** The position of the latest appended entry (grows by one per entry; 0 for journals that do not count). */
    default long position() {
        return 0;
    }

    /** Every entry at or before this position is durable. Journals that do not buffer: all of them. */
    default long durablePosition() {
        return Long.MAX_VALUE;
    }

    /** A journal made of its parts: how it appends, and where its latest and its latest durable entries are. */
    static DocumentJournal of(java.util.function.Consumer<JournalEntry> append, java.util.function.LongSupplier position,
                              java.util.function.LongSupplier durablePosition) {
        return new DocumentJournal() {
            @Override
            public void append(JournalEntry entry) {
                append.accept(entry);
            }

            @Override
            public long position() {
                return position.getAsLong();
            }

            @Override
            public long durablePosition() {
                return durablePosition.getAsLong();
            }
        };
    }

    /** A journal that keeps nothing (for documents that are not persisted). */
    DocumentJournal NONE = entry -> { };
}
