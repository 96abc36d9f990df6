package dev.tandem.engine.sync;

import dev.tandem.engine.protocol.Edit;
import dev.tandem.engine.protocol.Message;
import dev.tandem.engine.store.MemoryDocumentStore;
import dev.tandem.engine.store.StoreException;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A hub's views whose shadow equals the text are parked: told of the text's splices late, in one go, and views parked
 * together catch up together, on one composed edit ({@link ParkedViews}, decision 0020's session 19 addendum).
 */
class ParkedViewsTest {

    private static final int READERS = HubDocument.CATCH_UP_VIEWS + 4;

    private final AtomicLong clock = new AtomicLong(1_000);
    private final AtomicLong ids = new AtomicLong();
    private final MemoryDocumentStore store = new MemoryDocumentStore();
    private final HubDocument hub = HubDocument.open("d", Optional.empty(), store.journal("d"), EngineLimits.DEFAULTS,
            clock::incrementAndGet, () -> "h" + ids.incrementAndGet());
    private final ClientDocument writer = client("writer");
    private final List<ClientDocument> readers = new ArrayList<>();

    private ClientDocument client(String id) {
        return ClientDocument.open("d", Optional.empty(), DocumentJournal.NONE, EngineLimits.DEFAULTS,
                clock::incrementAndGet, () -> id + ids.incrementAndGet());
    }

    private static String readerId(int i) {
        return "reader" + i;
    }

    /** One client's exchanges with the hub until it has nothing more to say; pushes to others are not delivered. */
    private void exchange(String id, ClientDocument c) {
        Optional<Message> out = c.startExchange(true);
        while (out.isPresent()) {
            Optional<Message> reply = hub.receive(id, out.get()).reply();
            out = reply.isPresent() ? c.receive(reply.get()).reply() : Optional.empty();
        }
    }

    /** The writer types "Hello"; every reader joins and holds it. */
    private void everyoneHolds(String text) {
        writer.edit(0, 0, text);
        exchange("writer", writer);
        for (int i = 0; i < READERS; i++) {
            ClientDocument r = client(readerId(i));
            readers.add(r);
            exchange(readerId(i), r);
            assertEquals(text, r.text());
        }
    }

    /** Pushes to every reader and delivers the pushes; returns them. */
    private List<Message.Push> pushRound() {
        List<Message.Push> pushes = new ArrayList<>();
        for (int i = 0; i < READERS; i++) {
            Optional<Message> p = hub.push(readerId(i));
            if (p.isEmpty()) continue; // it has it all
            pushes.add((Message.Push) p.get());
            readers.get(i).receive(p.get()).reply().ifPresent(m -> { throw new AssertionError("a push wants no reply: " + m); });
        }
        return pushes;
    }

    @Test
    void readers_pushed_together_catch_up_on_one_edit_and_all_hold_the_text() {
        everyoneHolds("ann:\nbob:\ncat:\n");
        writer.edit(4, 0, " minutes");
        writer.edit(writer.text().indexOf("cat:") + 4, 0, " agenda");
        exchange("writer", writer);

        List<Message.Push> pushes = pushRound();

        // Two edits (the writer's changes are lines apart: decision 0022), composed once, adopted by every other view.
        assertEquals(READERS, pushes.size());
        List<Edit> first = pushes.get(0).edits();
        assertEquals(2, first.size(), first.toString());
        for (Message.Push p : pushes) {
            assertEquals(first.size(), p.edits().size(), p.toString());
            for (int k = 0; k < first.size(); k++) assertSame(first.get(k).delta(), p.edits().get(k).delta());
        }
        for (ClientDocument r : readers) assertEquals(hub.text(), r.text());
        assertEquals("ann: minutes\nbob:\ncat: agenda\n", hub.text());
    }

    @Test
    void a_parked_view_is_told_every_splice_it_missed_before_its_client_is_answered() {
        everyoneHolds("ann:\nbob:\ncat:\n");
        // The writer types in three exchanges, while the readers' views stay parked: nine splices kept for them.
        for (String word : List.of(" one", " two", " three")) {
            for (int k = 0; k < 3; k++) writer.edit(4 + k, 0, word.substring(k, k + 1));
            exchange("writer", writer);
            writer.edit(writer.length(), 0, word.substring(3));
            exchange("writer", writer);
        }
        // A reader that never got a push types on its own line: its view must apply the edit where the reader typed,
        // which it can only do if it knows every splice the text had meanwhile.
        ClientDocument bob = readers.get(1);
        bob.edit(9, 0, " here");
        exchange(readerId(1), bob);

        assertTrue(hub.conflicts().isEmpty(), hub.conflicts().toString());
        assertTrue(hub.text().contains("bob: here\n"), hub.text());
        assertEquals(hub.text(), bob.text());
        pushRound();
        exchange("writer", writer);
        for (ClientDocument r : readers) assertEquals(hub.text(), r.text());
        assertEquals(hub.text(), writer.text());
    }

    @Test
    void a_view_parked_longer_than_the_kept_splices_is_unparked_and_still_catches_up() {
        everyoneHolds("ann:\n");
        // More splices than parked views may fall behind: the hub unparks them and tells them as they happen.
        for (int i = 0; i < 2 * ParkedViews.MAX_BEHIND + 10; i++) {
            writer.edit(writer.length(), 0, Integer.toString(i % 10));
            exchange("writer", writer);
        }

        pushRound();

        for (ClientDocument r : readers) assertEquals(hub.text(), r.text());
        assertEquals(writer.text(), hub.text());
        assertTrue(hub.conflicts().isEmpty(), hub.conflicts().toString());
    }

    @Test
    void catch_ups_the_client_never_saw_are_undone_and_the_journal_replays_to_the_same_views() throws StoreException {
        everyoneHolds("ann:\nbob:\ncat:\n");
        // Twice, every reader's view catches up on the writer's edit; reader 1's pushes are lost on their way (or still
        // travelling).
        for (String word : List.of(" minutes", " agenda")) {
            writer.edit(writer.text().indexOf("cat:") + 4, 0, word);
            exchange("writer", writer);
            for (int i = 0; i < READERS; i++) {
                Message push = hub.push(readerId(i)).orElseThrow();
                if (i != 1) readers.get(i).receive(push);
            }
        }
        // Meanwhile reader 1 types on its line: its exchange says it never got the catch-ups, so the hub goes back to
        // the view's shadow before them, applies bob's edit there, and sends the writer's edits again.
        ClientDocument bob = readers.get(1);
        bob.edit(9, 0, " here");
        exchange(readerId(1), bob);

        assertEquals("ann:\nbob: here\ncat: agenda minutes\n", hub.text());
        assertEquals(hub.text(), bob.text());
        assertTrue(hub.conflicts().isEmpty(), hub.conflicts().toString());
        pushRound();
        exchange("writer", writer);
        for (ClientDocument r : readers) assertEquals(hub.text(), r.text());
        assertEquals(hub.text(), writer.text());
        // What the hub journaled while going back replays to the views it holds.
        store.commit();
        assertEquals(hub.snapshot(), store.load("d").orElseThrow());
    }
}
