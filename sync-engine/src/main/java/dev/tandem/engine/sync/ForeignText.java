package dev.tandem.engine.sync;

/**
 * Which chars of a link's text were typed into it — by the user, or by another link's patch on a hub — since the link's
 * shadow last caught up with the text: chars the other side of the link has never seen. A sorted set of disjoint
 * ranges in text coordinates, kept current through every splice of the text.
 *
 * <p>Why: when the other side's edit deletes a stretch of the shadow, the text found there may hold such chars, and
 * they are not the other side's to delete (it never saw them; a sequence CRDT would keep them too). Without this
 * record the patcher can only guess them by aligning the found text with the deleted one, and a guess fails exactly
 * when the typed text looks like the deleted text — a marker "⟦c2-179⟧" typed over "⟦c2-17x⟧" was taken for a
 * respelling and deleted with it (./tandem sim, seed 429). With the record the patcher knows them.
 *
 * <p>The record is a hint that only ever spares more: lost (after a restart, or past {@link #MAX_RANGES}), the patcher
 * falls back to its alignment; it never makes a deletion remove a char it would otherwise keep.
 *
 * <p>Concurrency: not thread-safe; owned by its {@link Link}.
 */
final class ForeignText {

    /** Past this many ranges the shortest is forgotten (its chars fall back to the patcher's alignment). */
    static final int MAX_RANGES = 256;

    private int[] starts = new int[8];
    private int[] ends = new int[8];
    private int size;

    boolean isEmpty() {
        return size == 0;
    }

    void clear() {
        size = 0;
    }

    /** Whether the char at text position {@code pos} is one the other side has not seen. */
    boolean contains(int pos) {
        int i = firstEndingAfter(pos);
        return i < size && starts[i] <= pos;
    }

    /**
     * The text had {@code deleted} chars at {@code pos} replaced by {@code inserted} chars, which are foreign if
     * {@code foreign} (typed by the user or another link), else chars the other side has as well.
     */
    void spliced(int pos, int deleted, int inserted, boolean foreign) {
        if (size == 0 && !(foreign && inserted > 0)) return;
        int end = pos + deleted;
        int net = inserted - deleted;
        // Ranges wholly before pos stay; the first that reaches past pos may be cut; those wholly after move by net.
        int i = firstEndingAfter(pos);
        int j = i; // ranges i..j-1 overlap [pos, end) or start inside it
        while (j < size && starts[j] < end) j++;
        // What remains of ranges i..j-1: a left part [starts[i], pos) and a right part [end, ends[j-1]) shifted.
        int leftStart = (i < j && starts[i] < pos) ? starts[i] : -1;
        int rightEnd = (i < j && ends[j - 1] > end) ? ends[j - 1] + net : -1;
        int replacement = (leftStart >= 0 ? 1 : 0) + (rightEnd >= 0 ? 1 : 0);
        ensureCapacity(size - (j - i) + replacement + 1);
        System.arraycopy(starts, j, starts, i + replacement, size - j);
        System.arraycopy(ends, j, ends, i + replacement, size - j);
        size += replacement - (j - i);
        int k = i;
        if (leftStart >= 0) { starts[k] = leftStart; ends[k] = pos; k++; }
        if (rightEnd >= 0) { starts[k] = pos + inserted; ends[k] = rightEnd; k++; }
        for (int m = k; m < size; m++) { starts[m] += net; ends[m] += net; }
        // A deletion inside a range leaves its two parts touching: one range again.
        if (leftStart >= 0 && rightEnd >= 0 && inserted == 0) {
            ends[i] = ends[i + 1];
            System.arraycopy(starts, i + 2, starts, i + 1, size - i - 2);
            System.arraycopy(ends, i + 2, ends, i + 1, size - i - 2);
            size--;
        }
        if (foreign && inserted > 0) mark(pos, pos + inserted);
        else if (size > MAX_RANGES) forgetShortest();
    }

    private void ensureCapacity(int needed) {
        if (needed <= starts.length) return;
        int cap = Math.max(needed, starts.length * 2);
        starts = java.util.Arrays.copyOf(starts, cap);
        ends = java.util.Arrays.copyOf(ends, cap);
    }

    /** Chars already in the text, at {@code [from, to)}, turn out to be unseen by the other side. */
    void mark(int from, int to) {
        if (to <= from) return;
        ensureCapacity(size + 1);
        size = insertMerged(starts, ends, size, from, to);
        if (size > MAX_RANGES) forgetShortest();
    }

    /** Adds [s, e) to the sorted ranges, joining the ranges it touches. */
    private static int insertMerged(int[] ns, int[] ne, int n, int s, int e) {
        int i = 0;
        while (i < n && ne[i] < s) i++;
        int j = i;
        while (j < n && ns[j] <= e) {
            s = Math.min(s, ns[j]);
            e = Math.max(e, ne[j]);
            j++;
        }
        int removed = j - i;
        if (removed == 0) {
            System.arraycopy(ns, i, ns, i + 1, n - i);
            System.arraycopy(ne, i, ne, i + 1, n - i);
            n++;
        } else if (removed > 1) {
            System.arraycopy(ns, j, ns, i + 1, n - j);
            System.arraycopy(ne, j, ne, i + 1, n - j);
            n -= removed - 1;
        }
        ns[i] = s;
        ne[i] = e;
        return n;
    }

    private void forgetShortest() {
        int best = 0;
        for (int i = 1; i < size; i++) if (ends[i] - starts[i] < ends[best] - starts[best]) best = i;
        System.arraycopy(starts, best + 1, starts, best, size - best - 1);
        System.arraycopy(ends, best + 1, ends, best, size - best - 1);
        size--;
    }

    /** Index of the first range whose end is after {@code pos}. */
    private int firstEndingAfter(int pos) {
        int lo = 0;
        int hi = size;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (ends[mid] <= pos) lo = mid + 1; else hi = mid;
        }
        return lo;
    }

    @Override
    public String toString() {
        StringBuilder b = new StringBuilder("[");
        for (int i = 0; i < size; i++) b.append(i == 0 ? "" : ", ").append(starts[i]).append('-').append(ends[i]);
        return b.append(']').toString();
    }

    int[][] ranges() {
        int[][] out = new int[size][];
        for (int i = 0; i < size; i++) out[i] = new int[] {starts[i], ends[i]};
        return out;
    }
}
