package dev.tandem.engine.sync;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.StringLength;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class UnionMergeTest {

    @Test
    void text_only_the_hub_has_is_added_and_nothing_of_mine_is_taken_away() {
        assertEquals("zero one two three", UnionMerge.of("zero one two", "one two three").text());
    }

    @Test
    void shared_text_is_taken_once() {
        assertEquals("one two ", UnionMerge.of("one two ", "one two ").text());
        assertEquals("one two ", UnionMerge.of("one two ", "one ").text());
        assertEquals("one two ", UnionMerge.of("one ", "one two ").text());
    }

    @Test
    void words_come_out_whole_never_with_their_letters_mixed() {
        assertEquals("the cutcat sat", UnionMerge.of("the cut sat", "the cat sat").text());
        assertEquals("zero one two ", UnionMerge.of("one two ", "zero one ").text());
    }

    /** Sim seed 9124 (17 clients): "⟦c7-194⟧" and "⟦c12-154⟧" at one place came out as one mixed, unreadable run. */
    @Test
    void tokens_joined_by_punctuation_come_out_whole_never_mixed_into_one() {
        String union = UnionMerge.of("pi is 3.14 and ⟦c7-194⟧i here", "pi is 3.15 and ⟦c12-154⟧u here").text();
        assertTrue(union.contains("3.14") && union.contains("3.15"), union);
        assertTrue(union.contains("⟦c7-194⟧i") && union.contains("⟦c12-154⟧u"), union);
        assertEquals("pi is 3.143.15 and ⟦c7-194⟧i⟦c12-154⟧u here", union);
    }

    @Test
    void the_splices_from_the_hubs_text_insert_my_words_where_they_stand() {
        UnionMerge.Result r = UnionMerge.of("zero one two", "one two three");
        assertEquals(List.of(new TextSplice(0, 0, "zero ")), r.fromTheirs());
    }

    @Property(tries = 300)
    void the_union_holds_each_text_as_a_subsequence(@ForAll @StringLength(max = 40) String mine,
                                                    @ForAll @StringLength(max = 40) String theirs) {
        UnionMerge.Result r = UnionMerge.of(mine, theirs);
        String union = r.text();
        assertTrue(DiffSplices.lead(theirs, r.fromTheirs(), union), () -> r.fromTheirs() + " on " + theirs);
        assertTrue(isSubsequence(mine, union), () -> mine + " in " + union);
        assertTrue(isSubsequence(theirs, union), () -> theirs + " in " + union);
        assertTrue(union.length() <= mine.length() + theirs.length());
    }

    private static boolean isSubsequence(String part, String whole) {
        int i = 0;
        for (int j = 0; j < whole.length() && i < part.length(); j++) if (whole.charAt(j) == part.charAt(i)) i++;
        return i == part.length();
    }
}
