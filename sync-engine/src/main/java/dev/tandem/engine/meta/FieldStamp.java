package dev.tandem.engine.meta;

import java.util.Objects;

/** A field of a document and the stamp of one write of it: what a relay acknowledges. */
public record FieldStamp(String docId, MetaField field, Hlc stamp) {
    public FieldStamp {
        Objects.requireNonNull(docId, "docId");
        Objects.requireNonNull(field, "field");
        Objects.requireNonNull(stamp, "stamp");
    }

    public static FieldStamp of(FieldChange c) {
        return new FieldStamp(c.docId(), c.field(), c.stamp());
    }

    public FieldChange.Key key() {
        return new FieldChange.Key(docId, field);
    }

    public FieldStamp withDocId(String id) {
        return new FieldStamp(id, field, stamp);
    }
}
