package dev.tandem.engine.text;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.List;
import java.util.stream.Stream;

import static dev.tandem.engine.text.HunkStatus.EXACT;
import static dev.tandem.engine.text.HunkStatus.FUZZY;
import static dev.tandem.engine.text.HunkStatus.OFFSET;
import static dev.tandem.engine.text.HunkStatus.REJECTED;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.params.provider.Arguments.arguments;

/**
 * Adversarial tables for the fuzzy patcher. Each row: a base, one side's edit of it (the patch), the other side's
 * concurrent edit of it (the target), and what must come out at the default options. The threshold tables below
 * pin {@link PatchOptions#DEFAULTS}: each names the cases that bound a threshold from above or below.
 */
class FuzzyPatcherTest {

    private static final String MACS = "Macs had the original point and click UI.";

    private static PatchResult patch(String base, String edited, String target) {
        return FuzzyPatcher.withDefaults().apply(Patch.make(base, edited), target);
    }

    private static List<HunkStatus> statuses(PatchResult r) {
        return r.hunks().stream().map(HunkResult::status).toList();
    }

    static Stream<Arguments> adversarialCases() {
        return Stream.of(
                // Fraser §2: the hunk cannot apply cleanly, so it must be rejected, never "Smith & Weintoshesson".
                arguments("macs_to_macintoshes_against_smith_and_wesson_is_rejected",
                        MACS, "Macintoshes had the original point and click UI.",
                        "Smith & Wesson had the original point and click UI.",
                        "Smith & Wesson had the original point and click UI.", List.of(REJECTED)),
                arguments("macs_to_macintoshes_against_a_change_elsewhere_applies",
                        MACS, "Macintoshes had the original point and click UI.",
                        "Macs had the original point and click GUI.",
                        "Macintoshes had the original point and click GUI.", List.of(EXACT)),
                // The paper's cat: "cat" -> "hag" on one side, "cat" -> "cut" on the other: the same letters, a conflict.
                arguments("cat_to_hag_against_cat_to_cut_is_rejected_not_merged_into_hug",
                        "The cat sat on the mat.", "The hag sat on the mat.", "The cut sat on the mat.",
                        "The cut sat on the mat.", List.of(REJECTED)),
                arguments("cat_to_hag_against_an_edit_of_the_mat_applies",
                        "The cat sat on the mat.", "The hag sat on the mat.", "The cat sat on the rug.",
                        "The hag sat on the rug.", List.of(EXACT)),
                // Deleting text the other side changed: reject rather than delete the wrong thing.
                arguments("deleting_a_word_the_target_replaced_is_rejected",
                        "the quick brown fox jumps", "the quick fox jumps", "the quick red fox jumps",
                        "the quick red fox jumps", List.of(REJECTED)),
                // A pure deletion: the respelt word is still the word (1 of 7 chars, under the delete threshold).
                arguments("deleting_a_word_the_target_respelt_deletes_the_respelt_word",
                        "the colour of money", "the of money", "the color of money",
                        "the of money", List.of(FUZZY)),
                // Word-level hunks: deleting the "v" is a replacement of the word ("brave" -> "brae"), and a
                // replacement needs its word unchanged in the target, at any delete threshold.
                arguments("deleting_a_letter_the_target_changed_is_rejected",
                        "a brave new world", "a brae new world", "a braVe new world",
                        "a braVe new world", List.of(REJECTED)),
                arguments("replacing_a_word_the_target_respelt_is_rejected_not_written_over_the_respelling",
                        "the colour of money", "the hue of money", "the color of money",
                        "the color of money", List.of(REJECTED)),
                // An insertion next to a word the target respelt: the neighbouring word is still the word.
                arguments("inserting_next_to_a_word_the_target_respelt_applies",
                        "She bought aples here.", "She bought green aples here.", "She bought apples here.",
                        "She bought green apples here.", List.of(FUZZY)),
                // The target region is gone entirely.
                arguments("a_hunk_whose_sentence_was_deleted_is_rejected",
                        "Alice bought apples. Bob sold pears. Carl ate plums.",
                        "Alice bought green apples. Bob sold pears. Carl ate plums.",
                        "Bob sold pears. Carl ate plums.",
                        "Bob sold pears. Carl ate plums.", List.of(REJECTED)),
                // Rejected at any threshold: the word next to the insertion ("apples") is "a maple" there.
                arguments("a_hunk_whose_sentence_was_deleted_is_not_planted_in_a_similar_one",
                        "Alice bought apples here. Then Bob sold pears, Carl bought a maple here.",
                        "Alice bought green apples here. Then Bob sold pears, Carl bought a maple here.",
                        "Then Bob sold pears, Carl bought a maple here.",
                        "Then Bob sold pears, Carl bought a maple here.", List.of(REJECTED)),
                arguments("a_hunk_on_an_emptied_text_is_rejected",
                        "Some words here.", "Some more words here.", "",
                        "", List.of(REJECTED)),
                // Offsets: inserts before the hunk move it.
                arguments("an_insert_before_the_hunk_applies_it_at_an_offset",
                        "the quick brown fox jumps", "the quick brown fox leaps",
                        "Preface. the quick brown fox jumps",
                        "Preface. the quick brown fox leaps", List.of(OFFSET)),
                arguments("a_word_changed_in_the_context_still_applies_fuzzily",
                        "Please send the report by Friday.", "Please send the final report by Friday.",
                        "Please mail the report by Friday.",
                        "Please mail the final report by Friday.", List.of(FUZZY)),
                // 5 of the hunk's 16 chars changed: beyond the match threshold; kept as a rejected hunk.
                arguments("a_word_changed_and_a_typo_made_in_the_context_is_rejected",
                        "Please send the report by Friday.", "Please send the final report by Friday.",
                        "Please mail teh report by Friday.",
                        "Please mail teh report by Friday.", List.of(REJECTED)),
                // The hunk replaces the whole word ("-lazy +sleepy"); the rewrite touches its context only.
                arguments("a_rewrite_just_before_the_hunk_still_applies_fuzzily",
                        "The quick brown fox jumps over the lazy dog.", "The quick brown fox jumps over the sleepy dog.",
                        "The quick brown fox jumps above a lazy dog.",
                        "The quick brown fox jumps above a sleepy dog.", List.of(FUZZY)),
                arguments("both_sides_typing_at_the_same_point_keeps_both_insertions",
                        "Hello there", "Hello, world there", "Hello! there",
                        "Hello, world! there", List.of(FUZZY)),
                // Repeated text: context grows until the hunk is unique, so the right copy is edited.
                arguments("an_edit_of_the_second_of_repeated_lines_edits_the_second",
                        "abc abc abc abc\nabc abc abc abc\n", "abc abc abc abc\nabc abX abc abc\n",
                        "zz\nabc abc abc abc\nabc abc abc abc\n",
                        "zz\nabc abc abc abc\nabc abX abc abc\n", List.of(OFFSET)),
                arguments("an_edit_of_a_repeated_line_lands_on_its_copy_after_an_insert_before_it",
                        "la la la la la la la la la la", "la la la la la LA la la la la",
                        "intro la la la la la la la la la la",
                        "intro la la la la la LA la la la la", List.of(OFFSET)),
                // Emoji: never cut a pair.
                arguments("an_emoji_replaced_next_to_other_emoji",
                        "I \uD83D\uDE00\uD83D\uDE01\uD83D\uDE02 you", "I \uD83D\uDE00\uD83D\uDE03\uD83D\uDE02 you",
                        "I \uD83D\uDE00\uD83D\uDE01\uD83D\uDE02 you!",
                        "I \uD83D\uDE00\uD83D\uDE03\uD83D\uDE02 you!", List.of(EXACT)),
                arguments("an_emoji_inserted_after_an_emoji_the_target_replaced_is_rejected",
                        "go \uD83D\uDE00 now", "go \uD83D\uDE00\uD83D\uDE01 now", "go \uD83D\uDE02 now",
                        "go \uD83D\uDE02 now", List.of(REJECTED)),
                arguments("an_emoji_edit_after_emoji_inserted_before_it_applies_at_an_offset",
                        "x \uD83D\uDE00 y \uD83D\uDE01 z", "x \uD83D\uDE00 y \uD83D\uDE02 z",
                        "\uD83C\uDF89\uD83C\uDF89x \uD83D\uDE00 y \uD83D\uDE01 z",
                        "\uD83C\uDF89\uD83C\uDF89x \uD83D\uDE00 y \uD83D\uDE02 z", List.of(OFFSET)));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("adversarialCases")
    void adversarial(String behaviour, String base, String edited, String target, String expectedText,
                     List<HunkStatus> expectedStatuses) {
        PatchResult r = patch(base, edited, target);
        assertEquals(expectedText, r.text(), behaviour);
        assertEquals(expectedStatuses, statuses(r), behaviour + ": " + r.hunks());
    }

    // ------------------------------------------------------------------------------------------- the thresholds

    /**
     * Cases that must apply: each bounds the match threshold from below (the lowest threshold at which it applies is
     * noted). The default must accept them all.
     */
    static Stream<Arguments> mustApply() {
        return Stream.of(
                arguments("rewrite just before the hunk (needs 0.25)",
                        "The quick brown fox jumps over the lazy dog.", "The quick brown fox jumps over the sleepy dog.",
                        "The quick brown fox jumps above a lazy dog."),
                arguments("both neighbours of a short insertion respelt (needs 0.20)",
                        "Please send the report by Friday.", "Please send the final report by Friday.",
                        "Kindly mail the report by Monday."));
    }

    /**
     * Cases that must be rejected: each bounds the match threshold from above. Above the bound the hunk is located in
     * text it was never meant for; the anchor, word and delete checks stop some of those, but not all.
     */
    static Stream<Arguments> mustReject() {
        return Stream.of(
                // At 0.35 this gives "Carl bought green the apples there.": every word next to the insertion is intact,
                // so only the threshold stands between the hunk and the wrong sentence (5 of its 16 chars differ).
                arguments("sentence gone, a similar one with the same words nearby (garbles at 0.35)",
                        "Alice bought apples here. Then Bob sold pears, Carl bought the apples there.",
                        "Alice bought green apples here. Then Bob sold pears, Carl bought the apples there.",
                        "Then Bob sold pears, Carl bought the apples there."),
                // At 0.40 this gives "Carl sold green apples there.".
                arguments("sentence gone, a similar one with another verb nearby (garbles at 0.40)",
                        "Alice bought apples here. Then Bob sold pears, Carl sold apples there.",
                        "Alice bought green apples here. Then Bob sold pears, Carl sold apples there.",
                        "Then Bob sold pears, Carl sold apples there."),
                // With char-level hunks this gave "Carl bought green a maple here." at 0.35; with word-level hunks the
                // word anchor rejects it at any threshold ("apples" is "a maple" there).
                arguments("sentence gone, a similar one nearby (rejected by the word anchor)",
                        "Alice bought apples here. Then Bob sold pears, Carl bought a maple here.",
                        "Alice bought green apples here. Then Bob sold pears, Carl bought a maple here.",
                        "Then Bob sold pears, Carl bought a maple here."),
                // With char-level hunks this gave "Carl brought green staples there." at 0.35; now the word anchor
                // rejects it ("apples" is "staples" there).
                arguments("sentence gone, another similar one nearby (rejected by the word anchor)",
                        "Alice bought apples here. Then Bob sold pears, Carl brought staples there.",
                        "Alice bought green apples here. Then Bob sold pears, Carl brought staples there.",
                        "Then Bob sold pears, Carl brought staples there."),
                arguments("Fraser's Macs against Smith & Wesson (located at 0.40)",
                        MACS, "Macintoshes had the original point and click UI.",
                        "Smith & Wesson had the original point and click UI."));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("mustApply")
    void default_match_threshold_applies(String name, String base, String edited, String target) {
        assertTrue(patch(base, edited, target).allApplied(), name);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("mustReject")
    void default_match_threshold_rejects(String name, String base, String edited, String target) {
        assertEquals(1, patch(base, edited, target).rejectedCount(), name);
    }

    /**
     * Restated for word-level hunks: the char-level garble this test used to show ("Carl bought green a maple here."
     * at 0.35) is now rejected at any threshold by the word anchor (below), so the bound comes from a similar sentence
     * whose words next to the insertion are intact.
     */
    @Test
    void a_looser_match_threshold_garbles_a_hunk_whose_sentence_is_gone() {
        String base = "Alice bought apples here. Then Bob sold pears, Carl bought the apples there.";
        String edited = "Alice bought green apples here. Then Bob sold pears, Carl bought the apples there.";
        PatchResult loose = new FuzzyPatcher(PatchOptions.DEFAULTS.withMatchThreshold(0.35))
                .apply(Patch.make(base, edited), "Then Bob sold pears, Carl bought the apples there.");
        assertEquals("Then Bob sold pears, Carl bought green the apples there.", loose.text(),
                "this is why the default is below 0.35");
    }

    /** The word anchor, like the char anchor for Fraser's "Macs", does not rely on the threshold. */
    @ParameterizedTest(name = "match threshold {0}")
    @ValueSource(doubles = {0.35, 0.5, 1.0})
    void a_hunk_is_not_planted_next_to_a_word_that_is_another_word_there_at_any_threshold(double threshold) {
        FuzzyPatcher loose = new FuzzyPatcher(PatchOptions.DEFAULTS.withMatchThreshold(threshold));
        String target = "Then Bob sold pears, Carl bought a maple here.";
        PatchResult r = loose.apply(Patch.make(
                "Alice bought apples here. Then Bob sold pears, Carl bought a maple here.",
                "Alice bought green apples here. Then Bob sold pears, Carl bought a maple here."), target);
        assertEquals(target, r.text(), r.hunks().toString());
        assertEquals(List.of(REJECTED), statuses(r));
    }

    /**
     * A replacement is a whole-word edit, so a concurrent change of its word is a conflict however small it is and
     * whatever the thresholds: the paper's cat/hag/cut gives neither "hug" nor "hag" over "cut".
     */
    @ParameterizedTest(name = "thresholds {0}")
    @ValueSource(doubles = {0.5, 1.0})
    void a_replacement_of_a_word_the_target_changed_is_rejected_at_any_threshold(double threshold) {
        FuzzyPatcher lax = new FuzzyPatcher(PatchOptions.DEFAULTS.withMatchThreshold(threshold)
                .withDeleteThreshold(threshold));
        PatchResult r = lax.apply(Patch.make("The cat sat on the mat.", "The hag sat on the mat."),
                "The cut sat on the mat.");
        assertEquals("The cut sat on the mat.", r.text(), r.hunks().toString());
        assertEquals(List.of(REJECTED), statuses(r));
    }

    @Test
    void a_stricter_match_threshold_rejects_a_rewrite_just_before_the_hunk() {
        PatchResult strict = new FuzzyPatcher(PatchOptions.DEFAULTS.withMatchThreshold(0.20)).apply(
                Patch.make("The quick brown fox jumps over the lazy dog.", "The quick brown fox jumps over the sleepy dog."),
                "The quick brown fox jumps above a lazy dog.");
        assertFalse(strict.allApplied(), "this is why the default is above 0.20");
    }

    /** Deleting text the target changed: up to the delete threshold it is the same text, above it another text. */
    static Stream<Arguments> deletions() {
        String para = "The committee met on Tuesday and agreed that the budget for the coming year should stay as it "
                + "was, with the exception of travel, which will be cut by a tenth. ";
        String doc = "Minutes.\n" + para + "Next meeting in May.\n";
        String deleted = "Minutes.\nNext meeting in May.\n";
        return Stream.of(
                arguments("a respelt word is still the word (1 of 7 with its space)", "the colour of money",
                        "the of money", "the color of money", true),
                arguments("a one-letter change in a short word is another word (1 of 4 with its space)", "the cat sat",
                        "the sat", "the cut sat", false),
                arguments("a word replaced is another word", "the quick brown fox jumps", "the quick fox jumps",
                        "the quick red fox jumps", false),
                arguments("a paragraph with a typo fixed is still the paragraph", doc, deleted,
                        doc.replace("Tuesday", "Tuesdy"), true),
                arguments("a paragraph with a sentence added is still mostly the paragraph", doc, deleted,
                        doc.replace("a tenth. ", "a tenth. Lunch was good. "), true),
                arguments("a paragraph rewritten by a third is another paragraph", doc, deleted,
                        doc.replace("agreed that the budget for the coming year should stay as it was",
                                "argued at length about whether next year's spending ought to be frozen"), false));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("deletions")
    void default_delete_threshold(String name, String base, String edited, String target, boolean applies) {
        PatchResult r = patch(base, edited, target);
        assertEquals(applies, r.allApplied(), name + ": " + r.hunks());
        if (!applies) assertEquals(target, r.text());
    }

    // -------------------------------------------------------------------------------------------- the mechanics

    @Test
    void a_patch_applied_to_its_own_base_gives_the_edited_text_exactly() {
        String base = "one two three four five six seven eight nine ten";
        String edited = "one 2 three four five six 7 eight nine ten!";
        PatchResult r = patch(base, edited, base);
        assertEquals(edited, r.text());
        assertTrue(r.hunks().stream().allMatch(h -> h.status() == EXACT), r.hunks().toString());
    }

    @Test
    void the_offset_of_one_hunk_is_carried_to_the_next() {
        String base = "alpha beta gamma delta epsilon zeta eta theta iota kappa lambda mu";
        String edited = "alpha BETA gamma delta epsilon zeta eta theta iota kappa LAMBDA mu";
        String target = "0123456789 alpha beta gamma delta epsilon zeta eta theta iota kappa lambda mu";
        PatchResult r = patch(base, edited, target);
        assertEquals("0123456789 alpha BETA gamma delta epsilon zeta eta theta iota kappa LAMBDA mu", r.text());
        assertEquals(List.of(OFFSET, EXACT), statuses(r), "the second hunk is aimed where the first one landed");
    }

    @Test
    void a_rejected_hunk_leaves_its_text_and_the_next_hunk_still_applies() {
        String base = "Macs had the original point and click UI. Later, everyone copied the idea.";
        String edited = "Macintoshes had the original point and click UI. Later, everyone copied the good idea.";
        String target = "Smith & Wesson had the original point and click UI. Later, everyone copied the idea.";
        PatchResult r = patch(base, edited, target);
        assertEquals("Smith & Wesson had the original point and click UI. Later, everyone copied the good idea.",
                r.text());
        assertEquals(List.of(REJECTED, OFFSET), statuses(r));
        HunkResult rejected = r.rejected().get(0);
        assertEquals(-1, rejected.landed());
        assertEquals(0, rejected.expected());
        assertTrue(rejected.hunk().after().startsWith("Macintoshes had"), rejected.hunk().toString());
        assertEquals(rejected.hunk().before(), base.substring(0, rejected.hunk().length1()));
        assertFalse(rejected.reason().isBlank());
        assertEquals(1, r.rejectedCount());
        assertFalse(r.allApplied());
    }

    @Test
    void an_exact_hunk_reports_what_it_matched_and_produced() {
        PatchResult r = patch("the quick brown fox", "the quick red fox", "the quick brown fox");
        HunkResult h = r.hunks().get(0);
        assertEquals(h.hunk().before(), h.matched());
        assertEquals(h.hunk().after(), h.produced());
        assertEquals(h.expected(), h.landed());
    }

    @Test
    void a_hunk_never_lands_inside_the_change_of_the_hunk_before_it() {
        // The second hunk's text also occurs inside what the first hunk wrote; it must land after it.
        String base = "start xx end and then some filler text here; target zz";
        String edited = "start xx zz end and then some filler text here; target ZZ";
        PatchResult r = patch(base, edited, base);
        assertEquals(edited, r.text());
    }

    @ParameterizedTest(name = "long pattern of {0} chars")
    @ValueSource(ints = {65, 200, 2000})
    void a_large_deletion_in_a_shifted_text_is_found_by_its_head_and_tail(int size) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; sb.length() < size; i++) sb.append("word").append(i).append(' ');
        String block = sb.toString();
        String base = "Header line.\n" + block + "Footer line.\n";
        String edited = "Header line.\nFooter line.\n";
        String target = "A new first line.\nHeader line.\n" + block.replace("word3 ", "wurd3 ") + "Footer line.\n";
        PatchResult r = patch(base, edited, target);
        assertEquals("A new first line.\nHeader line.\nFooter line.\n", r.text(), r.hunks().toString());
        assertEquals(List.of(FUZZY), statuses(r));
    }

    @Test
    void a_large_deletion_whose_middle_was_rewritten_is_rejected() {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < 40; i++) sb.append("line ").append(i).append('\n');
        String block = sb.toString();
        String base = "top\n" + block + "bottom\n";
        String edited = "top\nbottom\n";
        String middle = block.substring(80, 160);
        String target = "top\n" + block.replace(middle, "completely different words were written here by someone else"
                + " who rewrote the lines") + "bottom\n";
        PatchResult r = patch(base, edited, target);
        assertEquals(target, r.text());
        assertEquals(List.of(REJECTED), statuses(r));
    }

    /** Regression (jqwik, shrunk): a hunk whose produced text is shorter than its length change used to throw. */
    @Test
    void deleting_everything_from_a_text_that_shrank_meanwhile_is_rejected_not_thrown() {
        PatchResult r = patch("aaaa", "", "aaa");
        assertEquals("aaa", r.text(), "1 of the 4 chars to delete is gone: above the delete threshold");
        assertEquals(List.of(REJECTED), statuses(r));
    }

    @Test
    void an_exact_occurrence_within_the_match_distance_is_found_however_far() {
        String filler = "-".repeat(1500);
        String base = "find me here" + filler;
        String edited = "find me HERE" + filler;
        String target = "x".repeat(900) + "find me here" + filler;
        PatchResult r = patch(base, edited, target);
        assertEquals("x".repeat(900) + "find me HERE" + filler, r.text());
        assertEquals(List.of(OFFSET), statuses(r));
        assertEquals(900, r.hunks().get(0).landed());
    }

    @Test
    void the_same_fix_made_on_both_sides_is_rejected_rather_than_applied_twice() {
        PatchResult r = patch("I saw teh cat", "I saw the cat", "I saw the cat");
        assertEquals("I saw the cat", r.text());
        assertEquals(List.of(REJECTED), statuses(r));
    }

    @Test
    void a_hunk_too_far_from_its_aim_is_rejected() {
        String filler = "-".repeat(1500);
        String base = "find me here" + filler;
        String edited = "find me HERE" + filler;
        String target = "x".repeat(1500) + "find me here" + filler;
        PatchResult r = patch(base, edited, target);
        assertEquals(target, r.text());
        assertEquals(List.of(REJECTED), statuses(r));
    }

    @Test
    void a_deletion_spares_chars_it_is_told_were_typed_by_others_even_when_they_look_like_what_it_deletes() {
        String base = "Keep this. Delete this long sentence with tag-10 in it and more. End.";
        String edited = "Keep this. End.";
        // The other side typed "tag-19" over "tag-10": one char differs.
        String target = "Keep this. Delete this long sentence with tag-19 in it and more. End.";
        int typedFrom = target.indexOf("tag-19");
        PatchResult guessed = FuzzyPatcher.withDefaults().apply(Patch.make(base, edited), target);
        assertEquals("Keep this. End.", guessed.text(), "by alignment alone a one-char change reads as a respelling");
        PatchResult told = FuzzyPatcher.withDefaults().apply(Patch.make(base, edited), target,
                pos -> pos >= typedFrom && pos < typedFrom + 6);
        assertEquals("Keep this.tag-19 End.", told.text(), "the deletion took its own words, not theirs");
        assertEquals(List.of(HunkStatus.FUZZY), statuses(told));
    }

    @Test
    void a_replacement_is_not_made_in_text_typed_by_others_that_merely_looks_like_what_it_replaces() {
        String base = "alpha [x-1] omega";
        String edited = "alpha [y-1] omega";
        // The other side deleted the tag and typed a look-alike "[x-1]" where it was: chars the author never saw.
        String target = "alpha [x-1] omega";
        int typedFrom = target.indexOf("[x-1]");
        PatchResult told = FuzzyPatcher.withDefaults().apply(Patch.make(base, edited), target,
                pos -> pos >= typedFrom && pos < typedFrom + 5);
        assertEquals(target, told.text(), "the look-alike stays: it is someone's typing");
        assertEquals(List.of(HunkStatus.REJECTED), statuses(told));
        assertEquals("alpha [y-1] omega", FuzzyPatcher.withDefaults().apply(Patch.make(base, edited), target).text(),
                "untold, the same text is the author's to replace");
    }
}
