package dev.tandem.engine.session;

import dev.tandem.engine.protocol.Message;
import dev.tandem.engine.store.MemoryDocumentStore;
import dev.tandem.engine.sync.ClientDocument;
import dev.tandem.engine.sync.DocumentJournal;
import dev.tandem.engine.sync.EngineLimits;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

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
        for (int k = 0; k < 20; k++) {
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
}
