package dev.tandem.engine.store;

import dev.tandem.engine.sync.Conflict;
import dev.tandem.engine.sync.DocumentSnapshot;
import dev.tandem.engine.sync.JournalEntry;
import dev.tandem.engine.sync.LinkSnapshot;
import dev.tandem.engine.sync.StackEntry;
import dev.tandem.engine.text.Delta;
import dev.tandem.engine.text.DeltaOp;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The storage encoding of {@link JournalEntry} and {@link DocumentSnapshot}: a compact, hand-rolled binary form.
 *
 * <p>Why not JSON (Jackson): a journal entry is a keystroke-sized record written hundreds of thousands of times; the
 * binary form is a tag byte plus varints (a one-letter {@code Splice} of the text is 6 to 8 bytes, as JSON it would be
 * about 50), costs no reflection or field names, and round-trips every Java string exactly — including lone
 * surrogates, which UTF-8 encoders (and so JSON) replace by '?'. Why not {@code DataOutputStream}: its
 * {@code writeUTF} stops at 64 KB and its stream layers cost more than this direct array code.
 *
 * <p>Format, version {@value #FORMAT_VERSION}. Every blob starts with the format version byte; then
 * <ul>
 *   <li>an entries blob: entries back to back until the end, each a tag byte ({@code 1} Splice, {@code 2} Versions,
 *       {@code 3} StackPush, {@code 4} StackPrune, {@code 5} StackTruncate, {@code 6} LinkReset, {@code 7}
 *       LinkRemoved, {@code 8} ConflictAdded, {@code 9} ConflictRemoved, {@code 10} TheirsApplied, {@code 11} EditMade, since session 14; {@code 12} LinkRestarted, since session 21) followed by the
 *       record's fields in declaration order;</li>
 *   <li>a snapshot blob: docId, text, the links (count, then each link's fields and stack, then — from version 2 on —
 *       its last applied result checksum: a byte 0 for unknown, or 1 and the checksum), the conflicts. From version 3
 *       on a link's shadow is a form byte, then 0: the shadow as a string, or 1: ops that turn the snapshot's text
 *       into it ({@link ShadowDiff}: a hub's views differ from the text by a few keystrokes each).</li>
 * </ul>
 * Version 1 (before session 4) had no result checksum in a link's snapshot; it is read as unknown. Version 2 (before
 * session 9) wrote every shadow as a string.
 * Field encodings: counts, positions and lengths as unsigned LEB128 varints, other ints and longs as zig-zag varints, checksums as 8 bytes big-endian, strings as a varint
 * char count followed by each UTF-16 char in 1-3 bytes (UTF-8's scheme applied to single chars, as in CESU-8: ASCII is
 * one byte, an astral character is two 3-byte surrogates), a nullable string as count + 1 with 0 for null, a delta as
 * its two lengths and checksums and its ops, an op as one varint {@code (n << 2) | kind} (kind 0 keep n, 1 delete n,
 * 2 insert n chars, which follow). Conflict origins are written by explicit code, never by ordinal.
 *
 * <p>Evolution: new entry kinds get new tags; a changed field layout gets a new format version, and the decoder keeps
 * reading every older version. A blob of an unknown version or tag fails with IllegalArgumentException.
 *
 * <p>Concurrency: stateless; {@link Output} and {@link Input} are used by one thread at a time.
 */
public final class JournalCodec {

    /** The format written by this code (the first byte of every blob). */
    public static final int FORMAT_VERSION = 3;
    /** The oldest format this code still reads. */
    static final int OLDEST_READABLE_VERSION = 1;

    private static final int SPLICE = 1, VERSIONS = 2, STACK_PUSH = 3, STACK_PRUNE = 4, STACK_TRUNCATE = 5,
            LINK_RESET = 6, LINK_REMOVED = 7, CONFLICT_ADDED = 8, CONFLICT_REMOVED = 9, THEIRS_APPLIED = 10,
            EDIT_MADE = 11, LINK_RESTARTED = 12;
    private static final int KEEP = 0, DELETE = 1, INSERT = 2;

    private JournalCodec() {}

    /** One entry as a blob of its own. */
    public static byte[] encode(JournalEntry entry) {
        Output out = new Output(16);
        out.writeHeader();
        out.writeEntry(entry);
        return out.toByteArray();
    }

    /** Entries back to back in one blob. */
    public static byte[] encodeEntries(List<JournalEntry> entries) {
        Output out = new Output(16 * entries.size() + 1);
        out.writeHeader();
        for (JournalEntry e : entries) out.writeEntry(e);
        return out.toByteArray();
    }

    /** The single entry of a blob written by {@link #encode}. */
    public static JournalEntry decode(byte[] blob) {
        List<JournalEntry> entries = decodeEntries(blob);
        if (entries.size() != 1) throw new IllegalArgumentException("blob holds " + entries.size() + " entries, not 1");
        return entries.get(0);
    }

    /** The entries of a blob written by {@link #encodeEntries} (or of several {@link Output}s of entries). */
    public static List<JournalEntry> decodeEntries(byte[] blob) {
        List<JournalEntry> entries = new ArrayList<>();
        decodeEntries(blob, entries);
        return entries;
    }

    /** Adds the entries of a blob to {@code into}, in order. */
    public static void decodeEntries(byte[] blob, List<JournalEntry> into) {
        Input in = new Input(blob);
        in.readHeader();
        while (in.hasMore()) into.add(in.readEntry());
    }

    public static byte[] encodeSnapshot(DocumentSnapshot snapshot) {
        return encodeSnapshot(snapshot, FORMAT_VERSION);
    }

    /** A snapshot in format 2 or 3 (tests of older stores write format 2). */
    static byte[] encodeSnapshot(DocumentSnapshot snapshot, int format) {
        if (format != 2 && format != 3) throw new IllegalArgumentException("cannot write snapshot format " + format);
        Output out = new Output(64 + snapshot.text().length());
        out.writeByte(format);
        out.writeString(snapshot.docId());
        out.writeString(snapshot.text());
        out.writeCount(snapshot.links().size());
        for (LinkSnapshot l : snapshot.links()) {
            out.writeString(l.linkId());
            out.writeVarLong(l.epoch());
            List<DeltaOp> shadowOps = format >= 3 ? ShadowDiff.ops(snapshot.text(), l.shadow()) : null;
            if (format >= 3) out.writeByte(shadowOps == null ? 0 : 1);
            if (shadowOps == null) out.writeString(l.shadow());
            else out.writeOps(shadowOps);
            out.writeVarLong(l.mine());
            out.writeVarLong(l.theirs());
            out.writeVarLong(l.backupMine());
            out.writeCount(l.stack().size());
            for (StackEntry s : l.stack()) out.writeStackEntry(s);
            if (l.theirsResult() == null) {
                out.writeByte(0);
            } else {
                out.writeByte(1);
                out.writeFixedLong(l.theirsResult());
            }
        }
        out.writeCount(snapshot.conflicts().size());
        for (Conflict c : snapshot.conflicts()) out.writeConflict(c);
        return out.toByteArray();
    }

    public static DocumentSnapshot decodeSnapshot(byte[] blob) {
        Input in = new Input(blob);
        int version = in.readHeader();
        String docId = in.readString();
        String text = in.readString();
        int linkCount = in.readCount();
        List<LinkSnapshot> links = new ArrayList<>(linkCount);
        for (int i = 0; i < linkCount; i++) {
            String linkId = in.readString();
            long epoch = in.readVarLong();
            int form = version >= 3 ? in.readByte() : 0;
            String shadow = switch (form) {
                case 0 -> in.readString();
                case 1 -> ShadowDiff.apply(text, in.readOps());
                default -> throw new IllegalArgumentException("bad shadow form " + form);
            };
            long mine = in.readVarLong();
            long theirs = in.readVarLong();
            long backupMine = in.readVarLong();
            int stackSize = in.readCount();
            List<StackEntry> stack = new ArrayList<>(stackSize);
            for (int j = 0; j < stackSize; j++) stack.add(in.readStackEntry());
            Long theirsResult = null;
            if (version >= 2) {
                int known = in.readByte();
                if (known == 1) theirsResult = in.readFixedLong();
                else if (known != 0) throw new IllegalArgumentException("bad result checksum marker " + known);
            }
            links.add(new LinkSnapshot(linkId, epoch, shadow, mine, theirs, backupMine, stack, theirsResult));
        }
        int conflictCount = in.readCount();
        List<Conflict> conflicts = new ArrayList<>(conflictCount);
        for (int i = 0; i < conflictCount; i++) conflicts.add(in.readConflict());
        if (in.hasMore()) throw new IllegalArgumentException("trailing bytes after the snapshot");
        return new DocumentSnapshot(docId, text, links, conflicts);
    }

    private static int originCode(Conflict.Origin o) {
        return switch (o) {
            case REMOTE_EDIT_REJECTED -> 1;
            case LOCAL_EDIT_REJECTED_BY_HUB -> 2;
            case RESET_MERGE -> 3;
        };
    }

    private static Conflict.Origin origin(int code) {
        return switch (code) {
            case 1 -> Conflict.Origin.REMOTE_EDIT_REJECTED;
            case 2 -> Conflict.Origin.LOCAL_EDIT_REJECTED_BY_HUB;
            case 3 -> Conflict.Origin.RESET_MERGE;
            default -> throw new IllegalArgumentException("unknown conflict origin code " + code);
        };
    }

    /**
     * A growable byte array that entries are encoded into (the stores keep one per document as its buffer, so
     * buffered entries cost their encoded size and no objects).
     */
    public static final class Output {
        private byte[] buf;
        private int size;

        public Output(int initialCapacity) {
            buf = new byte[Math.max(16, initialCapacity)];
        }

        /** Writes the format version byte that starts every blob. */
        public void writeHeader() {
            writeByte(FORMAT_VERSION);
        }

        public int size() {
            return size;
        }

        public byte[] toByteArray() {
            return Arrays.copyOf(buf, size);
        }

        /** Appends the bytes of another output from byte {@code from} on (1 skips its header). */
        public void append(Output other, int from) {
            int n = other.size - from;
            ensure(n);
            System.arraycopy(other.buf, from, buf, size, n);
            size += n;
        }

        /** Cuts the output back to {@code newSize} bytes (drops a partly written entry). */
        public void truncate(int newSize) {
            if (newSize < 0 || newSize > size) throw new IllegalArgumentException("bad size " + newSize);
            size = newSize;
        }

        public void writeEntry(JournalEntry entry) {
            if (entry instanceof JournalEntry.Splice s) {
                writeByte(SPLICE);
                writeNullableString(s.linkId());
                writeCount(s.pos());
                writeCount(s.deleted());
                writeString(s.inserted());
            } else if (entry instanceof JournalEntry.Versions v) {
                writeByte(VERSIONS);
                writeString(v.linkId());
                writeVarLong(v.mine());
                writeVarLong(v.theirs());
                writeVarLong(v.backupMine());
            } else if (entry instanceof JournalEntry.TheirsApplied t) {
                writeByte(THEIRS_APPLIED);
                writeString(t.linkId());
                writeFixedLong(t.resultChecksum());
            } else if (entry instanceof JournalEntry.StackPush p) {
                writeByte(STACK_PUSH);
                writeString(p.linkId());
                writeStackEntry(p.entry());
            } else if (entry instanceof JournalEntry.EditMade m) {
                writeByte(EDIT_MADE);
                writeString(m.linkId());
                writeStackEntry(m.entry());
            } else if (entry instanceof JournalEntry.StackPrune p) {
                writeByte(STACK_PRUNE);
                writeString(p.linkId());
                writeVarLong(p.belowVersion());
            } else if (entry instanceof JournalEntry.StackTruncate t) {
                writeByte(STACK_TRUNCATE);
                writeString(t.linkId());
                writeVarLong(t.fromVersion());
            } else if (entry instanceof JournalEntry.LinkReset r) {
                writeByte(LINK_RESET);
                writeString(r.linkId());
                writeVarLong(r.epoch());
                writeString(r.shadow());
            } else if (entry instanceof JournalEntry.LinkRestarted r) {
                writeByte(LINK_RESTARTED);
                writeString(r.linkId());
                writeVarLong(r.epoch());
                writeVarLong(r.theirs());
            } else if (entry instanceof JournalEntry.LinkRemoved r) {
                writeByte(LINK_REMOVED);
                writeString(r.linkId());
            } else if (entry instanceof JournalEntry.ConflictAdded c) {
                writeByte(CONFLICT_ADDED);
                writeConflict(c.conflict());
            } else if (entry instanceof JournalEntry.ConflictRemoved c) {
                writeByte(CONFLICT_REMOVED);
                writeString(c.conflictId());
            } else {
                throw new IllegalArgumentException("no encoding for " + entry.getClass().getName());
            }
        }

        void writeStackEntry(StackEntry s) {
            writeVarLong(s.version());
            Delta d = s.delta();
            writeCount(d.baseLength());
            writeFixedLong(d.baseChecksum());
            writeCount(d.resultLength());
            writeFixedLong(d.resultChecksum());
            writeOps(d.ops());
            writeOps(s.undo());
        }

        void writeConflict(Conflict c) {
            writeString(c.id());
            writeString(c.docId());
            writeString(c.author());
            writeVarLong(c.createdMillis());
            writeCount(originCode(c.origin()));
            writeVarInt(c.aimedAt());
            writeString(c.contextBefore());
            writeString(c.deleted());
            writeString(c.inserted());
            writeString(c.contextAfter());
            writeString(c.reason());
        }

        void writeOps(List<DeltaOp> ops) {
            writeCount(ops.size());
            for (DeltaOp op : ops) {
                if (op instanceof DeltaOp.Keep k) {
                    writeUnsigned(((long) k.count() << 2) | KEEP);
                } else if (op instanceof DeltaOp.Delete d) {
                    writeUnsigned(((long) d.count() << 2) | DELETE);
                } else {
                    String t = ((DeltaOp.Insert) op).text();
                    writeUnsigned(((long) t.length() << 2) | INSERT);
                    writeChars(t);
                }
            }
        }

        void writeByte(int b) {
            ensure(1);
            buf[size++] = (byte) b;
        }

        void writeVarInt(int v) {
            writeVarLong(v);
        }

        /** A non-negative int (a count, a position, a length) as an unsigned varint. */
        void writeCount(int v) {
            if (v < 0) throw new IllegalArgumentException("negative count " + v);
            writeUnsigned(v);
        }

        void writeVarLong(long v) {
            writeUnsigned((v << 1) ^ (v >> 63)); // zig-zag: small negatives stay small
        }

        private void writeUnsigned(long v) {
            ensure(10);
            while ((v & ~0x7FL) != 0) {
                buf[size++] = (byte) ((v & 0x7F) | 0x80);
                v >>>= 7;
            }
            buf[size++] = (byte) v;
        }

        void writeFixedLong(long v) {
            ensure(8);
            for (int shift = 56; shift >= 0; shift -= 8) buf[size++] = (byte) (v >>> shift);
        }

        void writeString(String s) {
            writeUnsigned(s.length());
            writeChars(s);
        }

        void writeNullableString(String s) {
            if (s == null) {
                writeUnsigned(0);
            } else {
                writeUnsigned(s.length() + 1L);
                writeChars(s);
            }
        }

        private void writeChars(String s) {
            int n = s.length();
            ensure(3 * n);
            byte[] b = buf;
            int p = size;
            for (int i = 0; i < n; i++) {
                char c = s.charAt(i);
                if (c < 0x80) {
                    b[p++] = (byte) c;
                } else if (c < 0x800) {
                    b[p++] = (byte) (0xC0 | (c >> 6));
                    b[p++] = (byte) (0x80 | (c & 0x3F));
                } else {
                    b[p++] = (byte) (0xE0 | (c >> 12));
                    b[p++] = (byte) (0x80 | ((c >> 6) & 0x3F));
                    b[p++] = (byte) (0x80 | (c & 0x3F));
                }
            }
            size = p;
        }

        private void ensure(int more) {
            if (size + more > buf.length) {
                long want = Math.max((long) buf.length * 2, (long) size + more);
                if (want > Integer.MAX_VALUE - 8) throw new IllegalArgumentException("encoded state too large");
                buf = Arrays.copyOf(buf, (int) want);
            }
        }
    }

    /** Reads what {@link Output} wrote; every malformed input fails with IllegalArgumentException. */
    static final class Input {
        private final byte[] buf;
        private int pos;

        Input(byte[] buf) {
            this.buf = buf;
        }

        /** Reads the format version byte and returns it. */
        int readHeader() {
            int version = readByte();
            if (version < OLDEST_READABLE_VERSION || version > FORMAT_VERSION) {
                throw new IllegalArgumentException("unknown storage format version " + version
                        + " (this version of Tandem reads " + OLDEST_READABLE_VERSION + " to " + FORMAT_VERSION + ")");
            }
            return version;
        }

        boolean hasMore() {
            return pos < buf.length;
        }

        JournalEntry readEntry() {
            int tag = readByte();
            return switch (tag) {
                case SPLICE -> new JournalEntry.Splice(readNullableString(), readInt(), readInt(), readString());
                case VERSIONS -> new JournalEntry.Versions(readString(), readVarLong(), readVarLong(), readVarLong());
                case THEIRS_APPLIED -> new JournalEntry.TheirsApplied(readString(), readFixedLong());
                case STACK_PUSH -> new JournalEntry.StackPush(readString(), readStackEntry());
                case EDIT_MADE -> new JournalEntry.EditMade(readString(), readStackEntry());
                case STACK_PRUNE -> new JournalEntry.StackPrune(readString(), readVarLong());
                case STACK_TRUNCATE -> new JournalEntry.StackTruncate(readString(), readVarLong());
                case LINK_RESET -> new JournalEntry.LinkReset(readString(), readVarLong(), readString());
                case LINK_RESTARTED -> new JournalEntry.LinkRestarted(readString(), readVarLong(), readVarLong());
                case LINK_REMOVED -> new JournalEntry.LinkRemoved(readString());
                case CONFLICT_ADDED -> new JournalEntry.ConflictAdded(readConflict());
                case CONFLICT_REMOVED -> new JournalEntry.ConflictRemoved(readString());
                default -> throw new IllegalArgumentException("unknown journal entry tag " + tag + " at byte " + (pos - 1));
            };
        }

        StackEntry readStackEntry() {
            long version = readVarLong();
            int baseLength = readInt();
            long baseChecksum = readFixedLong();
            int resultLength = readInt();
            long resultChecksum = readFixedLong();
            List<DeltaOp> ops = readOps();
            List<DeltaOp> undo = readOps();
            return new StackEntry(version, new Delta(ops, baseLength, baseChecksum, resultLength, resultChecksum), undo);
        }

        Conflict readConflict() {
            return new Conflict(readString(), readString(), readString(), readVarLong(), origin(readInt()),
                    readVarInt(), readString(), readString(), readString(), readString(), readString());
        }

        List<DeltaOp> readOps() {
            int n = readCount();
            List<DeltaOp> ops = new ArrayList<>(n);
            for (int i = 0; i < n; i++) {
                long head = readUnsigned();
                long count = head >>> 2;
                if (count > Integer.MAX_VALUE) throw new IllegalArgumentException("op count too large: " + count);
                ops.add(switch ((int) (head & 3)) {
                    case KEEP -> new DeltaOp.Keep((int) count);
                    case DELETE -> new DeltaOp.Delete((int) count);
                    case INSERT -> new DeltaOp.Insert(readChars((int) count));
                    default -> throw new IllegalArgumentException("unknown delta op kind " + (head & 3));
                });
            }
            return ops;
        }

        int readByte() {
            if (pos >= buf.length) throw new IllegalArgumentException("truncated blob at byte " + pos);
            return buf[pos++] & 0xFF;
        }

        /** A count that must also fit in what is left of the blob (so a corrupt count cannot allocate gigabytes). */
        int readCount() {
            long n = readUnsigned();
            if (n > buf.length - pos) throw new IllegalArgumentException("count " + n + " exceeds the blob at " + pos);
            return (int) n;
        }

        /** A non-negative int written by {@code writeCount} (no bound by the blob's size). */
        int readInt() {
            long v = readUnsigned();
            if (v > Integer.MAX_VALUE) throw new IllegalArgumentException("int out of range: " + v);
            return (int) v;
        }

        int readVarInt() {
            long v = readVarLong();
            if (v != (int) v) throw new IllegalArgumentException("int out of range: " + v);
            return (int) v;
        }

        long readVarLong() {
            long u = readUnsigned();
            return (u >>> 1) ^ -(u & 1);
        }

        private long readUnsigned() {
            long v = 0;
            for (int shift = 0; shift < 64; shift += 7) {
                int b = readByte();
                v |= (long) (b & 0x7F) << shift;
                if ((b & 0x80) == 0) return v;
            }
            throw new IllegalArgumentException("varint too long at byte " + pos);
        }

        long readFixedLong() {
            if (buf.length - pos < 8) throw new IllegalArgumentException("truncated blob at byte " + pos);
            long v = 0;
            for (int i = 0; i < 8; i++) v = (v << 8) | (buf[pos++] & 0xFF);
            return v;
        }

        String readString() {
            return readChars(readCount());
        }

        String readNullableString() {
            long n = readUnsigned();
            if (n == 0) return null;
            if (n - 1 > buf.length - pos) throw new IllegalArgumentException("string exceeds the blob at " + pos);
            return readChars((int) (n - 1));
        }

        private String readChars(int n) {
            if (n > buf.length - pos) throw new IllegalArgumentException("string exceeds the blob at " + pos);
            char[] out = new char[n];
            byte[] b = buf;
            int p = pos;
            for (int i = 0; i < n; i++) {
                if (p >= b.length) throw new IllegalArgumentException("truncated string at byte " + p);
                int c = b[p++] & 0xFF;
                if (c < 0x80) {
                    out[i] = (char) c;
                } else if ((c & 0xE0) == 0xC0) {
                    if (p >= b.length) throw new IllegalArgumentException("truncated string at byte " + p);
                    out[i] = (char) (((c & 0x1F) << 6) | (b[p++] & 0x3F));
                } else if ((c & 0xF0) == 0xE0) {
                    if (p + 1 >= b.length) throw new IllegalArgumentException("truncated string at byte " + p);
                    out[i] = (char) (((c & 0x0F) << 12) | ((b[p] & 0x3F) << 6) | (b[p + 1] & 0x3F));
                    p += 2;
                } else {
                    throw new IllegalArgumentException("bad string byte " + c + " at " + (p - 1));
                }
            }
            pos = p;
            return new String(out);
        }
    }
}
