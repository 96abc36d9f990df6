package dev.tandem.engine.meta;

import dev.tandem.engine.protocol.MalformedMessageException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class MetaCodecTest {

    private static final Hlc S = new Hlc(1_732_619_000_000L, 2, "c1");

    @Test
    void every_message_round_trips_through_its_json() {
        List<FieldChange> changes = List.of(
                new FieldChange("d1", MetaField.TITLE, new MetaValue.Text("Plan \"Q3\" ✓"), S),
                new FieldChange("d1", MetaField.TAGS, new MetaValue.Tags(List.of("work", "a")), S),
                new FieldChange("d1", MetaField.PINNED, new MetaValue.Flag(true), S),
                new FieldChange("d1", MetaField.FOLDER, new MetaValue.Text("notes/2026"), S),
                new FieldChange("d1", MetaField.DELETED, new MetaValue.Flag(false), S),
                new FieldChange("d1", MetaField.CREATED, new MetaValue.Millis(1_732_619_000_000L), S));
        List<MetaMessage> all = List.of(
                new MetaMessage.Push(7, changes),
                new MetaMessage.Pushed(7, List.of(new FieldStamp("d1", MetaField.TITLE, S)),
                        List.of(new MetaMessage.Refusal(new FieldStamp("d1", MetaField.TAGS, S), "too far ahead")), 99),
                new MetaMessage.Pull(8, 41),
                new MetaMessage.Changes(8, 57, changes, true),
                new MetaMessage.Changed(57));
        for (MetaMessage m : all) assertEquals(m, MetaCodec.decode(MetaCodec.encode(m)));
    }

    @Test
    void the_wire_form_is_the_documented_one() {
        String json = MetaCodec.encode(new MetaMessage.Push(7, List.of(new FieldChange("d1", MetaField.TITLE, new MetaValue.Text("Plan"), S))));
        assertEquals("{\"p\":1,\"type\":\"meta-push\",\"mv\":1,\"id\":7,\"changes\":[{\"doc\":\"d1\",\"field\":\"title\",\"value\":\"Plan\",\"stamp\":\"1732619000000:2:c1\"}]}", json);
    }

    @Test
    void tags_are_a_set_order_and_repeats_do_not_matter() {
        assertEquals(new MetaValue.Tags(List.of("b", "a", "b")), new MetaValue.Tags(List.of("a", "b")));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "other metadata version|{\"p\":1,\"type\":\"meta-pull\",\"mv\":2,\"id\":1,\"cursor\":0}|unsupported metadata protocol version 2",
            "unknown type|{\"p\":1,\"type\":\"meta-what\",\"mv\":1}|unknown metadata message type",
            "negative cursor|{\"p\":1,\"type\":\"meta-pull\",\"mv\":1,\"id\":1,\"cursor\":-1}|must not be negative",
            "unknown field|{\"p\":1,\"type\":\"meta-push\",\"mv\":1,\"id\":1,\"changes\":[{\"doc\":\"d\",\"field\":\"colour\",\"value\":\"red\",\"stamp\":\"1:0:n\"}]}|unknown metadata field \"colour\"",
            "wrong value kind|{\"p\":1,\"type\":\"meta-push\",\"mv\":1,\"id\":1,\"changes\":[{\"doc\":\"d\",\"field\":\"pinned\",\"value\":\"yes\",\"stamp\":\"1:0:n\"}]}|pinned must be true or false",
            "blank title|{\"p\":1,\"type\":\"meta-push\",\"mv\":1,\"id\":1,\"changes\":[{\"doc\":\"d\",\"field\":\"title\",\"value\":\" \",\"stamp\":\"1:0:n\"}]}|a title must not be blank",
            "bad stamp|{\"p\":1,\"type\":\"meta-push\",\"mv\":1,\"id\":1,\"changes\":[{\"doc\":\"d\",\"field\":\"title\",\"value\":\"x\",\"stamp\":\"yesterday\"}]}|<millis>:<counter>:<node>",
            "not json|{nope|not JSON"})
    void bad_input_is_refused_saying_what_is_wrong(String what, String json, String expected) {
        MalformedMessageException e = assertThrows(MalformedMessageException.class, () -> MetaCodec.decode(json));
        assertTrue(e.getMessage().contains(expected), what + ": " + e.getMessage());
    }
}
