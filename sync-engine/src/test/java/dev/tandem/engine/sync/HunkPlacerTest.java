package dev.tandem.engine.sync;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

class HunkPlacerTest {

    @Test
    void aHunkThatSitsBeforeItsEstimatedPositionIsStillFound() {
        // Text and shadow share no prefix or suffix, so the hub's estimate of where "-1⟧nd d. " sits is interpolated
        // (here 32) and lands well past its real place (18): the search must reach back, not only forward.
        String text = "👍c0-2⟧-0⟧🏽o%a⟦c1-1⟧nd d. %⟦c2-uur⟦c2-5⟧sync  onthe mmand ßn\nenlthe d text⟦c2-4⟧ . l.\n";
        HunkPlacer.Target deleteTail = HunkPlacer.Target.of(32, "a⟦c1", "-1⟧nd d. ", "", "");

        HunkPlacer.Placement placed = HunkPlacer.place(text, deleteTail);

        assertFalse(placed.rejected(), placed.reason());
        assertEquals("-1⟧nd d. ", text.substring(placed.at(), placed.at() + placed.deleted()));
    }

    @Test
    void aHunkAtItsEstimatedPositionLandsThereExactly() {
        String text = "x".repeat(3000) + "the quick brown fox" + "y".repeat(3000);
        HunkPlacer.Target replaceQuick = HunkPlacer.Target.of(3004, "the ", "quick", "slow", " brown fox");

        HunkPlacer.Placement placed = HunkPlacer.place(text, replaceQuick);

        assertEquals(3004, placed.at());
        assertEquals(5, placed.deleted());
        assertEquals("slow", placed.inserted());
    }
}
