package dev.tandem.engine.protocol;

import dev.tandem.engine.text.Delta;
import dev.tandem.engine.text.DeltaOp;

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
 * <p>It writes into a char array it grows itself, with one room check per field rather than per char: a
 * {@code StringBuilder}'s checks and coder tests on every append were a fifth of the encoding (speedup).
 *
 * <p>Concurrency: a writer is confined to one thread; the static {@link #encode} uses the calling thread's own.
 */
final class WireWriter {

    /** A buffer that outgrew this is not kept for the next message (a reset carries a whole text). */
    private static final int KEPT_CAPACITY = 16 * 1024;
    /** Each thread reuses one writer (speedup: a replay sends three messages per keystroke). */
    private static final ThreadLocal<WireWriter> WRITERS = ThreadLocal.withInitial(WireWriter::new);

    private char[] buf = new char[512];
    private int len;

    static byte[] encode(Message m) {
        return encodeToString(m).getBytes(StandardCharsets.UTF_8);
    }

    static String encodeToString(Message m) {
        WireWriter w = WRITERS.get();
        w.len = 0;
        w.message(m);
        String json = new String(w.buf, 0, w.len);
        if (w.buf.length > KEPT_CAPACITY) w.buf = new char[512];
        return json;
    }

    private void message(Message m) {
        lit("{\"p\":");
        num(MessageCodec.VERSION);
        if (m instanceof Message.Sync s) {
            type("sync", s.docId());
            lit(",\"epoch\":");
            remembered(s.epoch(), false);
            lit(",\"seq\":");
            num(s.seq());
            lit(",\"ack\":");
            num(s.ack());
            if (s.got() != s.ack()) { lit(",\"got\":"); num(s.got()); }
            ackSum(s.ackResult());
            edits(s.edits());
        } else if (m instanceof Message.Push p) {
            type("push", p.docId());
            lit(",\"epoch\":");
            remembered(p.epoch(), false);
            lit(",\"ack\":");
            num(p.ack());
            if (p.got() != p.ack()) { lit(",\"got\":"); num(p.got()); }
            if (p.ackWanted()) lit(",\"ackWanted\":true");
            if (p.seen() != null) { lit(",\"seen\":"); num(p.seen()); }
            ackSum(p.ackResult());
            edits(p.edits());
        } else if (m instanceof Message.ResetRequest r) {
            type("reset-request", r.docId());
            lit(",\"epoch\":");
            num(r.epoch());
            string("reason", r.reason());
            if (r.behind()) lit(",\"behind\":true");
        } else if (m instanceof Message.Reset r) {
            type("reset", r.docId());
            lit(",\"epoch\":");
            num(r.epoch());
            if (r.behind()) lit(",\"behind\":true");
            if (r.got() != null) { lit(",\"got\":"); num(r.got()); }
            string("text", r.text());
        }
        put('}');
    }

    private void ackSum(Long ackResult) {
        if (ackResult == null) return;
        lit(",\"ackSum\":\"");
        unsignedBase36(ackResult);
        put('"');
    }

    private void type(String type, String doc) {
        lit(",\"type\":\"");
        lit(type);
        lit("\",\"doc\":\"");
        escaped(doc);
        put('"');
    }

    private void edits(java.util.List<Edit> edits) {
        lit(",\"edits\":[");
        for (int i = 0; i < edits.size(); i++) {
            if (i > 0) put(',');
            edit(edits.get(i));
        }
        put(']');
    }

    private void edit(Edit e) {
        Delta d = e.delta();
        lit("{\"v\":");
        num(e.version());
        int from = len;
        int slot = recent(d);
        if (slot >= 0) {
            char[] done = recentForms[slot];
            room(done.length);
            System.arraycopy(done, 0, buf, len, done.length);
            len += done.length;
        } else {
            lit(",\"ops\":\"");
            ops(d);
            lit("\",\"bl\":");
            num(d.baseLength());
            lit(",\"bc\":\"");
            unsignedBase36(d.baseChecksum());
            lit("\",\"rl\":");
            num(d.resultLength());
            lit(",\"rc\":\"");
            unsignedBase36(d.resultChecksum());
            put('"');
            remember(d, from);
        }
        if (!e.rejected().isEmpty()) {
            lit(",\"rejected\":[");
            for (int i = 0; i < e.rejected().size(); i++) {
                RejectedHunk h = e.rejected().get(i);
                if (i > 0) put(',');
                lit("{\"at\":");
                num(h.aimedAt());
                string("before", h.contextBefore());
                string("deleted", h.deleted());
                string("inserted", h.inserted());
                string("after", h.contextAfter());
                string("reason", h.reason());
                put('}');
            }
            put(']');
        }
        put('}');
    }

    /**
     * The wire forms of the last few deltas written (from their ops to their result checksum), by identity: a hub's
     * views pushed together adopt one composed edit ({@code HubDocument}), so the committer writes the same delta
     * into the push to each of them, one after the other, each under its own version (speedup).
     */
    private final Delta[] recentDeltas = new Delta[8];
    private final char[][] recentForms = new char[8][];
    private int nextRecent;
    /** A delta's form is remembered only up to this size (a paste's is written again). */
    private static final int REMEMBERED_FORM = 1024;

    private int recent(Delta d) {
        for (int i = 0; i < recentDeltas.length; i++) if (recentDeltas[i] == d) return i;
        return -1;
    }

    private void remember(Delta d, int from) {
        if (len - from > REMEMBERED_FORM) return;
        recentDeltas[nextRecent] = d;
        recentForms[nextRecent] = java.util.Arrays.copyOfRange(buf, from, len);
        nextRecent = (nextRecent + 1) % recentDeltas.length;
    }

    /**
     * {@link Delta#encodeOps()} of {@code d}, JSON-escaped, in one pass (speedup: no intermediate string and no second
     * scan for chars to escape). {@code MessageCodecTest} checks it against {@code encodeOps} through the decoder.
     */
    private void ops(Delta d) {
        java.util.List<DeltaOp> ops = d.ops();
        int last = ops.size();
        while (last > 0 && ops.get(last - 1) instanceof DeltaOp.Keep) last--;
        for (int i = 0; i < last; i++) {
            if (i > 0) put('\\', 't'); // the tab between ops, JSON-escaped
            DeltaOp op = ops.get(i);
            if (op instanceof DeltaOp.Keep k) { put('='); num(k.count()); }
            else if (op instanceof DeltaOp.Delete del) { put('-'); num(del.count()); }
            else {
                put('+');
                String t = ((DeltaOp.Insert) op).text();
                int n = t.length();
                room(n);
                int run = 0; // start of the current run of chars that need no escape
                for (int j = 0; j < n; j++) {
                    char c = t.charAt(j);
                    if (c >= 0x20 && c != '"' && c != '\\' && c != '%' && !Character.isSurrogate(c)) continue;
                    copy(t, run, j);
                    if (c == '%') lit("%25");
                    else if (c == '\t') lit("%09");
                    else if (Character.isHighSurrogate(c) && j + 1 < n && Character.isLowSurrogate(t.charAt(j + 1))) {
                        put(c, t.charAt(++j));
                    } else escape(c);
                    run = j + 1;
                }
                copy(t, run, n);
            }
        }
    }

    private void string(String field, String value) {
        lit(",\"");
        lit(field);
        lit("\":\"");
        escaped(value);
        put('"');
    }

    private final char[] digits = new char[20];

    /**
     * A decimal number, written straight into the buffer (speedup: an epoch has 19 digits): two digits per step, in
     * int arithmetic once the rest fits an int.
     */
    private void num(long v) {
        if (v >= 0 && v < 10) { put((char) ('0' + v)); return; }
        if (v == Long.MIN_VALUE) { lit(Long.toString(v)); return; }
        boolean negative = v < 0;
        if (negative) v = -v;
        int i = digits.length;
        while (v > Integer.MAX_VALUE) {
            long q = v / 100;
            int r = (int) (v - q * 100);
            digits[--i] = PAIRS_10[2 * r + 1];
            digits[--i] = PAIRS_10[2 * r];
            v = q;
        }
        int w = (int) v;
        while (w >= 100) {
            int q = w / 100;
            int r = w - q * 100;
            digits[--i] = PAIRS_10[2 * r + 1];
            digits[--i] = PAIRS_10[2 * r];
            w = q;
        }
        digits[--i] = (char) ('0' + w % 10);
        if (w >= 10) digits[--i] = (char) ('0' + w / 10);
        if (negative) digits[--i] = '-';
        flushDigits(i);
    }

    /** 36^5, the largest power of 36 below 2^31. */
    private static final int P5 = 36 * 36 * 36 * 36 * 36;

    /**
     * {@code Long.toUnsignedString(v, 36)}, written straight into the buffer (speedup: up to three checksums per
     * message), from {@link #remembered} or else by {@link #writeBase36}.
     */
    private void unsignedBase36(long v) {
        remembered(v, true);
    }

    /**
     * Numbers written lately, with their digits: a direct-mapped table of {@link #REMEMBERED} slots per kind (speedup:
     * a checksum travels several times — as the result of one edit, the base of the next and the sum an acknowledgement
     * names; at a hub, in every caught-up view's push — and a link's 19-digit epoch is in each of its messages).
     */
    private static final int REMEMBERED = 16;
    private final long[][] rememberedValue = new long[2][REMEMBERED];
    private final char[][][] rememberedDigits = new char[2][REMEMBERED][];

    /** {@code v} as unsigned base 36 if {@code base36}, else as a signed decimal, from the table when it is there. */
    private void remembered(long v, boolean base36) {
        int kind = base36 ? 1 : 0;
        int slot = (int) (v ^ (v >>> 29) ^ (v >>> 47)) & (REMEMBERED - 1);
        char[] known = rememberedDigits[kind][slot];
        if (known != null && rememberedValue[kind][slot] == v) {
            room(known.length);
            System.arraycopy(known, 0, buf, len, known.length);
            len += known.length;
            return;
        }
        int start = len;
        if (base36) writeBase36(v); else num(v);
        rememberedValue[kind][slot] = v;
        rememberedDigits[kind][slot] = java.util.Arrays.copyOfRange(buf, start, len);
    }

    /**
     * The digits of an unsigned base-36 number: cut into three parts of at most five digits by two divisions by 36^5
     * (constants, which the JIT turns into multiplications), each part then in int arithmetic.
     */
    private void writeBase36(long v) {
        long q1 = Long.divideUnsigned(v, P5); // below 2^64 / 36^5 < 2^39: signed from here on
        int c = (int) (v - q1 * P5);
        int i = digits.length;
        if (q1 == 0) {
            i = base36(c, i, false);
        } else {
            long q2 = q1 / P5;
            int b = (int) (q1 - q2 * P5);
            i = base36(c, i, true);
            if (q2 == 0) {
                i = base36(b, i, false);
            } else {
                i = base36(b, i, true);
                i = base36((int) q2, i, false);
            }
        }
        flushDigits(i);
    }

    /**
     * Writes the base-36 digits of {@code part} (below 36^5) before {@code digits[i]}, all five of them if {@code padded}
     * (a part below a higher one); returns where they start.
     */
    private int base36(int part, int i, boolean padded) {
        int stop = padded ? i - 5 : i - 1;
        do {
            int q = part / 36;
            digits[--i] = DIGITS[part - q * 36];
            part = q;
        } while (part > 0 || i > stop);
        return i;
    }

    private void flushDigits(int i) {
        int n = digits.length - i;
        room(n);
        System.arraycopy(digits, i, buf, len, n);
        len += n;
    }

    private static final char[] PAIRS_10 = new char[200];
    static {
        for (int k = 0; k < 100; k++) {
            PAIRS_10[2 * k] = (char) ('0' + k / 10);
            PAIRS_10[2 * k + 1] = (char) ('0' + k % 10);
        }
    }

    private static final char[] DIGITS = "0123456789abcdefghijklmnopqrstuvwxyz".toCharArray();
    private static final char[] HEX = "0123456789abcdef".toCharArray();

    /** {@code s} JSON-escaped (RFC 8259; a lone surrogate as a {@code \\uXXXX} escape). */
    private void escaped(String s) {
        int n = s.length();
        room(n);
        int run = 0; // start of the current run of chars that need no escape
        for (int i = 0; i < n; i++) {
            char c = s.charAt(i);
            if (c >= 0x20 && c != '"' && c != '\\' && !Character.isSurrogate(c)) continue;
            if (Character.isHighSurrogate(c) && i + 1 < n && Character.isLowSurrogate(s.charAt(i + 1))) {
                i++;
                continue;
            }
            copy(s, run, i);
            escape(c);
            run = i + 1;
        }
        copy(s, run, n);
    }

    /** One char that JSON needs escaped: a quote, a backslash, a control char or a lone surrogate. */
    private void escape(char c) {
        switch (c) {
            case '"' -> put('\\', '"');
            case '\\' -> put('\\', '\\');
            case '\n' -> put('\\', 'n');
            case '\t' -> put('\\', 't');
            case '\r' -> put('\\', 'r');
            case '\b' -> put('\\', 'b');
            case '\f' -> put('\\', 'f');
            default -> {
                room(6);
                buf[len++] = '\\';
                buf[len++] = 'u';
                buf[len++] = HEX[(c >> 12) & 0xF];
                buf[len++] = HEX[(c >> 8) & 0xF];
                buf[len++] = HEX[(c >> 4) & 0xF];
                buf[len++] = HEX[c & 0xF];
            }
        }
    }

    // ------------------------------------------------------------------------------------------------------ buffer

    /** Room for {@code n} more chars. */
    private void room(int n) {
        if (len + n > buf.length) buf = java.util.Arrays.copyOf(buf, Math.max(buf.length * 2, len + n));
    }

    private void put(char c) {
        room(1);
        buf[len++] = c;
    }

    private void put(char a, char b) {
        room(2);
        buf[len++] = a;
        buf[len++] = b;
    }

    /** A literal (or any text that needs no escape). */
    private void lit(String s) {
        copy(s, 0, s.length());
    }

    private void copy(String s, int from, int to) {
        int n = to - from;
        if (n <= 0) return;
        room(n);
        s.getChars(from, to, buf, len);
        len += n;
    }
}
