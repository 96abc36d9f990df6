package dev.tandem.engine.sync;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

/** Pending splices carried over a change made to shadow and text alike still turn the shadow into the text. */
class PendingSplicesTest {

    @Test
    void a_change_after_the_splices_leaves_them_as_they_are_and_one_before_moves_them() {
        List<TextSplice> typed = List.of(new TextSplice(10, 0, "abc"));
        assertEquals(typed, PendingSplices.over(typed, 20, 2, 1, 23));
        assertEquals(List.of(new TextSplice(12, 0, "abc")), PendingSplices.over(typed, 0, 0, 2, 0));
    }

    @Test
    void an_insertion_at_the_point_where_the_text_inserted_too_cannot_be_ordered() {
        assertNull(PendingSplices.over(List.of(new TextSplice(5, 0, "x")), 5, 0, 1, 5));
    }

    @Property(tries = 500)
    void carried_over_a_shared_change_they_still_turn_the_shadow_into_the_text(
            @ForAll long seed, @ForAll @IntRange(min = 0, max = 12) int count) {
        Random random = new Random(seed);
        String shadow = text(random, 20 + random.nextInt(40));
        // The shared change's chars, which no pending splice may touch.
        int at = random.nextInt(shadow.length());
        int deleted = random.nextInt(Math.min(4, shadow.length() - at) + 1);
        String inserted = text(random, random.nextInt(4));
        StringBuilder text = new StringBuilder(shadow);
        int p = at; // where the change's chars are in the text as it is typed
        List<TextSplice> splices = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            boolean before = random.nextBoolean();
            int lo = before ? 0 : p + deleted;
            int hi = before ? p : text.length();
            if (hi < lo) continue;
            int pos = lo + random.nextInt(hi - lo + 1);
            int del = random.nextInt(Math.min(3, (before ? p : text.length()) - pos) + 1);
            String ins = text(random, random.nextInt(3));
            text.replace(pos, pos + del, ins);
            splices.add(new TextSplice(pos, del, ins));
            if (before) p += ins.length() - del;
        }
        String newShadow = shadow.substring(0, at) + inserted + shadow.substring(at + deleted);
        String newText = text.substring(0, p) + inserted + text.substring(p + deleted);
        List<TextSplice> carried = PendingSplices.over(splices, at, deleted, inserted.length(), p);
        if (carried == null) return; // allowed to give up (two insertions at one point); the caller then diffs
        StringBuilder replayed = new StringBuilder(newShadow);
        for (TextSplice s : carried) replayed.replace(s.pos(), s.pos() + s.deleted(), s.inserted());
        assertEquals(newText, replayed.toString());
    }

    private static String text(Random random, int length) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < length; i++) b.append("ab \n".charAt(random.nextInt(4)));
        return b.toString();
    }
}
