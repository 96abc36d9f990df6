package dev.tandem.engine.sync;

import java.util.Arrays;

/**
 * The changes of a run of pending splices that {@link Link} is composing into one edit, in the text's current
 * coordinates, and the rule for whether the next splice may join the run (see {@link #joins}).
 *
 * <p>The ranges are closed, sorted and disjoint, held in two parallel int arrays. A splice finds the ranges it touches
 * and its two neighbours by binary search; only the ranges after it shift. The list of ranges this replaces checked
 * every range three times per splice, so a run cost O(splices²) of scattered reads: on a hub's view that fell behind
 * 200 writers, a seventh of the relay's owner thread, growing with how far behind it was (session 17).
 *
 * <p>Why the ranges stay sorted and disjoint: a range is added only when it is at least {@code 2 * context} from every
 * other; a splice that touches ranges grows them and stays {@code context} from the rest; the ranges it touches
 * overlap afterwards (each holds the splice's position) and are merged into their union, which answers every later
 * question as the separate ranges did. Ranges after a splice shift by its net length, which keeps their gaps.
 *
 * <p>Concurrency: confined to the link's owner, like the link.
 */
final class RunRanges {

    private final int context;
    private int[] from = new int[16];
    private int[] to = new int[16];
    private int size;

    RunRanges(int context) {
        this.context = context;
    }

    /** Starts a run with its first splice. */
    void start(TextSplice first) {
        size = 1;
        from[0] = first.pos();
        to[0] = first.pos() + first.inserted().length();
    }

    /**
     * Whether {@code next} may join the run (updating the ranges if it does): it touches the last splice or a change of
     * the run (someone typing on at a place already changed) and stays {@code context} chars from the run's other
     * changes; or it is at least {@code 2 * context} chars from every change of the run.
     *
     * <p>A change the run already holds counts as well as the last splice: on a hub, one view's pending splices are
     * many writers' keystrokes, interleaved. Were only the last splice counted, each writer's second keystroke would
     * end the run, and a view that fell behind would make one edit per few splices instead of catching up in one.
     */
    boolean joins(TextSplice last, TextSplice next) {
        int p = next.pos();
        int end = p + next.deleted();
        int inserted = next.inserted().length();
        int net = inserted - next.deleted();
        int i = firstEndingAtOrAfter(p);
        int j = i;
        while (j < size && from[j] <= end) j++; // [i, j): the ranges the splice touches or overlaps
        boolean touching = j > i || touches(last, next);
        // Every other change must stay far enough that the receiver never groups it with this one; the nearest on
        // each side is the closest of its side, as the ranges are sorted and disjoint.
        int margin = touching ? context : 2 * context;
        if (i > 0 && p < to[i - 1] + margin) return false;
        if (j < size && end > from[j] - margin) return false;
        if (j > i) {
            // The touched ranges grow over the splice; they then overlap, so they become their union.
            from[i] = Math.min(from[i], p);
            to[i] = Math.max(to[j - 1] + net, p + inserted);
            int merged = j - i - 1;
            if (merged > 0) {
                System.arraycopy(from, j, from, i + 1, size - j);
                System.arraycopy(to, j, to, i + 1, size - j);
                size -= merged;
            }
        } else {
            ensure(size + 1);
            System.arraycopy(from, i, from, i + 1, size - i);
            System.arraycopy(to, i, to, i + 1, size - i);
            from[i] = p;
            to[i] = p + inserted;
            size++;
        }
        if (net != 0) {
            for (int k = i + 1; k < size; k++) {
                from[k] += net;
                to[k] += net;
            }
        }
        return true;
    }

    /** How many separate changes the run holds. */
    int size() {
        return size;
    }

    /** The index of the first range whose end is at or after {@code p} ({@code size} if none). */
    private int firstEndingAtOrAfter(int p) {
        int lo = 0;
        int hi = size;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (to[mid] < p) lo = mid + 1;
            else hi = mid;
        }
        return lo;
    }

    private void ensure(int capacity) {
        if (capacity <= from.length) return;
        from = Arrays.copyOf(from, Math.max(capacity, from.length * 2));
        to = Arrays.copyOf(to, from.length);
    }

    /** Whether {@code next} (made after {@code last}) touches what {@code last} left: the same place being edited. */
    static boolean touches(TextSplice last, TextSplice next) {
        int lastEnd = last.pos() + last.inserted().length();
        return next.pos() <= lastEnd && next.pos() + next.deleted() >= last.pos();
    }
}
