package dev.tandem.engine.store;

import dev.tandem.engine.meta.FieldChange;
import dev.tandem.engine.meta.FieldStamp;
import dev.tandem.engine.meta.Hlc;
import dev.tandem.engine.meta.MetaRecord;

import java.util.List;
import java.util.Optional;

/**
 * The durable metadata of a side's documents (docs/protocol.md, "Metadata"): per document and field the winning value
 * and its stamp, each accepted write numbered by this store's own sequence; on a client also the change log (fields
 * changed locally and not yet acknowledged by the relay) and the pull cursor. Every method is one transaction: it is
 * durable when it returns, or it failed and changed nothing.
 *
 * <p>Concurrency: implementations are thread-safe (one writer at a time).
 */
public interface MetaStore extends AutoCloseable {

    /** A change as the store numbered it when it was accepted. */
    record Numbered(long seq, FieldChange change) { }

    /** Every document's record, in no particular order. */
    List<MetaRecord> records() throws StoreException;

    Optional<MetaRecord> record(String docId) throws StoreException;

    /**
     * Merges changes field by field (last writer wins, {@link dev.tandem.engine.meta.MetaMerge}); the winners are
     * stored, each with the next sequence number, and returned in order. A change that loses or that the store already
     * holds changes nothing (so merging the same changes twice is harmless).
     */
    List<Numbered> merge(List<FieldChange> changes) throws StoreException;

    /** {@link #merge}, and the pull cursor set to {@code cursor}, in one transaction (a client applying a pull). */
    List<Numbered> mergePulled(List<FieldChange> changes, long cursor) throws StoreException;

    /**
     * Local writes (stamped by this side's clock after everything it has seen, so they win): merged, and put in the
     * change log, replacing an earlier entry of the same field.
     */
    List<Numbered> writeLocal(List<FieldChange> changes) throws StoreException;

    /**
     * Replaces an own write that the relay never took (it refused its stamp) by the same value under a new stamp: in
     * the record (if it still holds {@code old}'s stamp) and in the change log (if it still holds {@code old}), in one
     * transaction. This bypasses last-writer-wins on purpose: the old stamp was never accepted anywhere, so nobody can
     * hold it; the new one comes from a clock that was set right.
     */
    void restamp(FieldChange old, Hlc stamp) throws StoreException;

    /** The change log: the latest local write of each field not yet acknowledged, oldest first. */
    List<FieldChange> pending() throws StoreException;

    /**
     * The relay acknowledged these writes: their entries leave the change log, unless the field was written again
     * locally since (another stamp), in which case the newer entry stays to be pushed.
     */
    void acknowledge(List<FieldStamp> acknowledged) throws StoreException;

    /** The pull cursor (the relay's sequence number of the last change pulled), 0 before the first pull. */
    long cursor() throws StoreException;

    /** The last sequence number given to an accepted change (0: none). */
    long lastSeq() throws StoreException;

    /**
     * Accepted changes with a sequence number above {@code afterSeq} of documents whose id starts with
     * {@code docPrefix}, in order, at most {@code limit}.
     */
    List<Numbered> changesSince(long afterSeq, String docPrefix, int limit) throws StoreException;

    /** The greatest stamp the store holds (in records or the change log), to start a clock above it. */
    Optional<Hlc> maxStamp() throws StoreException;

    @Override
    void close() throws StoreException;
}
