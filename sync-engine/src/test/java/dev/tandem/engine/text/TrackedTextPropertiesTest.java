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
    record Splice(double at, double deletedShare, String inserted) {
        /** Applies this splice to a text and to its model, at the same place. */
        void applyTo(TrackedText text, StringBuilder model) {
            int pos = (int) (at * model.length());
            int deleted = (int) (deletedShare * (model.length() - pos));
            text.splice(pos, deleted, inserted);
            model.replace(pos, pos + deleted, inserted);
        }
    }

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

    @Property(tries = 200)
    void a_checksum_kept_from_midway_on_equals_the_checksum_of_the_text(
            @ForAll("texts") String initial, @ForAll("splices") List<Splice> splices) {
        TrackedText tracked = new TrackedText(initial, false, 3);
        StringBuilder model = new StringBuilder(initial);
        for (int i = 0; i < splices.size(); i++) {
            if (i == splices.size() / 2) tracked.keepChecksum();
            Splice s = splices.get(i);
            int pos = (int) (s.at() * model.length());
            int deleted = (int) (s.deletedShare() * (model.length() - pos));
            tracked.splice(pos, deleted, s.inserted());
            model.replace(pos, pos + deleted, s.inserted());
            if (tracked.checksummed()) assertEquals(TextChecksum.of(model), tracked.checksum(), () -> "after " + s);
        }
        tracked.keepChecksum(); // again: a no-op
        assertEquals(TextChecksum.of(model), tracked.checksum());
    }

    @Property(tries = 300)
    void in_small_chunks_every_read_and_splice_agrees_with_one_string(
            @ForAll("texts") String initial, @ForAll("splices") List<Splice> splices) {
        TrackedText tracked = new TrackedText(initial, true, 3); // tiny chunks: splices cross and empty them
        StringBuilder model = new StringBuilder(initial);
        for (Splice s : splices) {
            int pos = (int) (s.at() * model.length());
            int deleted = (int) (s.deletedShare() * (model.length() - pos));
            tracked.splice(pos, deleted, s.inserted());
            model.replace(pos, pos + deleted, s.inserted());
            assertEquals(model.length(), tracked.length());
            assertEquals(model.toString(), tracked.toString());
            for (int i = 0; i < model.length(); i++) assertEquals(model.charAt(i), tracked.charAt(i));
            int a = (int) (s.at() * model.length());
            int b = Math.min(model.length(), a + 7);
            assertEquals(model.substring(a, b), tracked.substring(a, b));
            assertEquals(TextChecksum.of(model), tracked.checksum(), () -> "after " + s);
        }
        assertEquals(model.toString(), new TrackedText(tracked).toString(), "a copy holds the same text");
    }

    @Property(tries = 300)
    void texts_that_share_chunks_never_see_each_others_splices(
            @ForAll("texts") String initial, @ForAll("texts") String other, @ForAll("splices") List<Splice> splices) {
        TrackedText server = new TrackedText(initial, true, 3);
        TrackedText view = new TrackedText(other, true, 3);
        TrackedText second = new TrackedText("", true, 3);
        view.become(server);
        second.become(view);
        assertEquals(initial, view.toString());
        assertEquals(TextChecksum.of(initial), view.checksum());
        List<TrackedText> texts = List.of(server, view, second);
        List<StringBuilder> models = List.of(new StringBuilder(initial), new StringBuilder(initial), new StringBuilder(initial));
        for (int i = 0; i < splices.size(); i++) {
            Splice s = splices.get(i);
            s.applyTo(texts.get(i % 3), models.get(i % 3));
            if (i % 5 == 4) { // a view catches up again, sharing the server's chunks as they are now
                view.become(server);
                models.get(1).replace(0, models.get(1).length(), models.get(0).toString());
            }
            for (int t = 0; t < 3; t++) {
                assertEquals(models.get(t).toString(), texts.get(t).toString(), "text " + t + " after " + s);
                assertEquals(TextChecksum.of(models.get(t)), texts.get(t).checksum(), "text " + t + " after " + s);
            }
        }
    }

    /** A checkpoint's frozen copies keep the chars they were taken with while their text goes on changing. */
    @Property(tries = 300)
    void a_frozen_copy_keeps_its_chars_while_the_text_is_spliced_and_frozen_again(
            @ForAll("texts") String initial, @ForAll("splices") List<Splice> splices) {
        TrackedText text = new TrackedText(initial, true, 3);
        StringBuilder model = new StringBuilder(initial);
        List<TrackedText> frozen = new java.util.ArrayList<>();
        List<String> expected = new java.util.ArrayList<>();
        for (int i = 0; i < splices.size(); i++) {
            if (i % 3 == 0) {
                frozen.add(text.frozenCopy());
                expected.add(model.toString());
            }
            splices.get(i).applyTo(text, model);
            assertEquals(model.toString(), text.toString());
            assertEquals(TextChecksum.of(model), text.checksum());
            for (int f = 0; f < frozen.size(); f++) assertEquals(expected.get(f), frozen.get(f).toString(), "copy " + f);
        }
    }

    @Property(tries = 300)
    void a_text_that_copied_another_holds_its_chars_and_checksum_and_writes_apart_from_it(
            @ForAll("texts") String initial, @ForAll("texts") String other, @ForAll("splices") List<Splice> splices) {
        TrackedText text = new TrackedText(initial, true, 3);
        TrackedText shadow = new TrackedText(other, true, 3);
        TrackedText lender = new TrackedText("", true, 3);
        lender.become(shadow); // some of the copier's chunks are shared: those it must not write into
        StringBuilder textModel = new StringBuilder(initial);
        StringBuilder shadowModel = new StringBuilder(initial);
        shadow.copyFrom(text);
        for (int i = 0; i < splices.size(); i++) {
            Splice s = splices.get(i);
            if (i % 2 == 0) s.applyTo(text, textModel); else s.applyTo(shadow, shadowModel);
            if (i % 4 == 3) { // the copier copies again, over chunks of its own of other lengths
                shadow.copyFrom(text);
                shadowModel.replace(0, shadowModel.length(), textModel.toString());
            }
            assertEquals(textModel.toString(), text.toString(), "the copied text after " + s);
            assertEquals(shadowModel.toString(), shadow.toString(), "the copy after " + s);
            assertEquals(TextChecksum.of(shadowModel), shadow.checksum(), "the copy's checksum after " + s);
        }
        assertEquals(other, lender.toString(), "a text that lent its chunks to the copier keeps its chars");
    }

    @Property(tries = 200)
    void across_many_blocks_of_chunks_reads_splices_and_copies_agree_with_one_string(
            @ForAll("longTexts") String initial, @ForAll("longTexts") String other, @ForAll("splices") List<Splice> splices) {
        // Chunks of 2 chars: up to 600 chars make some 300 chunks, about ten blocks of chunk starts.
        TrackedText tracked = new TrackedText(initial, true, 2);
        TrackedText shared = new TrackedText(other, true, 2);
        StringBuilder model = new StringBuilder(initial);
        for (int i = 0; i < splices.size(); i++) {
            Splice s = splices.get(i);
            int pos = (int) (s.at() * model.length());
            int deleted = (int) (s.deletedShare() * (model.length() - pos));
            tracked.splice(pos, deleted, s.inserted());
            model.replace(pos, pos + deleted, s.inserted());
            if (i % 4 == 3) shared.become(tracked); // a text with another number of chunks takes this one's
            assertEquals(model.length(), tracked.length());
            for (int at = 0; at < model.length(); at += 1 + at % 5) assertEquals(model.charAt(at), tracked.charAt(at));
            int a = (int) (s.at() * model.length());
            int b = Math.min(model.length(), a + 9);
            assertEquals(model.substring(a, b), tracked.substring(a, b));
            assertEquals(TextChecksum.of(model), tracked.checksum(), () -> "after " + s);
        }
        assertEquals(model.toString(), tracked.toString());
        if (splices.size() >= 4) assertEquals(shared.toString(), new TrackedText(shared).toString());
    }

    @Provide
    Arbitrary<String> longTexts() {
        return Arbitraries.strings().withChars("ab\n⟨").ofMaxLength(600);
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
