package dev.tandem.engine.text;

import java.util.Objects;

/**
 * One run of a diff: text kept, deleted from the old text, or inserted into the new one.
 * A diff is an ordered list of these; concatenating EQUAL+DELETE texts rebuilds the old text,
 * EQUAL+INSERT texts rebuild the new one.
 */
public record Diff(Op op, String text) {

    public enum Op { EQUAL, DELETE, INSERT }

    public Diff {
        Objects.requireNonNull(op, "op");
        Objects.requireNonNull(text, "text");
    }

    public static Diff equal(String text) { return new Diff(Op.EQUAL, text); }
    public static Diff delete(String text) { return new Diff(Op.DELETE, text); }
    public static Diff insert(String text) { return new Diff(Op.INSERT, text); }

    @Override
    public String toString() {
        return switch (op) {
            case EQUAL -> "=" + text;
            case DELETE -> "-" + text;
            case INSERT -> "+" + text;
        };
    }
}
