package dev.tandem.engine.sync;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.AlphaChars;
import net.jqwik.api.constraints.StringLength;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A reset's merge says how it turned the hub's text into the merged one: my changes as the patcher placed them. The
 * next edit sends those splices, so a look-alike of my text in the hub's (seed 4621) is never taken for mine.
 */
class ResetMergeSplicesTest {

    @Test
    void my_insert_is_one_splice_where_the_patcher_put_it_even_beside_a_look_alike() {
        String base = "intro ⟦c1-17⟧ end";
        String mine = "intro ⟦c1-13⟧ ⟦c1-17⟧ end";     // I typed a marker that shares its head with the hub's
        String theirs = "start intro ⟦c1-17⟧ end";     // the hub gained a word meanwhile
        ThreeWayMerge.Result r = merge(base, mine, theirs);

        assertEquals("start intro ⟦c1-13⟧ ⟦c1-17⟧ end", r.text());
        assertEquals(1, r.fromTheirs().size(), r.fromTheirs().toString());
        TextSplice splice = r.fromTheirs().get(0);
        assertEquals(0, splice.deleted());
        assertTrue(splice.inserted().contains("⟦c1-13⟧"), splice.toString()); // whole, wherever among the spaces
    }

    @Test
    void my_delete_of_a_short_text_is_not_carried_to_a_look_alike_far_from_where_it_was() {
        // Seed 4621: the last common text was a fragment; I deleted it and typed; the hub's text holds the same chars
        // as the head of a marker someone typed later. Their marker must stay whole.
        String base = "⟦c1-1";
        String mine = "my own words";
        String theirs = "ß⟦c0-6⟧ intro and more text here, then l⟦c1-17⟧d and the rest";
        ThreeWayMerge.Result r = merge(base, mine, theirs);

        assertTrue(r.text().contains("⟦c1-17⟧"), r.text());
        assertTrue(r.text().contains("my own words"), r.text());
        assertTrue(r.rejected().isEmpty(), r.rejected().toString());
    }

    @Test
    void an_insert_put_at_the_start_keeps_the_char_it_shared_with_the_text_it_replaced() {
        // Seed 6062: I replaced "t⟦c0-2⟧" with a marker of mine; the diff kept the old marker's "⟧" as context, so my
        // insert alone ended "⟦c1-13". The hub's text changed all around, and my hunk went to the start.
        String base = "t⟦c0-2⟧⟦c0-0⟧ßsync ";
        String mine = "my words ⟦c1-13⟧⟦c0-0⟧ßsync ";
        String theirs = "⟦c2-4⟧ their own words, then t⟦⟧ and ⟦c0-2⟧ moved, and ⟦c0-0⟧";
        ThreeWayMerge.Result r = merge(base, mine, theirs);

        assertTrue(r.text().startsWith("my words ⟦c1-13⟧"), r.text());
        assertTrue(r.text().endsWith(theirs), r.text());
    }

    @Test
    void an_insert_put_at_the_end_keeps_the_chars_it_shared_with_the_text_before_it() {
        // Seed 6898: "e⟦c0-0⟧tß o" became "e⟦c0-53⟧…": the diff kept "e⟦c0-" as context, and my insert at the end
        // began "53⟧".
        String base = "e⟦c0-0⟧tß o";
        String mine = "e⟦c0-53⟧中🎉 o🎉, and more of mine";
        String theirs = "⟦c1-1⟧ their text, all of it new";
        ThreeWayMerge.Result r = merge(base, mine, theirs);

        assertTrue(r.text().startsWith(theirs), r.text());
        assertTrue(r.text().contains("⟦c0-53⟧中🎉 o🎉, and more of mine"), r.text());
    }

    @Test
    void my_marker_typed_over_an_old_one_is_sent_whole_when_the_hunk_lands_moved() {
        // Seed 5046 with 17 clients: I replaced a stretch ending in my old marker "⟦c9-3⟧t " by a new marker; the
        // hub's text had changed nearby, so my hunk landed fuzzy, and a smallest diff of what it found and what it
        // wrote kept the old marker's "⟦c9-" and "⟧" as equal. Another writer had deleted the old "⟦" meanwhile: my
        // new marker reached the hub without its bracket. My splice must insert my marker whole.
        String after = "👍🏽ma⟦c0-12⟧nd 𝄞 and more words after it";
        String old = "l𝄞os👨‍💻, t ua🎉itex⟦c9-3⟧t 👍";
        ThreeWayMerge.Result r = merge("e\nr r\t中 , the " + old + after, "e\nr r\t中 , the l⟦c9-62⟧n\t" + after,
                "e\nr r\t中 , THE " + old + after);

        assertEquals("e\nr r\t中 , THE l⟦c9-62⟧n\t" + after, r.text());
        assertTrue(r.fromTheirs().stream().anyMatch(s -> s.inserted().contains("⟦c9-62⟧")), r.fromTheirs().toString());
    }

    @Test
    void my_marker_typed_before_a_look_alike_is_merged_as_typed_not_as_a_diff_pairs_it() {
        // Seed 5697 with 17 clients: I typed "⟦c10-107⟧usé" just before my older "⟦c10-62⟧"; a diff of base and mine
        // wrote it as "107⟧usé⟦c10-" after the old marker's head, which another writer had deleted at the hub: merged,
        // my marker was whole nowhere. Merged as typed, it is whole in the text or, where it touches their change, in
        // a conflict.
        String base = "r😀😀ou⟦c10-62⟧snsync and the rest of it";
        String mine = "r😀😀ou⟦c10-107⟧usé⟦c10-62⟧snsync and the rest of it";
        String theirs = "r😀😀ou0-62⟧snsync and the rest of it"; // "⟦c1" deleted over there
        ThreeWayMerge.Result typed = ThreeWayMerge.merge(base, List.of(new TextSplice(7, 0, "⟦c10-107⟧usé")), theirs);
        assertTrue(wholeSomewhere(typed, "⟦c10-107⟧"), typed.text() + " " + typed.rejected());
        assertTrue(DiffSplices.lead(theirs, typed.fromTheirs(), typed.text()));

        ThreeWayMerge.Result diffed = merge(base, mine, theirs);
        assertTrue(!wholeSomewhere(diffed, "⟦c10-107⟧"), "the pairing this test guards against: " + diffed.text());
    }

    /** Whether {@code s} is whole in the merged text or in what a rejected hunk inserts. */
    private static boolean wholeSomewhere(ThreeWayMerge.Result r, String s) {
        return r.text().contains(s) || r.rejected().stream().anyMatch(h -> h.inserted().contains(s));
    }

    @Test
    void my_delete_found_where_it_was_aimed_still_deletes() {
        ThreeWayMerge.Result r = ThreeWayMerge.merge("old", "", "old, and theirs");
        assertEquals(", and theirs", r.text());
    }

    @Property(tries = 300)
    void the_merge_splices_lead_from_the_hubs_text_to_the_merged_one(
            @ForAll @AlphaChars @StringLength(max = 30) String base,
            @ForAll @AlphaChars @StringLength(max = 30) String mine,
            @ForAll @AlphaChars @StringLength(max = 30) String theirs) {
        merge(base, mine, theirs); // which checks that its splices lead there
    }

    @Test
    void splices_that_do_not_lead_to_the_text_are_told_apart() {
        assertTrue(DiffSplices.lead("abc", List.of(new TextSplice(1, 1, "X")), "aXc"));
        assertTrue(!DiffSplices.lead("abc", List.of(new TextSplice(1, 1, "X")), "abc"));
        assertTrue(!DiffSplices.lead("abc", List.of(new TextSplice(2, 5, "")), "ab"));
    }

    /** The merge, whose splices must lead from their text to the merged one. */
    private static ThreeWayMerge.Result merge(String base, String mine, String theirs) {
        ThreeWayMerge.Result r = ThreeWayMerge.merge(base, mine, theirs);
        assertTrue(DiffSplices.lead(theirs, r.fromTheirs(), r.text()), () -> r.fromTheirs() + " on " + theirs + " -> " + r.text());
        return r;
    }
}
