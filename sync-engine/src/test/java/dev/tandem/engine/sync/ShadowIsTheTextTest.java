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
 * text ({@code Link#aliasText}, decision 0020's session 20 addendum). Nothing of this shows on the wire or in the
 * store: the journal replays to the same text and shadow.
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
    void a_text_changed_behind_the_links_back_while_it_is_the_shadow_is_refused() {
        TrackedText text = new TrackedText("abc", true);
        Link link = Link.fresh(ClientDocument.HUB, 1, "abc", text, DocumentJournal.NONE, false);
        link.aliasText(text);
        text.splice(0, 0, "x");
        assertThrows(IllegalStateException.class, () -> link.textSpliced(0, 0, "x", text.length()));
    }
}
