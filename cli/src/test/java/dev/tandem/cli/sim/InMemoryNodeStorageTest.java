package dev.tandem.cli.sim;

import dev.tandem.engine.store.DocumentStore;
import dev.tandem.engine.sync.ClientDocument;
import dev.tandem.engine.sync.EngineLimits;
import org.junit.jupiter.api.Test;

import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;

class InMemoryNodeStorageTest {

    private static ClientDocument open(DocumentStore store) throws Exception {
        return ClientDocument.open("d", store.load("d"), store.journal("d"), EngineLimits.DEFAULTS, () -> 1, () -> "k");
    }

    @Test
    void a_reopened_side_has_what_it_committed_and_not_what_it_did_after() throws Exception {
        InMemoryNodeStorage storage = new InMemoryNodeStorage();
        DocumentStore first = storage.open("c0");
        ClientDocument doc = open(first);
        doc.edit(0, 0, "kept 😀");
        first.commit();
        doc.edit(0, 0, "lost ");            // never committed: the crash takes it
        DocumentStore second = storage.open("c0");
        assertEquals("kept 😀", open(second).text());
    }

    @Test
    void a_checkpoint_then_more_entries_reload_to_the_same_state() throws Exception {
        InMemoryNodeStorage storage = new InMemoryNodeStorage();
        DocumentStore store = storage.open("hub");
        ClientDocument doc = open(store);
        doc.edit(0, 0, "abc");
        store.checkpoint(doc.snapshot());
        doc.edit(3, 0, "def");
        store.commit();
        assertEquals("abcdef", open(storage.open("hub")).text());
        assertEquals(Optional.empty(), storage.open("other").load("d"));
    }
}
