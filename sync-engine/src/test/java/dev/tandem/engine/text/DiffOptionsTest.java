package dev.tandem.engine.text;

import org.junit.jupiter.api.Test;

import java.time.Duration;

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
}
