package dev.tandem.engine.protocol;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.io.SerializedString;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeType;
import dev.tandem.engine.text.Delta;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The wire form of {@link Message}: one compact UTF-8 JSON object per message, described in docs/protocol.md.
 *
 * <p>Every message carries {@code "p":1} (the protocol version) and {@code "type"}. A delta travels as Fraser's op
 * string ({@link Delta#encodeOps()}) with the base and result lengths and checksums; a 64-bit checksum is written as
 * an unsigned base-36 string (JavaScript numbers cannot hold 64 bits) and read from either such a string or a JSON
 * integer.
 *
 * <p>Concurrency: stateless and thread-safe.
 */
public final class MessageCodec {

    /** The protocol version this codec writes and the only one it reads. */
    public static final int VERSION = 1;

    private static final JsonFactory JSON = new JsonFactory();
    // Field names pre-encoded once (speedup: the replay encodes over a million messages to count wire bytes).
    private static final SerializedString F_ACK = new SerializedString("ack");
    private static final SerializedString F_AFTER = new SerializedString("after");
    private static final SerializedString F_AT = new SerializedString("at");
    private static final SerializedString F_BC = new SerializedString("bc");
    private static final SerializedString F_BEFORE = new SerializedString("before");
    private static final SerializedString F_BL = new SerializedString("bl");
    private static final SerializedString F_DELETED = new SerializedString("deleted");
    private static final SerializedString F_DOC = new SerializedString("doc");
    private static final SerializedString F_EDITS = new SerializedString("edits");
    private static final SerializedString F_EPOCH = new SerializedString("epoch");
    private static final SerializedString F_INSERTED = new SerializedString("inserted");
    private static final SerializedString F_OPS = new SerializedString("ops");
    private static final SerializedString F_P = new SerializedString("p");
    private static final SerializedString F_RC = new SerializedString("rc");
    private static final SerializedString F_REASON = new SerializedString("reason");
    private static final SerializedString F_REJECTED = new SerializedString("rejected");
    private static final SerializedString F_RL = new SerializedString("rl");
    private static final SerializedString F_SEQ = new SerializedString("seq");
    private static final SerializedString F_TEXT = new SerializedString("text");
    private static final SerializedString F_TYPE = new SerializedString("type");
    private static final SerializedString F_V = new SerializedString("v");
    private static final ObjectMapper MAPPER = new ObjectMapper(JSON);

    private MessageCodec() {}

    /** The message as compact JSON (UTF-8 bytes). */
    public static byte[] encode(Message m) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(64);
        try (JsonGenerator g = JSON.createGenerator(out, JsonEncoding.UTF8)) {
            write(g, m);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot happen: writing to memory", e);
        }
        return out.toByteArray();
    }

    /** The message as a compact JSON string. */
    public static String encodeToString(Message m) {
        return new String(encode(m), StandardCharsets.UTF_8);
    }

    private static void write(JsonGenerator g, Message m) throws IOException {
        g.writeStartObject();
        number(g, F_P, VERSION);
        if (m instanceof Message.Sync s) {
            string(g, F_TYPE, "sync");
            string(g, F_DOC, s.docId());
            number(g, F_EPOCH, s.epoch());
            number(g, F_SEQ, s.seq());
            number(g, F_ACK, s.ack());
            g.writeFieldName(F_EDITS);
            g.writeStartArray();
            for (Edit e : s.edits()) writeEdit(g, e);
            g.writeEndArray();
        } else if (m instanceof Message.Poke p) {
            string(g, F_TYPE, "poke");
            string(g, F_DOC, p.docId());
        } else if (m instanceof Message.ResetRequest r) {
            string(g, F_TYPE, "reset-request");
            string(g, F_DOC, r.docId());
            number(g, F_EPOCH, r.epoch());
            string(g, F_REASON, r.reason());
        } else if (m instanceof Message.Reset r) {
            string(g, F_TYPE, "reset");
            string(g, F_DOC, r.docId());
            number(g, F_EPOCH, r.epoch());
            string(g, F_TEXT, r.text());
        }
        g.writeEndObject();
    }

    private static void writeEdit(JsonGenerator g, Edit e) throws IOException {
        Delta d = e.delta();
        g.writeStartObject();
        number(g, F_V, e.version());
        string(g, F_OPS, d.encodeOps());
        number(g, F_BL, d.baseLength());
        string(g, F_BC, Long.toUnsignedString(d.baseChecksum(), 36));
        number(g, F_RL, d.resultLength());
        string(g, F_RC, Long.toUnsignedString(d.resultChecksum(), 36));
        if (!e.rejected().isEmpty()) {
            g.writeFieldName(F_REJECTED);
            g.writeStartArray();
            for (RejectedHunk h : e.rejected()) {
                g.writeStartObject();
                number(g, F_AT, h.aimedAt());
                string(g, F_BEFORE, h.contextBefore());
                string(g, F_DELETED, h.deleted());
                string(g, F_INSERTED, h.inserted());
                string(g, F_AFTER, h.contextAfter());
                string(g, F_REASON, h.reason());
                g.writeEndObject();
            }
            g.writeEndArray();
        }
        g.writeEndObject();
    }

    private static void number(JsonGenerator g, SerializedString field, long value) throws IOException {
        g.writeFieldName(field);
        g.writeNumber(value);
    }

    private static void string(JsonGenerator g, SerializedString field, String value) throws IOException {
        g.writeFieldName(field);
        g.writeString(value);
    }

    /** Decodes one message. */
    public static Message decode(byte[] json) {
        JsonNode n;
        try {
            n = MAPPER.readTree(json);
        } catch (JsonParseException e) {
            throw new MalformedMessageException("not JSON: " + e.getOriginalMessage(), e);
        } catch (IOException e) {
            throw new MalformedMessageException("cannot read message: " + e.getMessage(), e);
        }
        if (n == null || !n.isObject()) throw new MalformedMessageException("a message must be a JSON object");
        long p = integer(n, "p");
        if (p != VERSION) throw new MalformedMessageException("unsupported protocol version " + p + " (this side speaks " + VERSION + ")");
        String type = string(n, "type");
        String doc = string(n, "doc");
        try {
            return switch (type) {
                case "sync" -> {
                    JsonNode edits = n.get("edits");
                    if (edits == null || !edits.isArray()) throw new MalformedMessageException("sync without an \"edits\" array");
                    List<Edit> list = new ArrayList<>(edits.size());
                    for (JsonNode e : edits) list.add(readEdit(e));
                    yield new Message.Sync(doc, integer(n, "epoch"), integer(n, "seq"), integer(n, "ack"), list);
                }
                case "poke" -> new Message.Poke(doc);
                case "reset-request" -> new Message.ResetRequest(doc, integer(n, "epoch"), string(n, "reason"));
                case "reset" -> new Message.Reset(doc, integer(n, "epoch"), string(n, "text"));
                default -> throw new MalformedMessageException("unknown message type \"" + type + "\"");
            };
        } catch (MalformedMessageException e) {
            throw e;
        } catch (IllegalArgumentException e) { // a value record refused its fields
            throw new MalformedMessageException("bad " + type + " message: " + e.getMessage(), e);
        }
    }

    /** Decodes one message from its JSON text. */
    public static Message decode(String json) {
        return decode(json.getBytes(StandardCharsets.UTF_8));
    }

    private static Edit readEdit(JsonNode e) {
        if (!e.isObject()) throw new MalformedMessageException("an edit must be a JSON object");
        Delta delta = Delta.decode(string(e, "ops"), (int) integer(e, "bl"), checksum(e, "bc"),
                (int) integer(e, "rl"), checksum(e, "rc"));
        List<RejectedHunk> rejected = new ArrayList<>();
        JsonNode r = e.get("rejected");
        if (r != null) {
            if (!r.isArray()) throw new MalformedMessageException("\"rejected\" must be an array");
            for (JsonNode h : r) {
                rejected.add(new RejectedHunk((int) integer(h, "at"), string(h, "before"), string(h, "deleted"),
                        string(h, "inserted"), string(h, "after"), string(h, "reason")));
            }
        }
        return new Edit(integer(e, "v"), delta, rejected);
    }

    private static long integer(JsonNode n, String field) {
        JsonNode v = n.get(field);
        if (v == null || !v.isIntegralNumber() || !v.canConvertToLong()) {
            throw new MalformedMessageException("field \"" + field + "\" must be an integer");
        }
        return v.longValue();
    }

    private static String string(JsonNode n, String field) {
        JsonNode v = n.get(field);
        if (v == null || v.getNodeType() != JsonNodeType.STRING) {
            throw new MalformedMessageException("field \"" + field + "\" must be a string");
        }
        return v.textValue();
    }

    /** A checksum: an unsigned base-36 string, or a JSON integer (signed 64-bit, or unsigned up to 2^64-1). */
    private static long checksum(JsonNode n, String field) {
        JsonNode v = n.get(field);
        if (v != null && v.isTextual()) {
            try {
                return Long.parseUnsignedLong(v.textValue(), 36);
            } catch (NumberFormatException e) {
                throw new MalformedMessageException("field \"" + field + "\" is not a base-36 checksum", e);
            }
        }
        if (v != null && v.isIntegralNumber()) {
            if (v.canConvertToLong()) return v.longValue();
            java.math.BigInteger b = v.bigIntegerValue();
            if (b.signum() >= 0 && b.bitLength() <= 64) return b.longValue();
        }
        throw new MalformedMessageException("field \"" + field + "\" must be a checksum (base-36 string or integer)");
    }
}
