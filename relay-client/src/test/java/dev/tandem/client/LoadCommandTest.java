package dev.tandem.client;

import org.junit.jupiter.api.Test;

import java.util.BitSet;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

class LoadCommandTest {

    @Test
    void a_measured_keystroke_a_peer_never_got_counts_with_its_age_at_the_end() {
        long[] sent = {0, 100, 200, 300, 0}; // keystroke 0 was typed in the warm-up; 4 is not typed yet
        BitSet got = new BitSet();
        got.set(2);
        assertArrayEquals(new long[] {900, 700}, LoadCommand.unseenAges(sent, 4, got, 1_000));
    }

    @Test
    void a_peer_that_saw_a_writers_first_keystrokes_has_the_measured_rest_unseen() {
        long[] sent = {0, 100, 200, 300, 0};
        java.util.stream.LongStream.Builder ages = java.util.stream.LongStream.builder();
        LoadCommand.unseenAges(sent, 4, 2, 1_000, ages);
        assertArrayEquals(new long[] {800, 700}, ages.build().toArray());
    }

    @Test
    void a_peer_that_got_nothing_of_a_writer_has_all_its_measured_keystrokes_unseen() {
        assertArrayEquals(new long[] {50, 40}, LoadCommand.unseenAges(new long[] {50, 60}, 2, null, 100));
    }
}
