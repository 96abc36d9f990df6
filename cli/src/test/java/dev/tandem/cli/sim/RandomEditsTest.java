package dev.tandem.cli.sim;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RandomEditsTest {

    private static final String SEP = "\n\u00B6\n";

    @Property(tries = 50)
    void an_edit_in_a_range_touches_nothing_outside_it(@ForAll long seed, @ForAll @IntRange(min = 0, max = 4) int k) {
        Random random = new Random(seed);
        RandomEdits typist = new RandomEdits(random, new MarkerLedger());
        String text = "first" + SEP + "second" + SEP + "third" + SEP + "" + SEP + "fifth";
        for (int step = 0; step < 200; step++) {
            int from = 0;
            for (int i = 0; i < k; i++) from = text.indexOf(SEP, from) + SEP.length();
            int to = text.indexOf(SEP, from);
            if (to < 0) to = text.length();
            RandomEdits.Splice s = typist.next(1, text, from, to);
            assertTrue(s.pos() >= from && s.pos() + s.deleted() <= to, "splice " + s.pos() + "+" + s.deleted() + " outside " + from + ".." + to);
            text = text.substring(0, s.pos()) + s.inserted() + text.substring(s.pos() + s.deleted());
            assertEquals(4, text.split(SEP, -1).length - 1, "the separators survive");
        }
    }

    @Test
    void the_whole_text_as_the_range_draws_exactly_like_the_simulator() {
        RandomEdits a = new RandomEdits(new Random(42), new MarkerLedger());
        RandomEdits b = new RandomEdits(new Random(42), new MarkerLedger());
        String ta = "some text to start from";
        String tb = ta;
        for (int i = 0; i < 300; i++) {
            RandomEdits.Splice sa = a.next(0, ta);
            RandomEdits.Splice sb = b.next(0, tb, 0, tb.length());
            assertEquals(sa, sb);
            ta = ta.substring(0, sa.pos()) + sa.inserted() + ta.substring(sa.pos() + sa.deleted());
            tb = ta;
        }
    }
}
