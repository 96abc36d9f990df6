package dev.tandem.engine.text;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.time.Duration;
import java.util.List;
import java.util.Random;

import static dev.tandem.engine.text.DiffInvariants.assertIsDiffOf;
import static dev.tandem.engine.text.DiffInvariants.editedLength;
import static dev.tandem.engine.text.DiffInvariants.onFrozenClock;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Hard cases, each a table. Diffs are written as their runs' toString: {@code =kept}, {@code -deleted}, {@code +inserted}. */
class TextDiffCasesTest {

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', value = {
            "cat          | hag          | [-cat, +hag]",
            "cat          | cut          | [-cat, +cut]",
            "The cat sat. | The hag sat. | [=The , -cat, +hag, = sat.]",
            "The cat sat. | The cut sat. | [=The , -cat, +cut, = sat.]",
            "cats         | cat          | [-cats, +cat]",
            "a cat        | a cat!       | [=a cat, +!]",
    })
    void edits_inside_a_word_replace_the_whole_word(String a, String b, String expected) {
        assertEquals(expected, TextDiff.diff(a, b, onFrozenClock()).toString());
    }

    @Test
    void the_papers_cat_hag_cut_edits_touch_the_same_whole_word_so_they_cannot_merge_into_hug() {
        List<Diff> toHag = TextDiff.diff("cat", "hag", onFrozenClock());
        List<Diff> toCut = TextDiff.diff("cat", "cut", onFrozenClock());
        assertEquals(List.of(Diff.delete("cat"), Diff.insert("hag")), toHag);
        assertEquals(List.of(Diff.delete("cat"), Diff.insert("cut")), toCut);
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', value = {
            "I 😀 you   | I 😍 you    | [=I , -😀, +😍, = you]",
            "x😀        | x😍         | [=x, -😀, +😍]",
            "😀         | 😀😀        | [=😀, +😀]",
            "a😀b       | ab          | [=a, -😀, =b]",
            "𝄞 clef     | 𝄢 clef      | [-𝄞, +𝄢, = clef]",
            "👍         | 👍🏽         | [=👍, +🏽]",
            "😀😀😀     | 😀😍😀      | [=😀, -😀, +😍, =😀]",
    })
    void emoji_edits_keep_surrogate_pairs_whole(String a, String b, String expected) {
        List<Diff> diffs = TextDiff.diff(a, b, onFrozenClock());
        assertIsDiffOf(diffs, a, b);
        assertEquals(expected, diffs.toString());
    }

    @Test
    void a_diff_past_its_deadline_replaces_the_changed_middle_in_one_edit() {
        String a = "The cat sat on the mat.";
        String b = "The dog sat on the rug.";
        DiffOptions expired = DiffOptions.DEFAULTS.withNanoClock(DiffInvariants.steppingClock(1_000_000))
                .withTimeBudget(Duration.ZERO);
        assertEquals("[=The , -cat, +dog, = sat on the , -mat, +rug, =.]", TextDiff.diff(a, b, onFrozenClock()).toString());
        assertEquals("[=The , -cat sat on the mat, +dog sat on the rug, =.]", TextDiff.diff(a, b, expired).toString());
    }

    @ParameterizedTest(name = "deadline after {0} clock reads")
    @ValueSource(ints = {0, 1, 2, 3, 5, 8, 13, 100})
    void a_diff_cut_short_at_any_point_is_correct_and_no_finer_than_the_full_diff(int clockReads) {
        String a = prose(new Random(7), 6_000, true);
        String b = edit(a, new Random(8), 40);
        DiffOptions options = DiffOptions.DEFAULTS.withNanoClock(DiffInvariants.steppingClock(1_000))
                .withTimeBudget(Duration.ofNanos(clockReads * 1_000L));
        List<Diff> cut = TextDiff.diff(a, b, options);
        List<Diff> full = TextDiff.diff(a, b, onFrozenClock());
        assertIsDiffOf(cut, a, b);
        assertIsDiffOf(full, a, b);
        assertTrue(editedLength(cut) >= editedLength(full), () -> editedLength(cut) + " < " + editedLength(full));
    }

    @ParameterizedTest(name = "seed {0}, line breaks {1}")
    @CsvSource({"1, true", "2, false", "3, true", "4, false"})
    void unrelated_20_kb_texts_give_a_correct_diff(long seed, boolean lineBreaks) {
        Random random = new Random(seed);
        String a = prose(random, 20_000, lineBreaks);
        String b = prose(random, 20_000, lineBreaks);
        // A frozen clock: the size limits alone must bound the diff (with the real clock it is correct as well).
        assertIsDiffOf(TextDiff.diff(a, b, onFrozenClock()), a, b);
        assertIsDiffOf(TextDiff.diff(a, b), a, b);
    }

    @Test
    void a_1_mb_paste_into_a_10_kb_text_is_one_insertion() {
        Random random = new Random(5);
        String text = prose(random, 10_000, true);
        int at = text.indexOf('\n', 5_000) + 1;
        String paste = prose(random, 1_000_000, true);
        String b = text.substring(0, at) + paste + text.substring(at);
        List<Diff> diffs = TextDiff.diff(text, b);
        assertIsDiffOf(diffs, text, b);
        assertEquals(paste.length(), editedLength(diffs));
        assertEquals(1, diffs.stream().filter(d -> d.op() == Diff.Op.INSERT).count());
    }

    @ParameterizedTest(name = "line breaks {0}")
    @ValueSource(booleans = {true, false})
    void two_far_apart_word_edits_in_a_long_text_stay_two_small_edits(boolean lineBreaks) {
        String a = prose(new Random(11), 50_000, lineBreaks);
        int first = a.indexOf(" fox ", 1_000);
        int second = a.indexOf(" fox ", 45_000);
        String b = a.substring(0, first) + " cat " + a.substring(first + 5, second) + " owl " + a.substring(second + 5);
        List<Diff> diffs = TextDiff.diff(a, b, onFrozenClock());
        assertIsDiffOf(diffs, a, b);
        assertEquals("[-fox, +cat, -fox, +owl]", diffs.stream().filter(d -> d.op() != Diff.Op.EQUAL).toList().toString());
    }

    @Test
    void a_hundred_scattered_edits_in_a_long_text_stay_small_edits() {
        String a = prose(new Random(12), 50_000, true);
        String b = edit(a, new Random(13), 100);
        List<Diff> diffs = TextDiff.diff(a, b, onFrozenClock());
        assertIsDiffOf(diffs, a, b);
        // 700 chars inserted; the semantic clean-up may fold a short equality between two insertions into them,
        // a coarse fallback would replace about 50,000.
        assertTrue(editedLength(diffs) <= 2 * 100 * "edited ".length(), () -> "edited " + editedLength(diffs) + " chars");
    }

    /** Words from a small vocabulary, with spaces, punctuation, an emoji now and then, and optional line breaks. */
    static String prose(Random random, int length, boolean lineBreaks) {
        String[] words = {"the", "quick", "brown", "fox", "jumps", "over", "lazy", "dog", "a", "sync", "shadow", "delta",
                "patch", "text", "edit", "café", "naïve", "😀", "𝄞", "and", "of", "to", "in", "is", "it"};
        StringBuilder sb = new StringBuilder(length + 16);
        int lineLength = 0;
        while (sb.length() < length) {
            String w = words[random.nextInt(words.length)];
            sb.append(w);
            lineLength += w.length();
            if (random.nextInt(10) == 0) sb.append(random.nextBoolean() ? '.' : ',');
            if (lineBreaks && lineLength > 60) {
                sb.append('\n');
                lineLength = 0;
            } else {
                sb.append(' ');
                lineLength++;
            }
        }
        return sb.toString();
    }

    /** {@code text} with {@code count} words replaced at random places. */
    static String edit(String text, Random random, int count) {
        StringBuilder sb = new StringBuilder(text);
        for (int i = 0; i < count; i++) {
            int at = sb.indexOf(" ", random.nextInt(sb.length()));
            if (at < 0) continue;
            sb.insert(at + 1, "edited ");
        }
        return sb.toString();
    }
}
