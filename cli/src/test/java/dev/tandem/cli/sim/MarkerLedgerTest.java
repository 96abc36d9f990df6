package dev.tandem.cli.sim;

import dev.tandem.engine.sync.Conflict;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class MarkerLedgerTest {

    private final MarkerLedger ledger = new MarkerLedger();

    private static Conflict conflictInserting(String inserted) {
        return new Conflict("k1", "d", "c0", 0, Conflict.Origin.REMOTE_EDIT_REJECTED, 0, "", "", inserted, "", "test");
    }

    @Test
    void a_marker_in_the_final_text_is_not_a_loss() {
        String m = ledger.newMarker(0);
        assertEquals(List.of(), ledger.silentlyLost("abc" + m + "def", List.of()));
    }

    @Test
    void an_insert_that_never_arrived_is_a_silent_loss() {
        String m = ledger.newMarker(3);
        assertEquals(List.of(m.substring(1, m.length() - 1)), ledger.silentlyLost("abc", List.of()));
    }

    @Test
    void a_deliberately_deleted_marker_is_not_a_loss() {
        String text = "ab" + ledger.newMarker(1) + "cd";
        ledger.deleting(text, 0, text.length());
        assertEquals(List.of(), ledger.silentlyLost("", List.of()));
        assertEquals(1, ledger.deliberatelyDeletedCount());
    }

    @Test
    void a_delete_that_cuts_a_marker_partly_counts_as_deliberate() {
        String m = ledger.newMarker(1);
        String text = "ab" + m + "cd";
        ledger.deleting(text, 3, 1); // one char inside the marker
        ledger.deleting(text, 0, 1); // far away: touches nothing
        assertEquals(List.of(), ledger.silentlyLost("ab" + m.substring(0, 1) + m.substring(2) + "cd", List.of()));
    }

    @Test
    void a_delete_next_to_a_marker_does_not_touch_it() {
        String m = ledger.newMarker(1);
        String text = "ab" + m + "cd";
        ledger.deleting(text, 0, 2);
        ledger.deleting(text, 2 + m.length(), 2);
        assertEquals(0, ledger.deliberatelyDeletedCount());
    }

    @Test
    void a_marker_kept_in_a_conflict_record_is_not_a_loss() {
        String m = ledger.newMarker(2);
        assertEquals(List.of(), ledger.silentlyLost("abc", List.of(conflictInserting("x" + m + "y"))));
    }

    @Test
    void a_marker_of_which_only_pieces_are_kept_is_a_loss_reported_as_fragmented() {
        String m = ledger.newMarker(2); // ⟦c2-0⟧
        String other = ledger.newMarker(1); // ⟦c1-1⟧
        String head = m.substring(0, m.length() - 1); // ⟦c2-0, cut before its bracket
        String tail = m.substring(3); // -0⟧
        List<Conflict> conflicts = List.of(conflictInserting("x" + head + "y"), conflictInserting(other));
        List<String> lost = ledger.silentlyLost("abc" + tail, conflicts);
        assertEquals(List.of("c2-0"), lost);
        assertEquals(lost, MarkerLedger.fragmented(lost, conflicts, "abc"), "the head in a conflict record");
        assertEquals(lost, MarkerLedger.fragmented(lost, List.of(), "abc" + tail), "the tail in the text");
    }

    @Test
    void another_markers_brackets_are_not_pieces_of_a_lost_one() {
        String m = ledger.newMarker(2); // ⟦c2-0⟧
        ledger.newMarker(2);
        String later = ledger.newMarker(2); // ⟦c2-2⟧, and ⟦c2-0 is no prefix of it
        List<String> lost = ledger.silentlyLost("", List.of());
        assertTrue(lost.contains("c2-0"));
        assertEquals(List.of(), MarkerLedger.fragmented(List.of("c2-0"), List.of(conflictInserting(later)),
                "⟦c2-00⟧ " + m.charAt(0) + "c" + m.charAt(m.length() - 1)));
    }

    @Test
    void insertion_points_never_fall_inside_a_marker_or_a_surrogate_pair() {
        String m = ledger.newMarker(4);
        String text = "a😀" + m + "b";
        for (int p = 0; p <= text.length(); p++) {
            int q = RandomEdits.insertionPoint(text, p);
            String after = text.substring(0, q) + "X" + text.substring(q);
            assertTrue(after.contains(m), "insert at " + p + " -> " + q + " broke the marker: " + after);
            assertTrue(!Character.isLowSurrogate(text.charAt(Math.min(q, text.length() - 1))) || q == text.length(), "split a pair at " + q);
        }
    }
}
