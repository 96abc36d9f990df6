package dev.tandem.engine.meta;

/**
 * The merge rule of metadata, the same on every side: per field, the write with the greater stamp wins
 * ({@link Hlc#compareTo}: physical time, then counter, then node id). Two writes with the very same stamp are the same
 * write (a node never reuses a stamp); should two different values ever carry one stamp, the greater canonical value
 * wins, so the rule stays a function of its inputs: commutative, associative and idempotent (property-tested).
 *
 * <p>Concurrency: stateless.
 */
public final class MetaMerge {

    private MetaMerge() { }

    /** Whether {@code incoming} replaces {@code current} (null: the field was never written, so it does). */
    public static boolean wins(MetaValue incomingValue, Hlc incoming, MetaRecord.Stamped current) {
        if (current == null) return true;
        int c = incoming.compareTo(current.stamp());
        if (c != 0) return c > 0;
        return incomingValue.canonical().compareTo(current.value().canonical()) > 0;
    }

    /** Whether {@code change} replaces what {@code record} holds for its field. */
    public static boolean wins(FieldChange change, MetaRecord record) {
        return wins(change.value(), change.stamp(), record == null ? null : record.fields().get(change.field()));
    }
}
