package dev.tandem.engine.protocol;

import dev.tandem.engine.text.Delta;

import java.nio.charset.StandardCharsets;

/**
 * Writes {@link Message}s in their JSON wire form (docs/protocol.md) straight into a buffer: every message a relay
 * or a replay sends goes through here, and a general JSON generator spent most of a replay's time on field names,
 * number formatting and big-integer arithmetic for unsigned checksums (speedup). The output is plain JSON that any
 * reader accepts; {@link MessageCodec#decode} reads it back.
 *
 * <p>Strings are escaped per RFC 8259; a lone surrogate (never produced by the engine, whose diffs keep pairs whole,
 * but possible in pasted text) is written as a {@code \\uXXXX} escape so that it survives the trip unchanged.
 *
 * <p>Concurrency: a writer is confined to one thread; the static {@link #encode} makes its own.
 */
final class WireWriter {

    private final StringBuilder out = new StringBuilder(128);

    static byte[] encode(Message m) {
        WireWriter w = new WireWriter();
        w.message(m);
        return w.out.toString().getBytes(StandardCharsets.UTF_8);
    }

    static String encodeToString(Message m) {
        WireWriter w = new WireWriter();
        w.message(m);
        return w.out.toString();
    }

    private void message(Message m) {
        out.append("{\"p\":").append(MessageCodec.VERSION);
        if (m instanceof Message.Sync s) {
            type("sync", s.docId());
            number("epoch", s.epoch());
            number("seq", s.seq());
            number("ack", s.ack());
            edits(s.edits());
        } else if (m instanceof Message.Push p) {
            type("push", p.docId());
            number("epoch", p.epoch());
            number("ack", p.ack());
            if (p.ackWanted()) out.append(",\"ackWanted\":true");
            edits(p.edits());
        } else if (m instanceof Message.ResetRequest r) {
            type("reset-request", r.docId());
            number("epoch", r.epoch());
            string("reason", r.reason());
        } else if (m instanceof Message.Reset r) {
            type("reset", r.docId());
            number("epoch", r.epoch());
            string("text", r.text());
        }
        out.append('}');
    }

    private void type(String type, String doc) {
        out.append(",\"type\":\"").append(type).append('"');
        string("doc", doc);
    }

    private void edits(java.util.List<Edit> edits) {
        out.append(",\"edits\":[");
        for (int i = 0; i < edits.size(); i++) {
            if (i > 0) out.append(',');
            edit(edits.get(i));
        }
        out.append(']');
    }

    private void edit(Edit e) {
        Delta d = e.delta();
        out.append("{\"v\":").append(e.version());
        out.append(",\"ops\":\"");
        int opsStart = out.length();
        d.appendOps(out);
        escapeFrom(opsStart);
        out.append('"');
        number("bl", d.baseLength());
        out.append(",\"bc\":\"");
        unsignedBase36(d.baseChecksum());
        out.append('"');
        number("rl", d.resultLength());
        out.append(",\"rc\":\"");
        unsignedBase36(d.resultChecksum());
        out.append('"');
        if (!e.rejected().isEmpty()) {
            out.append(",\"rejected\":[");
            for (int i = 0; i < e.rejected().size(); i++) {
                RejectedHunk h = e.rejected().get(i);
                if (i > 0) out.append(',');
                out.append("{\"at\":").append(h.aimedAt());
                string("before", h.contextBefore());
                string("deleted", h.deleted());
                string("inserted", h.inserted());
                string("after", h.contextAfter());
                string("reason", h.reason());
                out.append('}');
            }
            out.append(']');
        }
        out.append('}');
    }

    private void number(String field, long value) {
        out.append(",\"").append(field).append("\":").append(value);
    }

    private void string(String field, String value) {
        out.append(",\"").append(field).append("\":\"");
        escaped(value);
        out.append('"');
    }

    private final char[] digits = new char[13];

    /**
     * {@code Long.toUnsignedString(v, 36)}, written straight into the buffer: one unsigned division for the top bit,
     * then divisions by a constant, which the JIT turns into multiplications (speedup: two checksums per edit).
     */
    private void unsignedBase36(long v) {
        int i = digits.length;
        if (v < 0) {
            long q = Long.divideUnsigned(v, 36);
            digits[--i] = DIGITS[(int) (v - q * 36)];
            v = q;
        }
        do {
            long q = v / 36;
            digits[--i] = DIGITS[(int) (v - q * 36)];
            v = q;
        } while (v != 0);
        out.append(digits, i, digits.length - i);
    }

    private static final char[] DIGITS = "0123456789abcdefghijklmnopqrstuvwxyz".toCharArray();

    /** JSON-escapes what was appended since {@code start}, if anything there needs it (most often nothing does). */
    private void escapeFrom(int start) {
        for (int i = start; i < out.length(); i++) {
            char c = out.charAt(i);
            if (c == '"' || c == '\\' || c < 0x20 || Character.isSurrogate(c)) {
                String raw = out.substring(start);
                out.setLength(start);
                escaped(raw);
                return;
            }
        }
    }

    private static final char[] HEX = "0123456789abcdef".toCharArray();

    private void escaped(String s) {
        int n = s.length();
        int run = 0; // start of the current run of chars that need no escape
        for (int i = 0; i < n; i++) {
            char c = s.charAt(i);
            String esc = null;
            boolean unicode = false;
            if (c == '"') esc = "\\\"";
            else if (c == '\\') esc = "\\\\";
            else if (c < 0x20) {
                switch (c) {
                    case '\n' -> esc = "\\n";
                    case '\t' -> esc = "\\t";
                    case '\r' -> esc = "\\r";
                    case '\b' -> esc = "\\b";
                    case '\f' -> esc = "\\f";
                    default -> unicode = true;
                }
            } else if (Character.isSurrogate(c)) {
                boolean pair = Character.isHighSurrogate(c) && i + 1 < n && Character.isLowSurrogate(s.charAt(i + 1));
                if (pair) { i++; continue; }
                unicode = true;
            } else {
                continue;
            }
            out.append(s, run, i);
            if (unicode) {
                out.append("\\u").append(HEX[(c >> 12) & 0xF]).append(HEX[(c >> 8) & 0xF])
                        .append(HEX[(c >> 4) & 0xF]).append(HEX[c & 0xF]);
            } else {
                out.append(esc);
            }
            run = i + 1;
        }
        out.append(s, run, n);
    }
}
