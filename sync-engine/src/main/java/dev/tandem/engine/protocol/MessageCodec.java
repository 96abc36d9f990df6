package dev.tandem.engine.protocol;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeType;
import dev.tandem.engine.text.Delta;

import java.io.IOException;
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

    /**
     * Jackson refuses strings over 20M chars by default, a guard for parsers fed by strangers. Here it would refuse
     * messages the engine makes itself: a replace-all of a document near {@code EngineLimits.DEFAULT_MAX_DOCUMENT_CHARS}
     * travels as one op string, and each {@code %} or tab in it takes three chars. The bound that matters is the
     * transport's message-size limit (the relay's {@code --max-message-bytes}): a JSON string never decodes to more
     * chars than the bytes that carry it, so nothing longer than the message can arrive.
     */
    private static final JsonFactory JSON = JsonFactory.builder()
            .streamReadConstraints(StreamReadConstraints.builder().maxStringLength(Integer.MAX_VALUE).build())
            .build();
    private static final ObjectMapper MAPPER = new ObjectMapper(JSON);

    private MessageCodec() {}

    /** The message as compact JSON (UTF-8 bytes). */
    public static byte[] encode(Message m) {
        return WireWriter.encode(m);
    }

    /** The message as a compact JSON string. */
    public static String encodeToString(Message m) {
        return WireWriter.encodeToString(m);
    }

    /** Decodes one message from its UTF-8 bytes. */
    public static Message decode(byte[] json) {
        try {
            return decode(MAPPER.readTree(json));
        } catch (JsonParseException e) {
            throw new MalformedMessageException("not JSON: " + e.getOriginalMessage(), e);
        } catch (IOException e) {
            throw new MalformedMessageException("cannot read message: " + e.getMessage(), e);
        }
    }

    /**
     * Decodes one message from its JSON text, as a WebSocket text frame delivers it. Parsed from the chars themselves:
     * encoding them to UTF-8 first, only for the parser to decode them again, was a twentieth of a load-test client's
     * CPU (the markers it types make every message a UTF-16 string).
     */
    public static Message decode(String json) {
        try {
            return decode(MAPPER.readTree(json));
        } catch (JsonParseException e) {
            throw new MalformedMessageException("not JSON: " + e.getOriginalMessage(), e);
        } catch (IOException e) {
            throw new MalformedMessageException("cannot read message: " + e.getMessage(), e);
        }
    }

    /**
     * Decodes one message from the JSON tree its receiver already parsed (to read its type): parsing the text a second
     * time was a tenth of what a relay and a load-test client spent on each message.
     */
    public static Message decode(JsonNode n) {
        if (n == null || !n.isObject()) throw new MalformedMessageException("a message must be a JSON object");
        long p = integer(n, "p");
        if (p != VERSION) throw new MalformedMessageException("unsupported protocol version " + p + " (this side speaks " + VERSION + ")");
        String type = string(n, "type");
        String doc = string(n, "doc");
        try {
            return switch (type) {
                case "sync" -> new Message.Sync(doc, integer(n, "epoch"), integer(n, "seq"), integer(n, "ack"), edits(n, type),
                        optionalChecksum(n, "ackSum"), got(n));
                case "push" -> new Message.Push(doc, integer(n, "epoch"), integer(n, "ack"), edits(n, type),
                        optionalBoolean(n, "ackWanted"), optionalChecksum(n, "ackSum"), got(n), optionalInteger(n, "seen"));
                case "reset-request" -> new Message.ResetRequest(doc, integer(n, "epoch"), string(n, "reason"),
                        optionalBoolean(n, "behind"));
                case "reset" -> new Message.Reset(doc, integer(n, "epoch"), string(n, "text"), optionalBoolean(n, "behind"),
                        optionalInteger(n, "got"));
                default -> throw new MalformedMessageException("unknown message type \"" + type + "\"");
            };
        } catch (MalformedMessageException e) {
            throw e;
        } catch (IllegalArgumentException e) { // a value record refused its fields
            throw new MalformedMessageException("bad " + type + " message: " + e.getMessage(), e);
        }
    }

    private static List<Edit> edits(JsonNode n, String type) {
        JsonNode edits = n.get("edits");
        if (edits == null || !edits.isArray()) throw new MalformedMessageException(type + " without an \"edits\" array");
        List<Edit> list = new ArrayList<>(edits.size());
        for (JsonNode e : edits) list.add(readEdit(e));
        return list;
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

    /** An optional checksum: absent means null. */
    private static Long optionalChecksum(JsonNode n, String field) {
        return n.has(field) ? checksum(n, field) : null;
    }

    /** An optional integer: absent means null. */
    private static Long optionalInteger(JsonNode n, String field) {
        return n.has(field) ? integer(n, field) : null;
    }

    /** How many of the receiver's edits the sender applied: absent means all it acknowledges ({@code ack}). */
    private static long got(JsonNode n) {
        return n.has("got") ? integer(n, "got") : integer(n, "ack");
    }

    /** An optional flag: absent means false. */
    private static boolean optionalBoolean(JsonNode n, String field) {
        JsonNode b = n.get(field);
        if (b != null && !b.isBoolean()) throw new MalformedMessageException("field \"" + field + "\" must be a boolean");
        return b != null && b.booleanValue();
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
