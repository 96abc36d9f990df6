package dev.tandem.engine.sync;

import dev.tandem.engine.protocol.Message;
import dev.tandem.engine.store.SqliteDocumentStore;
import dev.tandem.engine.store.StoreOptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A side whose store went back in time (restored from an old backup, or a copy of an old file) reuses version numbers
 * the other side has already applied. Those edits are not duplicates: skipping them as such would acknowledge text the
 * other side never took, and the recovery merge would then read it as deleted. The link must be reset instead, and the
 * three-way merge must keep both what the stale side typed since and what the other side already has.
 */
class StoreRollbackTest {

    private final AtomicLong clock = new AtomicLong(1);
    private final AtomicLong ids = new AtomicLong();
    private HubDocument hub;
    private ClientDocument a;
    private ClientDocument b;

    @BeforeEach
    void joinedClients() {
        hub = HubDocument.open("d", Optional.empty(), DocumentJournal.NONE, EngineLimits.DEFAULTS, clock::get, this::id);
        a = client(Optional.empty());
        b = client(Optional.empty());
        syncFully(a, "a");
        syncFully(b, "b");
    }

    private String id() { return "c" + ids.incrementAndGet(); }

    private ClientDocument client(Optional<DocumentSnapshot> stored) {
        return ClientDocument.open("d", stored, DocumentJournal.NONE, EngineLimits.DEFAULTS, clock::incrementAndGet, this::id);
    }

    /** Exchanges until the client has nothing to say; returns whether the link was reset on the way. */
    private boolean syncFully(ClientDocument c, String name) {
        return deliver(c, name, c.startExchange(true));
    }

    /** Delivers {@code m} and what follows from it until the client has nothing to say; true if the link was reset. */
    private boolean deliver(ClientDocument c, String name, Optional<Message> m) {
        boolean reset = false;
        for (int i = 0; i < 10 && m.isPresent(); i++) {
            Message reply = hub.receive(name, m.get()).reply().orElseThrow();
            ClientDocument.Step step = c.receive(reply);
            reset |= step.reset() && !(reply instanceof Message.Reset r && r.epoch() == 1);
            m = step.reply();
        }
        return reset;
    }

    private static List<String> conflictTexts(ClientDocument c) {
        List<String> out = new ArrayList<>();
        for (Conflict k : c.conflicts()) out.add(k.inserted());
        return out;
    }

    @Test
    void a_client_restored_from_an_old_backup_keeps_what_it_typed_since_and_what_the_hub_has() {
        a.edit(0, 0, "one ");
        syncFully(a, "a");
        DocumentSnapshot backup = a.snapshot();
        a.edit(4, 0, "two ");
        syncFully(a, "a");
        assertEquals("one two ", hub.text());

        // The user restores yesterday's store and types: the new edit gets the version "two " had.
        ClientDocument restored = client(Optional.of(backup));
        restored.edit(4, 0, "three ");
        assertTrue(syncFully(restored, "a"), "the link is reset, not carried on by versions");
        syncFully(restored, "a");

        assertTrue(hub.text().contains("two "), hub.text());
        assertTrue(hub.text().contains("three "), hub.text());
        assertEquals(hub.text(), restored.text());
    }

    @Test
    void a_client_restored_from_an_old_backup_whose_new_edits_reach_the_versions_it_lost_is_still_caught() {
        a.edit(0, 0, "one ");
        syncFully(a, "a");
        DocumentSnapshot backup = a.snapshot();
        a.edit(4, 0, "two ");
        syncFully(a, "a");
        a.edit(8, 0, "2b ");
        syncFully(a, "a");

        // Two new edits go in one exchange (the first was lost on the way): versions as high as the hub's last, so
        // only the content of the hub's last one tells them apart.
        ClientDocument restored = client(Optional.of(backup));
        restored.edit(4, 0, "three ");
        restored.startExchange(false).orElseThrow();
        restored.connectionLost();
        restored.edit(0, 0, "zero ");
        Message.Sync both = (Message.Sync) restored.startExchange(false).orElseThrow();
        assertEquals(2, both.edits().size());
        Message reset = hub.receive("a", both).reply().orElseThrow();
        assertInstanceOf(Message.Reset.class, reset);
        deliver(restored, "a", restored.receive(reset).reply());
        syncFully(restored, "a");

        for (String typed : List.of("zero ", "one ", "two ", "2b ", "three ")) {
            assertTrue(hub.text().contains(typed) || conflictTexts(restored).contains(typed),
                    typed + " is in " + hub.text() + " or a conflict");
        }
        assertEquals(hub.text(), restored.text());
    }

    /** a types "one ", everyone syncs, the hub's state is copied (returned), then b types "two " and a syncs it. */
    private DocumentSnapshot oneThenBackupThenTwo(ClientDocument... others) {
        a.edit(0, 0, "one ");
        syncFully(a, "a");
        syncFully(b, "b");
        for (ClientDocument o : others) syncFully(o, "c");
        DocumentSnapshot backup = hub.snapshot();
        b.edit(4, 0, "two ");
        syncFully(b, "b");
        syncFully(a, "a");
        assertEquals("one two ", a.text());
        return backup;
    }

    private HubDocument restored(DocumentSnapshot backup) {
        return HubDocument.open("d", Optional.of(backup), DocumentJournal.NONE, EngineLimits.DEFAULTS, clock::get, this::id);
    }

    /**
     * The hub goes back to before "two " (which a and b hold); c, which saw nothing since, types "zero ", and the hub
     * gives a's view an edit under the version a already applied for "two " before a says anything.
     */
    private ClientDocument hubWentBackAndReusedAVersionOfA() {
        ClientDocument c = client(Optional.empty());
        hub = restored(oneThenBackupThenTwo(c));
        c.edit(0, 0, "zero ");
        syncFully(c, "c");
        hub.push("a").orElseThrow(); // lost on the way; a's exchange below is the first a says to the restored hub
        return c;
    }

    @Test
    void a_hub_that_reused_a_version_is_caught_by_the_result_its_client_acknowledges() {
        hubWentBackAndReusedAVersionOfA();
        // a acknowledges "two " under the version the hub has just given "zero ": without the result beside the
        // number, the hub would drop "zero " as delivered, and the next mismatch would merge "two " away.
        Message reply = hub.receive("a", a.startExchange(true).orElseThrow()).reply().orElseThrow();
        Message.Reset reset = assertInstanceOf(Message.Reset.class, reply);
        assertTrue(reset.behind(), "the hub knows it went back");
        deliver(a, "a", a.receive(reset).reply());
        syncFully(a, "a");
        syncFully(b, "b");
        syncFully(a, "a");

        for (String typed : List.of("zero ", "one ", "two ")) assertTrue(hub.text().contains(typed), hub.text());
        assertEquals(hub.text(), a.text());
        assertEquals(hub.text(), b.text());
    }

    @Test
    void a_reset_asked_for_by_a_client_that_found_the_hub_behind_says_so_to_whoever_merges_it() {
        // The client may restart before the reset comes and forget what it found: the reset itself must carry it.
        Message.Reset reset = assertInstanceOf(Message.Reset.class,
                hub.receive("a", new Message.ResetRequest("d", 1, "the hub's edit 3 is not the one I applied", true)).reply().orElseThrow());
        assertTrue(reset.behind());
        Message.Reset plain = assertInstanceOf(Message.Reset.class,
                hub.receive("b", new Message.ResetRequest("d", 1, "an edit does not fit my shadow")).reply().orElseThrow());
        assertTrue(!plain.behind());
    }

    @Test
    void a_hub_restored_from_an_old_backup_loses_nothing_its_clients_still_hold() {
        // The relay's store goes back to before "two ": both clients hold it, the hub does not.
        hub = restored(oneThenBackupThenTwo());
        a.edit(0, 0, "zero ");
        syncFully(a, "a");
        syncFully(b, "b");
        syncFully(a, "a");

        assertTrue(hub.text().contains("two "), hub.text());
        assertTrue(hub.text().contains("zero "), hub.text());
        assertEquals(hub.text(), a.text());
        assertEquals(hub.text(), b.text());
    }

    @Test
    void a_hub_restored_from_an_old_backup_that_reuses_a_version_a_client_applied_is_caught() {
        a.edit(0, 0, "one ");
        syncFully(a, "a");
        syncFully(b, "b");
        DocumentSnapshot backup = hub.snapshot();
        b.edit(4, 0, "two ");
        syncFully(b, "b");
        syncFully(a, "a"); // a applied the hub's edit "two " under the hub's next version for a

        hub = HubDocument.open("d", Optional.of(backup), DocumentJournal.NONE, EngineLimits.DEFAULTS, clock::get, this::id);
        // A third client joins the restored hub and types first: the hub's next edit for a is "TWO ", under the
        // version a already gave to "two ". It must not be skipped as a duplicate.
        ClientDocument c = client(Optional.empty());
        syncFully(c, "c");
        c.edit(4, 0, "TWO ");
        syncFully(c, "c");
        syncFully(a, "a");
        syncFully(b, "b");
        syncFully(c, "c");
        syncFully(a, "a");

        // Both words are kept; as two edits of one place, their letters may come interleaved ("twoTWO").
        assertTrue(a.text().contains("TWO"), a.text());
        assertTrue(a.text().contains("two"), a.text());
        assertEquals(hub.text(), a.text());
        assertEquals(hub.text(), b.text());
        assertEquals(hub.text(), c.text());
    }

    @Test
    void two_clients_that_give_a_restored_hub_back_the_same_text_at_once_put_it_in_once() {
        // Both hold "one two ", the hub went back to "one ", and both speak to it before either hears back: each
        // gives back "two ", and the second must find it there rather than add it again.
        hub = restored(oneThenBackupThenTwo());
        atOnce(a, "a", b, "b");
        syncFully(a, "a");
        syncFully(b, "b");
        syncFully(a, "a");

        assertEquals("one two ", hub.text());
        assertEquals(hub.text(), a.text());
        assertEquals(hub.text(), b.text());
    }

    @Test
    void a_reset_held_for_a_client_that_never_gives_back_is_sent_at_the_next_retransmission() {
        hub = restored(oneThenBackupThenTwo());
        Message toA = hub.receive("a", a.startExchange(true).orElseThrow()).reply().orElseThrow();
        assertTrue(assertInstanceOf(Message.Reset.class, toA).behind()); // a goes offline with it and never answers
        Message fromB = b.startExchange(true).orElseThrow();
        Message toB = hub.receive("b", fromB).reply().orElseThrow();
        Message request = b.receive(toB).reply().orElseThrow(); // b finds the hub behind and asks for a reset
        assertTrue(hub.receive("b", request).reply().isEmpty(), "held while a may still give back");

        Message reset = hub.receive("b", b.retransmit().orElseThrow()).reply().orElseThrow();
        assertTrue(assertInstanceOf(Message.Reset.class, reset).behind());
        deliver(b, "b", b.receive(reset).reply());
        assertEquals("one two ", hub.text());
        assertEquals(hub.text(), b.text());
    }

    /**
     * Runs two clients' exchanges side by side: each round the hub answers both messages before either client hears
     * back, {@code x}'s first in odd rounds and {@code y}'s first in even ones. A message the hub does not answer is
     * sent again the next round, as a client's retransmission timer would.
     */
    private void atOnce(ClientDocument x, String xName, ClientDocument y, String yName) {
        Optional<Message> mx = x.startExchange(true);
        Optional<Message> my = y.startExchange(true);
        for (int round = 1; round <= 20 && (mx.isPresent() || my.isPresent()); round++) {
            Optional<Message> rx;
            Optional<Message> ry;
            if (round % 2 == 1) {
                rx = answer(xName, mx);
                ry = answer(yName, my);
            } else {
                ry = answer(yName, my);
                rx = answer(xName, mx);
            }
            mx = rx.isPresent() ? x.receive(rx.get()).reply() : x.retransmit();
            my = ry.isPresent() ? y.receive(ry.get()).reply() : y.retransmit();
        }
    }

    private Optional<Message> answer(String name, Optional<Message> m) {
        return m.flatMap(message -> hub.receive(name, message).reply());
    }

    @Test
    void a_retransmitted_exchange_is_still_a_duplicate_and_not_a_rollback() {
        a.edit(0, 0, "one ");
        Message m = a.startExchange(false).orElseThrow();
        hub.receive("a", m); // the reply is lost
        a.connectionLost();
        Message again = a.startExchange(true).orElseThrow();
        Message reply = hub.receive("a", again).reply().orElseThrow();
        assertInstanceOf(Message.Sync.class, reply);
        assertTrue(!a.receive(reply).reset());
        assertEquals("one ", hub.text());
    }

    @Test
    void a_client_restored_from_an_old_copy_of_its_file_is_caught_by_a_hub_that_restarted_since(@TempDir Path dir)
            throws Exception {
        SqliteDocumentStore hubStore = SqliteDocumentStore.open(dir.resolve("hub.db"), StoreOptions.defaults());
        hub = openHub(hubStore);
        Path aFile = dir.resolve("a.db");
        SqliteDocumentStore aStore = SqliteDocumentStore.open(aFile, StoreOptions.defaults());
        ClientDocument a1 = openClient(aStore);
        syncFully(a1, "a1");
        a1.edit(0, 0, "one ");
        syncFully(a1, "a1");
        aStore.close();
        Files.copy(aFile, dir.resolve("a-backup.db")); // yesterday's backup

        aStore = SqliteDocumentStore.open(aFile, StoreOptions.defaults());
        a1 = openClient(aStore);
        a1.edit(4, 0, "two ");
        syncFully(a1, "a1");
        aStore.close();
        hubStore.commit();
        hubStore.close();
        // The relay restarts: what it remembers of a1's last edit comes from its store.
        hubStore = SqliteDocumentStore.open(dir.resolve("hub.db"), StoreOptions.defaults());
        hub = openHub(hubStore);
        assertEquals("one two ", hub.text());

        try (SqliteDocumentStore backup = SqliteDocumentStore.open(dir.resolve("a-backup.db"), StoreOptions.defaults())) {
            ClientDocument restored = openClient(backup);
            assertEquals("one ", restored.text());
            restored.edit(4, 0, "three ");
            assertTrue(syncFully(restored, "a1"), "the link is reset, not carried on by versions");
            assertTrue(hub.text().contains("two "), hub.text());
            assertTrue(hub.text().contains("three "), hub.text());
            assertEquals(hub.text(), restored.text());
        } finally {
            hubStore.close();
        }
    }

    private HubDocument openHub(SqliteDocumentStore store) throws Exception {
        return HubDocument.open("d", store.load("d"), store.journal("d"), EngineLimits.DEFAULTS, clock::get, this::id);
    }

    private ClientDocument openClient(SqliteDocumentStore store) throws Exception {
        return ClientDocument.open("d", store.load("d"), store.journal("d"), EngineLimits.DEFAULTS, clock::incrementAndGet,
                this::id);
    }
}
