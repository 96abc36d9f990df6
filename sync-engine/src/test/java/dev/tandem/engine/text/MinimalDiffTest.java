package dev.tandem.engine.text;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.CharRange;
import net.jqwik.api.constraints.Chars;
import net.jqwik.api.constraints.StringLength;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The minimal diff used for exact deltas: correct, and no wider than the change itself. */
class MinimalDiffTest {

    @Property(tries = 300)
    void minimal_diff_rebuilds_both_texts(@ForAll @StringLength(max = 40) @Chars({'a', 'b', ' ', '😀'}) @CharRange(from = 'x', to = 'z') String a,
                                          @ForAll @StringLength(max = 40) @Chars({'a', 'b', ' '}) @CharRange(from = 'x', to = 'z') String b) {
        List<Diff> diffs = TextDiff.minimal(a, b);
        StringBuilder old = new StringBuilder();
        StringBuilder neu = new StringBuilder();
        for (Diff d : diffs) {
            if (d.op() != Diff.Op.INSERT) old.append(d.text());
            if (d.op() != Diff.Op.DELETE) neu.append(d.text());
        }
        assertEquals(a, old.toString());
        assertEquals(b, neu.toString());
    }

    @Test
    void a_letter_typed_inside_a_word_is_sent_as_that_letter_only() {
        assertEquals("=9\t+l", Delta.between("hello word", "hello world").encodeOps());
        assertEquals(List.of(Diff.equal("ab"), Diff.insert("X"), Diff.equal("c")), TextDiff.minimal("abc", "abXc"));
    }
}
