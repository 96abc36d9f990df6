package dev.tandem.engine.session;

import dev.tandem.engine.protocol.Message;
import dev.tandem.engine.store.MemoryDocumentStore;
import dev.tandem.engine.sync.ClientDocument;
import dev.tandem.engine.sync.DocumentJournal;
import dev.tandem.engine.sync.DocumentSnapshot;
import dev.tandem.engine.sync.EngineLimits;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class CheckpointPolicyTest {

    private final HubSession.Options options = new HubSession.Options(10, 20_000, dev.tandem.engine.sync.EngineLimits.DEFAULTS);

    @Test
    void a_document_with_a_few_clients_is_checkpointed_after_the_configured_number_of_entries() {
        assertFalse(options.checkpointDue(19_999, 3, 100_000));
        assertTrue(options.checkpointDue(20_000, 3, 100_000));
    }

    @Test
    void a_document_with_many_clients_waits_until_its_journal_is_about_as_large_as_the_checkpoint() {
        // 200 views of a 50,000-char document: a checkpoint writes about 10 MB, so 20,000 entries (~0.8 MB) is too soon.
        assertFalse(options.checkpointDue(20_000, 200, 50_000));
        assertFalse(options.checkpointDue(250_000, 200, 50_000));
        assertTrue(options.checkpointDue(252_000, 200, 50_000));
    }

    /**
     * A checkpoint's snapshot makes its strings all at once: one that would take more than half of the heap's room
     * waits, and the journal keeps everything meanwhile (decision 0023).
     */
    @Test
    void a_checkpoint_without_room_in_the_heap_waits_and_takes_place_once_there_is_room() {
        ManualTimer time = new ManualTimer(1_000_000);
        MemoryDocumentStore store = new MemoryDocumentStore();
        HubSession hub = new HubSession(store, new HubSession.Options(5, 10, EngineLimits.DEFAULTS), time, time);
        long[] room = {0};
        hub.checkpointsWithin(() -> room[0]);
        ClientDocument writer = ClientDocument.open("doc", Optional.empty(), DocumentJournal.NONE, EngineLimits.DEFAULTS,
                time::nowMillis, () -> "c" + time.nowMillis());
        List<Message> toWriter = new ArrayList<>();
        hub.attach("writer", toWriter::add);
        type(20, writer, hub, toWriter, time);
        assertTrue(hub.metrics.checkpointsPostponed.sum() > 0, "due, but no room");
        long waiting = store.journalLength("doc");
        assertTrue(waiting >= 10, "the journal keeps everything: " + waiting);

        room[0] = Long.MAX_VALUE;
        writer.edit(0, 0, "room now. ");
        hub.receive("writer", writer.startExchange(true).orElseThrow());
        time.runUntilIdle();
        assertEquals(0, store.journalLength("doc"), "checkpointed");
        var hubText = hub.inspect("doc", d -> d.text());
        time.runUntilIdle();
        assertEquals(writer.text(), hubText.join());
    }

    /**
     * The owner only freezes the document's state; the snapshot is made and written by the checkpointer, while the
     * owner goes on. What the owner journals meanwhile stays, so the store still gives the hub's latest state.
     */
    @Test
    void a_checkpoint_is_made_off_the_owner_which_goes_on_meanwhile_and_the_store_keeps_every_step() throws Exception {
        ManualTimer time = new ManualTimer(1_000_000);
        MemoryDocumentStore store = new MemoryDocumentStore();
        HubSession hub = new HubSession(store, new HubSession.Options(5, 10, EngineLimits.DEFAULTS), time, time);
        List<Runnable> checkpointer = new ArrayList<>();
        hub.checkpointsOn(checkpointer::add);
        ClientDocument writer = ClientDocument.open("doc", Optional.empty(), DocumentJournal.NONE, EngineLimits.DEFAULTS,
                time::nowMillis, () -> "c" + time.nowMillis());
        List<Message> toWriter = new ArrayList<>();
        hub.attach("writer", toWriter::add);

        type(20, writer, hub, toWriter, time);
        assertEquals(1, checkpointer.size(), "one checkpoint handed over, none made on the owner");
        long journaled = store.journalLength("doc");
        assertTrue(journaled >= 10, "nothing replaced yet: " + journaled);
        type(5, writer, hub, toWriter, time); // the owner goes on; one checkpoint at a time
        assertEquals(1, checkpointer.size());

        long before = store.journalLength("doc");
        while (!checkpointer.isEmpty()) checkpointer.remove(0).run();
        time.runUntilIdle();
        assertEquals(1, hub.metrics.checkpoints.sum());
        long left = store.journalLength("doc");
        assertTrue(left > 0 && left < before, "the entries journaled after the freeze stay: " + left + " of " + before);

        var live = hub.inspect("doc", d -> d.snapshot());
        time.runUntilIdle();
        DocumentSnapshot stored = store.load("doc").orElseThrow();
        assertEquals(writer.text(), stored.text());
        assertEquals(live.join().text(), stored.text());
        assertEquals(Set.copyOf(live.join().links()), Set.copyOf(stored.links()));
    }

    /** {@code edits} words typed at the end, each synced with the hub until the writer has nothing more to send. */
    private static void type(int edits, ClientDocument writer, HubSession hub, List<Message> toWriter, ManualTimer time) {
        for (int k = 0; k < edits; k++) {
            writer.edit(writer.text().length(), 0, "word " + k + " ");
            Optional<Message> out = writer.startExchange(true);
            while (out.isPresent()) {
                hub.receive("writer", out.get());
                time.runUntilIdle();
                out = Optional.empty();
                for (Message m : List.copyOf(toWriter)) {
                    toWriter.remove(m);
                    Optional<Message> next = writer.receive(m).reply();
                    if (next.isPresent()) out = next;
                }
            }
        }
    }
}
