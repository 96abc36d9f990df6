package dev.tandem.engine.text;

import net.jqwik.api.Arbitrary;
import net.jqwik.api.Assume;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple.Tuple2;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class DeltaPropertiesTest {

    private final TextDiffPropertiesTest generators = new TextDiffPropertiesTest();

    @Property(tries = 500)
    void delta_between_two_texts_turns_the_first_into_the_second(@ForAll("editedPairs") Tuple2<String, String> pair)
            throws DeltaMismatchException {
        assertEquals(pair.get2(), Delta.between(pair.get1(), pair.get2()).applyTo(pair.get1()));
    }

    @Property(tries = 500)
    void delta_applied_to_a_different_text_throws_and_never_returns_a_text(
            @ForAll("editedPairs") Tuple2<String, String> pair, @ForAll("texts") String wrongBase) {
        Assume.that(!wrongBase.equals(pair.get1()));
        Delta delta = Delta.between(pair.get1(), pair.get2());
        assertThrows(DeltaMismatchException.class, () -> delta.applyTo(wrongBase));
    }

    @Property(tries = 300)
    void delta_applied_to_a_slightly_different_tracked_text_throws_and_leaves_it_unchanged(
            @ForAll("editedPairs") Tuple2<String, String> pair, @ForAll("editedPairs") Tuple2<String, String> change) {
        // The wrong base is the right one with a small edit appended: same neighbourhood, different text.
        String wrong = pair.get1() + change.get2() + "!";
        Delta delta = Delta.between(pair.get1(), pair.get2());
        TrackedText target = new TrackedText(wrong);
        assertThrows(DeltaMismatchException.class, () -> delta.applyTo(target));
        assertEquals(wrong, target.toString());
        assertEquals(TextChecksum.of(wrong), target.checksum());
    }

    @Property(tries = 500)
    void encoded_ops_decode_to_the_same_delta(@ForAll("editedPairs") Tuple2<String, String> pair) {
        Delta delta = Delta.between(pair.get1(), pair.get2());
        Delta decoded = Delta.decode(delta.encodeOps(), delta.baseLength(), delta.baseChecksum(),
                delta.resultLength(), delta.resultChecksum());
        assertEquals(delta.encodeOps(), decoded.encodeOps());
        assertEquals(delta.baseLength(), decoded.baseLength());
        assertEquals(delta.resultChecksum(), decoded.resultChecksum());
    }

    @Property(tries = 300)
    void delta_made_on_a_tracked_shadow_has_the_checksums_and_result_of_the_strings(
            @ForAll("editedPairs") Tuple2<String, String> pair) throws DeltaMismatchException {
        TrackedText shadow = new TrackedText(pair.get1());
        Delta delta = Delta.applyDiffs(shadow, TextDiff.minimal(pair.get1(), pair.get2()));
        assertEquals(pair.get2(), shadow.toString());
        assertEquals(TextChecksum.of(pair.get2()), shadow.checksum());
        // Its checksums are those computed from the strings (not compared with a second diff: under load the diff's
        // deadline may make one of two diffs coarser, and both are right).
        assertEquals(TextChecksum.of(pair.get1()), delta.baseChecksum());
        assertEquals(TextChecksum.of(pair.get2()), delta.resultChecksum());
        assertEquals(pair.get1().length(), delta.baseLength());
        assertEquals(pair.get2(), delta.applyTo(pair.get1()));
    }

    @Provide
    Arbitrary<Tuple2<String, String>> editedPairs() {
        return generators.editedPairs();
    }

    @Provide
    Arbitrary<String> texts() {
        return generators.texts();
    }
}
