package dev.tandem.engine.meta;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tandem.engine.protocol.MalformedMessageException;

import java.util.ArrayList;
import java.util.List;

/**
 * The JSON form of {@link MetaMessage} and of field values (docs/protocol.md, "Metadata protocol, version 1"). Every
 * message carries the relay envelope's {@code "p":1}, its {@code "type"} and {@code "mv"}, the metadata protocol
 * version ({@link #VERSION}); a side refuses a version it does not speak. Unknown fields are ignored.
 *
 * <p>Concurrency: stateless and thread-safe.
 */
public final class MetaCodec {

    /** The metadata protocol version this codec writes and the only one it reads. */
    public static final int VERSION = 1;

    public static final String PUSH = "meta-push";
    public static final String PUSHED = "meta-pushed";
    public static final String PULL = "meta-pull";
    public static final String CHANGES = "meta-changes";
    public static final String CHANGED = "meta-changed";

    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private MetaCodec() { }

    /** Whether a frame's type is one of the metadata protocol's. */
    public static boolean isMetaType(String type) {
        return type.startsWith("meta-");
    }

    public static String encode(MetaMessage m) {
        ObjectNode o = NODES.objectNode();
        o.put("p", 1);
        if (m instanceof MetaMessage.Push p) {
            o.put("type", PUSH).put("mv", VERSION).put("id", p.id());
            ArrayNode a = o.putArray("changes");
            for (FieldChange c : p.changes()) a.add(change(c));
        } else if (m instanceof MetaMessage.Pushed p) {
            o.put("type", PUSHED).put("mv", VERSION).put("id", p.id());
            ArrayNode a = o.putArray("accepted");
            for (FieldStamp s : p.accepted()) a.add(stamp(s));
            ArrayNode r = o.putArray("refused");
            for (MetaMessage.Refusal x : p.refused()) r.add(stamp(x.write()).put("reason", x.reason()));
            o.put("now", p.relayMillis());
        } else if (m instanceof MetaMessage.Pull p) {
            o.put("type", PULL).put("mv", VERSION).put("id", p.id()).put("cursor", p.cursor());
        } else if (m instanceof MetaMessage.Changes c) {
            o.put("type", CHANGES).put("mv", VERSION).put("id", c.id()).put("cursor", c.cursor()).put("more", c.more());
            ArrayNode a = o.putArray("changes");
            for (FieldChange f : c.changes()) a.add(change(f));
        } else if (m instanceof MetaMessage.Changed c) {
            o.put("type", CHANGED).put("mv", VERSION).put("seq", c.seq());
        } else {
            throw new IllegalArgumentException("unknown metadata message " + m);
        }
        return o.toString();
    }

    /** Decodes one frame; a {@link MalformedMessageException} saying what is wrong otherwise. */
    public static MetaMessage decode(String json) {
        JsonNode n;
        try {
            n = MAPPER.readTree(json);
        } catch (JsonProcessingException e) {
            throw new MalformedMessageException("not JSON: " + e.getOriginalMessage(), e);
        }
        return decode(n);
    }

    /** Decodes one frame already parsed (the relay parses once to route). */
    public static MetaMessage decode(JsonNode n) {
        if (n == null || !n.isObject()) throw new MalformedMessageException("a message must be a JSON object");
        if (integer(n, "p") != 1) throw new MalformedMessageException("protocol version must be \"p\":1");
        long mv = integer(n, "mv");
        if (mv != VERSION) {
            throw new MalformedMessageException("unsupported metadata protocol version " + mv + " (this side speaks " + VERSION + ")");
        }
        String type = string(n, "type");
        try {
            return switch (type) {
                case PUSH -> new MetaMessage.Push(integer(n, "id"), changes(n));
                case PUSHED -> {
                    List<FieldStamp> accepted = new ArrayList<>();
                    for (JsonNode s : array(n, "accepted")) accepted.add(fieldStamp(s));
                    List<MetaMessage.Refusal> refused = new ArrayList<>();
                    for (JsonNode s : array(n, "refused")) refused.add(new MetaMessage.Refusal(fieldStamp(s), string(s, "reason")));
                    yield new MetaMessage.Pushed(integer(n, "id"), accepted, refused, integer(n, "now"));
                }
                case PULL -> new MetaMessage.Pull(integer(n, "id"), integer(n, "cursor"));
                case CHANGES -> {
                    JsonNode more = n.get("more");
                    if (more == null || !more.isBoolean()) throw new MalformedMessageException("field \"more\" must be a boolean");
                    yield new MetaMessage.Changes(integer(n, "id"), integer(n, "cursor"), changes(n), more.booleanValue());
                }
                case CHANGED -> new MetaMessage.Changed(integer(n, "seq"));
                default -> throw new MalformedMessageException("unknown metadata message type \"" + type + "\"");
            };
        } catch (MalformedMessageException e) {
            throw e;
        } catch (IllegalArgumentException e) { // a value refused its fields (a bad stamp, a title too long, ...)
            throw new MalformedMessageException("bad " + type + " message: " + e.getMessage(), e);
        }
    }

    /** A value as JSON: a string (title, folder), an array of strings (tags), a boolean (pinned, deleted), an integer (created). */
    public static JsonNode valueJson(MetaValue v) {
        if (v instanceof MetaValue.Text t) return NODES.textNode(t.text());
        if (v instanceof MetaValue.Tags t) {
            ArrayNode a = NODES.arrayNode();
            t.tags().forEach(a::add);
            return a;
        }
        if (v instanceof MetaValue.Flag f) return NODES.booleanNode(f.on());
        return NODES.numberNode(((MetaValue.Millis) v).millis());
    }

    /** The value of {@code field} from its JSON form; IllegalArgumentException saying why not. */
    public static MetaValue value(MetaField field, JsonNode v) {
        if (v == null) throw new IllegalArgumentException(field.wireName() + " needs a value");
        MetaValue value = switch (field) {
            case TITLE, FOLDER -> {
                if (!v.isTextual()) throw new IllegalArgumentException(field.wireName() + " must be a string");
                yield new MetaValue.Text(v.textValue());
            }
            case TAGS -> {
                if (!v.isArray()) throw new IllegalArgumentException("tags must be an array of strings");
                List<String> tags = new ArrayList<>();
                for (JsonNode t : v) {
                    if (!t.isTextual()) throw new IllegalArgumentException("tags must be an array of strings");
                    tags.add(t.textValue());
                }
                yield new MetaValue.Tags(tags);
            }
            case PINNED, DELETED -> {
                if (!v.isBoolean()) throw new IllegalArgumentException(field.wireName() + " must be true or false");
                yield new MetaValue.Flag(v.booleanValue());
            }
            case CREATED -> {
                if (!v.isIntegralNumber() || !v.canConvertToLong()) throw new IllegalArgumentException("created must be an integer (ms)");
                yield new MetaValue.Millis(v.longValue());
            }
        };
        return field.check(value);
    }

    /** The value's JSON text (the store keeps values in this form). */
    public static String valueText(MetaValue v) {
        return valueJson(v).toString();
    }

    /** The value of {@code field} from its JSON text. */
    public static MetaValue valueFromText(MetaField field, String json) {
        try {
            return value(field, MAPPER.readTree(json));
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("not a JSON value: " + json, e);
        }
    }

    private static ObjectNode change(FieldChange c) {
        ObjectNode o = NODES.objectNode();
        o.put("doc", c.docId()).put("field", c.field().wireName());
        o.set("value", valueJson(c.value()));
        o.put("stamp", c.stamp().toString());
        return o;
    }

    private static ObjectNode stamp(FieldStamp s) {
        ObjectNode o = NODES.objectNode();
        o.put("doc", s.docId()).put("field", s.field().wireName()).put("stamp", s.stamp().toString());
        return o;
    }

    private static List<FieldChange> changes(JsonNode n) {
        List<FieldChange> out = new ArrayList<>();
        for (JsonNode c : array(n, "changes")) {
            if (!c.isObject()) throw new MalformedMessageException("a change must be a JSON object");
            MetaField f = MetaField.ofWireName(string(c, "field"));
            out.add(new FieldChange(string(c, "doc"), f, value(f, c.get("value")), Hlc.parse(string(c, "stamp"))));
        }
        return out;
    }

    private static FieldStamp fieldStamp(JsonNode s) {
        if (!s.isObject()) throw new MalformedMessageException("a field stamp must be a JSON object");
        return new FieldStamp(string(s, "doc"), MetaField.ofWireName(string(s, "field")), Hlc.parse(string(s, "stamp")));
    }

    private static JsonNode array(JsonNode n, String field) {
        JsonNode a = n.get(field);
        if (a == null || !a.isArray()) throw new MalformedMessageException("field \"" + field + "\" must be an array");
        return a;
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
        if (v == null || !v.isTextual()) throw new MalformedMessageException("field \"" + field + "\" must be a string");
        return v.textValue();
    }
}
