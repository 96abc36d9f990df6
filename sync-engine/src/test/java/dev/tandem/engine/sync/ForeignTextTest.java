package dev.tandem.engine.sync;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The record of chars the other side has not seen follows every splice of the text, char for char. */
class ForeignTextTest {

    @Test
    void typed_chars_are_foreign_and_move_with_the_text_around_them() {
        ForeignText f = new ForeignText();
        f.spliced(10, 0, 3, true);    // someone typed "abc" at 10
        f.spliced(0, 2, 0, false);    // the other side's deletion before it landed
        assertFalse(f.contains(7));
        assertTrue(f.contains(8) && f.contains(10));
        assertFalse(f.contains(11));
    }

    @Test
    void a_landing_inside_typed_text_splits_it_and_its_own_chars_are_not_foreign() {
        ForeignText f = new ForeignText();
        f.spliced(0, 0, 10, true);
        f.spliced(4, 0, 2, false);
        assertArrayEquals(new int[][] {{0, 4}, {6, 12}}, f.ranges());
    }

    @Test
    void typing_next_to_typed_text_grows_one_range() {
        ForeignText f = new ForeignText();
        for (int i = 0; i < 5; i++) f.spliced(20 + i, 0, 1, true);
        assertArrayEquals(new int[][] {{20, 25}}, f.ranges());
    }

    @Test
    void chars_found_unseen_again_are_marked_and_joined_with_their_neighbours() {
        ForeignText f = new ForeignText();
        f.spliced(0, 0, 2, true);
        f.mark(2, 5);
        f.mark(8, 9);
        assertArrayEquals(new int[][] {{0, 5}, {8, 9}}, f.ranges());
    }

    @Property(tries = 300)
    void it_agrees_with_a_char_by_char_model(@ForAll long seed, @ForAll @IntRange(min = 1, max = 100) int steps) {
        Random random = new Random(seed);
        List<Boolean> model = new ArrayList<>();
        for (int i = 0; i < random.nextInt(40); i++) model.add(false);
        ForeignText f = new ForeignText();
        for (int step = 0; step < steps; step++) {
            if (random.nextInt(5) == 0 && !model.isEmpty()) {
                int from = random.nextInt(model.size());
                int to = from + random.nextInt(Math.min(6, model.size() - from) + 1);
                for (int i = from; i < to; i++) model.set(i, true);
                f.mark(from, to);
            } else {
                int pos = random.nextInt(model.size() + 1);
                int del = random.nextInt(Math.min(6, model.size() - pos) + 1);
                int ins = random.nextInt(5);
                boolean foreign = random.nextBoolean();
                for (int i = 0; i < del; i++) model.remove(pos);
                for (int i = 0; i < ins; i++) model.add(pos, foreign);
                f.spliced(pos, del, ins, foreign);
            }
            for (int i = 0; i < model.size(); i++) {
                assertEquals(model.get(i), f.contains(i), "position " + i + " after step " + step + ": " + f);
            }
        }
    }
}
