package dev.tandem.engine.text;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.List;
import java.util.function.Supplier;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.params.provider.Arguments.arguments;

class PatchTest {

    private static final int MARGIN = PatchOptions.DEFAULTS.margin();

    @Test
    void identical_texts_make_an_empty_patch() {
        assertTrue(Patch.make("same text", "same text").isEmpty());
        assertTrue(Patch.make("", "").isEmpty());
    }

    static Stream<Arguments> edits() {
        return Stream.of(
                arguments("insert into empty", "", "hello"),
                arguments("delete everything", "hello", ""),
                arguments("insert at start", "world", "hello world"),
                arguments("append", "hello", "hello world"),
                arguments("two far edits", "a".repeat(10) + "b".repeat(60) + "c".repeat(10),
                        "A" + "a".repeat(9) + "b".repeat(60) + "c".repeat(9) + "C"),
                arguments("emoji", "\uD83D\uDE00\uD83D\uDE01\uD83D\uDE02", "\uD83D\uDE00\uD83D\uDE03\uD83D\uDE02"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("edits")
    void a_hunk_is_a_slice_of_both_texts(String name, String base, String edited) {
        for (Hunk h : Patch.make(base, edited).hunks()) {
            assertEquals(h.before(), base.substring(h.start1(), h.start1() + h.length1()), name);
            assertEquals(h.after(), edited.substring(h.start2(), h.start2() + h.length2()), name);
            assertEquals(h.before(), h.contextBefore() + h.changedBefore() + h.contextAfter());
            assertEquals(h.after(), h.contextBefore() + h.changedAfter() + h.contextAfter());
        }
    }

    @Test
    void a_hunk_has_margin_chars_of_context_on_each_side_when_that_is_unique() {
        Hunk h = Patch.make("The quick brown fox jumps over the lazy dog", "The quick brown cat jumps over the lazy dog")
                .hunks().get(0);
        assertEquals(MARGIN, h.contextBefore().length());
        assertEquals(MARGIN, h.contextAfter().length());
    }

    @Test
    void context_grows_until_the_hunk_is_unique_near_it() {
        String alphabet = "abcdefghijklmnopqrstuvwxyz";
        String base = "0123456789" + alphabet + alphabet + "9876543210";
        String edited = "0123456789" + alphabet + alphabet.replace("m", "m!") + "9876543210";
        Hunk h = Patch.make(base, edited).hunks().get(0);
        assertTrue(h.contextBefore().length() + h.contextAfter().length() > 2 * MARGIN, h.toString());
        assertEquals(base.indexOf(h.before()), base.lastIndexOf(h.before()), "unique in the base: " + h);
    }

    @Test
    void context_stops_growing_at_the_max_pattern_length_in_periodic_text() {
        String base = "ab".repeat(200);
        String edited = "ab".repeat(100) + "X" + "ab".repeat(100);
        Hunk h = Patch.make(base, edited).hunks().get(0);
        assertTrue(h.length1() <= PatchOptions.DEFAULTS.maxPatternLength(), h.toString());
    }

    @Test
    void context_never_cuts_a_surrogate_pair() {
        String base = "\uD83D\uDE00".repeat(40);
        String edited = "\uD83D\uDE00".repeat(20) + "x" + "\uD83D\uDE00".repeat(20);
        for (int margin = 1; margin <= 9; margin++) {
            Hunk h = Patch.make(base, TextDiff.diff(base, edited), PatchOptions.DEFAULTS.withMargin(margin))
                    .hunks().get(0);
            assertFalse(Character.isLowSurrogate(h.before().charAt(0)), "margin " + margin + ": " + h);
            assertFalse(Character.isHighSurrogate(h.before().charAt(h.length1() - 1)), "margin " + margin + ": " + h);
        }
    }

    /**
     * The grouping rule of Patch.make, on the diff it is given. The texts are one 100-char word, so the default
     * (whole-word) diff would widen both edits into one and hide the rule; the char-granularity diff keeps them apart.
     */
    @Test
    void changes_closer_than_two_margins_share_a_hunk() {
        DiffOptions chars = DiffOptions.DEFAULTS.withGranularity(DiffOptions.Granularity.CHARS);
        String base = "a".repeat(100);
        String near = "a".repeat(40) + "X" + "a".repeat(2 * MARGIN - 1) + "Y" + "a".repeat(100 - 42 - 2 * MARGIN);
        String far = "a".repeat(40) + "X" + "a".repeat(2 * MARGIN) + "Y" + "a".repeat(100 - 42 - 2 * MARGIN - 1);
        assertEquals(1, Patch.make(base, TextDiff.diff(base, near, chars)).hunks().size());
        assertEquals(2, Patch.make(base, TextDiff.diff(base, far, chars)).hunks().size());
    }

    @Test
    void word_edits_closer_than_two_margins_share_a_hunk() {
        // Whole words replaced, 2 * MARGIN - 1 and 2 * MARGIN unchanged chars apart.
        String near = "one two" + " a bb ccc dddd " + "six seven";
        String far = "one two" + " a bb ccc ddddd " + "six seven";
        assertEquals(2 * MARGIN - 1, " a bb ccc dddd ".length());
        assertEquals(1, Patch.make(near, near.replace("two", "2").replace("six", "6")).hunks().size());
        assertEquals(2, Patch.make(far, far.replace("two", "2").replace("six", "6")).hunks().size());
    }

    @Test
    void a_diff_that_does_not_spell_the_base_is_refused() {
        assertThrows(IllegalArgumentException.class,
                () -> Patch.make("abc", List.of(Diff.equal("ab"), Diff.delete("x"))));
        assertThrows(IllegalArgumentException.class, () -> Patch.make("abc", List.of(Diff.equal("ab"))));
    }

    @Test
    void a_diff_that_cuts_a_surrogate_pair_is_refused() {
        String smile = "\uD83D\uDE00";
        assertThrows(IllegalArgumentException.class, () -> Patch.make(smile,
                List.of(Diff.equal("\uD83D"), Diff.delete("\uDE00"), Diff.insert("\uDE01"))));
    }

    static Stream<Arguments> badOptions() {
        PatchOptions d = PatchOptions.DEFAULTS;
        return Stream.of(
                arguments("match threshold above 1", (Supplier<PatchOptions>) () -> d.withMatchThreshold(1.5)),
                arguments("match threshold NaN", (Supplier<PatchOptions>) () -> d.withMatchThreshold(Double.NaN)),
                arguments("match distance 0", (Supplier<PatchOptions>) () -> d.withMatchDistance(0)),
                arguments("delete threshold negative", (Supplier<PatchOptions>) () -> d.withDeleteThreshold(-0.1)),
                arguments("margin 0", (Supplier<PatchOptions>) () -> d.withMargin(0)),
                arguments("pattern wider than a long", (Supplier<PatchOptions>) () -> d.withMaxPatternLength(65)),
                arguments("pattern no wider than two margins", (Supplier<PatchOptions>) () -> d.withMaxPatternLength(16)));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badOptions")
    void bad_options_are_refused_with_a_message(String name, Supplier<PatchOptions> make) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, make::get);
        assertFalse(e.getMessage().isBlank());
    }

    @Test
    void a_hunk_that_changes_nothing_or_lies_about_its_lengths_is_refused() {
        assertThrows(IllegalArgumentException.class, () -> new Hunk(List.of(Diff.equal("abc")), 0, 3, 0, 3));
        assertThrows(IllegalArgumentException.class, () -> new Hunk(List.of(Diff.insert("abc")), 0, 1, 0, 3));
    }

    @Test
    void a_rejected_result_must_say_why_and_change_nothing() {
        Hunk h = new Hunk(List.of(Diff.insert("x")), 0, 0, 0, 1);
        assertThrows(IllegalArgumentException.class,
                () -> new HunkResult(h, HunkStatus.REJECTED, 0, -1, "", "", null));
        assertThrows(IllegalArgumentException.class,
                () -> new HunkResult(h, HunkStatus.REJECTED, 0, 3, "", "", "gone"));
        assertThrows(IllegalArgumentException.class,
                () -> new HunkResult(h, HunkStatus.EXACT, 0, -1, "", "x", null));
    }
}
