package dev.tandem.engine.sync;

import dev.tandem.engine.protocol.Message;
import dev.tandem.engine.store.MemoryDocumentStore;
import dev.tandem.engine.store.StoreException;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Group commit (decision 0013): a side may send before it commits. Its messages then acknowledge ({@code ack}) only
 * what its store holds durably, while {@code got} says what it has applied; the other side keeps every edit until it
 * is acknowledged, so a crash between two commits loses nothing, and a hub that lost applied steps gets them again by
 * the protocol, without a reset. A hub's own edits leave only once durable.
 */
class GroupCommitTest {

    private final AtomicLong clock = new AtomicLong(1);
    private final AtomicLong ids = new AtomicLong();
    private MemoryDocumentStore hubStore;
    private HubDocument hub;

    @BeforeEach
    void aHubThatSendsBeforeItCommits() throws StoreException {
        hubStore = new MemoryDocumentStore();
        hub = openHub(hubStore);
    }

    private HubDocument openHub(MemoryDocumentStore store) throws StoreException {
        HubDocument h = HubDocument.open("d", store.load("d"), store.journal("d"), EngineLimits.DEFAULTS, clock::get,
                () -> "k" + ids.incrementAndGet());
        h.sendBeforeCommit(true);
        return h;
    }

    private ClientDocument client(MemoryDocumentStore store) throws StoreException {
        return ClientDocument.open("d", store.load("d"), store.journal("d"), EngineLimits.DEFAULTS,
                clock::incrementAndGet, () -> "k" + ids.incrementAndGet());
    }

    private ClientDocument joined(String name, MemoryDocumentStore store) throws StoreException {
        ClientDocument c = client(store);
        assertFalse(exchange(c, name), "a join is not a recovery");
        store.commit();
        return c;
    }

    /** Runs exchanges until the client has nothing to say (the client commits before it sends); true if it was reset. */
    private boolean exchange(ClientDocument c, String name) {
        boolean wasJoined = c.joined();
        boolean reset = false;
        Optional<Message> m = c.startExchange(true);
        for (int i = 0; i < 10 && m.isPresent(); i++) {
            Message reply = hub.receive(name, m.get().afterCommit()).reply().orElseThrow();
            ClientDocument.Step step = c.receive(reply);
            reset |= step.reset() && wasJoined;
            m = step.reply();
        }
        return reset;
    }

    @Test
    void a_reply_sent_before_the_hub_commits_says_the_edit_was_got_but_does_not_acknowledge_it() throws StoreException {
        ClientDocument a = joined("a", new MemoryDocumentStore());
        hubStore.commit();
        a.edit(0, 0, "one ");
        Message.Sync reply = (Message.Sync) hub.receive("a", a.startExchange(false).orElseThrow().afterCommit()).reply().orElseThrow();
        assertEquals(1, reply.got());
        assertEquals(0, reply.ack());
        a.receive(reply);
        assertEquals(1, a.unacknowledgedEdits(), "kept until the hub holds it durably");
        assertTrue(a.startExchange(false).isEmpty(), "nothing to send: the hub has it");

        hubStore.commit();
        exchange(a, "a");
        assertEquals(0, a.unacknowledgedEdits());
    }

    @Test
    void a_hub_that_crashes_before_its_group_commit_gets_the_lost_edits_again_without_a_reset() throws StoreException {
        ClientDocument a = joined("a", new MemoryDocumentStore());
        hubStore.commit();
        a.edit(0, 0, "one ");
        assertFalse(exchange(a, "a"));
        assertEquals("one ", hub.text());

        hubStore = hubStore.crash(); // "one " was applied, never committed
        hub = openHub(hubStore);
        assertEquals("", hub.text());

        a.edit(4, 0, "two ");
        assertFalse(exchange(a, "a"), "resumed by versions: the client still had the edit the hub lost");
        assertEquals("one two ", hub.text());
        assertEquals("one two ", a.text());
        assertTrue(a.conflicts().isEmpty());
    }

    @Test
    void a_hub_sends_its_own_edits_only_once_they_are_durable() throws StoreException {
        ClientDocument a = joined("a", new MemoryDocumentStore());
        ClientDocument b = joined("b", new MemoryDocumentStore());
        hubStore.commit();
        a.edit(0, 0, "hello");
        exchange(a, "a");

        assertTrue(hub.push("b").isEmpty(), "made, but a crash could still lose it and reuse its version");
        hubStore.commit();
        Message push = hub.push("b").orElseThrow();
        assertInstanceOf(Message.Push.class, push);
        b.receive(push);
        assertEquals("hello", b.text());
    }

    @Test
    void a_reply_carries_the_hubs_edits_the_writer_lacks_and_asks_its_owner_to_commit_first() throws StoreException {
        ClientDocument a = joined("a", new MemoryDocumentStore());
        ClientDocument b = joined("b", new MemoryDocumentStore());
        hubStore.commit();
        b.edit(0, 0, "from b. ");
        exchange(b, "b"); // the hub has b's text, not committed yet

        a.edit(0, 0, "from a. ");
        HubDocument.Step step = hub.receive("a", a.startExchange(false).orElseThrow().afterCommit());
        Message.Sync reply = (Message.Sync) step.reply().orElseThrow();
        assertFalse(reply.edits().isEmpty(), "held back, a writer that keeps typing would never get b's text");
        assertTrue(step.commitFirst(), "the edit is not durable: it must not leave before the commit");

        hubStore.commit();
        a.receive(reply.afterCommit());
        assertEquals(hub.text(), a.text());
        assertTrue(a.text().contains("from a. ") && a.text().contains("from b. "), a.text());
    }

    @Test
    void a_reply_without_edits_of_the_hub_needs_no_commit_first() throws StoreException {
        ClientDocument a = joined("a", new MemoryDocumentStore());
        hubStore.commit();
        a.edit(0, 0, "alone");
        HubDocument.Step step = hub.receive("a", a.startExchange(false).orElseThrow().afterCommit());
        assertTrue(((Message.Sync) step.reply().orElseThrow()).edits().isEmpty());
        assertFalse(step.commitFirst());
    }

    @Test
    void a_client_that_sends_before_it_commits_and_crashes_is_reset_and_loses_nothing() throws StoreException {
        MemoryDocumentStore aStore = new MemoryDocumentStore();
        ClientDocument a = joined("a", aStore);
        hubStore.commit();
        a.edit(0, 0, "one ");
        Message sent = a.startExchange(false).orElseThrow(); // sent as made: the client has not committed
        a.receive(hub.receive("a", sent).reply().orElseThrow());
        hubStore.commit();

        aStore = aStore.crash(); // the client lost "one " and the version it sent it under
        a = client(aStore);
        assertEquals("", a.text());
        a.edit(0, 0, "two ");
        exchange(a, "a");

        assertEquals(hub.text(), a.text());
        assertTrue(a.text().contains("one ") && a.text().contains("two "), a.text());
    }
}
