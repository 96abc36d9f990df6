package dev.tandem.engine.sync;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RunRangesTest {

    private static final int CONTEXT = 4;

    @Test
    void typing_on_at_ones_own_place_and_at_places_far_apart_stays_one_run() {
        RunRanges run = new RunRanges(CONTEXT);
        TextSplice a1 = new TextSplice(0, 0, "a");
        run.start(a1);
        TextSplice b1 = new TextSplice(50, 0, "b");
        assertTrue(run.joins(a1, b1));                       // far from every change: joins
        TextSplice a2 = new TextSplice(1, 0, "a");
        assertTrue(run.joins(b1, a2));                       // typing on after an earlier change of the run
        assertEquals(2, run.size());
    }

    @Test
    void a_change_near_another_change_of_the_run_ends_the_run() {
        RunRanges run = new RunRanges(CONTEXT);
        TextSplice a = new TextSplice(10, 0, "a");
        run.start(a);
        // 2 * CONTEXT chars are needed between separate changes: the receiver would group these two into one hunk.
        assertFalse(run.joins(a, new TextSplice(15, 0, "b")));
    }

    @Test
    void a_deletion_over_two_changes_merges_them_and_moves_the_rest() {
        RunRanges run = new RunRanges(CONTEXT);
        TextSplice a = new TextSplice(10, 0, "aa");          // [10, 12]
        run.start(a);
        TextSplice b = new TextSplice(30, 0, "bb");          // [30, 32]
        assertTrue(run.joins(a, b));
        TextSplice c = new TextSplice(60, 0, "c");           // [60, 61]
        assertTrue(run.joins(b, c));
        TextSplice cut = new TextSplice(11, 20, "");         // touches a and b: they become one change
        assertTrue(run.joins(c, cut));
        assertEquals(2, run.size());
        // c moved 20 chars left, to 40: a change 9 chars after it (2 x CONTEXT = 8 needed) still joins.
        assertTrue(run.joins(cut, new TextSplice(50, 0, "d")));
        assertEquals(3, run.size());
    }

    /**
     * The ranges decide exactly as the rule does when it checks a list of every change of the run: same runs for any
     * sequence of splices. (The list is the oracle: the rule as Link wrote it before session 17, except that changes
     * one splice grew over are merged, as they are one change of the composed edit.)
     */
    @Property(tries = 400)
    void decides_every_join_as_the_list_of_changes_did(@ForAll long seed, @ForAll @IntRange(min = 1, max = 200) int count) {
        Random random = new Random(seed);
        int length = 20 + random.nextInt(400);
        RunRanges run = new RunRanges(CONTEXT);
        List<int[]> oracle = new ArrayList<>();
        TextSplice last = null;
        for (int i = 0; i < count; i++) {
            int pos = random.nextInt(length + 1);
            int del = random.nextInt(4) == 0 ? random.nextInt(Math.min(30, length - pos) + 1) : 0;
            int ins = random.nextInt(3) == 0 ? 0 : 1 + random.nextInt(6);
            if (last != null && random.nextInt(3) == 0) { // typing on where the last splice ended
                pos = Math.min(length, last.pos() + last.inserted().length());
                del = 0;
            }
            TextSplice next = new TextSplice(pos, del, "x".repeat(ins));
            if (last == null) {
                run.start(next);
                oracle.clear();
                oracle.add(new int[] {pos, pos + ins});
            } else {
                boolean expected = listJoins(oracle, last, next);
                assertEquals(expected, run.joins(last, next), "splice " + i + " (seed " + seed + ")");
                if (!expected) { // the run ends: the next one starts with this splice
                    run.start(next);
                    oracle.clear();
                    oracle.add(new int[] {pos, pos + ins});
                }
            }
            assertEquals(oracle.size(), run.size(), "changes after splice " + i + " (seed " + seed + ")");
            length += ins - del;
            last = next;
        }
    }

    /** The rule over a list of every change of the run (O(changes) per splice). */
    private static boolean listJoins(List<int[]> ranges, TextSplice last, TextSplice next) {
        int p = next.pos();
        int end = p + next.deleted();
        int net = next.inserted().length() - next.deleted();
        boolean touching = RunRanges.touches(last, next);
        for (int i = 0; i < ranges.size() && !touching; i++) touching = typedInto(ranges.get(i), p, end);
        for (int[] r : ranges) {
            if (touching && typedInto(r, p, end)) continue;
            int margin = touching ? CONTEXT : 2 * CONTEXT;
            if (end > r[0] - margin && p < r[1] + margin) return false;
        }
        int[] grown = null;
        for (java.util.Iterator<int[]> it = ranges.iterator(); it.hasNext(); ) {
            int[] r = it.next();
            if (touching && typedInto(r, p, end)) {
                r[0] = Math.min(r[0], p);
                r[1] = Math.max(r[1] + net, p + next.inserted().length());
                if (grown == null) {
                    grown = r;
                } else { // both now hold the splice: one change
                    grown[0] = Math.min(grown[0], r[0]);
                    grown[1] = Math.max(grown[1], r[1]);
                    it.remove();
                }
            } else if (r[0] >= end) {
                r[0] += net;
                r[1] += net;
            }
        }
        if (grown == null) ranges.add(new int[] {p, p + next.inserted().length()});
        return true;
    }

    private static boolean typedInto(int[] r, int p, int end) {
        return end >= r[0] && p <= r[1];
    }
}
