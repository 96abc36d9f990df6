package dev.tandem.engine.text;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;

import static dev.tandem.engine.text.DiffInvariants.assertIsDiffOf;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class DiffOptionsTest {

    @Test
    void options_reject_a_negative_or_unbounded_time_budget() {
        assertThrows(IllegalArgumentException.class, () -> DiffOptions.DEFAULTS.withTimeBudget(Duration.ofMillis(-1)));
        assertThrows(IllegalArgumentException.class, () -> DiffOptions.DEFAULTS.withTimeBudget(Duration.ofDays(2)));
    }

    @Test
    void options_reject_negative_limits() {
        assertThrows(IllegalArgumentException.class, () -> DiffOptions.DEFAULTS.withMaxCharDiffLength(-1));
        assertThrows(IllegalArgumentException.class, () -> DiffOptions.DEFAULTS.withMaxEditDistance(-1));
    }

    @Test
    void zero_limits_still_give_a_correct_diff_of_one_replace() {
        DiffOptions none = DiffInvariants.onFrozenClock().withMaxCharDiffLength(0).withMaxEditDistance(0);
        assertEquals("[=The , -cat sat on the mat, +dog sat on the rug, =.]",
                TextDiff.diff("The cat sat on the mat.", "The dog sat on the rug.", none).toString());
    }

    @Test
    void char_granularity_keeps_the_unchanged_chars_of_a_changed_word() {
        DiffOptions chars = DiffInvariants.onFrozenClock().withGranularity(DiffOptions.Granularity.CHARS);
        assertEquals(List.of(Diff.equal("the colo"), Diff.delete("u"), Diff.equal("r of money")),
                TextDiff.diff("the colour of money", "the color of money", chars));
        assertEquals(List.of(Diff.equal("the "), Diff.delete("colour"), Diff.insert("color"), Diff.equal(" of money")),
                TextDiff.diff("the colour of money", "the color of money", DiffInvariants.onFrozenClock()),
                "the default stays whole-word");
        String a = "I \uD83D\uDE00\uD83D\uDE01 cat sat";
        String b = "I \uD83D\uDE00\uD83D\uDE02 cut sat!";
        assertIsDiffOf(TextDiff.diff(a, b, chars), a, b);
    }
}
