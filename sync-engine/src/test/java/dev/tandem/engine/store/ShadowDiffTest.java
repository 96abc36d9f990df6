package dev.tandem.engine.store;

import dev.tandem.engine.text.DeltaOp;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ShadowDiffTest {

    /** A text of {@code n} chars from a small alphabet (repeats make false realignments likely), emoji included. */
    private static String text(Random r, int n) {
        String alphabet = "ab \n😀";
        StringBuilder sb = new StringBuilder();
        while (sb.length() < n) sb.append(alphabet.charAt(r.nextInt(alphabet.length())));
        return sb.toString();
    }

    /** {@code text} with {@code edits} random splices of up to {@code size} chars each. */
    private static String edited(Random r, String text, int edits, int size) {
        StringBuilder sb = new StringBuilder(text);
        for (int k = 0; k < edits; k++) {
            int pos = r.nextInt(sb.length() + 1);
            int del = Math.min(sb.length() - pos, r.nextInt(size + 1));
            sb.replace(pos, pos + del, text(r, r.nextInt(size + 1)));
        }
        return sb.toString();
    }

    @Property(tries = 500)
    void the_ops_rebuild_the_shadow_exactly_or_there_are_none(@ForAll long seed, @ForAll @IntRange(max = 3000) int length,
                                                              @ForAll @IntRange(max = 40) int edits,
                                                              @ForAll @IntRange(max = 300) int size) {
        Random r = new Random(seed);
        String text = text(r, length);
        String shadow = r.nextInt(10) == 0 ? text(r, r.nextInt(3000)) : edited(r, text, edits, size);
        List<DeltaOp> ops = ShadowDiff.ops(text, shadow);
        if (ops != null) assertEquals(shadow, ShadowDiff.apply(text, ops));
    }

    @Test
    void a_view_a_few_keystrokes_behind_the_text_is_written_as_those_keystrokes() {
        Random r = new Random(7);
        String text = text(r, 100_000);
        String shadow = edited(r, text, 10, 1);
        List<DeltaOp> ops = ShadowDiff.ops(text, shadow);
        assertNotNull(ops);
        int inserted = ops.stream().mapToInt(op -> op instanceof DeltaOp.Insert i ? i.text().length() : 0).sum();
        assertTrue(ops.size() <= 41 && inserted <= 20, () -> ops.size() + " ops inserting " + inserted + " chars");
        assertEquals(shadow, ShadowDiff.apply(text, ops));
    }

    @Test
    void an_unrelated_shadow_is_written_whole() {
        Random r = new Random(8);
        assertNull(ShadowDiff.ops(text(r, 5_000), "x".repeat(5_000)));
    }

    @Test
    void ops_that_do_not_fit_the_text_are_refused() {
        assertThrows(IllegalArgumentException.class, () -> ShadowDiff.apply("abc", List.of(new DeltaOp.Keep(4))));
        assertThrows(IllegalArgumentException.class, () -> ShadowDiff.apply("abc", List.of(new DeltaOp.Keep(2))));
    }
}
