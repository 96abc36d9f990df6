package dev.tandem.engine.protocol;

import dev.tandem.engine.text.Delta;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.StringLength;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.charset.StandardCharsets;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class MessageCodecTest {

    private static Message roundTrip(Message m) {
        return MessageCodec.decode(MessageCodec.encode(m));
    }

    /** Deltas compare by their applied effect and fields: decode re-adds the trailing keep that encodeOps leaves out. */
    private static void assertSameSync(Message.Sync expected, Message actual) {
        Message.Sync s = (Message.Sync) actual;
        assertEquals(expected.docId(), s.docId());
        assertEquals(expected.epoch(), s.epoch());
        assertEquals(expected.seq(), s.seq());
        assertEquals(expected.ack(), s.ack());
        assertEquals(expected.edits().size(), s.edits().size());
        for (int i = 0; i < s.edits().size(); i++) {
            Edit a = expected.edits().get(i);
            Edit b = s.edits().get(i);
            assertEquals(a.version(), b.version());
            assertEquals(a.rejected(), b.rejected());
            assertEquals(a.delta().encodeOps(), b.delta().encodeOps());
            assertEquals(a.delta().baseLength(), b.delta().baseLength());
            assertEquals(a.delta().baseChecksum(), b.delta().baseChecksum());
            assertEquals(a.delta().resultLength(), b.delta().resultLength());
            assertEquals(a.delta().resultChecksum(), b.delta().resultChecksum());
        }
    }

    /** A hub writes one adopted delta into many views' pushes in a row, each under that view's version. */
    @Test
    void one_delta_written_again_under_other_versions_reads_back_under_each() {
        Delta shared = Delta.between("ann:\nbob:\n", "ann: \"minutes\" 100%\tdone\nbob: 😀\n");
        Delta other = Delta.between("", "x");
        for (long version : new long[] {3, 41, 7}) {
            Message.Sync m = new Message.Sync("d", 1, 5, 0, List.of(new Edit(version, shared, List.of()),
                    new Edit(version + 1, other, List.of())), null, 0);
            assertSameSync(m, roundTrip(m));
        }
    }

    @Test
    void a_sync_with_edits_and_rejected_hunks_round_trips() {
        Delta d1 = Delta.between("Macs had the original point and click UI.", "Macintoshes had the original point\tand click 100% UI 😀.");
        Delta d2 = Delta.between("", "x");
        RejectedHunk h = new RejectedHunk(7, "before\t", "gone %", "new 😀", "after", "the text around it changed");
        Message.Sync s = new Message.Sync("doc-1", 3, 12_345_000L, 7, List.of(new Edit(4, d1, List.of(h)), new Edit(5, d2)));
        assertSameSync(s, roundTrip(s));
    }

    @Test
    void an_empty_sync_round_trips() {
        Message.Sync s = new Message.Sync("d", 0, 0, 0, List.of());
        assertEquals(s, roundTrip(s));
    }

    @Test
    void push_reset_request_and_reset_round_trip() {
        List<Message> all = List.of(new Message.Push("d", 3, 4, List.of(new Edit(5, Delta.between("ab", "a😀b"))), true),
                new Message.Push("d", 3, 4, List.of(), false), new Message.ResetRequest("d", 9, "missing edits 3..4"),
                new Message.ResetRequest("d", 9, "the hub's edit 3 is not the one I applied", true),
                new Message.Reset("d", 10, "text with \"quotes\", \\ and 😀\n"),
                new Message.Reset("d", 11, "a hub that went back", true));
        for (Message m : all) assertEquals(m, roundTrip(m));
    }

    @Test
    void a_replace_all_of_a_large_document_is_read_back_whole() throws Exception {
        // 7M chars of '%' become an op string of 21M chars, past Jackson's default limit of 20M per string.
        String big = "%".repeat(7_000_000);
        Message.Sync s = new Message.Sync("d", 1, 2, 3, List.of(new Edit(0, Delta.between("old text", big))));
        Message.Sync back = (Message.Sync) MessageCodec.decode(MessageCodec.encode(s));
        assertEquals(big, back.edits().get(0).delta().applyTo("old text"));
    }

    @Test
    void what_a_side_got_travels_beside_what_it_acknowledges_and_defaults_to_it() {
        Message.Sync s = new Message.Sync("d", 1, 2, 3, List.of(), 9L, 5);
        String json = MessageCodec.encodeToString(s);
        assertTrue(json.contains("\"ack\":3,\"got\":5"), json);
        assertEquals(s, MessageCodec.decode(json));
        Message.Push p = new Message.Push("d", 1, 3, List.of(), false, null, 4);
        assertEquals(p, MessageCodec.decode(MessageCodec.encode(p)));
        assertFalse(MessageCodec.encodeToString(new Message.Sync("d", 1, 2, 3, List.of())).contains("got"));
        assertEquals(3, ((Message.Sync) MessageCodec.decode(MessageCodec.encode(new Message.Sync("d", 1, 2, 3, List.of())))).got());
        assertEquals(5, s.afterCommit().ack(), "after a commit it acknowledges all it got");
        assertThrows(MalformedMessageException.class, () -> MessageCodec.decode(
                "{\"p\":1,\"type\":\"sync\",\"doc\":\"d\",\"epoch\":1,\"seq\":1,\"ack\":4,\"got\":2,\"edits\":[]}"));
    }

    @Test
    void a_push_says_which_exchange_of_its_client_the_hub_handled_last_when_it_knows() {
        Message.Push p = new Message.Push("d", 1, 3, List.of(), false, null, 3, 1_700_000_000_000_000L);
        String json = MessageCodec.encodeToString(p);
        assertTrue(json.contains("\"seen\":1700000000000000"), json);
        assertEquals(p, MessageCodec.decode(json));
        Message.Push unknown = new Message.Push("d", 1, 3, List.of(), false, null, 3);
        assertFalse(MessageCodec.encodeToString(unknown).contains("seen"));
        assertEquals(null, ((Message.Push) MessageCodec.decode(MessageCodec.encode(unknown))).seen());
        assertEquals(p.seen(), p.afterCommit().seen());
    }

    @Test
    void an_acknowledgement_carries_the_result_it_counts_when_it_knows_it() {
        Message.Sync s = new Message.Sync("d", 1, 2, 3, List.of(), -42L); // a checksum is 64 unsigned bits
        String json = MessageCodec.encodeToString(s);
        assertTrue(json.contains("\"ackSum\":\"" + Long.toUnsignedString(-42L, 36) + "\""), json);
        assertEquals(-42L, ((Message.Sync) MessageCodec.decode(json)).ackResult());
        Message.Push p = new Message.Push("d", 1, 3, List.of(), false, 7L);
        assertEquals(p, MessageCodec.decode(MessageCodec.encode(p)));
        assertFalse(MessageCodec.encodeToString(new Message.Sync("d", 1, 2, 3, List.of())).contains("ackSum"));
        assertEquals(null, ((Message.Push) MessageCodec.decode("{\"p\":1,\"type\":\"push\",\"doc\":\"d\",\"epoch\":1,\"ack\":0,\"edits\":[]}")).ackResult());
        assertThrows(MalformedMessageException.class, () -> MessageCodec.decode(
                "{\"p\":1,\"type\":\"sync\",\"doc\":\"d\",\"epoch\":1,\"seq\":1,\"ack\":0,\"ackSum\":\"not base 36!\",\"edits\":[]}"));
    }

    @Test
    void a_reset_request_says_behind_only_when_it_is() {
        assertFalse(MessageCodec.encodeToString(new Message.ResetRequest("d", 1, "r")).contains("behind"));
        assertTrue(((Message.ResetRequest) MessageCodec.decode(MessageCodec.encode(new Message.ResetRequest("d", 1, "r", true)))).behind());
        assertFalse(((Message.ResetRequest) MessageCodec.decode("{\"p\":1,\"type\":\"reset-request\",\"doc\":\"d\",\"epoch\":1,\"reason\":\"r\"}")).behind());
        assertThrows(MalformedMessageException.class, () -> MessageCodec.decode(
                "{\"p\":1,\"type\":\"reset-request\",\"doc\":\"d\",\"epoch\":1,\"reason\":\"r\",\"behind\":1}"));
    }

    @Test
    void a_reset_says_behind_only_when_it_is() {
        assertFalse(MessageCodec.encodeToString(new Message.Reset("d", 1, "t")).contains("behind"));
        assertTrue(MessageCodec.encodeToString(new Message.Reset("d", 1, "t", true)).contains("\"behind\":true"));
        assertFalse(((Message.Reset) MessageCodec.decode("{\"p\":1,\"type\":\"reset\",\"doc\":\"d\",\"epoch\":1,\"text\":\"t\"}")).behind());
        assertThrows(MalformedMessageException.class, () -> MessageCodec.decode(
                "{\"p\":1,\"type\":\"reset\",\"doc\":\"d\",\"epoch\":1,\"text\":\"t\",\"behind\":\"yes\"}"));
    }

    @Test
    void the_wire_form_is_compact_json_with_the_protocol_version() {
        // An insertion after punctuation: inside a word ("ab" -> "aXb") the whole-word diff would replace the word.
        String json = MessageCodec.encodeToString(new Message.Sync("d", 1, 2, 3, List.of(new Edit(0, Delta.between("a.", "a.X")))));
        assertTrue(json.startsWith("{\"p\":1,\"type\":\"sync\",\"doc\":\"d\",\"epoch\":1,\"seq\":2,\"ack\":3,\"edits\":[{\"v\":0,\"ops\":\"=2\\t+X\",\"bl\":2,"), json);
        assertTrue(!json.contains(" "), json);
    }

    @Test
    void a_checksum_may_also_arrive_as_a_json_integer() {
        Delta d = Delta.between("ab", "abc");
        String json = "{\"p\":1,\"type\":\"sync\",\"doc\":\"d\",\"epoch\":1,\"seq\":2,\"ack\":0,\"edits\":[{\"v\":0,\"ops\":\"=2\\t+c\","
                + "\"bl\":2,\"bc\":" + Long.toUnsignedString(d.baseChecksum()) + ",\"rl\":3,\"rc\":" + d.resultChecksum() + "}]}";
        Message.Sync s = (Message.Sync) MessageCodec.decode(json);
        assertEquals(d.baseChecksum(), s.edits().get(0).delta().baseChecksum());
        assertEquals(d.resultChecksum(), s.edits().get(0).delta().resultChecksum());
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "not json",
            "[]",
            "{\"type\":\"push\",\"doc\":\"d\",\"epoch\":1,\"ack\":0,\"edits\":[]}",
            "{\"p\":2,\"type\":\"push\",\"doc\":\"d\",\"epoch\":1,\"ack\":0,\"edits\":[]}",
            "{\"p\":1,\"type\":\"push\",\"doc\":\"d\",\"epoch\":1,\"ack\":0,\"edits\":[],\"ackWanted\":1}",
            "{\"p\":1,\"type\":\"shout\",\"doc\":\"d\"}",
            "{\"p\":1,\"type\":\"push\",\"epoch\":1,\"ack\":0,\"edits\":[]}",
            "{\"p\":1,\"type\":\"sync\",\"doc\":\"d\",\"epoch\":1,\"seq\":1,\"ack\":0}",
            "{\"p\":1,\"type\":\"sync\",\"doc\":\"d\",\"epoch\":1,\"seq\":1,\"ack\":-1,\"edits\":[]}",
            "{\"p\":1,\"type\":\"sync\",\"doc\":\"d\",\"epoch\":1,\"seq\":1,\"ack\":0,\"edits\":[{\"v\":0,\"ops\":\"?3\",\"bl\":3,\"bc\":\"0\",\"rl\":3,\"rc\":\"0\"}]}",
            "{\"p\":1,\"type\":\"sync\",\"doc\":\"d\",\"epoch\":1,\"seq\":1,\"ack\":0,\"edits\":[{\"v\":0,\"ops\":\"-5\",\"bl\":3,\"bc\":\"0\",\"rl\":0,\"rc\":\"0\"}]}",
            "{\"p\":1,\"type\":\"sync\",\"doc\":\"d\",\"epoch\":1,\"seq\":1,\"ack\":0,\"edits\":[{\"v\":0,\"ops\":\"\",\"bl\":0,\"bc\":\"!!\",\"rl\":0,\"rc\":\"0\"}]}",
    })
    void a_malformed_message_is_refused_with_a_reason(String json) {
        MalformedMessageException e = assertThrows(MalformedMessageException.class, () -> MessageCodec.decode(json));
        assertTrue(!e.getMessage().isBlank());
    }

    @Property(tries = 300)
    void any_delta_between_two_texts_round_trips(@ForAll @StringLength(max = 40) String a,
                                                 @ForAll @StringLength(max = 40) String b,
                                                 @ForAll long seq) throws Exception {
        Delta d = Delta.between(a, b);
        Message.Sync s = new Message.Sync("d", 1, Math.abs(seq), 0, List.of(new Edit(0, d)));
        Message back = MessageCodec.decode(new String(MessageCodec.encode(s), StandardCharsets.UTF_8));
        assertSameSync(s, back);
        assertEquals(b, ((Message.Sync) back).edits().get(0).delta().applyTo(a));
    }

    @Test
    void control_chars_quotes_and_lone_surrogates_survive_the_wire() {
        String text = "a\u0001b\"c\\d\te\nf\uD83Dg\uDE00h😀\u2028";
        Message.Reset r = new Message.Reset("d", 1, text);
        assertEquals(r, roundTrip(r));
        assertEquals(r, MessageCodec.decode(MessageCodec.encodeToString(r)), "read from the chars of a text frame");
        assertTrue(MessageCodec.encodeToString(r).contains("\\ud83d"), "a lone surrogate is escaped");
    }

    @Property(tries = 500)
    void checksums_are_written_as_unsigned_base_36(@ForAll long base, @ForAll long result) {
        Delta d = new Delta(List.of(), 0, base, 0, result);
        String json = MessageCodec.encodeToString(new Message.Sync("d", 1, 1, 0, List.of(new Edit(0, d))));
        assertTrue(json.contains("\"bc\":\"" + Long.toUnsignedString(base, 36) + "\""), json);
        assertTrue(json.contains("\"rc\":\"" + Long.toUnsignedString(result, 36) + "\""), json);
    }
}
