package dev.tandem.cli.lab;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ThreeWayMergeEngineTest {

    private static int count(String text, String s) {
        int n = 0;
        for (int i = text.indexOf(s); i >= 0; i = text.indexOf(s, i + 1)) n++;
        return n;
    }

    @Test
    void three_way_merge_merges_disjoint_edits() {
        LabFixture world = new LabFixture(2, 10);
        ThreeWayMergeEngine e = new ThreeWayMergeEngine(world.ctx, MergeClient.Policy.OVERWRITE);
        LabFixture.type(e, 0, LabFixture.paragraphStart(e, 0, 1), "ALPHA ");
        LabFixture.type(e, 1, LabFixture.paragraphStart(e, 1, 6), "OMEGA ");
        world.runFor(3_000);
        for (String text : new String[] {e.hubText(), e.text(0), e.text(1)}) {
            assertEquals(1, count(text, "ALPHA "));
            assertEquals(1, count(text, "OMEGA "));
        }
        assertEquals(e.hubText(), e.text(0));
        assertEquals(e.hubText(), e.text(1));
        assertEquals(0, e.conflicts().size());
    }

    @Test
    void typing_during_the_round_trip_is_overwritten_by_the_merged_document() {
        LabFixture world = new LabFixture(2, 500);
        ThreeWayMergeEngine e = new ThreeWayMergeEngine(world.ctx, MergeClient.Policy.OVERWRITE);
        LabFixture.type(e, 0, 0, "ONE ");
        world.runFor(200); // the request is out
        LabFixture.type(e, 0, 0, "TWO ");
        world.runFor(5_000);
        assertTrue(e.hubText().startsWith("ONE "));
        assertFalse(e.hubText().contains("TWO ") || e.text(0).contains("TWO "), "gone, and nobody was told");
        assertEquals(0, e.conflicts().size());
    }

    @Test
    void the_blocking_client_locks_the_editor_while_a_merge_is_out() {
        LabFixture world = new LabFixture(2, 500);
        ThreeWayMergeEngine e = new ThreeWayMergeEngine(world.ctx, MergeClient.Policy.BLOCK);
        assertTrue(e.mayEdit(0, 0));
        LabFixture.type(e, 0, 0, "ONE ");
        world.runFor(100);
        assertFalse(e.mayEdit(0, 0));
        world.runFor(1_000);
        assertTrue(e.mayEdit(0, 0));
        assertTrue(e.hubText().startsWith("ONE "));
    }

    @Test
    void a_lost_reply_does_not_merge_the_same_change_twice() {
        LabFixture world = new LabFixture(2, 500);
        ThreeWayMergeEngine e = new ThreeWayMergeEngine(world.ctx, MergeClient.Policy.OVERWRITE);
        LabFixture.type(e, 0, 0, "ONCE ");
        world.runUntil(700); // request sent at 30, merged at 530; the reply is on its way
        e.network().cut("c0");
        e.network().restore("c0"); // the reply went down with the old connection
        LabFixture.type(e, 0, 0, "MORE ");
        world.runFor(6_000);
        assertEquals(1, count(e.hubText(), "ONCE "));
        assertEquals(1, count(e.hubText(), "MORE "));
        assertEquals(e.hubText(), e.text(0));
    }

    @Test
    void two_users_changing_the_same_words_get_a_conflict_for_the_one_that_could_not_be_placed() {
        LabFixture world = new LabFixture(2, 10);
        ThreeWayMergeEngine e = new ThreeWayMergeEngine(world.ctx, MergeClient.Policy.OVERWRITE);
        int at = e.text(0).indexOf("drafts this part");
        e.edit(0, new dev.tandem.cli.sim.RandomEdits.Splice(at, "drafts this part".length(), "WRITES"));
        e.edit(1, new dev.tandem.cli.sim.RandomEdits.Splice(at, "drafts this part".length(), "EDITS"));
        world.runFor(3_000);
        assertEquals(e.hubText(), e.text(0));
        assertEquals(e.hubText(), e.text(1));
        boolean both = e.hubText().contains("WRITES") && e.hubText().contains("EDITS");
        assertTrue(both || e.conflicts().size() == 1, "either both kept or the second one shown: " + e.hubText());
    }
}
