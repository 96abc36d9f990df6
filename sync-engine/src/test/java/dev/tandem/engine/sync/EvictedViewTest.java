package dev.tandem.engine.sync;

import dev.tandem.engine.protocol.Message;
import dev.tandem.engine.store.MemoryDocumentStore;
import dev.tandem.engine.store.StoreException;
import org.junit.jupiter.api.Test;

import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A relay short of memory lets go of what a gone client's view holds ({@link HubDocument#evict}, decision 0023): the
 * view starts again from the text. Nothing the client typed is lost by it: what the hub acknowledged is in the text,
 * and the client, back, is reset and merges what was not acknowledged. The journal says so in one small entry, and
 * replays to the same views.
 */
class EvictedViewTest {

    private final AtomicLong clock = new AtomicLong(1_000);
    private final AtomicLong ids = new AtomicLong();
    private final MemoryDocumentStore hubStore = new MemoryDocumentStore();
    private final HubDocument hub = HubDocument.open("d", Optional.empty(), hubStore.journal("d"), EngineLimits.DEFAULTS,
            clock::incrementAndGet, () -> "h" + ids.incrementAndGet());
    private final ClientDocument gone = client();
    private final ClientDocument stayed = client();

    private ClientDocument client() {
        return ClientDocument.open("d", Optional.empty(), DocumentJournal.NONE, EngineLimits.DEFAULTS,
                clock::incrementAndGet, () -> "c" + ids.incrementAndGet());
    }

    /** One exchange and whatever it leads to, every message delivered. */
    private void exchange(String id, ClientDocument c) {
        deliver(id, c, c.startExchange(true));
    }

    /** Delivers the client's message {@code out}, and every reply and answer it leads to. */
    private void deliver(String id, ClientDocument c, Optional<Message> out) {
        while (out.isPresent()) {
            Optional<Message> reply = hub.receive(id, out.get()).reply();
            out = reply.isPresent() ? c.receive(reply.get()).reply() : Optional.empty();
        }
    }

    private void bothHold(String text) {
        gone.edit(0, 0, text);
        exchange("gone", gone);
        exchange("stayed", stayed);
        assertEquals(text, stayed.text());
    }

    @Test
    void a_gone_clients_view_is_let_go_and_what_it_typed_unacknowledged_merges_when_it_is_back() throws StoreException {
        bothHold("The plan.\nThe budget.\n");
        // It typed and sent; the hub applied it, and the connection went before the reply reached the client, which
        // still holds the edit as unacknowledged.
        gone.edit("The plan.".length(), 0, " Ship in May.");
        hub.receive("gone", gone.startExchange(true).orElseThrow());
        gone.connectionLost();
        stayed.edit(0, 0, "# Notes\n");
        exchange("stayed", stayed);
        assertTrue(hub.evict("gone"));
        // Meanwhile it types offline.
        gone.edit(gone.text().length(), 0, "The team.\n");

        // Back: its exchange is of the old epoch, so the hub answers with its text, saying which of the client's edits
        // it holds, and the client merges the rest three ways.
        Message first = gone.startExchange(true).orElseThrow();
        Message.Reset answer = assertInstanceOf(Message.Reset.class, hub.receive("gone", first).reply().orElseThrow());
        assertEquals(2L, answer.got(), "its first two edits");
        deliver("gone", gone, gone.receive(answer).reply());
        exchange("gone", gone);
        exchange("stayed", stayed);

        String expected = "# Notes\nThe plan. Ship in May.\nThe budget.\nThe team.\n";
        assertEquals(expected, hub.text());
        assertEquals(expected, gone.text());
        assertEquals(expected, stayed.text());
        assertTrue(gone.conflicts().isEmpty(), "nothing overlapped: " + gone.conflicts());
        assertStoredAsHeld();
    }

    /**
     * The reset that says which of its edits the hub holds may never arrive (the connection drops again, or the client
     * crashes before it stores it). The client comes back with the old epoch once more, and the next reset says it too:
     * without it, the merge read the hub's text, which holds the applied edit, against a base without it, and the
     * whole document ended up there twice.
     */
    @Test
    void a_reset_lost_on_the_way_is_sent_again_saying_which_edits_the_hub_holds() {
        bothHold("The plan.\nThe budget.\n");
        gone.edit("The plan.".length(), 0, " Ship in May.");
        hub.receive("gone", gone.startExchange(true).orElseThrow()); // applied; its reply is lost
        gone.connectionLost();
        stayed.edit(0, 0, "# Notes\n");
        exchange("stayed", stayed);
        assertTrue(hub.evict("gone"));

        Message.Reset lost = assertInstanceOf(Message.Reset.class,
                hub.receive("gone", gone.startExchange(true).orElseThrow()).reply().orElseThrow());
        assertEquals(2L, lost.got());
        gone.connectionLost(); // the reset never reaches it
        stayed.edit(stayed.text().length(), 0, "The end.\n");
        exchange("stayed", stayed);

        Message.Reset again = assertInstanceOf(Message.Reset.class,
                hub.receive("gone", gone.startExchange(true).orElseThrow()).reply().orElseThrow());
        assertEquals(2L, again.got(), "still its first two edits");
        deliver("gone", gone, gone.receive(again).reply());
        exchange("stayed", stayed);

        String expected = "# Notes\nThe plan. Ship in May.\nThe budget.\nThe end.\n";
        assertEquals(expected, hub.text());
        assertEquals(expected, gone.text());
        assertEquals(expected, stayed.text());
    }

    @Test
    void a_restarted_view_replays_from_one_small_journal_entry() throws StoreException {
        bothHold("one two three\n");
        stayed.edit(stayed.text().length(), 0, "four\n");
        exchange("stayed", stayed);
        gone.edit(0, 0, "zero ");
        assertTrue(gone.startExchange(true).isPresent()); // lost on the way: the hub never applied it
        long epochBefore = epochOf("gone");

        assertTrue(hub.evict("gone"));

        LinkSnapshot view = viewOf(hub.snapshot(), "gone");
        assertEquals(epochBefore + 1, view.epoch());
        assertEquals(hub.text(), view.shadow());
        assertEquals(0, view.mine());
        assertEquals(1, view.theirs(), "still counts the client's edits of the epoch before: they are in the text");
        assertTrue(view.stack().isEmpty());
        assertStoredAsHeld();
    }

    @Test
    void a_view_that_holds_the_text_as_it_is_now_is_left_as_it_is() {
        bothHold("nothing pending\n");
        // Both caught up where the text is: they share its chars already.
        assertFalse(hub.evict("gone"));
        assertFalse(hub.evict("stayed"));
        assertFalse(hub.evict("nobody"));
    }

    @Test
    void a_checkpoint_shares_the_texts_string_with_every_view_that_holds_the_text() {
        bothHold("shared by both\n");
        stayed.edit(0, 0, "diverged ");
        exchange("stayed", stayed);
        // "stayed" is caught up (its reply carried everything); "gone" lags one edit behind the text.
        DocumentSnapshot snap = hub.snapshot();
        assertSame(snap.text(), viewOf(snap, "stayed").shadow());
        assertNotSame(snap.text(), viewOf(snap, "gone").shadow());
        assertEquals("shared by both\n", viewOf(snap, "gone").shadow());
    }

    @Test
    void clients_that_come_back_together_are_sent_one_string_of_the_text_not_one_each() {
        bothHold("a large document, as far as this test goes\n");
        ClientDocument third = client();
        exchange("third", third);
        stayed.edit(0, 0, "moved on. ");
        exchange("stayed", stayed);
        assertTrue(hub.evict("gone"));
        assertTrue(hub.evict("third"));

        Message.Reset one = assertInstanceOf(Message.Reset.class,
                hub.receive("gone", gone.startExchange(true).orElseThrow()).reply().orElseThrow());
        Message.Reset two = assertInstanceOf(Message.Reset.class,
                hub.receive("third", third.startExchange(true).orElseThrow()).reply().orElseThrow());
        assertEquals(hub.text(), one.text());
        assertSame(one.text(), two.text(), "the text has not changed in between: one string for both");
    }

    private long epochOf(String client) {
        return viewOf(hub.snapshot(), client).epoch();
    }

    private static LinkSnapshot viewOf(DocumentSnapshot snap, String client) {
        return snap.links().stream().filter(l -> l.linkId().equals(client)).findFirst().orElseThrow();
    }

    private void assertStoredAsHeld() throws StoreException {
        hubStore.commit();
        DocumentSnapshot stored = hubStore.load("d").orElseThrow();
        DocumentSnapshot held = hub.snapshot();
        assertEquals(held.text(), stored.text(), "the stored text");
        assertEquals(held.links(), stored.links(), "the stored views");
    }
}
