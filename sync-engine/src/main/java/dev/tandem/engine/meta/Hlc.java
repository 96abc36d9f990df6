package dev.tandem.engine.meta;

import java.util.Comparator;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * A hybrid-logical-clock stamp: physical time in milliseconds, a counter for events within (or ahead of) that
 * millisecond, and the id of the node that issued it. Stamps are totally ordered by (millis, counter, node), so two
 * writes of one field are always ordered the same way on every side, and two different nodes never issue equal stamps.
 *
 * <p>Wire and storage form: {@code "<millis>:<counter>:<node>"}, e.g. {@code "1732619000000:0:c3f9a01"}.
 *
 * @param millis  physical part: the largest wall-clock time the issuing clock had seen, ms since the epoch
 * @param counter logical part: orders events that share {@code millis}
 * @param node    the issuing node, 1-64 of {@code A-Z a-z 0-9 . _ -}
 */
public record Hlc(long millis, int counter, String node) implements Comparable<Hlc> {

    private static final Pattern NODE = Pattern.compile("[A-Za-z0-9._-]{1,64}");
    private static final Comparator<Hlc> ORDER = Comparator.comparingLong(Hlc::millis)
            .thenComparingInt(Hlc::counter).thenComparing(Hlc::node);

    public Hlc {
        if (millis < 0) throw new IllegalArgumentException("stamp time must not be negative: " + millis);
        if (counter < 0) throw new IllegalArgumentException("stamp counter must not be negative: " + counter);
        Objects.requireNonNull(node, "node");
        if (!NODE.matcher(node).matches()) {
            throw new IllegalArgumentException("stamp node must be 1-64 of A-Z a-z 0-9 . _ -: \"" + node + "\"");
        }
    }

    /** Whether {@code node} may name a clock. */
    public static boolean isNodeId(String node) {
        return node != null && NODE.matcher(node).matches();
    }

    /** Reads the {@code "<millis>:<counter>:<node>"} form; a clear IllegalArgumentException otherwise. */
    public static Hlc parse(String s) {
        Objects.requireNonNull(s, "stamp");
        int a = s.indexOf(':');
        int b = a < 0 ? -1 : s.indexOf(':', a + 1);
        if (a <= 0 || b <= a + 1) throw new IllegalArgumentException("a stamp is \"<millis>:<counter>:<node>\", not \"" + s + "\"");
        try {
            return new Hlc(Long.parseLong(s.substring(0, a)), Integer.parseInt(s.substring(a + 1, b)), s.substring(b + 1));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("a stamp is \"<millis>:<counter>:<node>\", not \"" + s + "\"", e);
        }
    }

    @Override
    public int compareTo(Hlc o) {
        return ORDER.compare(this, o);
    }

    public boolean isAfter(Hlc o) {
        return compareTo(o) > 0;
    }

    @Override
    public String toString() {
        return millis + ":" + counter + ":" + node;
    }
}
