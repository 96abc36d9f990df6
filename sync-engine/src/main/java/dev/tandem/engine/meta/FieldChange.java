package dev.tandem.engine.meta;

import java.util.Objects;

/**
 * One write of one field of one document, with its stamp: the unit of the change log, of a push and of a pull.
 * The value is checked against the field's kind and limits here, so a change that exists is a valid one.
 */
public record FieldChange(String docId, MetaField field, MetaValue value, Hlc stamp) {

    /** The longest document id accepted (a UUID is 36; relay names go up to 4 x 128). */
    public static final int MAX_DOC_ID = 516;

    public FieldChange {
        Objects.requireNonNull(docId, "docId");
        if (docId.isEmpty() || docId.length() > MAX_DOC_ID) throw new IllegalArgumentException("a document id is 1-" + MAX_DOC_ID + " characters");
        Objects.requireNonNull(field, "field");
        Objects.requireNonNull(value, "value");
        Objects.requireNonNull(stamp, "stamp");
        field.check(value);
    }

    /** The field this change writes, as a key. */
    public Key key() {
        return new Key(docId, field);
    }

    /** The same change for another document id (the relay adds and removes the workspace part). */
    public FieldChange withDocId(String id) {
        return new FieldChange(id, field, value, stamp);
    }

    /** A field of a document. */
    public record Key(String docId, MetaField field) {
        public Key {
            Objects.requireNonNull(docId, "docId");
            Objects.requireNonNull(field, "field");
        }
    }
}
