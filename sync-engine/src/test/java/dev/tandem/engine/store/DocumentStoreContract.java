package dev.tandem.engine.store;

import dev.tandem.engine.sync.DocumentJournal;
import dev.tandem.engine.sync.DocumentSnapshot;
import dev.tandem.engine.sync.JournalEntry;
import dev.tandem.engine.sync.LinkSnapshot;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicReference;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** What every {@link DocumentStore} must do; each implementation's test class extends this. */
abstract class DocumentStoreContract {

    /** A fresh, empty store. */
    abstract DocumentStore open() throws Exception;

    /** The store a restarted process finds after this one was killed (buffered entries lost). */
    abstract DocumentStore crashAndReopen(DocumentStore store) throws Exception;

    /** The store after a clean close and open. */
    abstract DocumentStore reopen(DocumentStore store) throws Exception;

    /** Makes the store's writes fail until {@link #healWrites}. */
    abstract void breakWrites(DocumentStore store) throws Exception;

    abstract void healWrites(DocumentStore store) throws Exception;

    private final List<DocumentStore> opened = new ArrayList<>();

    private DocumentStore track(DocumentStore s) {
        opened.add(s);
        return s;
    }

    DocumentStore store() throws Exception {
        return track(open());
    }

    @AfterEach
    void closeAll() throws Exception {
        for (DocumentStore s : opened) {
            try {
                s.close();
            } catch (StoreException ignored) {
                // a test left it broken or abandoned
            }
        }
    }

    static void appendSteps(DocumentJournal journal, EditScript script, int steps) {
        for (int i = 0; i < steps; i++) script.next().forEach(journal::append);
    }

    @Test
    void a_document_round_trips_through_journal_commit_and_reopen() throws Exception {
        DocumentStore s = store();
        EditScript script = new EditScript("doc", 1);
        appendSteps(s.journal("doc"), script, 300);
        s.commit();
        DocumentStore again = track(reopen(s));
        assertEquals(Optional.of(script.state()), again.load("doc"));
        assertEquals(List.of("doc"), again.documentIds());
    }

    @Test
    void committed_entries_survive_a_crash_and_uncommitted_ones_do_not() throws Exception {
        DocumentStore s = store();
        EditScript script = new EditScript("doc", 2);
        appendSteps(s.journal("doc"), script, 50);
        s.commit();
        DocumentSnapshot committed = script.state();
        appendSteps(s.journal("doc"), script, 20);
        DocumentStore after = track(crashAndReopen(s));
        assertEquals(Optional.of(committed), after.load("doc"));
    }

    @Test
    void a_document_never_committed_is_unknown_after_a_crash() throws Exception {
        DocumentStore s = store();
        appendSteps(s.journal("doc"), new EditScript("doc", 3), 5);
        DocumentStore after = track(crashAndReopen(s));
        assertEquals(Optional.empty(), after.load("doc"));
        assertEquals(List.of(), after.documentIds());
    }

    @Test
    void load_includes_entries_still_buffered() throws Exception {
        DocumentStore s = store();
        EditScript script = new EditScript("doc", 4);
        appendSteps(s.journal("doc"), script, 30);
        assertEquals(Optional.of(script.state()), s.load("doc"));
    }

    @Test
    void checkpoint_then_more_entries_then_reopen_gives_the_latest_state() throws Exception {
        DocumentStore s = store();
        EditScript script = new EditScript("doc", 5);
        appendSteps(s.journal("doc"), script, 100);
        s.checkpoint(script.state());
        assertEquals(0, s.journalLength("doc"));
        appendSteps(s.journal("doc"), script, 40);
        s.commit();
        DocumentStore again = track(crashAndReopen(s));
        assertEquals(Optional.of(script.state()), again.load("doc"));
        appendSteps(again.journal("doc"), script, 10);
        again.checkpoint(script.state());
        appendSteps(again.journal("doc"), script, 10);
        again.commit();
        assertEquals(Optional.of(script.state()), track(crashAndReopen(again)).load("doc"));
    }

    @Test
    void a_checkpoint_as_of_an_earlier_entry_keeps_what_was_journaled_after_it() throws Exception {
        DocumentStore s = store();
        EditScript script = new EditScript("doc", 11);
        DocumentJournal j = s.journal("doc");
        appendSteps(j, script, 30);
        s.commit(); // a row that ends before the snapshot: the checkpoint replaces it
        appendSteps(j, script, 10);
        DocumentSnapshot frozen = script.state();
        long asOf = j.position();
        appendSteps(j, script, 25); // the owner goes on while the snapshot is made elsewhere
        long after = j.position() - asOf;
        s.checkpoint(frozen, asOf); // commits the buffer in one row that straddles asOf
        assertEquals(after, s.journalLength("doc"));
        assertEquals(Optional.of(script.state()), s.load("doc"));
        appendSteps(j, script, 5);
        s.commit();
        assertEquals(Optional.of(script.state()), track(crashAndReopen(s)).load("doc"));
    }

    @Test
    void a_checkpoint_older_than_the_stored_one_is_ignored_and_one_past_the_journal_is_refused() throws Exception {
        DocumentStore s = store();
        EditScript script = new EditScript("doc", 12);
        DocumentJournal j = s.journal("doc");
        appendSteps(j, script, 10);
        DocumentSnapshot older = script.state();
        long olderAsOf = j.position();
        appendSteps(j, script, 10);
        s.checkpoint(script.state(), j.position());
        s.checkpoint(older, olderAsOf); // a slow checkpointer's: the store keeps the newer state
        assertEquals(Optional.of(script.state()), s.load("doc"));
        assertThrows(IllegalArgumentException.class, () -> s.checkpoint(script.state(), j.position() + 1));
        assertEquals(Optional.of(script.state()), track(crashAndReopen(s)).load("doc"));
    }

    @Test
    void journal_length_counts_entries_since_the_checkpoint_committed_or_not() throws Exception {
        DocumentStore s = store();
        DocumentJournal j = s.journal("doc");
        assertEquals(0, s.journalLength("doc"));
        j.append(new JournalEntry.Splice(null, 0, 0, "ab"));
        j.append(new JournalEntry.Splice(null, 2, 0, "c"));
        s.commit();
        j.append(new JournalEntry.Splice(null, 0, 1, ""));
        assertEquals(3, s.journalLength("doc"));
        s.checkpoint(new DocumentSnapshot("doc", "bc", List.of(), List.of()));
        assertEquals(0, s.journalLength("doc"));
        j.append(new JournalEntry.Splice(null, 0, 0, "x"));
        assertEquals(1, s.journalLength("doc"));
        DocumentStore again = track(reopen(s));
        assertEquals(1, again.journalLength("doc"));
        assertEquals("xbc", again.load("doc").orElseThrow().text());
        assertEquals(0, again.journalLength("never-seen"));
    }

    @Test
    void a_checkpoint_alone_makes_a_document_known() throws Exception {
        DocumentStore s = store();
        DocumentSnapshot snap = new DocumentSnapshot("doc", "hello 😀",
                List.of(new LinkSnapshot("hub", 2, "hello", 3, 4, 3, List.of())), List.of());
        s.checkpoint(snap);
        DocumentStore again = track(crashAndReopen(s));
        assertEquals(Optional.of(snap), again.load("doc"));
        assertEquals(List.of("doc"), again.documentIds());
    }

    @Test
    void documents_keep_apart_in_one_commit() throws Exception {
        DocumentStore s = store();
        EditScript a = new EditScript("a", 6);
        EditScript b = new EditScript("b", 7);
        for (int i = 0; i < 20; i++) {
            appendSteps(s.journal("a"), a, 3);
            appendSteps(s.journal("b"), b, 2);
            if (i % 5 == 0) s.commit();
        }
        s.commit();
        DocumentStore again = track(crashAndReopen(s));
        assertEquals(Optional.of(a.state()), again.load("a"));
        assertEquals(Optional.of(b.state()), again.load("b"));
        assertEquals(List.of("a", "b"), again.documentIds().stream().sorted().toList());
    }

    @Test
    void a_checkpoint_of_one_document_commits_the_others_too() throws Exception {
        DocumentStore s = store();
        EditScript a = new EditScript("a", 13);
        EditScript b = new EditScript("b", 14);
        appendSteps(s.journal("a"), a, 20);
        appendSteps(s.journal("b"), b, 20);
        s.checkpoint(a.state());
        DocumentStore again = track(crashAndReopen(s));
        assertEquals(Optional.of(a.state()), again.load("a"));
        assertEquals(Optional.of(b.state()), again.load("b"));
        assertEquals(0, again.journalLength("a"));
        assertTrue(again.journalLength("b") > 0);
    }

    @Test
    void a_failed_commit_keeps_every_entry_for_the_retry() throws Exception {
        DocumentStore s = store();
        EditScript script = new EditScript("doc", 8);
        appendSteps(s.journal("doc"), script, 10);
        s.commit();
        appendSteps(s.journal("doc"), script, 10);
        breakWrites(s);
        assertThrows(StoreException.class, s::commit);
        appendSteps(s.journal("doc"), script, 5);           // the owner goes on typing meanwhile
        assertThrows(StoreException.class, s::commit);
        assertEquals(25, script.steps());
        healWrites(s);
        s.commit();
        assertEquals(Optional.of(script.state()), track(crashAndReopen(s)).load("doc"));
    }

    @Test
    void a_failed_checkpoint_keeps_the_journal_and_the_buffer() throws Exception {
        DocumentStore s = store();
        EditScript script = new EditScript("doc", 9);
        appendSteps(s.journal("doc"), script, 10);
        s.commit();
        appendSteps(s.journal("doc"), script, 10);
        long length = s.journalLength("doc");
        breakWrites(s);
        assertThrows(StoreException.class, () -> s.checkpoint(script.state()));
        assertEquals(length, s.journalLength("doc"));
        healWrites(s);
        s.commit();
        assertEquals(Optional.of(script.state()), track(crashAndReopen(s)).load("doc"));
    }

    @Test
    void delete_forgets_the_document_and_its_journal() throws Exception {
        DocumentStore s = store();
        appendSteps(s.journal("a"), new EditScript("a", 10), 10);
        EditScript b = new EditScript("b", 11);
        appendSteps(s.journal("b"), b, 10);
        s.commit();
        DocumentJournal oldJournal = s.journal("a");
        s.delete("a");
        assertThrows(IllegalStateException.class, () -> oldJournal.append(new JournalEntry.LinkRemoved("x")));
        assertEquals(List.of("b"), s.documentIds());
        DocumentStore again = track(crashAndReopen(s));
        assertEquals(Optional.empty(), again.load("a"));
        assertEquals(Optional.of(b.state()), again.load("b"));
    }

    @Test
    void settings_are_durable_at_once() throws Exception {
        DocumentStore s = store();
        assertEquals(Optional.empty(), s.setting("side-id"));
        s.putSetting("side-id", "client-😀");
        s.putSetting("cursor", "1");
        s.putSetting("cursor", "2");
        DocumentStore again = track(crashAndReopen(s));
        assertEquals(Optional.of("client-😀"), again.setting("side-id"));
        assertEquals(Optional.of("2"), again.setting("cursor"));
    }

    @Test
    void commit_takes_what_another_thread_appended() throws Exception {
        DocumentStore s = store();
        EditScript script = new EditScript("doc", 12);
        DocumentJournal j = s.journal("doc");
        CountDownLatch done = new CountDownLatch(1);
        AtomicReference<Throwable> failure = new AtomicReference<>();
        Thread owner = new Thread(() -> {
            try {
                appendSteps(j, script, 2_000);
            } catch (Throwable t) {
                failure.set(t);
            } finally {
                done.countDown();
            }
        });
        owner.start();
        while (done.getCount() > 0) s.commit();
        owner.join();
        assertNull(failure.get());
        s.commit();
        assertEquals(Optional.of(script.state()), track(crashAndReopen(s)).load("doc"));
    }

    @Test
    void a_closed_store_refuses_work() throws Exception {
        DocumentStore s = store();
        s.close();
        assertThrows(StoreException.class, s::commit);
        assertThrows(StoreException.class, () -> s.load("doc"));
        assertFalse(s.documentIds().contains("doc"));
        assertTrue(s.journalLength("doc") >= 0);
    }
}
