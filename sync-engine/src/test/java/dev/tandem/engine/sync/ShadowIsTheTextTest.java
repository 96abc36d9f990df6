package dev.tandem.engine.sync;

import dev.tandem.engine.protocol.Message;
import dev.tandem.engine.store.MemoryDocumentStore;
import dev.tandem.engine.store.StoreException;
import dev.tandem.engine.text.TrackedText;
import org.junit.jupiter.api.Test;

import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A client's shadow is its text while the two are equal: the hub's edits are spliced once, and the shadow gets chars
 * of its own back before the user's next keystroke, by replaying the hub's splices or, past a few, by a copy of the
 * text ({@code Link#aliasText}, decision 0020's session 20 addendum) — or, for insertions, only when something
 * reads it: a keystroke sent at once makes the shadow the text again without them ({@code Link#beforeLocalSplice}).
 * Nothing of this shows on the wire or in the store: the journal replays to the same text and shadow.
 */
class ShadowIsTheTextTest {

    private final AtomicLong clock = new AtomicLong(1_000);
    private final AtomicLong ids = new AtomicLong();
    private final HubDocument hub = HubDocument.open("d", Optional.empty(), DocumentJournal.NONE, EngineLimits.DEFAULTS,
            clock::incrementAndGet, () -> "h" + ids.incrementAndGet());
    private final ClientDocument writer = client(DocumentJournal.NONE);
    private final MemoryDocumentStore readerStore = new MemoryDocumentStore();
    private final ClientDocument reader = client(readerStore.journal("d"));

    private ClientDocument client(DocumentJournal journal) {
        return ClientDocument.open("d", Optional.empty(), journal, EngineLimits.DEFAULTS, clock::incrementAndGet,
                () -> "c" + ids.incrementAndGet());
    }

    private void exchange(String id, ClientDocument c) {
        Optional<Message> out = c.startExchange(true);
        while (out.isPresent()) {
            Optional<Message> reply = hub.receive(id, out.get()).reply();
            out = reply.isPresent() ? c.receive(reply.get()).reply() : Optional.empty();
        }
    }

    /** The writer types at the start of each of {@code lines} lines; the reader is pushed each keystroke. */
    private void writerTypesOnLines(int lines, String typed) {
        for (int i = 0; i < lines; i++) {
            int at = nthLineStart(writer.text(), i * 7 % Math.max(1, lineCount(writer.text())));
            writer.edit(at, 0, typed);
            exchange("writer", writer);
            hub.push("reader").ifPresent(p -> reader.receive(p));
        }
    }

    private static int lineCount(String text) {
        return (int) text.chars().filter(c -> c == '\n').count();
    }

    private static int nthLineStart(String text, int n) {
        int at = 0;
        for (int i = 0; i < n; i++) at = text.indexOf('\n', at) + 1;
        return at;
    }

    private void startWith(String text) {
        writer.edit(0, 0, text);
        exchange("writer", writer);
        exchange("reader", reader);
        assertEquals(text, reader.text());
    }

    private void assertStoredAsHeld() throws StoreException {
        DocumentSnapshot stored = readerStore.load("d").orElseThrow();
        DocumentSnapshot held = reader.snapshot();
        assertEquals(held.text(), stored.text(), "the stored text");
        assertEquals(held.links().get(0).shadow(), stored.links().get(0).shadow(), "the stored shadow");
    }

    @Test
    void a_reader_holds_the_hubs_edits_in_one_text_that_is_also_its_shadow() throws StoreException {
        startWith("ann:\nbob:\ncat:\n");
        assertTrue(reader.shadowIsText(), "equal after joining: the shadow is the text");
        writerTypesOnLines(3, "- ");
        assertEquals(writer.text(), reader.text());
        assertTrue(reader.shadowIsText(), "the pushes were spliced once");
        assertEquals(reader.text(), reader.snapshot().links().get(0).shadow());
        assertStoredAsHeld();
    }

    @Test
    void a_keystroke_after_a_few_pushes_gives_the_shadow_its_own_chars_by_replaying_them() throws StoreException {
        startWith("notes\n".repeat(40_000)); // some 240 chunks: a few splices cost less to replay than a copy
        writerTypesOnLines(5, "x");
        typeAndConverge();
    }

    @Test
    void a_keystroke_after_many_pushes_gives_the_shadow_its_own_chars_by_a_copy() throws StoreException {
        startWith("ann:\nbob:\ncat:\n"); // one chunk: any splice costs more than copying it
        writerTypesOnLines(30, "y");
        typeAndConverge();
    }

    /** The reader types: its shadow is its own again, the hub gets the keystroke as typed, and all three agree. */
    private void typeAndConverge() throws StoreException {
        String before = reader.text();
        reader.edit(0, 0, "! ");
        assertFalse(reader.shadowIsText(), "the text moved on alone");
        assertEquals(before, reader.snapshot().links().get(0).shadow(), "the shadow is the text before the keystroke");
        assertStoredAsHeld();
        exchange("reader", reader);
        exchange("writer", writer);
        assertEquals("! " + before, reader.text());
        assertEquals(reader.text(), writer.text());
        assertTrue(reader.shadowIsText(), "equal again once the keystroke is sent");
        assertStoredAsHeld();
    }

    @Test
    void a_keystroke_sent_at_once_never_makes_the_shadows_own_chars() throws StoreException {
        startWith("notes\n".repeat(40_000));
        for (int round = 0; round < 3; round++) {
            writerTypesOnLines(5, "x");
            String before = reader.text();
            reader.edit(6, 0, "ab");
            reader.edit(8, 0, "c");
            assertTrue(reader.shadowDetached(), "typing into the text left the shadow as it was, unmade");
            assertFalse(reader.shadowIsText());
            exchange("reader", reader);
            assertFalse(reader.shadowDetached());
            assertTrue(reader.shadowIsText(), "the edit was made from the keystrokes: the shadow is the text again");
            exchange("writer", writer);
            assertEquals(before.substring(0, 6) + "abc" + before.substring(6), reader.text());
            assertEquals(reader.text(), writer.text());
        }
        assertStoredAsHeld();
    }

    @Test
    void a_push_before_the_keystroke_is_sent_makes_the_shadows_chars_first() throws StoreException {
        startWith("notes\n".repeat(40_000));
        writerTypesOnLines(5, "x");
        reader.edit(0, 0, "! ");
        assertTrue(reader.shadowDetached());
        writerTypesOnLines(2, "y"); // pushed to the reader before it sends its keystroke
        assertFalse(reader.shadowDetached(), "a push reads the shadow: its chars were made");
        assertTrue(reader.text().contains("y"), "the push was applied");
        assertStoredAsHeld();
        exchange("reader", reader);
        exchange("writer", writer);
        assertTrue(reader.text().startsWith("y! ") || reader.text().startsWith("! y"), reader.text().substring(0, 12));
        assertEquals(reader.text(), writer.text());
        assertStoredAsHeld();
    }

    @Test
    void a_detached_shadow_past_replaying_is_made_from_a_copy_of_the_text() throws StoreException {
        startWith("ann:\nbob:\ncat:\n"); // one chunk: the hub's splices are not kept to replay
        writerTypesOnLines(30, "y");
        reader.edit(0, 0, "! ");
        reader.edit(2, 0, "?");
        assertTrue(reader.shadowDetached());
        String before = writer.text();
        assertEquals(before, reader.snapshot().links().get(0).shadow(), "the copy, the keystrokes taken out again");
        assertFalse(reader.shadowDetached());
        assertStoredAsHeld();
        exchange("reader", reader);
        exchange("writer", writer);
        assertEquals("! ?" + before, reader.text());
        assertEquals(reader.text(), writer.text());
    }

    @Test
    void a_deletion_or_a_second_place_makes_the_shadows_chars_and_the_edit_the_usual_way() throws StoreException {
        startWith("notes\n".repeat(40_000));
        writerTypesOnLines(5, "x");
        String before = reader.text();
        reader.edit(0, 0, "abc");
        reader.edit(2, 1, "");
        assertFalse(reader.shadowDetached(), "a deletion: the deleted chars are in the shadow only");
        exchange("reader", reader);
        reader.edit(0, 0, "1");
        reader.edit(reader.text().length(), 0, "2"); // far from the first: two edits
        assertTrue(reader.shadowDetached());
        exchange("reader", reader);
        assertFalse(reader.shadowDetached());
        assertTrue(reader.shadowIsText());
        exchange("writer", writer);
        assertEquals("1ab" + before + "2", reader.text());
        assertEquals(reader.text(), writer.text());
        assertStoredAsHeld();
    }

    @Test
    void a_text_changed_behind_the_links_back_while_it_is_the_shadow_is_refused() {
        TrackedText text = new TrackedText("abc", true);
        Link link = Link.fresh(ClientDocument.HUB, 1, "abc", text, DocumentJournal.NONE, false);
        link.aliasText(text);
        text.splice(0, 0, "x");
        assertThrows(IllegalStateException.class, () -> link.textSpliced(0, 0, "x", text.length()));
    }
}
