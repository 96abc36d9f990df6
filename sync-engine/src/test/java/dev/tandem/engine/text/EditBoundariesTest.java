package dev.tandem.engine.text;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

class EditBoundariesTest {

    private static DeltaOp keep(int n) { return new DeltaOp.Keep(n); }
    private static DeltaOp ins(String s) { return new DeltaOp.Insert(s); }
    private static DeltaOp del(int n) { return new DeltaOp.Delete(n); }

    /** What the ops make of {@code base} (a trailing keep is implied). */
    static String apply(String base, List<DeltaOp> ops) {
        StringBuilder out = new StringBuilder();
        int pos = 0;
        for (DeltaOp op : ops) {
            if (op instanceof DeltaOp.Keep k) { out.append(base, pos, pos + k.count()); pos += k.count(); }
            else if (op instanceof DeltaOp.Delete d) pos += d.count();
            else out.append(((DeltaOp.Insert) op).text());
        }
        return out.append(base, pos, base.length()).toString();
    }

    @Test
    void an_insertion_rotated_past_equal_chars_goes_back_to_where_it_was_typed() {
        // "[c0-64]\t" typed before "[c2-14]": the greedy common prefix took "[c" too, and the insertion came out rotated.
        String base = "x\t[c2-14] y";
        List<DeltaOp> rotated = List.of(keep(4), ins("0-64]\t[c"));
        List<DeltaOp> slid = EditBoundaries.slide(rotated, base);
        // Whole again: "x|\t[c0-64]|\t[c2-14]" scores best (whitespace after "x", and after "]" as after a sentence).
        assertEquals(List.of(keep(1), ins("\t[c0-64]")), slid);
        assertEquals(apply(base, rotated), apply(base, slid));
    }

    @Test
    void a_deletion_of_a_repeated_word_takes_whole_words_the_rightmost_on_a_tie() {
        String base = "the cat cat sat";
        List<DeltaOp> odd = List.of(keep(5), del(4)); // "at c"
        List<DeltaOp> slid = EditBoundaries.slide(odd, base);
        assertEquals(List.of(keep(8), del(4)), slid);
        assertEquals("the cat sat", apply(base, slid));
    }

    @Test
    void a_pinned_edit_stays_where_it_was_made_though_another_place_scores_as_well() {
        // "⟦c1-41⟧" typed after ":" and before "⟦c1-22⟧": after the "⟦c1-" scores the same, and the rightmost wins a tie.
        String base = "notes:⟦c1-22⟧ end";
        List<DeltaOp> typed = List.of(keep(6), ins("⟦c1-41⟧"));
        assertEquals(List.of(keep(10), ins("41⟧⟦c1-")), EditBoundaries.slide(typed, base));
        assertSame(typed, EditBoundaries.slide(typed, base, at -> at == 6));
    }

    @Test
    void a_replacement_and_an_edit_already_at_a_boundary_stay() {
        List<DeltaOp> replace = List.of(keep(4), del(3), ins("dog"));
        assertSame(replace, EditBoundaries.slide(replace, "the cat sat"));
        List<DeltaOp> atWord = List.of(keep(4), ins("big "));
        assertSame(atWord, EditBoundaries.slide(atWord, "the cat sat"));
    }

    @Test
    void an_edit_never_cuts_a_surrogate_pair() {
        String base = "a😀😀b";
        List<DeltaOp> ops = List.of(keep(3), ins("😀"));
        List<DeltaOp> slid = EditBoundaries.slide(ops, base);
        assertEquals(apply(base, ops), apply(base, slid));
        int at = ((DeltaOp.Keep) slid.get(0)).count();
        assertEquals(1, at % 2, "keeps " + at + " chars: an even count would split a pair's halves");
    }

    @Property(tries = 2000)
    void sliding_never_changes_the_result_nor_the_amount_changed(@ForAll("bases") String base, @ForAll("edits") List<int[]> edits) {
        List<DeltaOp> ops = new ArrayList<>();
        int pos = 0;
        for (int[] e : edits) { // {gap, kind, length}: keep gap chars, then delete or insert
            int gap = Math.min(e[0], base.length() - pos);
            if (gap > 0) ops.add(keep(gap));
            pos += gap;
            if (e[1] == 0) {
                int n = Math.min(e[2], base.length() - pos);
                if (n > 0) { ops.add(del(n)); pos += n; }
            } else {
                ops.add(ins("ab \n".substring(0, 1 + e[2] % 4)));
            }
        }
        List<DeltaOp> slid = EditBoundaries.slide(ops, base);
        assertEquals(apply(base, ops), apply(base, slid), ops + " -> " + slid);
        assertEquals(changed(ops), changed(slid));
        for (int i = 1; i < slid.size(); i++) {
            boolean bothKeeps = slid.get(i) instanceof DeltaOp.Keep && slid.get(i - 1) instanceof DeltaOp.Keep;
            assertEquals(false, bothKeeps, "keeps are joined: " + slid);
        }
    }

    private static int changed(List<DeltaOp> ops) {
        int n = 0;
        for (DeltaOp op : ops) {
            if (op instanceof DeltaOp.Delete d) n += d.count();
            if (op instanceof DeltaOp.Insert i) n += i.text().length();
        }
        return n;
    }

    @Provide
    Arbitrary<String> bases() {
        return Arbitraries.strings().withChars("ab \n.").ofMaxLength(30);
    }

    @Provide
    Arbitrary<List<int[]>> edits() {
        Arbitrary<int[]> one = Arbitraries.integers().between(0, 6).list().ofSize(3)
                .map(l -> new int[] {l.get(0), l.get(1) % 2, 1 + l.get(2)});
        return one.list().ofMaxSize(4);
    }
}
