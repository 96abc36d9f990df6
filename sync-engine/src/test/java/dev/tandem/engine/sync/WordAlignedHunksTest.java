package dev.tandem.engine.sync;

import dev.tandem.engine.text.TrackedText;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A hunk carries whole words. An edit may insert a new word that ends with the last char of an old one it follows:
 * {@code ⟦c2-0⟧} became {@code ⟦c2-0⟧👍🏽⟦c2-33⟧} as "insert {@code ⟧👍🏽⟦c2-33} before the old {@code ⟧}". Where another
 * writer had changed that old {@code ⟧}, the new marker landed without its end, and nobody had deleted it
 * ({@code ./tandem sim} seed 1067 with the hub's group commit, decision 0019). And a hunk spliced at the edge of where
 * text and shadow agree, whose word goes on beyond that edge, brings the rest of the word along when the text does not
 * have it there (seed 1460, same mode).
 */
class WordAlignedHunksTest {

    private static final Link.TextChangeSink NOBODY = (by, p, d, i, n) -> { };

    /**
     * A hub view whose shadow is {@code shadow} and whose text is {@code hubText} receives the edit a client with the
     * same shadow made by replacing {@code deleted} chars at {@code at} with {@code typed}.
     */
    private static Link.Received clientEditReaches(String shadow, TrackedText hubText, int at, int deleted, String typed) {
        Link view = new Link(new LinkSnapshot("c2", 1, shadow, 0, 0, 0, List.of()), hubText, DocumentJournal.NONE, true);
        TrackedText clientText = new TrackedText(shadow);
        Link client = new Link(new LinkSnapshot("hub", 1, shadow, 0, 0, 0, List.of()), clientText, DocumentJournal.NONE, true);
        clientText.splice(at, deleted, typed);
        client.textSpliced(at, deleted, typed, clientText.length());
        client.makeEdit(clientText);
        Link.Received r = view.receive(0, 0, null, client.outgoingEdits(true), true, hubText, true, NOBODY);
        assertFalse(r.failed(), r::failure);
        return r;
    }

    @Test
    void a_new_word_that_ends_on_an_old_words_last_char_arrives_whole() {
        String shadow = "alpha ⟦c2-0⟧ omega, and more words here";
        // Another writer capitalised the first word and changed the old marker's closing bracket.
        TrackedText hubText = new TrackedText("Alpha ⟦c2-0] omega, and more words here");
        // The client's edit, as its diff may say it: before the old ⟧.
        Link.Received r = clientEditReaches(shadow, hubText, shadow.indexOf('⟧'), 0, "⟧👍🏽⟦c2-33");

        boolean whole = hubText.toString().contains("⟦c2-33⟧");
        boolean keptAsConflict = r.rejected().stream().anyMatch(h -> h.inserted().contains("⟦c2-33⟧"));
        // Here the other writer's change makes the hunk a conflict; the record must hold the marker whole, as the text
        // would if the hunk had been placed (without the widening it held ⟧👍🏽⟦c2-33, no closing bracket).
        assertTrue(whole || keptAsConflict, "the new marker is cut: " + hubText + ", rejected " + r.rejected());
    }

    @Test
    void an_insert_at_the_edge_of_the_agreed_suffix_brings_the_rest_of_its_word_along() {
        String shadow = "hello n⟦c old tail text";
        // The hub's text agrees with the shadow on " old tail text" only: another writer changed "⟦c" into "i" (and
        // the first letter).
        TrackedText hubText = new TrackedText("Hello ni old tail text");
        int edge = shadow.indexOf(" old");
        clientEditReaches(shadow, hubText, edge, shadow.length() - edge, "2-52⟧ new"); // completes the shadow's "⟦c"

        // Spliced at the edge alone it read "Hello ni2-52⟧ new": a marker without its head. The head comes along, and
        // may stand twice where the other writer kept part of it.
        assertTrue(hubText.toString().contains("⟦c2-52⟧ new"), hubText.toString());
    }

    @Test
    void an_insert_at_the_edge_of_the_agreed_prefix_brings_the_rest_of_its_word_along() {
        String shadow = "one two⟧ end";
        TrackedText hubText = new TrackedText("one twoX end"); // another writer replaced the ⟧
        clientEditReaches(shadow, hubText, shadow.indexOf('⟧'), 0, "⟦c9-1"); // a marker closed by the shadow's ⟧

        assertTrue(hubText.toString().contains("⟦c9-1⟧"), hubText.toString()); // not "one two⟦c9-1X end"
    }
}
