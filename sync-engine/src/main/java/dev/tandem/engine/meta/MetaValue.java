package dev.tandem.engine.meta;

import java.util.List;
import java.util.Objects;
import java.util.TreeSet;

/**
 * The value of one metadata field. Each {@link MetaField} takes one kind (and checks its limits).
 *
 * <p>Values have a canonical text ({@link #canonical()}) used only to break a tie between two different values with
 * the very same stamp, which honest nodes never produce (a stamp names its node, and a node never reuses one); the
 * tie-break keeps the merge a pure function of its inputs even then.
 */
public sealed interface MetaValue {

    /** A deterministic text of the value (for tie-breaks and tests). */
    String canonical();

    /** A string (a title, a folder path). */
    record Text(String text) implements MetaValue {
        public Text {
            Objects.requireNonNull(text, "text");
        }

        @Override
        public String canonical() {
            return "s:" + text;
        }
    }

    /** A set of tags, kept sorted and without duplicates (so equal sets are equal values). */
    record Tags(List<String> tags) implements MetaValue {
        public Tags {
            Objects.requireNonNull(tags, "tags");
            for (String t : tags) Objects.requireNonNull(t, "tag");
            tags = List.copyOf(new TreeSet<>(tags));
        }

        @Override
        public String canonical() {
            return "t:" + String.join("\u0000", tags);
        }
    }

    /** A yes/no value (pinned, deleted). */
    record Flag(boolean on) implements MetaValue {
        @Override
        public String canonical() {
            return "b:" + on;
        }
    }

    /** A point in time, ms since the epoch (created). */
    record Millis(long millis) implements MetaValue {
        public Millis {
            if (millis < 0) throw new IllegalArgumentException("a time must not be negative: " + millis);
        }

        @Override
        public String canonical() {
            return "m:" + millis;
        }
    }
}
