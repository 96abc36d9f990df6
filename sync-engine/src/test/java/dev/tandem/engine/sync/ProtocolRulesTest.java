package dev.tandem.engine.sync;

import dev.tandem.engine.protocol.Edit;
import dev.tandem.engine.protocol.Message;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Each rule of Fraser's guaranteed-delivery protocol, one message at a time, with messages lost or repeated by hand. */
class ProtocolRulesTest {

    private final AtomicLong clock = new AtomicLong(1);
    private final AtomicLong ids = new AtomicLong();
    private HubDocument hub;
    private ClientDocument a;
    private ClientDocument b;

    @BeforeEach
    void joinedClients() {
        hub = HubDocument.open("d", Optional.empty(), DocumentJournal.NONE, EngineLimits.DEFAULTS, clock::get, this::id);
        a = client();
        b = client();
        join(a, "a");
        join(b, "b");
    }

    private String id() { return "c" + ids.incrementAndGet(); }

    private ClientDocument client() {
        return ClientDocument.open("d", Optional.empty(), DocumentJournal.NONE, EngineLimits.DEFAULTS,
                clock::incrementAndGet, this::id);
    }

    private void join(ClientDocument c, String name) {
        Message hello = c.startExchange(true).orElseThrow();
        Message reset = hub.receive(name, hello).reply().orElseThrow();
        assertInstanceOf(Message.Reset.class, reset);
        Message first = c.receive(reset).reply().orElseThrow();
        roundTrip(c, name, first);
    }

    /** Delivers a client message to the hub and the reply back; returns the client's follow-up, if any. */
    private Optional<Message> roundTrip(ClientDocument c, String name, Message m) {
        Message reply = hub.receive(name, m).reply().orElseThrow();
        return c.receive(reply).reply();
    }

    private void syncFully(ClientDocument c, String name) {
        Optional<Message> m = c.startExchange(true);
        for (int i = 0; i < 10 && m.isPresent(); i++) m = roundTrip(c, name, m.get());
    }

    @Test
    void a_duplicated_client_message_is_applied_once() {
        a.edit(0, 0, "abc");
        Message m = a.startExchange(false).orElseThrow();
        hub.receive("a", m);
        hub.receive("a", m);
        assertEquals("abc", hub.text());
    }

    @Test
    void a_lost_client_message_is_retransmitted_unchanged_and_applied() {
        a.edit(0, 0, "abc");
        Message lost = a.startExchange(false).orElseThrow();
        a.edit(3, 0, "def"); // typed while the exchange is in flight: waits for the next one
        Message again = a.retransmit().orElseThrow();
        assertEquals(lost, again);
        Optional<Message> next = roundTrip(a, "a", again);
        assertEquals("abc", hub.text());
        roundTrip(a, "a", next.orElseThrow());
        assertEquals("abcdef", hub.text());
    }

    @Test
    void a_lost_reply_is_recovered_by_the_retransmission_without_a_reset() {
        a.edit(0, 0, "abc");
        syncFully(a, "a");
        b.edit(0, 0, "xyz ");
        syncFully(b, "b");
        Message m = a.startExchange(true).orElseThrow();
        hub.receive("a", m); // the reply, carrying "xyz ", is lost
        Message reply = hub.receive("a", a.retransmit().orElseThrow()).reply().orElseThrow();
        ClientDocument.Step step = a.receive(reply);
        assertEquals("xyz abc", a.text());
        assertTrue(!step.reset());
    }

    @Test
    void a_client_restarted_before_the_reply_resyncs_by_the_backup_shadow() {
        a.edit(0, 0, "abc");
        syncFully(a, "a");
        syncFully(b, "b");
        b.edit(0, 0, "xyz ");
        syncFully(b, "b");
        a.edit(3, 0, "!");
        // The hub applies "!" and replies with "xyz " (a hub edit): that reply is lost with the connection.
        Message.Sync lostReply = (Message.Sync) hub.receive("a", a.startExchange(false).orElseThrow()).reply().orElseThrow();
        assertEquals(1, lostReply.edits().size());
        a.connectionLost();
        a.edit(4, 0, "?");
        // A new exchange acknowledges an old hub version: the hub restores its backup shadow and recomputes its edit
        // against the shadow a really has; without the restore the old edit would not fit and force a reset.
        Message reply = hub.receive("a", a.startExchange(false).orElseThrow()).reply().orElseThrow();
        assertInstanceOf(Message.Sync.class, reply);
        ClientDocument.Step step = a.receive(reply);
        assertTrue(!step.reset(), "recovered by the protocol, not by a reset");
        syncFully(a, "a");
        assertEquals("xyz abc!?", hub.text());
        assertEquals(hub.text(), a.text());
    }

    @Test
    void the_stack_is_resent_oldest_first_until_acknowledged() {
        a.edit(0, 0, "one ");
        Message first = a.startExchange(false).orElseThrow(); // lost
        a.connectionLost();
        a.edit(4, 0, "two ");
        Message.Sync second = (Message.Sync) a.startExchange(false).orElseThrow();
        List<Long> versions = second.edits().stream().map(Edit::version).toList();
        assertEquals(List.of(0L, 1L), versions);
        roundTrip(a, "a", second);
        assertEquals("one two ", hub.text());
        assertInstanceOf(Message.Sync.class, first);
    }

    @Test
    void an_old_reply_is_ignored() {
        a.edit(0, 0, "abc");
        Message m1 = a.startExchange(false).orElseThrow();
        Message r1 = hub.receive("a", m1).reply().orElseThrow();
        a.receive(r1);
        a.edit(3, 0, "d");
        Message m2 = a.startExchange(false).orElseThrow();
        Message r2 = hub.receive("a", m2).reply().orElseThrow();
        a.receive(r2);
        ClientDocument.Step late = a.receive(r1);
        assertTrue(late.reply().isEmpty() && late.textSplices().isEmpty());
        assertEquals("abcd", a.text());
    }

    @Test
    void an_edit_that_does_not_fit_the_shadow_resets_the_link_by_three_way_merge() {
        a.edit(0, 0, "shared text");
        syncFully(a, "a");
        syncFully(b, "b");
        b.edit(0, 0, "offline: ");
        // Corrupt: the hub forgets b's view (as if restored from an old backup); b's next exchange meets a new view.
        hub.removeClient("b");
        Message m = b.startExchange(false).orElseThrow();
        Message reset = hub.receive("b", m).reply().orElseThrow();
        assertInstanceOf(Message.Reset.class, reset);
        ClientDocument.Step step = b.receive(reset);
        assertTrue(step.reset());
        roundTrip(b, "b", step.reply().orElseThrow());
        assertEquals("offline: shared text", hub.text());
        assertEquals(hub.text(), b.text());
    }

    @Test
    void a_push_while_an_exchange_is_in_flight_is_ignored_and_its_edits_come_with_the_reply() {
        a.edit(0, 0, "abc");
        syncFully(a, "a");
        syncFully(b, "b");
        b.edit(3, 0, "!");
        Message fromB = b.startExchange(false).orElseThrow();
        a.edit(0, 0, ">");
        Message fromA = a.startExchange(false).orElseThrow();
        HubDocument.Step stepB = hub.receive("b", fromB);
        Message push = hub.push("a").orElseThrow();
        assertTrue(a.receive(push).textSplices().isEmpty(), "a push during an exchange is not applied");
        Message reply = hub.receive("a", fromA).reply().orElseThrow();
        a.receive(reply);
        assertEquals(">abc!", a.text());
        assertEquals(List.of("a"), stepB.changed());
    }

    @Test
    void a_push_ignored_during_an_exchange_that_its_reply_does_not_bring_is_fetched_after_it() {
        a.edit(0, 0, "abc");
        syncFully(a, "a");
        syncFully(b, "b");
        Message fromA = a.startExchange(true).orElseThrow();
        Message reply = hub.receive("a", fromA).reply().orElseThrow();
        b.edit(3, 0, "!");
        hub.receive("b", b.startExchange(false).orElseThrow());
        a.receive(hub.push("a").orElseThrow());                    // overtook the reply: ignored
        Message again = a.receive(reply).reply().orElseThrow();    // the reply lacks b's edit: an exchange fetches it
        a.receive(hub.receive("a", again).reply().orElseThrow());

        assertEquals("abc!", a.text());
    }

    @Test
    void a_push_between_exchanges_is_applied_without_a_round_trip() {
        a.edit(0, 0, "abc");
        syncFully(a, "a");
        syncFully(b, "b");
        b.edit(3, 0, "!");
        hub.receive("b", b.startExchange(false).orElseThrow());
        ClientDocument.Step step = a.receive(hub.push("a").orElseThrow());
        assertEquals("abc!", a.text());
        assertTrue(step.reply().isEmpty(), "acknowledged later, with the next exchange");
    }

    @Test
    void a_lost_push_makes_the_next_one_not_fit_and_an_exchange_fetches_both() {
        a.edit(0, 0, "abc");
        syncFully(a, "a");
        syncFully(b, "b");
        b.edit(3, 0, "1");
        roundTrip(b, "b", b.startExchange(false).orElseThrow());
        hub.push("a").orElseThrow(); // lost
        b.edit(4, 0, "2");
        roundTrip(b, "b", b.startExchange(false).orElseThrow());
        ClientDocument.Step step = a.receive(hub.push("a").orElseThrow());
        Message exchange = step.reply().orElseThrow();
        a.receive(hub.receive("a", exchange).reply().orElseThrow());
        assertEquals("abc12", a.text());
    }

    @Test
    void splices_apart_are_sent_as_exactly_those_edits() {
        a.edit(0, 0, "hello world");
        syncFully(a, "a");
        a.edit(5, 0, ",");          // hello, world
        a.edit(12, 0, "!");         // hello, world!
        Message.Sync m = (Message.Sync) a.startExchange(false).orElseThrow();
        List<String> ops = m.edits().stream().map(e -> e.delta().encodeOps()).toList();
        assertEquals(List.of("=5\t+,", "=12\t+!"), ops, "no diff: the two insertions themselves");
        roundTrip(a, "a", m);
        assertEquals("hello, world!", hub.text());
    }

    @Test
    void the_hub_pushes_a_change_as_the_splice_it_made() {
        a.edit(0, 0, "one two three");
        syncFully(a, "a");
        syncFully(b, "b");
        a.edit(4, 3, "2");
        hub.receive("a", a.startExchange(false).orElseThrow());
        Message.Push push = (Message.Push) hub.push("b").orElseThrow();
        assertEquals(List.of("=4\t-3\t+2"), push.edits().stream().map(e -> e.delta().encodeOps()).toList());
        b.receive(push);
        assertEquals("one 2 three", b.text());
    }

    @Test
    void a_deletion_made_before_a_lost_push_spares_the_pushed_text_even_when_it_looks_like_the_deleted_text() {
        a.edit(0, 0, "Intro. Old words [b-10] and more old words here. Outro.");
        syncFully(a, "a");
        syncFully(b, "b");
        b.edit(17, 6, "[b-19]");                  // b retypes a tag: one char differs from the old one
        roundTrip(b, "b", b.startExchange(false).orElseThrow());
        hub.push("a").orElseThrow();              // lost: a never sees "[b-19]"
        a.edit(7, 42, "");                        // a deletes the sentence as it knows it
        Message fromA = a.startExchange(false).orElseThrow();
        a.receive(hub.receive("a", fromA).reply().orElseThrow());
        syncFully(a, "a");
        syncFully(b, "b");
        assertTrue(hub.text().contains("[b-19]"), () -> "b's text is not a's to delete: " + hub.text());
        assertEquals(hub.text(), a.text());
        assertEquals(hub.text(), b.text());
    }

    @Test
    void a_run_of_typing_at_one_place_is_sent_as_one_edit() {
        a.edit(0, 0, "hello world");
        syncFully(a, "a");
        a.edit(5, 0, ",");
        a.edit(6, 0, " dear");
        a.edit(10, 1, "");          // a backspace at the end of what was just typed
        Message.Sync m = (Message.Sync) a.startExchange(false).orElseThrow();
        assertEquals(List.of("=5\t+, dea"), m.edits().stream().map(e -> e.delta().encodeOps()).toList());
        roundTrip(a, "a", m);
        assertEquals("hello, dea world", hub.text());
    }

    @Test
    void splices_in_paragraphs_far_apart_go_in_one_edit_but_nearby_ones_do_not() {
        threeParagraphsOf100Synced();
        a.edit(0, 0, "A");        // first paragraph
        a.edit(102, 0, "B");      // second paragraph, 100 chars on: joins
        a.edit(110, 0, "C");      // 8 chars from B: a separate edit
        assertExchangedAsEdits("+A\t=101\t+B", "=110\t+C");
    }

    @Test
    void typing_on_at_a_place_already_changed_after_a_change_elsewhere_stays_in_the_one_edit() {
        // A hub's view sees many writers' keystrokes interleaved: each writer's second keystroke must not end the edit.
        threeParagraphsOf100Synced();
        a.edit(0, 0, "A");        // first paragraph
        a.edit(102, 0, "B");      // second paragraph
        a.edit(1, 0, "a");        // the first again, right after "A"
        a.edit(104, 0, "b");      // the second again, right after "B"
        a.edit(110, 0, "C");      // 6 chars from "Bb": a separate edit
        assertExchangedAsEdits("+Aa\t=101\t+Bb", "=110\t+C");
    }

    private void threeParagraphsOf100Synced() {
        String paragraph = "x".repeat(100) + "\n";
        a.edit(0, 0, paragraph + paragraph + paragraph);
        syncFully(a, "a");
    }

    /** a's next exchange carries these edits (their ops' wire form), and the hub then holds a's text. */
    private void assertExchangedAsEdits(String... ops) {
        Message.Sync m = (Message.Sync) a.startExchange(false).orElseThrow();
        assertEquals(List.of(ops), m.edits().stream().map(e -> e.delta().encodeOps()).toList());
        roundTrip(a, "a", m);
        assertEquals(a.text(), hub.text());
    }

    @Test
    void a_push_that_crossed_my_exchange_is_left_to_its_reply_with_no_exchange_after_it() {
        syncFully(a, "a");
        b.edit(0, 0, "xyz ");
        hub.receive("b", b.startExchange(false).orElseThrow());
        a.edit(0, 0, "abc");
        Message.Sync mine = (Message.Sync) a.startExchange(false).orElseThrow();
        // The hub pushes b's edit to a before it handles a's exchange: the two cross on the wire.
        Message.Push crossed = (Message.Push) hub.push("a").orElseThrow();
        assertTrue(crossed.seen() != null && crossed.seen() < mine.seq(), "the push says it was made before a's exchange");
        assertTrue(a.receive(crossed).reply().isEmpty(), "ignored while the exchange is in flight");
        Optional<Message> after = roundTrip(a, "a", mine);
        assertEquals(hub.text(), a.text(), "the reply carried the crossed push's edit");
        assertTrue(after.isEmpty(), "and nothing is left to fetch: no exchange follows");
    }

    @Test
    void a_push_made_after_the_hub_handled_my_exchange_is_fetched_by_one_more_exchange() {
        syncFully(a, "a");
        a.edit(0, 0, "abc");
        Message.Sync mine = (Message.Sync) a.startExchange(false).orElseThrow();
        Message reply = hub.receive("a", mine).reply().orElseThrow();
        b.edit(0, 0, "xyz ");
        hub.receive("b", b.startExchange(false).orElseThrow());
        // Made after the hub handled a's exchange, this push overtakes its reply (a network that reorders).
        Message.Push overtaking = (Message.Push) hub.push("a").orElseThrow();
        assertEquals(mine.seq(), overtaking.seen());
        assertTrue(a.receive(overtaking).reply().isEmpty(), "ignored while the exchange is in flight");
        Message next = a.receive(reply).reply().orElseThrow(() -> new AssertionError("the push's edit is fetched"));
        roundTrip(a, "a", next);
        assertEquals(hub.text(), a.text());
    }
}
