package dev.tandem.client;

import org.junit.jupiter.api.Test;

import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class BackoffTest {

    private final Backoff backoff = new Backoff(200, 10_000);

    @Test
    void failed_attempts_double_the_delay_up_to_the_longest() {
        long[] delays = new long[8];
        for (int i = 0; i < delays.length; i++) delays[i] = backoff.afterEnd(-1, false);
        assertEquals("[200, 400, 800, 1600, 3200, 6400, 10000, 10000]", java.util.Arrays.toString(delays));
    }

    @Test
    void a_connection_that_stayed_up_as_long_as_the_longest_delay_starts_the_count_again() {
        for (int i = 0; i < 5; i++) backoff.afterEnd(-1, false);
        assertEquals(200, backoff.afterEnd(10_000, false));
        assertEquals(400, backoff.afterEnd(-1, false));
    }

    /** A shedding relay welcomes a client and closes it again at once: that is no recovery (decision 0023). */
    @Test
    void connections_closed_soon_after_their_welcome_keep_backing_off() {
        long[] delays = new long[6];
        for (int i = 0; i < delays.length; i++) delays[i] = backoff.afterEnd(300, false);
        assertEquals("[200, 400, 800, 1600, 3200, 6400]", java.util.Arrays.toString(delays));
    }

    @Test
    void a_relay_that_asks_to_come_back_later_is_given_time_even_after_a_long_connection() {
        assertEquals(200, backoff.afterEnd(-1, false));
        assertEquals(400, backoff.afterEnd(60_000, true)); // 1013 after a minute online
        assertEquals(800, backoff.afterEnd(500, true));
        assertEquals(200, backoff.afterEnd(60_000, false)); // a long connection that ended otherwise (1001, a lost link)
    }

    @Test
    void jitter_keeps_the_delay_between_half_of_it_and_all_of_it() {
        SplittableRandom random = new SplittableRandom(7);
        long lowest = Long.MAX_VALUE;
        long highest = 0;
        for (int i = 0; i < 10_000; i++) {
            long d = Backoff.jittered(1_000, random);
            lowest = Math.min(lowest, d);
            highest = Math.max(highest, d);
        }
        assertTrue(lowest >= 500 && lowest < 520, "lowest " + lowest);
        assertTrue(highest <= 1_000 && highest > 980, "highest " + highest);
    }
}
