package dev.tandem.engine.sync;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The divergence's promise: outside its regions, text and shadow are equal char for char, with gap positions that map
 * exactly — whatever mix of text-only, shadow-only and shared splices happened.
 */
class DivergenceTest {

    @Property(tries = 300)
    void outside_its_regions_text_and_shadow_are_equal(@ForAll long seed, @ForAll @IntRange(min = 1, max = 120) int steps) {
        Random random = new Random(seed);
        StringBuilder shadow = new StringBuilder(randomText(random, random.nextInt(60)));
        StringBuilder text = new StringBuilder(shadow);
        Divergence d = new Divergence(1 + random.nextInt(6)); // few regions allowed: merges happen
        for (int step = 0; step < steps; step++) {
            int kind = random.nextInt(3);
            if (kind == 0) {
                int pos = random.nextInt(text.length() + 1);
                int del = random.nextInt(Math.min(5, text.length() - pos) + 1);
                String ins = randomText(random, random.nextInt(4));
                text.replace(pos, pos + del, ins);
                d.textSpliced(pos, del, ins.length());
            } else if (kind == 1) {
                int pos = random.nextInt(shadow.length() + 1);
                int del = random.nextInt(Math.min(5, shadow.length() - pos) + 1);
                String ins = randomText(random, random.nextInt(4));
                shadow.replace(pos, pos + del, ins);
                d.shadowSpliced(pos, del, ins.length());
            } else {
                int pos = random.nextInt(shadow.length() + 1);
                int del = random.nextInt(Math.min(5, shadow.length() - pos) + 1);
                int tpos = d.gapTextPosition(pos, pos + del);
                if (tpos < 0) continue;
                assertEquals(shadow.substring(pos, pos + del), text.substring(tpos, tpos + del), "a gap range is equal");
                String ins = randomText(random, random.nextInt(4));
                shadow.replace(pos, pos + del, ins);
                text.replace(tpos, tpos + del, ins);
                d.bothSpliced(pos, del, ins.length());
            }
            assertGapsEqual(d, shadow, text);
        }
    }

    /**
     * A region made by the text's own splices holds none of its shadow chars on its text side, so its edit may be "delete
     * these, insert those" with no diff (Region#replaced). Every char here is unique, so a char on both sides of a region
     * can only be one that survived there: from the start, or a hunk placed in both (a shadow splice and a text splice).
     */
    @Property(tries = 300)
    void a_replaced_region_shares_no_char_between_its_sides(@ForAll long seed, @ForAll @IntRange(min = 1, max = 120) int steps) {
        Random random = new Random(seed);
        char[] next = {'\u4e00'};
        StringBuilder shadow = new StringBuilder(unique(next, random.nextInt(60)));
        StringBuilder text = new StringBuilder(shadow);
        Divergence d = new Divergence(1 + random.nextInt(6));
        for (int step = 0; step < steps; step++) {
            int kind = random.nextInt(4);
            if (kind == 0 || kind == 1) { // the text alone (another writer); or a hunk placed in the text and the shadow
                int pos = random.nextInt(text.length() + 1);
                int del = random.nextInt(Math.min(5, text.length() - pos) + 1);
                String ins = unique(next, random.nextInt(4));
                if (kind == 1) {
                    int spos = random.nextInt(shadow.length() + 1);
                    int sdel = random.nextInt(Math.min(5, shadow.length() - spos) + 1);
                    shadow.replace(spos, spos + sdel, ins);
                    d.shadowSpliced(spos, sdel, ins.length());
                }
                text.replace(pos, pos + del, ins);
                d.textSpliced(pos, del, ins.length());
            } else if (kind == 2) { // a hunk in a gap: the same place in both
                int pos = random.nextInt(shadow.length() + 1);
                int del = random.nextInt(Math.min(5, shadow.length() - pos) + 1);
                int tpos = d.gapTextPosition(pos, pos + del);
                if (tpos < 0) continue;
                String ins = unique(next, random.nextInt(4));
                shadow.replace(pos, pos + del, ins);
                text.replace(tpos, tpos + del, ins);
                d.bothSpliced(pos, del, ins.length());
            } else { // an insert that landed at the same point of both, perhaps at a region's edge
                int pos = random.nextInt(shadow.length() + 1);
                int tpos = random.nextBoolean() ? d.textPosition(pos) : random.nextInt(text.length() + 1);
                String ins = unique(next, 1 + random.nextInt(3));
                if (d.insertedInBoth(pos, tpos, ins.length())) {
                    shadow.insert(pos, ins);
                    text.insert(tpos, ins);
                }
            }
            assertGapsEqual(d, shadow, text);
            for (Divergence.Region r : d.regions()) {
                if (!r.replaced()) continue;
                String before = shadow.substring(r.s(), r.sEnd());
                String after = text.substring(r.t(), r.tEnd());
                for (char c : before.toCharArray()) {
                    assertTrue(after.indexOf(c) < 0, () -> "replaced region " + r + " keeps a char of its shadow: " + d);
                }
            }
        }
    }

    @Test
    void an_insert_beside_a_change_at_the_same_point_of_both_leaves_the_change_alone() {
        Divergence d = new Divergence();
        d.textSpliced(10, 2, 5);                       // another writer replaced shadow[10, 12) by 5 chars
        assertTrue(d.insertedInBoth(10, 10, 3), "before it, in both");
        assertTrue(d.insertedInBoth(15, 18, 1), "after it, in both");
        assertEquals(List.of(new Divergence.Region(13, 2, 13, 5)), d.regions());
        assertFalse(d.insertedInBoth(14, 14, 1), "inside it: not a point of a gap");
        assertFalse(d.insertedInBoth(40, 41, 1), "a gap's shadow point with another text point");
    }

    @Test
    void a_change_is_trusted_to_a_gap_only_where_the_gap_runs_on_beyond_it() {
        // A shadow of 100 chars, changed at 20 and at 23: a 2-char gap at 21-23 between the two regions.
        Divergence d = new Divergence();
        d.shadowSpliced(20, 1, 1);
        d.shadowSpliced(23, 1, 1);
        assertTrue(d.gapTextPosition(21, 23) >= 0, "a gap, by the regions' account");
        assertFalse(d.gapReaches(21, 23, 100, 8), "two equal chars between two changes may be a coincidence");
        assertTrue(d.gapReaches(40, 42, 100, 8), "a long stretch of equal text on both sides");
        assertTrue(d.gapReaches(31, 33, 100, 8), "one side is enough: 7 chars before it, 67 after");
        assertTrue(d.gapReaches(0, 2, 100, 8), "the start of the text anchors the gap before the first region");
        assertTrue(d.gapReaches(98, 100, 100, 8), "and the end of the text the gap after the last");
    }

    @Test
    void typing_into_a_clean_link_makes_one_region_that_grows() {
        Divergence d = new Divergence();
        d.textSpliced(5, 0, 1);
        d.textSpliced(6, 0, 1);
        d.textSpliced(7, 0, 1);
        assertEquals(List.of(new Divergence.Region(5, 0, 5, 3)), d.regions());
    }

    @Test
    void changes_far_apart_stay_separate_regions_and_positions_between_them_map_exactly() {
        Divergence d = new Divergence();
        d.textSpliced(100, 0, 4);   // someone typed 4 chars at 100
        d.shadowSpliced(10, 2, 0);  // the shadow lost 2 chars at 10
        assertEquals(2, d.regions().size());
        assertEquals(52, d.textPosition(50), "between the two: the text still has the 2 chars the shadow lost");
        assertEquals(198 + 2 + 4, d.textPosition(198), "after both");
        assertEquals(-1, d.gapTextPosition(98, 98), "an insertion at a region's edge is not placed blindly");
        assertEquals(52, d.gapTextPosition(50, 60), "a range between the regions maps exactly");
    }

    private static void assertGapsEqual(Divergence d, CharSequence shadow, CharSequence text) {
        int s = 0;
        int t = 0;
        for (Divergence.Region r : d.regions()) {
            assertTrue(r.s() >= s && r.t() >= t, () -> "regions out of order: " + d);
            assertEquals(r.s() - s, r.t() - t, () -> "a gap differs in length: " + d);
            assertEquals(shadow.subSequence(s, r.s()).toString(), text.subSequence(t, r.t()).toString(), () -> "gap before " + r + " in " + d);
            s = r.sEnd();
            t = r.tEnd();
        }
        assertEquals(shadow.length() - s, text.length() - t, () -> "the last gap differs in length: " + d);
        assertEquals(shadow.subSequence(s, shadow.length()).toString(), text.subSequence(t, text.length()).toString());
    }

    private static String unique(char[] next, int n) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < n; i++) sb.append(next[0]++);
        return sb.toString();
    }

    private static String randomText(Random random, int n) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < n; i++) sb.append((char) ('a' + random.nextInt(3)));
        return sb.toString();
    }
}
