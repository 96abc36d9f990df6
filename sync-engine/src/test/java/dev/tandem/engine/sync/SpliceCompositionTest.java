package dev.tandem.engine.sync;

import dev.tandem.engine.text.Delta;
import dev.tandem.engine.text.DeltaOp;
import dev.tandem.engine.text.TrackedText;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;

class SpliceCompositionTest {

    @Property(tries = 500)
    void the_composed_delta_turns_the_base_into_what_the_splices_made(@ForAll long seed, @ForAll @IntRange(max = 300) int count) {
        Random random = new Random(seed);
        String base = text(random, random.nextInt(40));
        StringBuilder typed = new StringBuilder(base);
        List<TextSplice> splices = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            int pos = random.nextInt(typed.length() + 1);
            int del = random.nextInt(Math.min(6, typed.length() - pos) + 1);
            String ins = text(random, random.nextInt(4));
            typed.replace(pos, pos + del, ins);
            splices.add(new TextSplice(pos, del, ins));
        }
        TrackedText result = new TrackedText(base);
        Delta.splice(result, SpliceComposition.ops(base.length(), splices));
        assertEquals(typed.toString(), result.toString());
    }

    @Test
    void a_word_typed_next_to_a_deleted_one_is_an_insertion_of_that_word_not_an_alignment_with_it() {
        // "⟦a-1⟧" deleted, "⟦b-2⟧" typed in its place: the delta deletes the old word and inserts the new one whole.
        List<DeltaOp> ops = SpliceComposition.ops(12, List.of(new TextSplice(2, 0, "⟦b-2⟧"), new TextSplice(7, 5, "")));
        assertEquals(List.of(new DeltaOp.Keep(2), new DeltaOp.Delete(5), new DeltaOp.Insert("⟦b-2⟧")), ops.subList(0, 3));
    }

    private static String text(Random random, int n) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < n; i++) sb.append((char) ('a' + random.nextInt(3)));
        return sb.toString();
    }
}
