package dev.tandem.engine.text;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

class TrackedTextPropertiesTest {

    /** One splice, its position and length given as fractions of the text at the time it is applied. */
    record Splice(double at, double deletedShare, String inserted) {}

    @Property(tries = 300)
    void checksum_after_random_splices_equals_the_checksum_of_the_text(
            @ForAll("texts") String initial, @ForAll("splices") List<Splice> splices) {
        TrackedText tracked = new TrackedText(initial);
        StringBuilder model = new StringBuilder(initial);
        for (Splice s : splices) {
            int pos = (int) (s.at() * model.length());
            int deleted = (int) (s.deletedShare() * (model.length() - pos));
            tracked.splice(pos, deleted, s.inserted());
            model.replace(pos, pos + deleted, s.inserted());
            assertEquals(model.toString(), tracked.toString());
            assertEquals(TextChecksum.of(model), tracked.checksum(), () -> "after " + s);
        }
    }

    @Provide
    Arbitrary<String> texts() {
        return new TextDiffPropertiesTest().texts();
    }

    @Provide
    Arbitrary<List<Splice>> splices() {
        Arbitrary<Double> share = Arbitraries.doubles().between(0, 1);
        Arbitrary<Double> small = Arbitraries.doubles().between(0, 0.3);
        return Combinators.combine(share, small, texts()).as(Splice::new).list().ofMaxSize(20);
    }
}
