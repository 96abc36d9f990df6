package dev.tandem.engine.meta;

import org.junit.jupiter.api.Test;

import java.util.concurrent.atomic.AtomicLong;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class HlcTest {

    @Test
    void stamps_order_by_time_then_counter_then_node() {
        assertTrue(new Hlc(2, 0, "a").isAfter(new Hlc(1, 9, "z")));
        assertTrue(new Hlc(1, 2, "a").isAfter(new Hlc(1, 1, "z")));
        assertTrue(new Hlc(1, 1, "b").isAfter(new Hlc(1, 1, "a")));
        assertEquals(0, new Hlc(1, 1, "a").compareTo(new Hlc(1, 1, "a")));
    }

    @Test
    void a_stamp_round_trips_through_its_text() {
        Hlc h = new Hlc(1_732_619_000_000L, 3, "c3f9-a01.x_y");
        assertEquals("1732619000000:3:c3f9-a01.x_y", h.toString());
        assertEquals(h, Hlc.parse(h.toString()));
    }

    @Test
    void a_malformed_stamp_is_refused_saying_the_expected_form() {
        for (String bad : new String[] {"", "12", "12:3", "x:1:n", "1:y:n", "1:1:", "1:1:bad node", "-1:0:n"}) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Hlc.parse(bad), bad);
            assertTrue(e.getMessage().contains("stamp"), e.getMessage());
        }
    }

    @Test
    void ticks_follow_the_wall_clock_when_it_moves_forward() {
        AtomicLong wall = new AtomicLong(1_000);
        HlcClock c = new HlcClock("n", wall::get, null);
        assertEquals(new Hlc(1_000, 0, "n"), c.tick());
        wall.set(1_005);
        assertEquals(new Hlc(1_005, 0, "n"), c.tick());
    }

    @Test
    void ticks_never_go_back_when_the_wall_clock_does() {
        AtomicLong wall = new AtomicLong(1_000);
        HlcClock c = new HlcClock("n", wall::get, null);
        Hlc a = c.tick();
        wall.set(400); // the clock was set back
        Hlc b = c.tick();
        Hlc d = c.tick();
        assertTrue(b.isAfter(a) && d.isAfter(b));
        assertEquals(1_000, d.millis());
    }

    @Test
    void a_clock_that_runs_behind_still_orders_its_next_write_after_what_it_has_seen() {
        HlcClock behind = new HlcClock("late", () -> 1_000, null);
        Hlc seen = new Hlc(1_000 + 3_600_000, 7, "ahead");
        behind.observe(seen);
        Hlc mine = behind.tick();
        assertTrue(mine.isAfter(seen), mine + " after " + seen);
        assertEquals(seen.millis(), mine.millis(), "the physical part follows the seen stamp, not the late wall clock");
    }

    @Test
    void a_clock_starts_above_the_floor_from_its_store() {
        HlcClock c = new HlcClock("n", () -> 5, new Hlc(9, 2, "n"));
        assertEquals(new Hlc(9, 3, "n"), c.tick());
    }

    @Test
    void a_node_id_outside_the_allowed_characters_is_refused() {
        assertThrows(IllegalArgumentException.class, () -> new HlcClock("a b", () -> 0, null));
    }
}
