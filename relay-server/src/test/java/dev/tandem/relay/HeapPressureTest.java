package dev.tandem.relay;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** When a relay short of memory sheds connections, how many, and when it takes new ones again (decision 0023). */
class HeapPressureTest {

    static final long SECOND = 1_000_000_000L;
    final HeapPressure pressure = new HeapPressure(0.85, 0.70, SECOND, 10 * SECOND);

    @Test
    void below_the_line_nothing_is_shed_and_new_connections_are_taken() {
        assertEquals(0, pressure.onReading(0.60, 200, 0));
        assertEquals(0, pressure.onReading(0.84, 200, SECOND));
        assertFalse(pressure.shedding());
        assertFalse(pressure.roomy(), "84% is not room to grow caps in");
    }

    @Test
    void at_the_line_a_tenth_of_the_connections_is_closed_at_most_once_a_second() {
        assertEquals(20, pressure.onReading(0.85, 200, 0));
        assertTrue(pressure.shedding());
        assertEquals(0, pressure.onReading(0.90, 180, SECOND / 2), "within the gap");
        assertEquals(18, pressure.onReading(0.90, 180, SECOND));
        assertEquals(1, pressure.onReading(0.86, 3, 2 * SECOND), "at least one");
        assertEquals(0, pressure.onReading(0.86, 0, 3 * SECOND), "none open");
    }

    @Test
    void near_the_end_of_the_heap_three_tenths_go_at_once() {
        assertEquals(60, pressure.onReading(0.96, 200, 0));
    }

    @Test
    void new_connections_are_taken_again_only_after_readings_stayed_low_for_the_hold() {
        pressure.onReading(0.90, 100, 0);
        assertEquals(0, pressure.onReading(0.60, 90, 5 * SECOND));
        assertTrue(pressure.shedding(), "a low reading soon after a high one does not end it");
        assertEquals(0, pressure.onReading(0.75, 90, 11 * SECOND));
        assertTrue(pressure.shedding(), "between the lines nothing changes");
        pressure.onReading(0.65, 90, 11 * SECOND);
        assertFalse(pressure.shedding());
        assertTrue(pressure.roomy());
    }

    @Test
    void the_lines_must_make_sense() {
        assertThrows(IllegalArgumentException.class, () -> new HeapPressure(0.7, 0.8, 0, 0));
        assertThrows(IllegalArgumentException.class, () -> new HeapPressure(1.0, 0.8, 0, 0));
        assertThrows(IllegalArgumentException.class, () -> new HeapPressure(0.8, 0.7, -1, 0));
        assertEquals(0, HeapPressure.atPercent(85).onReading(0.84, 10, 0));
        assertEquals(1, HeapPressure.atPercent(85).onReading(0.85, 10, 0));
    }
}
