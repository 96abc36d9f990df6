package dev.tandem.engine.text;

import java.util.ArrayList;
import java.util.List;

/**
 * A mutable text that keeps its {@link TextChecksum} up to date under splices, in O(splice) each.
 *
 * <p>The chars live in chunks of a few KB, not in one array: a splice moves the chars of its own chunk only, where one
 * array would move everything after it. That is what keeps a splice O(edit) on a hub, where one keystroke of any
 * writer is spliced into every view's shadow — with 200 writers on a 100 KB document, moving the whole tail of every
 * shadow per keystroke took a fifth of the relay's time. Reads by position find their chunk by binary search, with the
 * last chunk used tried first, so a scan costs about what it costs on one array.
 *
 * <p>A text can {@link #become} a copy of another in O(chunks): the two share their chunks, and whichever writes a
 * shared chunk first writes a copy of it. A hub's view of a client catches up with the server text that way, instead of
 * splicing every other writer's keystrokes into its shadow one by one.
 *
 * <p>Concurrency: not thread-safe. A TrackedText belongs to the single owner of its document state
 * (a client's document actor, a hub's per-document executor); texts that share chunks belong to the same owner.
 */
public final class TrackedText implements CharSequence {

    /** Told of every splice after it happened (a store's journal, for instance). */
    @FunctionalInterface
    public interface SpliceListener {
        void spliced(int pos, int deleted, String inserted);
    }

    /** Chars per chunk when a text is cut; a chunk grows to twice that before it is cut again. */
    static final int CHUNK = 1024;

    private final int chunkSize;
    private final List<Chunk> chunks = new ArrayList<>();
    /*
     * Where each chunk starts, in two levels: chunk k starts at blockStart[k / BLOCK] + rel[k] (start(k)). A splice
     * moves the starts after it: up to BLOCK - 1 in its block, then one per later block, where one array of starts
     * moved all of them (a 10 MB text has some 10,000 chunks). At 200 clients' texts of 500 KB in one load generator it
     * measured no faster: there the cost of a splice is the cache misses of reaching a cold text, not the moves.
     */
    private static final int BLOCK_SHIFT = 5;
    private static final int BLOCK = 1 << BLOCK_SHIFT;
    /** rel[k]: chunk k's first char, from its block's start. */
    private int[] rel = new int[BLOCK];
    /** blockStart[b]: the text position of block b's first chunk. */
    private int[] blockStart = new int[1];
    private int length;
    /** The chunk the last read found (reads are mostly near each other). */
    private int lastChunk;
    /** Whether the checksum is kept: shadows need it, document texts do not (speedup) until {@link #keepChecksum}. */
    private boolean checksummed;
    private long checksum;
    private SpliceListener listener = (p, d, i) -> { };
    /** Two reused buffers for the chars around a splice, before and after it (speedup: no strings per splice). */
    private final char[][] scratch = new char[2][];
    /** A buffer that outgrew this (a large paste) is not kept. */
    private static final int KEPT_SCRATCH = 4096;

    public TrackedText(CharSequence initial) {
        this(initial, true);
    }

    /** A text that keeps its checksum only if {@code checksummed}; {@link #checksum()} fails otherwise. */
    public TrackedText(CharSequence initial, boolean checksummed) {
        this(initial, checksummed, CHUNK);
    }

    /** With small chunks, for tests that want splices across chunk boundaries. */
    TrackedText(CharSequence initial, boolean checksummed, int chunkSize) {
        if (chunkSize < 2) throw new IllegalArgumentException("chunkSize must be at least 2");
        this.chunkSize = chunkSize;
        this.checksummed = checksummed;
        fill(initial);
        this.checksum = checksummed ? TextChecksum.of(initial) : 0L;
    }

    public TrackedText(TrackedText other) {
        this.chunkSize = other.chunkSize;
        this.checksummed = other.checksummed;
        this.checksum = other.checksum;
        for (Chunk c : other.chunks) chunks.add(new Chunk(new StringBuilder(c.chars)));
        this.rel = other.rel.clone();
        this.blockStart = other.blockStart.clone();
        this.length = other.length;
    }

    /** Some of a text's chars. Once {@code shared} by two texts, neither writes it again: a writer copies it first. */
    private static final class Chunk {
        final StringBuilder chars;
        boolean shared;

        Chunk(StringBuilder chars) {
            this.chars = chars;
        }
    }

    /**
     * Makes this text equal to {@code other}, in O(chunks): the two share every chunk until one of them writes it.
     * The listener is not told (no splice happened that a journal could replay); the caller records the change.
     */
    public void become(TrackedText other) {
        if (other.chunkSize != chunkSize) throw new IllegalArgumentException("chunk sizes differ");
        if (checksummed && !other.checksummed) throw new IllegalArgumentException("the other text keeps no checksum");
        if (other == this) return;
        chunks.clear();
        for (Chunk c : other.chunks) {
            c.shared = true;
            chunks.add(c);
        }
        takeLayout(other);
    }

    /**
     * A copy that shares this text's chunks (O(chunks)), keeping no checksum. Neither text writes a shared chunk again,
     * so the copy's chars stay as they are now while this text goes on changing: another thread may read the copy once
     * it was handed over (a hub's checkpoint is encoded off the document's owner). The copy itself is not to be written.
     */
    public TrackedText frozenCopy() {
        TrackedText copy = new TrackedText("", false, chunkSize);
        copy.become(this);
        return copy;
    }

    /**
     * Makes this text equal to {@code other} by copying its chars into this text's own chunks (O(length), no chunk
     * shared, none allocated where this text has one to reuse), and takes its checksum. Unlike {@link #become}, neither
     * text copies a chunk on its next write. The listener is not told; the caller records the change.
     */
    public void copyFrom(TrackedText other) {
        if (other.chunkSize != chunkSize) throw new IllegalArgumentException("chunk sizes differ");
        if (checksummed && !other.checksummed) throw new IllegalArgumentException("the other text keeps no checksum");
        if (other == this) return;
        int n = other.chunks.size();
        for (int k = 0; k < n; k++) {
            StringBuilder from = other.chunks.get(k).chars;
            Chunk own = k < chunks.size() ? chunks.get(k) : null;
            if (own == null || own.shared) {
                own = new Chunk(copyOf(from));
                if (k < chunks.size()) chunks.set(k, own); else chunks.add(own);
            } else {
                own.chars.setLength(0);
                own.chars.append(from);
            }
        }
        if (chunks.size() > n) chunks.subList(n, chunks.size()).clear();
        takeLayout(other);
    }

    /** Takes {@code other}'s chunk starts, length and checksum, once this text holds chunks of the same lengths. */
    private void takeLayout(TrackedText other) {
        int n = other.chunks.size();
        if (rel.length < n) rel = new int[other.rel.length];
        System.arraycopy(other.rel, 0, rel, 0, n);
        int blocks = blocks(n);
        if (blockStart.length < blocks) blockStart = new int[other.blockStart.length];
        System.arraycopy(other.blockStart, 0, blockStart, 0, blocks);
        length = other.length;
        checksum = checksummed ? other.checksum : 0L;
        lastChunk = 0;
    }

    /** How many chunks hold the chars: what {@link #become} costs, in chunk references. */
    public int chunkCount() {
        return chunks.size();
    }

    /** Whether {@link #checksum()} is kept. */
    public boolean checksummed() {
        return checksummed;
    }

    /**
     * Keeps the checksum from now on, starting from {@code known}, which the caller knows to be this text's (another
     * text with the same chars has it): O(1), where {@link #keepChecksum()} computes it.
     */
    public void keepChecksum(long known) {
        checksummed = true;
        checksum = known;
    }

    /** Stops keeping the checksum (splices get cheaper); {@link #checksum()} fails until it is kept again. */
    public void dropChecksum() {
        checksummed = false;
        checksum = 0L;
    }

    /** Keeps the checksum from now on: computed once here (O(length)), then updated by every splice (O(splice)). */
    public void keepChecksum() {
        if (checksummed) return;
        checksum = TextChecksum.of(this);
        checksummed = true;
    }

    /** Chunk {@code k}'s chars, for writing: a shared chunk is first replaced by a copy of its own. */
    private StringBuilder writable(int k) {
        Chunk c = chunks.get(k);
        if (!c.shared) return c.chars;
        Chunk own = new Chunk(copyOf(c.chars));
        chunks.set(k, own);
        return own.chars;
    }

    /**
     * A chunk's chars in a builder of their own, in the same one-or-two-bytes-a-char form, with room for a keystroke
     * (16 chars): the copy is made to be written, and one exactly full would be copied again by the splice that asked
     * for it. An empty builder given a chunk that holds a char above U+00FF allocates twice, in one byte a char and then
     * again in two. Copies made so were a third of the byte arrays a relay with 100 writers allocated; at 200 writers
     * the relay did 147 young collections in a 70-second run, and 82 with one allocation per copy (one run each).
     */
    private static StringBuilder copyOf(StringBuilder chars) {
        return new StringBuilder(chars);
    }

    /** Replaces {@code deleted} chars at {@code pos} by {@code inserted}. */
    public void splice(int pos, int deleted, CharSequence inserted) {
        if (pos < 0 || deleted < 0 || pos + deleted > length) {
            throw new IndexOutOfBoundsException("splice " + pos + "+" + deleted + " outside 0.." + length);
        }
        if (deleted == 0 && inserted.length() == 0) return;
        String ins = inserted.toString();
        if (!checksummed) {
            replace(pos, deleted, ins);
            listener.spliced(pos, deleted, ins);
            return;
        }
        // The windows that overlap the splice, before and after it, read from two small copies of the chars around it:
        // the same up to WINDOW - 1 chars on each side, with the deleted chars between them, then the inserted ones.
        int w = TextChecksum.WINDOW;
        int lo = Math.max(0, pos - w + 1);
        int end = pos + deleted;
        int hi = Math.min(length, end + w - 1);
        int before = pos - lo;
        int after = hi - end;
        char[] was = scratch(0, before + deleted + after);
        copyChars(lo, hi, was, 0);
        char[] now = scratch(1, before + ins.length() + after);
        System.arraycopy(was, 0, now, 0, before);
        ins.getChars(0, ins.length(), now, before);
        System.arraycopy(was, before + deleted, now, before + ins.length(), after);
        int newLength = length - deleted + ins.length();
        checksum = checksum
                - TextChecksum.lengthTerm(length) - TextChecksum.windows(was, lo, length, pos - w + 1, end)
                + TextChecksum.lengthTerm(newLength) + TextChecksum.windows(now, lo, newLength, pos - w + 1, pos + ins.length());
        replace(pos, deleted, ins);
        listener.spliced(pos, deleted, ins);
    }

    /** Scratch buffer {@code i} with room for {@code n} chars. */
    private char[] scratch(int i, int n) {
        char[] b = scratch[i];
        if (b != null && b.length >= n) return b;
        b = new char[Math.max(n, 64)];
        if (n <= KEPT_SCRATCH) scratch[i] = b;
        return b;
    }

    /** Copies the chars in {@code [start, end)} into {@code dst} from {@code at} on. */
    private void copyChars(int start, int end, char[] dst, int at) {
        if (start == end) return;
        int k = chunkOf(start);
        while (start < end) {
            int first = start(k);
            int from = start - first;
            int to = Math.min(start(k + 1), end) - first;
            chunks.get(k).chars.getChars(from, to, dst, at);
            at += to - from;
            start += to - from;
            k++;
        }
    }

    /** Sets the listener told of every later splice (one at a time; replaces the previous one). */
    public void setSpliceListener(SpliceListener listener) {
        this.listener = java.util.Objects.requireNonNull(listener, "listener");
    }

    /** Replaces the whole content (O(length)), as one splice. */
    public void setAll(CharSequence content) {
        int old = length;
        fill(content);
        checksum = checksummed ? TextChecksum.of(content) : 0L;
        listener.spliced(0, old, content.toString());
    }

    public long checksum() {
        if (!checksummed) throw new IllegalStateException("this text keeps no checksum");
        return checksum;
    }

    @Override
    public int length() {
        return length;
    }

    @Override
    public char charAt(int index) {
        if (index < 0 || index >= length) throw new IndexOutOfBoundsException("index " + index + " outside 0.." + length);
        int k = chunkOf(index);
        return chunks.get(k).chars.charAt(index - start(k));
    }

    @Override
    public CharSequence subSequence(int start, int end) {
        return substring(start, end);
    }

    public String substring(int start, int end) {
        if (start < 0 || end > length || start > end) {
            throw new IndexOutOfBoundsException("range " + start + ".." + end + " outside 0.." + length);
        }
        if (start == end) return "";
        int k = chunkOf(start);
        int kEnd = chunkOf(end - 1);
        if (k == kEnd) return chunks.get(k).chars.substring(start - start(k), end - start(k));
        StringBuilder out = new StringBuilder(end - start);
        for (int i = k; i <= kEnd; i++) {
            StringBuilder c = chunks.get(i).chars;
            int from = Math.max(0, start - start(i));
            int to = Math.min(c.length(), end - start(i));
            out.append(c, from, to);
        }
        return out.toString();
    }

    @Override
    public String toString() {
        if (chunks.size() == 1) return chunks.get(0).chars.toString();
        StringBuilder out = new StringBuilder(length);
        for (Chunk c : chunks) out.append(c.chars);
        return out.toString();
    }

    // ------------------------------------------------------------------------------------------------------ chunks

    /** Cuts {@code content} into chunks of {@link #chunkSize}. */
    private void fill(CharSequence content) {
        chunks.clear();
        int n = content.length();
        for (int from = 0; from < n || chunks.isEmpty(); from += chunkSize) {
            chunks.add(new Chunk(new StringBuilder(content.subSequence(from, Math.min(n, from + chunkSize)))));
        }
        length = n;
        lastChunk = 0;
        renumber();
    }

    /** Recomputes where every chunk starts (O(chunks): after chunks were cut, joined or removed). */
    private void renumber() {
        int n = chunks.size();
        if (rel.length < n) rel = new int[Math.max(n, rel.length * 2)];
        if (blockStart.length < blocks(n)) blockStart = new int[Math.max(blocks(n), blockStart.length * 2)];
        int at = 0;
        for (int k = 0; k < n; k++) {
            if ((k & (BLOCK - 1)) == 0) blockStart[k >> BLOCK_SHIFT] = at;
            rel[k] = at - blockStart[k >> BLOCK_SHIFT];
            at += chunks.get(k).chars.length();
        }
    }

    /** How many blocks {@code n} chunks make. */
    private static int blocks(int n) {
        return (n + BLOCK - 1) >> BLOCK_SHIFT;
    }

    /** The text position of chunk {@code k}'s first char; the length for {@code k == chunks.size()}. */
    private int start(int k) {
        return k == chunks.size() ? length : blockStart[k >> BLOCK_SHIFT] + rel[k];
    }

    /** The chunk holding position {@code pos} (0 <= pos < length); the last chunk for pos == length. */
    private int chunkOf(int pos) {
        int k = lastChunk;
        int last = chunks.size() - 1;
        if (k <= last && start(k) <= pos && (pos < start(k + 1) || k == last)) return k;
        // The last block starting at or before pos, then the last chunk of it starting at or before pos.
        int lo = 0;
        int hi = blocks(last + 1) - 1;
        while (lo < hi) {
            int mid = (lo + hi + 1) >>> 1;
            if (blockStart[mid] <= pos) lo = mid; else hi = mid - 1;
        }
        int local = pos - blockStart[lo];
        hi = Math.min(last, (lo << BLOCK_SHIFT) + BLOCK - 1);
        lo <<= BLOCK_SHIFT;
        while (lo < hi) {
            int mid = (lo + hi + 1) >>> 1;
            if (rel[mid] <= local) lo = mid; else hi = mid - 1;
        }
        // Skip empty chunks starting at pos (only the single chunk of an empty text is empty, but be safe).
        while (lo < last && pos >= start(lo + 1)) lo++;
        lastChunk = lo;
        return lo;
    }

    private void replace(int pos, int deleted, String inserted) {
        int k = chunkOf(pos);
        StringBuilder c = chunks.get(k).chars;
        int local = pos - start(k);
        if (local + deleted <= c.length() && c.length() - deleted + inserted.length() <= 2 * chunkSize) {
            // Within one chunk (the common case): move this chunk's chars only.
            c = writable(k);
            c.replace(local, local + deleted, inserted);
            int net = inserted.length() - deleted;
            int n = chunks.size();
            int b = k >> BLOCK_SHIFT;
            for (int i = k + 1, blockEnd = Math.min(n, (b + 1) << BLOCK_SHIFT); i < blockEnd; i++) rel[i] += net;
            for (int j = b + 1, blocks = blocks(n); j < blocks; j++) blockStart[j] += net;
            length += net;
            if (c.length() == 0 && chunks.size() > 1) {
                chunks.remove(k);
                renumber();
                lastChunk = 0;
            }
            return;
        }
        // Across chunks, or a chunk grown too large: rebuild the chunks the splice touches.
        int end = pos + deleted;
        int kEnd = end >= length ? chunks.size() - 1 : chunkOf(end);
        StringBuilder joined = new StringBuilder();
        joined.append(chunks.get(k).chars, 0, local);
        joined.append(inserted);
        StringBuilder last = chunks.get(kEnd).chars;
        joined.append(last, end - start(kEnd), last.length());
        List<Chunk> pieces = new ArrayList<>();
        for (int from = 0; from < joined.length(); from += chunkSize) {
            pieces.add(new Chunk(new StringBuilder(joined.subSequence(from, Math.min(joined.length(), from + chunkSize)))));
        }
        chunks.subList(k, kEnd + 1).clear();
        chunks.addAll(k, pieces);
        if (chunks.isEmpty()) chunks.add(new Chunk(new StringBuilder()));
        length += inserted.length() - deleted;
        lastChunk = 0;
        renumber();
    }
}
