package dev.tandem.engine.store;

import dev.tandem.engine.sync.DocumentJournal;
import dev.tandem.engine.sync.DocumentSnapshot;

import java.util.List;
import java.util.Optional;

/**
 * The durable state of many documents at one side (a client or a hub): per document a snapshot and the journal
 * entries written since. Entries are buffered by {@link #journal} and made durable together by {@link #commit}
 * (group commit): a caller commits before it sends any message that acknowledges what the entries record.
 *
 * <p>Concurrency: implementations are thread-safe; each document's journal is appended to by that document's single
 * owner, while {@link #commit} may be called from any thread (it takes whatever is buffered).
 */
public interface DocumentStore extends AutoCloseable {

    /**
     * The document's state (snapshot plus replayed journal), or empty if the store has never seen it. Includes entries
     * still buffered: implementations commit them first.
     */
    Optional<DocumentSnapshot> load(String docId) throws StoreException;

    /** The journal that buffers the document's entries until the next {@link #commit}. */
    DocumentJournal journal(String docId);

    /** Makes every buffered entry durable in one transaction. On failure the entries stay buffered for a retry. */
    void commit() throws StoreException;

    /**
     * Replaces the document's stored state by {@code snapshot} and forgets its journal (after committing what is
     * buffered, which the snapshot must already include).
     */
    void checkpoint(DocumentSnapshot snapshot) throws StoreException;

    /**
     * Replaces the document's stored state up to journal position {@code asOf} (its {@link DocumentJournal#position()}
     * when the snapshot's state was taken) by {@code snapshot}; the entries after it stay and are replayed over it. For
     * a checkpoint made off the document's owner, which goes on journaling while the snapshot is encoded and written.
     * May be called from any thread. A snapshot older than the stored one, or of a deleted document, is ignored.
     *
     * @throws IllegalArgumentException if {@code asOf} is past the journal's latest entry
     */
    void checkpoint(DocumentSnapshot snapshot, long asOf) throws StoreException;

    /** Journal entries written (committed or not) for the document since its last snapshot: a hint for checkpoints. */
    long journalLength(String docId);

    /** Every document the store holds, in no particular order. */
    List<String> documentIds() throws StoreException;

    /** Removes a document and its journal. */
    void delete(String docId) throws StoreException;

    /** A small persistent setting (this side's id, cursors, ...), or empty. */
    Optional<String> setting(String key) throws StoreException;

    /** Stores a setting durably (committed at once). */
    void putSetting(String key, String value) throws StoreException;

    /** Commits what is buffered and closes. */
    @Override
    void close() throws StoreException;
}
