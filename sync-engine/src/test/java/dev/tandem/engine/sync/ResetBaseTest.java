package dev.tandem.engine.sync;

import dev.tandem.engine.text.TrackedText;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A reset's three-way merge starts from the last text both sides had. When the hub's text is my shadow after one of my
 * edits it never acknowledged (the acknowledgement was lost), that is the common text, not my older base: from
 * {@code a⟦c} the merge took the head {@code ⟦c} of my marker, which the hub held, for the base's {@code ⟦c}, and
 * inserted the rest of the marker again after it ({@code ./tandem sim} seed 9943).
 */
class ResetBaseTest {

    private static Link linkWithOneUnacknowledgedInsert(TrackedText text) {
        Link link = Link.fresh("view", 1, "a⟦c", text, DocumentJournal.NONE, false);
        text.splice(1, 0, "⟦c2-2⟧%. ");
        link.textSpliced(1, 0, "⟦c2-2⟧%. ", text.length());
        link.makeEdit(text);
        return link;
    }

    @Test
    void the_hubs_text_that_holds_my_unacknowledged_edit_is_the_common_base() {
        TrackedText text = new TrackedText("a⟦c");
        Link link = linkWithOneUnacknowledgedInsert(text);
        String hubs = "a⟦c2-2⟧%. ⟦c";               // the hub applied my edit; its acknowledgement was lost

        assertEquals("a⟦c", link.commonBase());
        assertEquals(hubs, link.commonBase(hubs));

        // Meanwhile I deleted the old fragment and typed another marker: the merge gives exactly my text.
        String mine = "a⟦c2-2⟧⟦c2-5⟧ more";
        ThreeWayMerge.Result merged = ThreeWayMerge.merge(link.commonBase(hubs), mine, hubs);
        assertEquals(mine, merged.text());
        assertEquals(List.of(), merged.rejected());
        // From the older base the same merge doubles my marker's tail (why the base matters).
        assertNotEquals(mine, ThreeWayMerge.merge(link.commonBase(), mine, hubs).text());
    }

    @Test
    void a_hub_text_that_is_none_of_my_states_leaves_the_oldest_base() {
        TrackedText text = new TrackedText("a⟦c");
        Link link = linkWithOneUnacknowledgedInsert(text);
        assertEquals("a⟦c", link.commonBase("something else entirely"));
    }

    @Test
    void my_changes_since_the_common_base_are_my_edits_then_my_pending_typing_as_made() {
        TrackedText text = new TrackedText("a⟦c");
        Link link = linkWithOneUnacknowledgedInsert(text);
        text.splice(0, 0, "X");                       // typed after the edit, not sent yet
        link.textSpliced(0, 0, "X", text.length());

        List<TextSplice> fromOldest = link.splicesFromCommonBase("something else entirely");
        assertEquals(List.of(new TextSplice(1, 0, "⟦c2-2⟧%. "), new TextSplice(0, 0, "X")), fromOldest);
        assertTrue(DiffSplices.lead(link.commonBase(), fromOldest, text));

        String hubs = "a⟦c2-2⟧%. ⟦c";                 // the hub holds my edit: only the pending typing is new
        assertEquals(List.of(new TextSplice(0, 0, "X")), link.splicesFromCommonBase(hubs));
    }
}
