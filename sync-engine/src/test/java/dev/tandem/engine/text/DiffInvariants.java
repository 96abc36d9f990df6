package dev.tandem.engine.text;

import java.util.List;
import java.util.function.LongSupplier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

/** Checks shared by the diff tests, and their test doubles. */
final class DiffInvariants {

    private DiffInvariants() {}

    /** The invariants {@link TextDiff} promises: rebuilds both texts, normal form, whole surrogate pairs. */
    static void assertIsDiffOf(List<Diff> diffs, String a, String b) {
        assertEquals(a, oldText(diffs), "EQUAL+DELETE must rebuild the old text");
        assertEquals(b, newText(diffs), "EQUAL+INSERT must rebuild the new text");
        Diff previous = null;
        for (Diff d : diffs) {
            assertFalse(d.text().isEmpty(), () -> "empty run in " + diffs);
            assertFalse(Character.isLowSurrogate(d.text().charAt(0)), () -> "run starts inside a pair: " + d);
            assertFalse(Character.isHighSurrogate(d.text().charAt(d.text().length() - 1)),
                    () -> "run ends inside a pair: " + d);
            if (previous != null) {
                assertNotEquals(previous.op(), d.op(), () -> "adjacent runs share an op in " + diffs);
                assertFalse(previous.op() == Diff.Op.INSERT && d.op() == Diff.Op.DELETE,
                        () -> "insertion before deletion in " + diffs);
            }
            previous = d;
        }
    }

    static String oldText(List<Diff> diffs) {
        StringBuilder sb = new StringBuilder();
        for (Diff d : diffs) if (d.op() != Diff.Op.INSERT) sb.append(d.text());
        return sb.toString();
    }

    static String newText(List<Diff> diffs) {
        StringBuilder sb = new StringBuilder();
        for (Diff d : diffs) if (d.op() != Diff.Op.DELETE) sb.append(d.text());
        return sb.toString();
    }

    /** Chars deleted plus chars inserted: how coarse a diff is. */
    static int editedLength(List<Diff> diffs) {
        return diffs.stream().filter(d -> d.op() != Diff.Op.EQUAL).mapToInt(d -> d.text().length()).sum();
    }

    /** A fake nanosecond clock that moves {@code step} nanoseconds forward each time it is read. */
    static LongSupplier steppingClock(long step) {
        long[] now = {0};
        return () -> {
            long t = now[0];
            now[0] += step;
            return t;
        };
    }

    /** A fake clock that never moves: no deadline ever passes, so results depend on the work limits alone. */
    static DiffOptions onFrozenClock() {
        return DiffOptions.DEFAULTS.withNanoClock(() -> 0L);
    }
}
