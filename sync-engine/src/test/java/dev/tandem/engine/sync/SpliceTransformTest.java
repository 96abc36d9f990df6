package dev.tandem.engine.sync;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;

class SpliceTransformTest {

    @Test
    void both_orders_give_the_same_text_for_random_concurrent_edits() {
        for (long seed = 0; seed < 3_000; seed++) {
            Random r = new Random(seed);
            String base = randomText(r, r.nextInt(12));
            List<TextSplice> a = randomEdits(r, base);
            List<TextSplice> b = randomEdits(r, base);
            boolean aFirst = r.nextBoolean();
            SpliceTransform.Pair t = SpliceTransform.transform(a, b, aFirst);
            String viaA = SpliceTransform.apply(SpliceTransform.apply(base, a), t.b());
            String viaB = SpliceTransform.apply(SpliceTransform.apply(base, b), t.a());
            assertEquals(viaA, viaB, "seed " + seed + " base=" + base + " a=" + a + " b=" + b);
        }
    }

    @Test
    void an_insert_inside_a_concurrently_deleted_range_survives() {
        SpliceTransform.Pair t = SpliceTransform.transform(
                List.of(new TextSplice(3, 0, "XY")), List.of(new TextSplice(1, 5, "")), true);
        assertEquals("aXYg", SpliceTransform.apply(SpliceTransform.apply("abcdefg", List.of(new TextSplice(1, 5, ""))), t.a()));
    }

    @Test
    void a_caret_after_an_insert_moves_by_its_length() {
        assertEquals(7, SpliceTransform.mapPosition(4, List.of(new TextSplice(1, 0, "abc")), false));
        assertEquals(1, SpliceTransform.mapPosition(1, List.of(new TextSplice(1, 0, "abc")), false));
        assertEquals(1, SpliceTransform.mapPosition(3, List.of(new TextSplice(1, 4, "")), false));
    }

    private static List<TextSplice> randomEdits(Random r, String base) {
        List<TextSplice> out = new ArrayList<>();
        String text = base;
        int n = 1 + r.nextInt(3);
        for (int i = 0; i < n; i++) {
            int pos = r.nextInt(text.length() + 1);
            int del = r.nextInt(text.length() - pos + 1);
            String ins = r.nextInt(3) == 0 ? "" : randomText(r, 1 + r.nextInt(3));
            TextSplice s = new TextSplice(pos, del, ins);
            out.add(s);
            text = SpliceTransform.apply(text, List.of(s));
        }
        return out;
    }

    private static String randomText(Random r, int n) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < n; i++) sb.append((char) ('a' + r.nextInt(26)));
        return sb.toString();
    }
}
