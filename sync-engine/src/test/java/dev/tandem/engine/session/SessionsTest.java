package dev.tandem.engine.session;

import dev.tandem.engine.protocol.Message;
import dev.tandem.engine.protocol.MessageCodec;
import dev.tandem.engine.store.MemoryDocumentStore;
import dev.tandem.engine.store.StoreException;
import dev.tandem.engine.sync.TextSplice;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Client and hub sessions wired through an in-process connection that round-trips every message through the wire
 * codec, on virtual time: timing rules are checked without sleeping.
 */
class SessionsTest {

    private final ManualTimer time = new ManualTimer(1_000_000);
    private final MemoryDocumentStore hubStore = new MemoryDocumentStore();
    private HubSession hub = new HubSession(hubStore, new HubSession.Options(5, 20_000,
            dev.tandem.engine.sync.EngineLimits.DEFAULTS), time, time);

    private final class Client {
        final String id;
        MemoryDocumentStore store = new MemoryDocumentStore();
        ClientSession session;
        final List<TextSplice> remote = new ArrayList<>();
        boolean online;

        Client(String id) {
            this.id = id;
            start();
        }

        void start() {
            session = ClientSession.start(store, ClientSession.Options.DEFAULTS, time, time, new ClientSession.Listener() {
                @Override
                public void remoteChanges(String docId, long applied, List<TextSplice> splices) {
                    remote.addAll(splices);
                }
            });
        }

        void connect() {
            online = true;
            hub.attach(id, m -> { if (online) session.receive(wire(m)); });
            session.connected(m -> { if (online) hub.receive(id, wire(m)); });
        }

        /** Connects, keeping what the hub sends me ({@code toMe}) and what I send it ({@code fromMe}). */
        void connectRecording(List<Message> toMe, List<Message> fromMe) {
            online = true;
            hub.attach(id, m -> { toMe.add(m); if (online) session.receive(wire(m)); });
            session.connected(m -> { fromMe.add(m); if (online) hub.receive(id, wire(m)); });
        }

        void disconnect() {
            online = false;
            hub.detach(id);
            session.disconnected();
        }

        String text(String doc) {
            var f = session.text(doc);
            time.runUntilIdle();
            return f.join();
        }
    }

    /** A client with "doc" open. */
    private Client opened(String id) {
        Client c = new Client(id);
        c.session.open("doc");
        return c;
    }

    private static Message wire(Message m) {
        return MessageCodec.decode(MessageCodec.encode(m));
    }

    @Test
    void typing_reaches_the_other_client_within_a_cycle() {
        Client a = new Client("a");
        Client b = new Client("b");
        a.session.open("doc");
        b.session.open("doc");
        a.connect();
        b.connect();
        time.advance(100);
        a.session.edit("doc", 0, 0, "hello");
        time.advance(100);
        assertEquals("hello", b.text("doc"));
        assertTrue(!b.remote.isEmpty(), "b was told of the remote change");
    }

    @Test
    void a_keystroke_after_a_pause_leaves_at_once_and_the_typing_right_after_it_is_coalesced() {
        Client a = new Client("a");
        Client b = new Client("b");
        a.session.open("doc");
        b.session.open("doc");
        List<Message> sent = new ArrayList<>();
        a.online = true;
        hub.attach("a", m -> { if (a.online) a.session.receive(wire(m)); });
        a.session.connected(m -> { sent.add(m); hub.receive("a", wire(m)); });
        b.connect();
        time.advance(1_000);
        int before = sent.size();
        a.session.edit("doc", 0, 0, "h");
        time.runUntilIdle();                       // no time passes
        assertEquals(before + 1, sent.size(), "the first keystroke is sent without waiting for the cycle delay");
        a.session.edit("doc", 1, 0, "i");
        a.session.edit("doc", 2, 0, "!");
        time.advance(5);                           // its reply is back; the next two wait out the delay together
        assertEquals(before + 1, sent.size());
        time.advance(ClientSession.Options.DEFAULTS.cycleDelayMillis());
        assertEquals(before + 2, sent.size(), "the two keystrokes after it went in one exchange");
        time.advance(100);
        assertEquals("hi!", b.text("doc"));
    }

    @Test
    void a_document_with_more_clients_than_its_push_budget_allows_pushes_each_of_them_less_often() {
        // Four writers and a reader: five clients. 100 pushes a second for the document make one push to each per
        // 50 ms; the 5 ms delay alone would let the reader have one per change of the hub's text (about every 8 ms).
        assertEquals(50, new HubSession.Options(5, 20_000, dev.tandem.engine.sync.EngineLimits.DEFAULTS, 100)
                .pushIntervalMillis(5));
        int withinBudget = pushesToAReaderWhileFourType(100);
        int unbounded = pushesToAReaderWhileFourType(HubSession.Options.DEFAULT_DOCUMENT_PUSHES_PER_SECOND);
        assertTrue(withinBudget >= 5 && withinBudget <= 600 / 50 + 2, "pushes in 600 ms within the budget: " + withinBudget);
        assertTrue(unbounded > 600 / 50 + 2, "pushes in 600 ms with the default budget: " + unbounded);
    }

    /** Pushes the reader gets while four writers type for 600 ms, each every 20 ms, on a hub with this budget. */
    private int pushesToAReaderWhileFourType(int documentPushesPerSecond) {
        hub = new HubSession(new MemoryDocumentStore(), new HubSession.Options(5, 20_000,
                dev.tandem.engine.sync.EngineLimits.DEFAULTS, documentPushesPerSecond), time, time);
        List<Client> writers = new ArrayList<>();
        for (int i = 0; i < 4; i++) writers.add(opened("w" + i));
        Client reader = opened("r");
        List<Message> toReader = new ArrayList<>();
        for (Client w : writers) w.connect();
        reader.connectRecording(toReader, new ArrayList<>());
        time.advance(2_000); // joined; the connected clients are counted
        toReader.clear();
        for (int t = 0; t < 600; t += 5) {
            writers.get(t / 5 % 4).session.edit("doc", 0, 0, "x");
            time.advance(5);
        }
        int pushes = (int) toReader.stream().filter(m -> m instanceof Message.Push).count();
        time.advance(1_000);
        assertEquals(writers.get(0).text("doc"), reader.text("doc"), "the reader has every keystroke in the end");
        return pushes;
    }

    @Test
    void no_push_goes_to_a_client_whose_exchange_waits_in_the_hubs_queue_its_reply_brings_the_edit() {
        Client a = opened("a");
        Client b = opened("b");
        a.connect();
        List<Message> toB = new ArrayList<>();
        b.connectRecording(toB, new ArrayList<>());
        time.advance(1_000);
        toB.clear();

        a.session.edit("doc", 0, 0, "from a ");
        b.session.edit("doc", 0, 0, "from b");
        time.runUntilIdle(); // both exchanges reach the hub's queue, a's first; a's edit is for b while b's waits

        assertTrue(toB.stream().noneMatch(m -> m instanceof Message.Push), toB.toString());
        assertEquals(1, toB.stream().filter(m -> m instanceof Message.Sync).count(), "the reply to b's exchange");
        assertTrue(b.text("doc").contains("from a "), b.text("doc"));
        assertEquals(a.text("doc"), b.text("doc"));
    }

    @Test
    void a_push_left_to_a_reply_that_does_not_bring_the_edit_goes_after_it() {
        Client a = opened("a");
        Client b = opened("b");
        List<Message> fromA = new ArrayList<>();
        boolean[] holdA = {false};
        a.online = true;
        hub.attach("a", m -> a.session.receive(wire(m)));
        a.session.connected(m -> { if (holdA[0]) fromA.add(m); else hub.receive("a", wire(m)); });
        List<Message> fromB = new ArrayList<>();
        List<Message> toB = new ArrayList<>();
        b.connectRecording(toB, fromB);
        time.advance(1_000);
        Message old = fromB.stream().filter(m -> m instanceof Message.Sync).reduce((x, y) -> y).orElseThrow();
        toB.clear();

        holdA[0] = true;
        a.session.edit("doc", 0, 0, "from a");
        time.runUntilIdle(); // a's exchange is made, and held
        Message aSync = fromA.stream().filter(m -> m instanceof Message.Sync).findFirst().orElseThrow();
        hub.receive("a", wire(aSync));
        hub.receive("b", wire(old)); // a retransmission of b's last exchange, queued behind a's
        holdA[0] = false;
        time.runUntilIdle();

        // Answered as a retransmission (nothing new in it), the reply lacks a's edit: the push follows it.
        assertTrue(toB.stream().anyMatch(m -> m instanceof Message.Push), toB.toString());
        assertEquals("from a", b.text("doc"));
    }

    @Test
    void no_push_goes_to_a_client_whose_earlier_messages_wait_to_leave_and_one_push_brings_all_once_they_left() {
        Client a = opened("a");
        Client b = opened("b");
        a.connect();
        List<Message> toB = new ArrayList<>();
        boolean[] backedUp = {false};
        b.online = true;
        hub.attach("b", new HubSession.ClientChannel() {
            @Override
            public void send(Message m) {
                toB.add(m);
                b.session.receive(wire(m));
            }

            @Override
            public boolean backedUp() {
                return backedUp[0];
            }
        });
        b.session.connected(m -> hub.receive("b", wire(m)));
        time.advance(100);
        backedUp[0] = true;
        toB.clear();
        a.session.edit("doc", 0, 0, "one ");
        time.advance(100);
        a.session.edit("doc", 4, 0, "two");
        time.advance(100);
        assertEquals(List.of(), pushes(toB), "nothing is pushed while b's earlier messages wait to leave");
        backedUp[0] = false;
        time.advance(20);
        assertEquals(1, pushes(toB).size(), "one push, an interval later, brings both edits");
        assertEquals("one two", b.text("doc"));
    }

    @Test
    void an_exchange_whose_client_left_before_the_owner_came_to_it_is_not_applied_and_comes_again_when_it_is_back() {
        Client a = opened("a");
        Client b = opened("b");
        b.connect();
        boolean[] leaveAfterNextExchange = {false};
        a.online = true;
        hub.attach("a", m -> { if (a.online) a.session.receive(wire(m)); });
        a.session.connected(m -> {
            if (!a.online) return;
            hub.receive("a", wire(m));
            if (leaveAfterNextExchange[0] && m instanceof Message.Sync) {
                // The connection closes right after its frame was read, while the exchange waits in the owner's queue.
                leaveAfterNextExchange[0] = false;
                a.online = false;
                hub.detach("a");
            }
        });
        time.advance(1_000);

        leaveAfterNextExchange[0] = true;
        a.session.edit("doc", 0, 0, "typed before it left");
        time.advance(1_000);
        assertEquals(1, hub.metrics.exchangesOfGoneClients.sum());
        assertEquals("", b.text("doc"), "no reply could reach it: nothing of it was applied, nor acknowledged");

        a.session.disconnected();
        a.connect();
        time.advance(1_000);
        assertEquals("typed before it left", b.text("doc"));
        assertEquals("typed before it left", a.text("doc"));
    }

    @Test
    void the_views_of_gone_clients_let_go_of_what_they_hold_and_their_clients_merge_when_back() {
        Client a = opened("a");
        Client b = opened("b");
        a.connect();
        b.connect();
        a.session.edit("doc", 0, 0, "Agenda.\n");
        time.advance(1_000);
        b.disconnect();
        a.session.edit("doc", 8, 0, "1. Budget.\n");
        b.session.edit("doc", 0, 0, "# Monday\n");
        time.advance(1_000);

        hub.evictDetached();
        time.advance(10);
        assertEquals(1, hub.metrics.viewsEvicted.sum(), "b's view, behind the text; a's is in use");

        b.connect();
        time.advance(5_000);
        assertEquals("# Monday\nAgenda.\n1. Budget.\n", b.text("doc"));
        assertEquals(b.text("doc"), a.text("doc"));
    }

    private static List<Message> pushes(List<Message> sent) {
        return sent.stream().filter(m -> m instanceof Message.Push).toList();
    }

    @Test
    void typing_is_durable_within_a_second_even_offline() throws StoreException {
        Client a = new Client("a");
        a.session.open("doc");
        time.advance(10);
        a.session.edit("doc", 0, 0, "not lost");
        time.advance(1_000);
        MemoryDocumentStore afterCrash = a.store.crash();
        assertEquals("not lost", afterCrash.load("doc").orElseThrow().text());
    }

    @Test
    void offline_edits_on_both_sides_merge_on_reconnect() {
        Client a = new Client("a");
        Client b = new Client("b");
        a.session.open("doc");
        b.session.open("doc");
        a.connect();
        b.connect();
        a.session.edit("doc", 0, 0, "The middle.");
        time.advance(200);
        a.disconnect();
        b.disconnect();
        a.session.edit("doc", 0, 0, "Start. ");
        b.session.edit("doc", 11, 0, " End.");
        time.advance(5_000);
        a.connect();
        b.connect();
        time.advance(10_000);
        assertEquals("Start. The middle. End.", a.text("doc"));
        assertEquals(a.text("doc"), b.text("doc"));
    }

    @Test
    void a_lost_reply_is_retransmitted_after_the_timeout() {
        Client a = new Client("a");
        a.session.open("doc");
        boolean[] dropNext = {false};
        hub.attach("a", m -> { if (dropNext[0]) { dropNext[0] = false; return; } a.session.receive(wire(m)); });
        a.session.connected(m -> hub.receive("a", wire(m)));
        time.advance(100);
        dropNext[0] = true;
        a.session.edit("doc", 0, 0, "x");
        time.advance(100);
        var status = a.session.status();
        time.runUntilIdle();
        assertEquals(1, status.join().unacknowledgedEdits(), "the reply was lost");
        time.advance(3_000);
        var after = a.session.status();
        time.runUntilIdle();
        assertEquals(0, after.join().unacknowledgedEdits());
        var text = hub.inspect("doc", d -> d.text());
        time.runUntilIdle();
        assertEquals("x", text.join());
    }

    @Test
    void a_client_restarted_from_its_store_carries_on_by_the_protocol() {
        Client a = new Client("a");
        Client b = new Client("b");
        a.session.open("doc");
        b.session.open("doc");
        a.connect();
        b.connect();
        a.session.edit("doc", 0, 0, "one ");
        time.advance(500);
        a.online = false;
        a.session.closeAsync();
        time.runUntilIdle();
        a.store = a.store.crash();
        a.start();
        a.connect();
        a.session.edit("doc", 4, 0, "two");
        time.advance(2_000);
        assertEquals("one two", b.text("doc"));
        assertEquals("one two", a.text("doc"));
    }

    @Test
    void a_stale_reply_arriving_during_the_next_exchange_does_not_stop_its_retransmission() {
        // Found by ./tandem lab on a lossy link: a late duplicate of an earlier reply marked the exchange in flight as
        // answered, so when its own reply was lost the client never sent it again and stopped syncing for good.
        Client a = new Client("a");
        a.session.open("doc");
        List<Message> fromHub = new ArrayList<>();
        boolean[] drop = {false};
        hub.attach("a", m -> { fromHub.add(m); if (!drop[0]) a.session.receive(wire(m)); });
        a.session.connected(m -> hub.receive("a", wire(m)));
        time.advance(100);
        a.session.edit("doc", 0, 0, "x");
        time.advance(100);
        Message answered = fromHub.get(fromHub.size() - 1);
        assertTrue(answered instanceof Message.Sync, "the reply to the exchange carrying x: " + answered);
        drop[0] = true;
        a.session.edit("doc", 1, 0, "y");
        time.advance(100); // the reply to the exchange carrying y is lost
        drop[0] = false;
        a.session.receive(wire(answered)); // and a late copy of the earlier reply arrives
        time.advance(5_000);
        var status = a.session.status();
        time.runUntilIdle();
        assertEquals(0, status.join().unacknowledgedEdits(), "the exchange carrying y was sent again and answered");
        var text = hub.inspect("doc", d -> d.text());
        time.runUntilIdle();
        assertEquals("xy", text.join());
    }
}
