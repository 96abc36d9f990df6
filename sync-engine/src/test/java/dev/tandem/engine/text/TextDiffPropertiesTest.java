package dev.tandem.engine.text;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import net.jqwik.api.Tuple.Tuple2;
import net.jqwik.api.constraints.IntRange;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static dev.tandem.engine.text.DiffInvariants.assertIsDiffOf;

class TextDiffPropertiesTest {

    @Property(tries = 500)
    void diff_rebuilds_both_of_two_unrelated_texts(@ForAll("texts") String a, @ForAll("texts") String b) {
        assertIsDiffOf(TextDiff.diff(a, b, DiffInvariants.onFrozenClock()), a, b);
    }

    @Property(tries = 500)
    void diff_rebuilds_a_text_and_its_edited_version(@ForAll("editedPairs") Tuple2<String, String> pair) {
        assertIsDiffOf(TextDiff.diff(pair.get1(), pair.get2(), DiffInvariants.onFrozenClock()), pair.get1(), pair.get2());
    }

    @Property(tries = 300)
    void diff_never_splits_a_surrogate_pair(@ForAll("editedPairs") Tuple2<String, String> pair) {
        // assertIsDiffOf checks each run's first and last char; this property aims its generator at emoji neighbours.
        String a = pair.get1().replace("a", "\uD83D\uDE00");
        String b = pair.get2().replace("a", "\uD83D\uDE0D");
        assertIsDiffOf(TextDiff.diff(a, b), a, b);
    }

    @Property(tries = 300)
    void diff_cut_short_by_its_deadline_still_rebuilds_both_texts(
            @ForAll("editedPairs") Tuple2<String, String> pair, @ForAll @IntRange(min = 0, max = 12) int clockReads) {
        DiffOptions options = DiffOptions.DEFAULTS.withNanoClock(DiffInvariants.steppingClock(1_000))
                .withTimeBudget(Duration.ofNanos(clockReads * 1_000L));
        assertIsDiffOf(TextDiff.diff(pair.get1(), pair.get2(), options), pair.get1(), pair.get2());
    }

    @Property(tries = 300)
    void diff_under_tiny_work_limits_goes_by_lines_and_words_and_stays_correct(
            @ForAll("editedPairs") Tuple2<String, String> pair,
            @ForAll @IntRange(min = 0, max = 16) int maxCharDiffLength,
            @ForAll @IntRange(min = 0, max = 20) int maxEditDistance) {
        DiffOptions options = DiffInvariants.onFrozenClock().withMaxCharDiffLength(maxCharDiffLength)
                .withMaxEditDistance(maxEditDistance);
        assertIsDiffOf(TextDiff.diff(pair.get1(), pair.get2(), options), pair.get1(), pair.get2());
    }

    /** Small units, including astral code points, emoji with modifiers, combining marks and line breaks. */
    static Arbitrary<String> units() {
        return Arbitraries.of("a", "b", "c", "x", " ", " ", "\n", ".", "é", "e\u0301", "😀", "😍", "𝄞",
                "\uD83D\uDC4D\uD83C\uDFFD", "cat", "hag", "the ", "你");
    }

    @Provide
    Arbitrary<String> texts() {
        return units().list().ofMaxSize(40).map(l -> String.join("", l));
    }

    /** A text and an edit of it: units deleted, replaced and inserted here and there. */
    @Provide
    Arbitrary<Tuple2<String, String>> editedPairs() {
        return units().list().ofMaxSize(60).flatMap(base -> Combinators.combine(
                Arbitraries.integers().between(0, 9).list().ofSize(base.size() + 1),
                units().list().ofSize(base.size() + 1)
        ).as((actions, extras) -> {
            List<String> edited = new ArrayList<>();
            for (int i = 0; i <= base.size(); i++) {
                int action = actions.get(i);
                if (action == 2 || action == 3) edited.add(extras.get(i));
                if (i < base.size() && action != 1 && action != 3) edited.add(base.get(i));
            }
            return Tuple.of(String.join("", base), String.join("", edited));
        }));
    }
}
