package dev.tandem.engine.sync;

import dev.tandem.engine.text.DeltaOp;
import dev.tandem.engine.text.TrackedText;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * An edit a link makes by diffing its regions puts a change where the text was changed, when a region is that one
 * change. A marker typed before another that begins with the same chars spells the same text rotated ({@code ⟦c1-41⟧}
 * before {@code ⟦c1-22⟧} as {@code 41⟧⟦c1-} after its {@code ⟦c1-}); sent rotated and later undone by a lost-reply
 * restore, the hub took the new marker's head for the old one's, and a delete of the old one's head took it
 * ({@code ./tandem sim} seed 5485, decision 0019).
 */
class EditsGoWhereTypedTest {

    @Test
    void an_insert_between_look_alike_chars_is_sent_where_it_was_typed() {
        String shadow = "notes:⟦c1-22⟧ and the rest of the line";
        // The text already differs from the shadow far from here: the link starts from a scan, so its next edit is made
        // by diffing its regions, not from the splices.
        TrackedText text = new TrackedText(shadow + ", with a tail");
        Link link = new Link(new LinkSnapshot("view", 1, shadow, 0, 0, 0, List.of()), text, DocumentJournal.NONE, true);
        int at = shadow.indexOf('⟦');
        text.splice(at, 0, "⟦c1-41⟧");
        link.textSpliced(at, 0, "⟦c1-41⟧", text.length());

        assertTrue(link.makeEdit(text));

        List<DeltaOp> ops = link.snapshot().stack().get(0).delta().ops();
        assertEquals(List.of(new DeltaOp.Keep(at), new DeltaOp.Insert("⟦c1-41⟧")), ops.subList(0, 2), ops.toString());
    }
}
