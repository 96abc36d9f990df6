package dev.tandem.client;

import dev.tandem.engine.sync.TextSplice;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class WriterLinesTest {

    private static final String SEED = "client 0:\nclient 1:\nclient 2:\n";

    private static WriterLines seeded(String text) {
        return WriterLines.of(text, 3, w -> "client " + w + ":");
    }

    /** Keystrokes told to arrive, as "writer:from-to". */
    private final List<String> arrived = new ArrayList<>();

    private void splice(WriterLines lines, int pos, int deleted, String inserted) {
        lines.spliced(new TextSplice(pos, deleted, inserted), (w, from, to) -> arrived.add(w + ":" + from + "-" + to));
    }

    @Test
    void a_position_belongs_to_the_line_whose_break_is_at_or_after_it() {
        WriterLines lines = seeded(SEED);
        assertEquals(0, lines.lineAt(0));
        assertEquals(0, lines.lineAt(9));  // the end of line 0, before its break: where writer 0 types
        assertEquals(1, lines.lineAt(10)); // the start of line 1
        assertEquals(2, lines.lineAt(29));
        assertEquals(3, lines.lineAt(30)); // after the last break: no line
    }

    @Test
    void a_char_typed_at_the_end_of_a_writers_line_is_that_writers_next_keystroke() {
        WriterLines lines = seeded(SEED);
        splice(lines, 19, 0, "t"); // end of writer 1's line
        splice(lines, 9, 0, "a");  // end of writer 0's line: moves writer 1's line on by one
        splice(lines, 21, 0, "h"); // writer 1's line now ends at 21
        assertEquals(List.of("1:0-1", "0:0-1", "1:1-2"), arrived);
        assertEquals(1, lines.seen(0));
        assertEquals(2, lines.seen(1));
        assertEquals(0, lines.seen(2));
    }

    @Test
    void several_keystrokes_in_one_splice_arrive_together() {
        WriterLines lines = seeded(SEED);
        splice(lines, 29, 0, "the");
        assertEquals(List.of("2:0-3"), arrived);
    }

    @Test
    void chars_already_on_a_line_when_counting_starts_are_counted_as_seen() {
        WriterLines lines = seeded("client 0:ab\nclient 1:\n");
        assertEquals(2, lines.seen(0));
        splice(lines, 11, 0, "c");
        assertEquals(List.of("0:2-3"), arrived);
    }

    @Test
    void a_line_that_is_no_writers_counts_nothing() {
        WriterLines lines = seeded("# title\n" + SEED);
        splice(lines, 38, 0, "y"); // at the very end, after the last break
        splice(lines, 3, 0, "x");  // in the title
        assertTrue(arrived.isEmpty());
    }

    @Test
    void a_deletion_or_a_line_break_stops_the_counting_instead_of_guessing() {
        WriterLines deleted = seeded(SEED);
        splice(deleted, 2, 1, "");
        assertTrue(deleted.lost());
        splice(deleted, 9, 0, "a");
        assertTrue(arrived.isEmpty());

        WriterLines broken = seeded(SEED);
        splice(broken, 9, 0, "a\nb");
        assertTrue(broken.lost());
        assertFalse(seeded(SEED).lost());
    }
}
