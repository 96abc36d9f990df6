package dev.tandem.engine.meta;

import java.util.Locale;

/**
 * The synced fields of a document's metadata, each merged on its own (last writer wins per field), with its name on
 * the wire and in the store, the kind of value it takes and its limits.
 */
public enum MetaField {
    /** What the sidebar shows; 1-200 characters, no line breaks. */
    TITLE("title"),
    /** Up to 32 tags of 1-64 characters, no line breaks or commas. */
    TAGS("tags"),
    /** Shown first in lists. */
    PINNED("pinned"),
    /** A folder path for grouping ("" = none), up to 512 characters, no line breaks. */
    FOLDER("folder"),
    /** The tombstone: true = deleted (the text stays recoverable for the retention period); false = live or restored. */
    DELETED("deleted"),
    /** When the document was created (ms since the epoch, the creator's clock). */
    CREATED("created");

    public static final int MAX_TITLE = 200;
    public static final int MAX_TAGS = 32;
    public static final int MAX_TAG = 64;
    public static final int MAX_FOLDER = 512;

    private final String wireName;

    MetaField(String wireName) {
        this.wireName = wireName;
    }

    public String wireName() {
        return wireName;
    }

    /** The field of a wire name; a clear IllegalArgumentException for an unknown one. */
    public static MetaField ofWireName(String name) {
        for (MetaField f : values()) if (f.wireName.equals(name)) return f;
        throw new IllegalArgumentException("unknown metadata field \"" + name + "\" (known: title, tags, pinned, folder, deleted, created)");
    }

    /** What a field holds before anyone wrote it. */
    public MetaValue defaultValue() {
        return switch (this) {
            case TITLE -> new MetaValue.Text("Untitled");
            case TAGS -> new MetaValue.Tags(java.util.List.of());
            case PINNED, DELETED -> new MetaValue.Flag(false);
            case FOLDER -> new MetaValue.Text("");
            case CREATED -> new MetaValue.Millis(0);
        };
    }

    /** Checks that {@code v} is of this field's kind and within its limits; returns it, or throws saying why. */
    public MetaValue check(MetaValue v) {
        switch (this) {
            case TITLE -> {
                String t = text(v);
                if (t.isBlank()) throw bad("a title must not be blank");
                if (t.length() > MAX_TITLE) throw bad("a title is at most " + MAX_TITLE + " characters (this one has " + t.length() + ")");
                if (t.indexOf('\n') >= 0 || t.indexOf('\r') >= 0) throw bad("a title is one line");
            }
            case FOLDER -> {
                String t = text(v);
                if (t.length() > MAX_FOLDER) throw bad("a folder is at most " + MAX_FOLDER + " characters");
                if (t.indexOf('\n') >= 0 || t.indexOf('\r') >= 0) throw bad("a folder is one line");
            }
            case TAGS -> {
                if (!(v instanceof MetaValue.Tags tags)) throw bad("tags are a list of strings");
                if (tags.tags().size() > MAX_TAGS) throw bad("at most " + MAX_TAGS + " tags");
                for (String t : tags.tags()) {
                    if (t.isBlank() || t.length() > MAX_TAG) throw bad("a tag is 1-" + MAX_TAG + " characters, not blank: \"" + t + "\"");
                    if (t.indexOf(',') >= 0 || t.indexOf('\n') >= 0 || t.indexOf('\r') >= 0) throw bad("a tag has no comma or line break: \"" + t + "\"");
                }
            }
            case PINNED, DELETED -> {
                if (!(v instanceof MetaValue.Flag)) throw bad(wireName + " is true or false");
            }
            case CREATED -> {
                if (!(v instanceof MetaValue.Millis)) throw bad("created is a time in ms since the epoch");
            }
        }
        return v;
    }

    private String text(MetaValue v) {
        if (!(v instanceof MetaValue.Text t)) throw bad(wireName + " is a string");
        return t.text();
    }

    private IllegalArgumentException bad(String why) {
        return new IllegalArgumentException(why);
    }

    @Override
    public String toString() {
        return wireName.toLowerCase(Locale.ROOT);
    }
}
