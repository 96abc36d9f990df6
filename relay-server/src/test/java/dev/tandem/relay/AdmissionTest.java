package dev.tandem.relay;

import org.junit.jupiter.api.Test;

import java.util.OptionalInt;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A document's cap on connections is cut fast when the relay falls behind on it and grows slowly while it keeps up, so
 * that clients closed together come back a few at a time (decision 0023).
 */
class AdmissionTest {

    static final long SECOND = 1_000_000_000L;
    final Admission admission = new Admission();

    @Test
    void a_document_has_no_cap_until_the_relay_falls_behind_on_it() {
        assertTrue(admission.mayJoin("w/doc", 10_000));
        assertEquals(OptionalInt.empty(), admission.cap("w/doc"));
    }

    @Test
    void behind_the_cap_is_cut_to_nine_tenths_and_the_rest_are_to_be_closed() {
        assertEquals(50, admission.behind("w/doc", 500, 0));
        assertEquals(OptionalInt.of(450), admission.cap("w/doc"));
        assertFalse(admission.mayJoin("w/doc", 450));
        assertTrue(admission.mayJoin("w/doc", 449));
        assertTrue(admission.mayJoin("w/other", 10_000), "other documents are not capped");
        assertEquals(45, admission.behind("w/doc", 450, SECOND));
        assertEquals(0, admission.behind("w/doc", 1, 2 * SECOND), "never below one");
        assertEquals(OptionalInt.of(1), admission.cap("w/doc"));
    }

    @Test
    void a_cap_never_rises_by_being_cut_from_more_connections_than_it_allows() {
        admission.behind("w/doc", 100, 0);
        assertEquals(110, admission.behind("w/doc", 200, SECOND), "200 open (joined before the cap) against 90");
        assertEquals(OptionalInt.of(90), admission.cap("w/doc"));
    }

    @Test
    void keeping_up_grows_the_cap_by_a_tenth_every_ten_seconds() {
        admission.behind("w/doc", 100, 0);
        admission.keptUp("w/doc", 9 * SECOND);
        assertEquals(OptionalInt.of(90), admission.cap("w/doc"), "not yet");
        admission.keptUp("w/doc", 10 * SECOND);
        assertEquals(OptionalInt.of(99), admission.cap("w/doc"));
        admission.keptUp("w/doc", 15 * SECOND);
        assertEquals(OptionalInt.of(99), admission.cap("w/doc"), "ten seconds after the last step");
        admission.keptUp("w/doc", 20 * SECOND);
        assertEquals(OptionalInt.of(109), admission.cap("w/doc"));
        admission.behind("w/doc", 109, 21 * SECOND);
        admission.keptUp("w/doc", 30 * SECOND);
        assertEquals(OptionalInt.of(98), admission.cap("w/doc"), "a cut restarts the wait");
    }

    @Test
    void a_small_cap_still_grows() {
        admission.behind("w/doc", 2, 0);
        admission.keptUp("w/doc", 10 * SECOND);
        assertEquals(OptionalInt.of(2), admission.cap("w/doc"));
    }

    @Test
    void short_of_memory_a_document_keeps_what_it_has_left() {
        admission.shrunk("w/doc", 40, 44, 0);
        assertFalse(admission.mayJoin("w/doc", 40));
        assertTrue(admission.mayJoin("w/doc", 39));
        admission.shrunk("w/doc", 0, 40, SECOND);
        assertEquals(OptionalInt.of(1), admission.cap("w/doc"), "one may always come back");
    }

    /** A document left with one connection doubles back to half the level it was served at, then grows by tenths. */
    @Test
    void far_below_where_it_was_served_a_cap_doubles_up_to_half_of_that() {
        admission.behind("w/doc", 200, 0); // 180: served at that level
        admission.shrunk("w/doc", 0, 180, SECOND); // then memory ran short and took them all
        StringBuilder caps = new StringBuilder();
        for (int step = 1; step <= 10; step++) {
            admission.keptUp("w/doc", (1 + 10 * step) * SECOND);
            caps.append(admission.cap("w/doc").getAsInt()).append(' ');
        }
        assertEquals("2 4 8 16 32 64 90 99 109 120 ", caps.toString());
    }

    @Test
    void without_a_level_it_was_served_at_a_cap_grows_by_tenths_only() {
        admission.shrunk("w/doc", 0, 0, 0);
        admission.keptUp("w/doc", 10 * SECOND);
        admission.keptUp("w/doc", 20 * SECOND);
        assertEquals(OptionalInt.of(3), admission.cap("w/doc"));
    }
}
