package dev.tandem.engine.store;

import dev.tandem.engine.sync.DocumentJournal;
import dev.tandem.engine.sync.DocumentSnapshot;
import dev.tandem.engine.sync.JournalEntry;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The store for clients that never restart: entries are durable once committed, then forgotten. */
class MemoryStoreWithoutJournalTest {

    private final MemoryDocumentStore store = MemoryDocumentStore.withoutJournal();

    @Test
    void committed_entries_are_durable_then_forgotten_so_no_journal_builds_up() throws Exception {
        DocumentJournal j = store.journal("doc");
        j.append(new JournalEntry.Splice(null, 0, 0, "ab"));
        j.append(new JournalEntry.Splice(null, 2, 0, "c"));
        assertEquals(2, store.journalLength("doc"), "buffered until the commit");
        assertEquals(0, j.durablePosition());

        store.commit();

        assertEquals(2, j.durablePosition(), "acknowledgements wait for this, as with a store that keeps the journal");
        assertEquals(0, store.journalLength("doc"), "nothing is kept, so nothing needs a checkpoint");
        assertEquals(List.of("doc"), store.documentIds());
    }

    @Test
    void a_document_whose_entries_were_forgotten_cannot_be_loaded_again() throws Exception {
        store.journal("doc").append(new JournalEntry.Splice(null, 0, 0, "ab"));
        store.commit();

        StoreException e = assertThrows(StoreException.class, () -> store.load("doc"));
        assertTrue(e.getMessage().contains("keeps no journal"), e.getMessage());
        assertThrows(IllegalStateException.class, store::crash);
    }

    @Test
    void a_document_never_written_loads_as_unknown_and_a_checkpoint_alone_loads_as_saved() throws Exception {
        assertEquals(Optional.empty(), store.load("new"));
        DocumentSnapshot saved = new DocumentSnapshot("kept", "text", List.of(), List.of());
        store.checkpoint(saved);
        assertEquals(Optional.of(saved), store.load("kept"));
    }
}
