package dev.tandem.engine.meta;

import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * A document's metadata as one side holds it: for each field written so far, its value and the stamp of the write
 * that set it. Immutable; {@link #apply} gives the record after a change (if the change wins).
 */
public record MetaRecord(String docId, Map<MetaField, Stamped> fields) {

    /** A field's value and the stamp of the write that set it. */
    public record Stamped(MetaValue value, Hlc stamp) {
        public Stamped {
            Objects.requireNonNull(value, "value");
            Objects.requireNonNull(stamp, "stamp");
        }
    }

    public MetaRecord {
        Objects.requireNonNull(docId, "docId");
        EnumMap<MetaField, Stamped> copy = new EnumMap<>(MetaField.class);
        for (Map.Entry<MetaField, Stamped> e : fields.entrySet()) {
            copy.put(e.getKey(), Objects.requireNonNull(e.getValue(), "field value"));
            e.getKey().check(e.getValue().value());
        }
        fields = Collections.unmodifiableMap(copy);
    }

    /** A record with no field written yet. */
    public static MetaRecord empty(String docId) {
        return new MetaRecord(docId, Map.of());
    }

    /** The record after {@code change}, or empty if the change does not win (an older or the same write). */
    public Optional<MetaRecord> apply(FieldChange change) {
        if (!change.docId().equals(docId)) throw new IllegalArgumentException("change of " + change.docId() + " applied to " + docId);
        if (!MetaMerge.wins(change, this)) return Optional.empty();
        EnumMap<MetaField, Stamped> next = new EnumMap<>(MetaField.class);
        next.putAll(fields);
        next.put(change.field(), new Stamped(change.value(), change.stamp()));
        return Optional.of(new MetaRecord(docId, next));
    }

    /** The field's value, or its default if never written. */
    public MetaValue value(MetaField f) {
        Stamped s = fields.get(f);
        return s == null ? f.defaultValue() : s.value();
    }

    public Optional<Hlc> stamp(MetaField f) {
        Stamped s = fields.get(f);
        return s == null ? Optional.empty() : Optional.of(s.stamp());
    }

    public String title() {
        return ((MetaValue.Text) value(MetaField.TITLE)).text();
    }

    public List<String> tags() {
        return ((MetaValue.Tags) value(MetaField.TAGS)).tags();
    }

    public boolean pinned() {
        return ((MetaValue.Flag) value(MetaField.PINNED)).on();
    }

    public String folder() {
        return ((MetaValue.Text) value(MetaField.FOLDER)).text();
    }

    public boolean deleted() {
        return ((MetaValue.Flag) value(MetaField.DELETED)).on();
    }

    public long created() {
        return ((MetaValue.Millis) value(MetaField.CREATED)).millis();
    }

    /** When the document was deleted (the tombstone's physical time), if it is deleted. */
    public Optional<Long> deletedAtMillis() {
        return deleted() ? stamp(MetaField.DELETED).map(Hlc::millis) : Optional.empty();
    }

    /** Every field as a change (a full copy of this record, e.g. for a comparison or a resend). */
    public List<FieldChange> asChanges() {
        return fields.entrySet().stream()
                .map(e -> new FieldChange(docId, e.getKey(), e.getValue().value(), e.getValue().stamp())).toList();
    }
}
