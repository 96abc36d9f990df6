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
 * <p>Concurrency: a writer is confined to one thread; the static {@link #encode} uses the calling thread's own.
 */
final class WireWriter {

    /** A buffer that outgrew this is not kept for the next message (a reset carries a whole text). */
    private static final int KEPT_CAPACITY = 16 * 1024;
    /** Each thread reuses one writer (speedup: a replay sends three messages per keystroke). */
    private static final ThreadLocal<WireWriter> WRITERS = ThreadLocal.withInitial(WireWriter::new);

    private StringBuilder out = new StringBuilder(256);

    static byte[] encode(Message m) {
        return encodeToString(m).getBytes(StandardCharsets.UTF_8);
    }

    static String encodeToString(Message m) {
        WireWriter w = WRITERS.get();
        w.out.setLength(0);
        w.message(m);
        String json = w.out.toString();
        if (w.out.capacity() > KEPT_CAPACITY) w.out = new StringBuilder(256);
        return json;
    }

    private void message(Message m) {
        out.append("{\"p\":").append(MessageCodec.VERSION);
        if (m instanceof Message.Sync s) {
            type("sync", s.docId());
            out.append(",\"epoch\":").append(s.epoch());
            out.append(",\"seq\":").append(s.seq());
            out.append(",\"ack\":").append(s.ack());
            if (s.got() != s.ack()) out.append(",\"got\":").append(s.got());
            ackSum(s.ackResult());
            edits(s.edits());
        } else if (m instanceof Message.Push p) {
            type("push", p.docId());
            out.append(",\"epoch\":").append(p.epoch());
            out.append(",\"ack\":").append(p.ack());
            if (p.got() != p.ack()) out.append(",\"got\":").append(p.got());
            if (p.ackWanted()) out.append(",\"ackWanted\":true");
            ackSum(p.ackResult());
            edits(p.edits());
        } else if (m instanceof Message.ResetRequest r) {
            type("reset-request", r.docId());
            out.append(",\"epoch\":").append(r.epoch());
            string("reason", r.reason());
            if (r.behind()) out.append(",\"behind\":true");
        } else if (m instanceof Message.Reset r) {
            type("reset", r.docId());
            out.append(",\"epoch\":").append(r.epoch());
            if (r.behind()) out.append(",\"behind\":true");
            string("text", r.text());
        }
        out.append('}');
    }

    private void ackSum(Long ackResult) {
        if (ackResult == null) return;
        out.append(",\"ackSum\":\"");
        unsignedBase36(ackResult);
        out.append('"');
    }

    private void type(String type, String doc) {
        out.append(",\"type\":\"").append(type).append("\",\"doc\":\"");
        if (!doc.equals(lastDoc)) { // a writer mostly writes for one document: escape its id once (speedup)
            int start = out.length();
            escaped(doc);
            lastDoc = doc;
            lastDocEscaped = out.substring(start);
        } else {
            out.append(lastDocEscaped);
        }
        out.append('"');
    }

    private String lastDoc;
    private String lastDocEscaped;

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
        out.append(",\"bl\":").append(d.baseLength());
        out.append(",\"bc\":\"");
        unsignedBase36(d.baseChecksum());
        out.append('"');
        out.append(",\"rl\":").append(d.resultLength());
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

    private void string(String field, String value) {
        out.append(",\"").append(field).append("\":\"");
        escaped(value);
        out.append('"');
    }

    private final char[] digits = new char[13];

    /**
     * {@code Long.toUnsignedString(v, 36)}, written straight into the buffer (speedup: two checksums per edit): two
     * digits per division by 36² (a constant, which the JIT turns into a multiplication), from a table of pairs.
     */
    private void unsignedBase36(long v) {
        int i = digits.length;
        if (v < 0) { // the top bit set: one unsigned division brings it into signed range
            long q = Long.divideUnsigned(v, 36 * 36);
            int r = (int) (v - q * (36 * 36));
            digits[--i] = DIGITS[r % 36];
            digits[--i] = DIGITS[r / 36];
            v = q;
        }
        while (v >= 36 * 36) {
            long q = v / (36 * 36);
            int r = (int) (v - q * (36 * 36));
            digits[--i] = DIGITS[r % 36];
            digits[--i] = DIGITS[r / 36];
            v = q;
        }
        int r = (int) v;
        digits[--i] = DIGITS[r % 36];
        if (r >= 36) digits[--i] = DIGITS[r / 36];
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
