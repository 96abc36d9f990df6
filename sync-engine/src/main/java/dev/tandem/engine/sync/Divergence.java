package dev.tandem.engine.sync;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Where a link's text and shadow may differ: a sorted list of regions, each a range of the shadow and the range of the
 * text that stands in its place; between regions (the gaps) text and shadow are known to be equal, char for char.
 *
 * <p>Why regions and not one window: on a hub, a view's text is changed by every other writer of the document, at
 * places spread over it, while its shadow changes only by that view's own exchanges. One window from the lowest to the
 * highest change soon covers the whole document, and every cycle would diff all of it; with regions each cycle diffs
 * only what changed (the cost follows the edits, not the document) and many keystrokes become one edit.
 *
 * <p>Coordinates are always current: a splice of the text moves the text positions of the regions after it, a splice
 * of the shadow their shadow positions. The number of regions is bounded by merging the two nearest neighbours.
 *
 * <p>Regions live in four int arrays, not in a list of records: on a hub every keystroke of every writer is spliced
 * into every other view's divergence, so a splice must not allocate (with 200 writers this was a fifth of the relay).
 *
 * <p>Concurrency: not thread-safe; owned by its {@link Link}.
 */
final class Divergence {

    /**
     * One region: {@code shadow[s, s + sl)} stands where {@code text[t, t + tl)} is. {@code spliced}: its bounds are
     * those of the splices that made it, not where a scan of both texts stopped. {@code replaced}: it was made by splices
     * of the text alone, so none of its shadow chars is among its text chars: the text side is all new, the shadow side
     * all gone.
     */
    record Region(int s, int sl, int t, int tl, boolean spliced, boolean replaced) {
        /** A region made by splices of the text alone. */
        Region(int s, int sl, int t, int tl) {
            this(s, sl, t, tl, true, true);
        }

        int sEnd() { return s + sl; }
        int tEnd() { return t + tl; }

        /**
         * Whether this region is one change at a known place: made by splices, and only inserted or only deleted.
         * Then the edit it makes must go exactly there. A change between equal chars could be written at other places
         * with the same result ({@code ⟦c1-41⟧} typed before {@code ⟦c1-22⟧} spells {@code 41⟧⟦c1-} after its
         * {@code ⟦c1-}), but undone or merged with a change made meanwhile at the other side, the other place is another
         * text: a delete of the old marker's head then took the new one's ({@code ./tandem sim} seed 5485).
         */
        boolean exact() { return spliced && (sl == 0 || tl == 0); }
    }

    /**
     * Past this many regions the two closest are merged (the gap between them joins the region). Enough for a view
     * of a document with a few hundred writers to keep each writer's changes apart between two of its exchanges.
     */
    static final int MAX_REGIONS = 256;

    private final int maxRegions;
    private int[] s = new int[8];
    private int[] sl = new int[8];
    private int[] t = new int[8];
    private int[] tl = new int[8];
    /** Region i's bounds come from a scan ({@link #reset}), so an edit it makes may sit at any equal place. */
    private boolean[] scanned = new boolean[8];
    /**
     * Region i may hold chars that are in both its shadow and its text side: its bounds come from a scan, it was merged
     * across a gap, or the shadow was spliced there (a placed hunk is in both). Otherwise it is {@link Region#replaced}.
     */
    private boolean[] mixed = new boolean[8];
    private int n;

    Divergence() {
        this(MAX_REGIONS);
    }

    /** With a smaller bound, for tests that want regions merged. */
    Divergence(int maxRegions) {
        this.maxRegions = maxRegions;
    }

    boolean isEmpty() {
        return n == 0;
    }

    int size() {
        return n;
    }

    List<Region> regions() {
        List<Region> out = new ArrayList<>(n);
        for (int i = 0; i < n; i++) out.add(new Region(s[i], sl[i], t[i], tl[i], !scanned[i], !mixed[i]));
        return out;
    }

    void clear() {
        n = 0;
    }

    /** Text and shadow differ at most in {@code shadow[from, shadowTo)} / {@code text[from, textTo)} (after a scan). */
    void reset(int from, int shadowTo, int textTo) {
        n = 0;
        if (shadowTo > from || textTo > from) {
            s[0] = from;
            sl[0] = shadowTo - from;
            t[0] = from;
            tl[0] = textTo - from;
            scanned[0] = true;
            mixed[0] = true;
            n = 1;
        }
    }

    private int sEnd(int i) { return s[i] + sl[i]; }
    private int tEnd(int i) { return t[i] + tl[i]; }

    /** text position minus shadow position in the gap before region {@code i} (the gap after the last if i == n). */
    private int offsetBefore(int i) {
        return i == 0 ? 0 : tEnd(i - 1) - sEnd(i - 1);
    }

    /** The text was spliced at {@code pos} (text coordinates), without the shadow. */
    void textSpliced(int pos, int deleted, int inserted) {
        spliced(pos, deleted, inserted, false, false);
    }

    /**
     * The shadow was spliced at {@code pos} (shadow coordinates), without the text there: a hunk of the other side
     * placed in the text elsewhere, or rejected. Its chars may be in the text nearby, so the region becomes mixed.
     */
    void shadowSpliced(int pos, int deleted, int inserted) {
        spliced(pos, deleted, inserted, true, true);
    }

    /**
     * The shadow went back over one of my edits at {@code pos}: it regains chars that edit deleted from the text and
     * loses chars it inserted, which the text still holds (or changed since). No char of it is on both sides, so a
     * region it makes is still {@link Region#replaced} if it was.
     */
    void shadowRestored(int pos, int deleted, int inserted) {
        spliced(pos, deleted, inserted, true, false);
    }

    /**
     * Text and shadow were spliced alike inside a gap: shadow range {@code [shadowPos, shadowPos + deleted)}, which
     * {@link #gapTextPosition} placed in the text, was replaced in both by the same {@code inserted} chars.
     */
    void bothSpliced(int shadowPos, int deleted, int inserted) {
        int net = inserted - deleted;
        if (net == 0) return;
        int end = shadowPos + deleted;
        for (int i = firstStartingAtOrAfter(end); i < n; i++) {
            s[i] += net;
            t[i] += net;
        }
    }

    /**
     * The same {@code length} chars were inserted at shadow position {@code shadowPos} and text position
     * {@code textPos}. If the two are one point of a gap (a region's edge counts: a placed hunk lands there when it was
     * typed beside the other side's change), the gap just grows and no region changes; returns whether it was so.
     * Otherwise nothing is changed, and the caller records the two splices apart.
     *
     * <p>Why: recorded apart, the two merge with the region beside them into one that holds the same chars on both
     * sides, and the edit made from it is a diff of its two sides, which may pair an old {@code ⟦c} deleted there with
     * the head of a new marker inserted there ({@code ./tandem sim} seed 9943).
     */
    boolean insertedInBoth(int shadowPos, int textPos, int length) {
        for (int g = firstEndingAtOrAfter(shadowPos, true); g <= n; g++) { // g: the gap before region g
            int gapStart = g == 0 ? 0 : sEnd(g - 1);
            if (gapStart > shadowPos) break;
            if ((g == n || shadowPos <= s[g]) && textPos == shadowPos + offsetBefore(g)) {
                for (int k = g; k < n; k++) {
                    s[k] += length;
                    t[k] += length;
                }
                return true;
            }
        }
        return false;
    }

    /**
     * The text position of shadow range {@code [from, to)} if it lies inside one gap, else -1: such a range is the same
     * in both and a change of it can be made in both at the same place. A range may touch the regions around it, but an
     * insertion exactly at a region's edge is not placed here (before or after the other side's change is a guess).
     */
    int gapTextPosition(int from, int to) {
        int i = firstEndingAtOrAfter(from, true);
        while (i < n && sEnd(i) <= from) {
            if (from == to) return -1;
            i++;
        }
        if (i < n && (s[i] < to || (from == to && s[i] == from))) return -1;
        return from + offsetBefore(i);
    }

    /**
     * Whether the gap holding shadow range {@code [from, to)} (see {@link #gapTextPosition}) runs on for at least
     * {@code margin} chars on one side of it, or to an end of the text. A gap is where text and shadow are known to be
     * the same, but a gap of a few chars between two regions may only be equal: a minimal diff, undone, keeps the
     * {@code ⟦c} that two different markers begin with as "unchanged", and a change spliced there exactly lands on the
     * other marker ({@code ./tandem sim} seed 3941). Such a change is placed by its context instead.
     */
    boolean gapReaches(int from, int to, int shadowLength, int margin) {
        int i = firstEndingAtOrAfter(from, true);
        while (i < n && sEnd(i) <= from) i++;
        int gapStart = i == 0 ? 0 : sEnd(i - 1);
        int gapEnd = i < n ? s[i] : shadowLength;
        return gapStart == 0 || from - gapStart >= margin || gapEnd == shadowLength || gapEnd - to >= margin;
    }

    /** Where shadow position {@code pos} most likely is in the text: exact in a gap, interpolated inside a region. */
    int textPosition(int pos) {
        int i = firstEndingAtOrAfter(pos, true);
        if (i == n || pos <= s[i]) return pos + offsetBefore(i);
        return t[i] + (int) ((long) (pos - s[i]) * tl[i] / Math.max(1, sl[i]));
    }

    /**
     * The text range that holds shadow range {@code [from, to)}: exact where the range lies in a gap; where it touches
     * regions, widened to their whole text side (somewhere in there, not known where).
     */
    int[] textRangeCovering(int from, int to) {
        int i = firstEndingAtOrAfter(from, true);
        int start = i < n && s[i] <= from ? t[i] : from + offsetBefore(i);
        int j = i;
        while (j < n && s[j] < to) j++;
        int end = j > i && sEnd(j - 1) >= to ? tEnd(j - 1) : to + offsetBefore(j);
        return new int[] {start, Math.max(start, end)};
    }

    /**
     * Index of the first region whose end (in shadow coordinates if {@code shadow}, else text) is at or after
     * {@code pos}. Regions are sorted in both coordinates.
     */
    private int firstEndingAtOrAfter(int pos, boolean shadow) {
        int lo = 0;
        int hi = n;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            int end = shadow ? sEnd(mid) : tEnd(mid);
            if (end < pos) lo = mid + 1; else hi = mid;
        }
        return lo;
    }

    /** Index of the first region starting (in the shadow) at or after {@code pos}. */
    private int firstStartingAtOrAfter(int pos) {
        int lo = 0;
        int hi = n;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (s[mid] < pos) lo = mid + 1; else hi = mid;
        }
        return lo;
    }

    private int start(int i, boolean shadow) { return shadow ? s[i] : t[i]; }
    private int end(int i, boolean shadow) { return shadow ? sEnd(i) : tEnd(i); }

    private void spliced(int pos, int deleted, int inserted, boolean inShadow, boolean mixing) {
        int end = pos + deleted;
        int i = firstEndingAtOrAfter(pos, inShadow);
        int j = i; // regions i..j-1 touch [pos, end]
        while (j < n && start(j, inShadow) <= end) j++;
        int offBefore = offsetBefore(i); // text - shadow in the gap holding pos (if pos is not inside region i)
        int from;     // start of the merged region, in the spliced side's coordinates
        int otherFrom;
        if (i < j && start(i, inShadow) <= pos) {
            from = start(i, inShadow);
            otherFrom = start(i, !inShadow);
        } else {
            from = pos;
            otherFrom = inShadow ? pos + offBefore : pos - offBefore;
        }
        int to;       // end of the merged region before the splice, in the spliced side's coordinates
        int otherTo;
        if (i < j && end(j - 1, inShadow) >= end) {
            to = end(j - 1, inShadow);
            otherTo = end(j - 1, !inShadow);
        } else {
            int offAfter = i < j ? offsetBefore(j) : offBefore;
            to = end;
            otherTo = inShadow ? end + offAfter : end - offAfter;
        }
        int net = inserted - deleted;
        int ms, msl, mt, mtl;
        if (inShadow) {
            ms = from; msl = to - from + net; mt = otherFrom; mtl = otherTo - otherFrom;
        } else {
            ms = otherFrom; msl = otherTo - otherFrom; mt = from; mtl = to - from + net;
        }
        int keep = (msl > 0 || mtl > 0) ? 1 : 0;
        boolean mscanned = false;
        boolean mmixed = mixing;
        for (int k = i; k < j; k++) {
            mscanned |= scanned[k];
            mmixed |= mixed[k];
        }
        int newSize = n - (j - i) + keep;
        if (newSize > s.length) grow(newSize);
        if (j != i + keep) {
            System.arraycopy(s, j, s, i + keep, n - j);
            System.arraycopy(sl, j, sl, i + keep, n - j);
            System.arraycopy(t, j, t, i + keep, n - j);
            System.arraycopy(tl, j, tl, i + keep, n - j);
            System.arraycopy(scanned, j, scanned, i + keep, n - j);
            System.arraycopy(mixed, j, mixed, i + keep, n - j);
        }
        n = newSize;
        if (keep == 1) {
            s[i] = ms;
            sl[i] = msl;
            t[i] = mt;
            tl[i] = mtl;
            scanned[i] = mscanned;
            mixed[i] = mmixed;
        }
        int[] moved = inShadow ? s : t;
        for (int k = i + keep; k < n; k++) moved[k] += net;
        if (n > maxRegions) mergeClosest();
    }

    private void grow(int atLeast) {
        int cap = Math.max(atLeast, s.length * 2);
        s = Arrays.copyOf(s, cap);
        sl = Arrays.copyOf(sl, cap);
        t = Arrays.copyOf(t, cap);
        tl = Arrays.copyOf(tl, cap);
        scanned = Arrays.copyOf(scanned, cap);
        mixed = Arrays.copyOf(mixed, cap);
    }

    /** Joins the two regions with the shortest gap between them (the gap is equal text, so either side may hold it). */
    private void mergeClosest() {
        int best = -1;
        int bestGap = Integer.MAX_VALUE;
        for (int k = 0; k + 1 < n; k++) {
            int gap = s[k + 1] - sEnd(k);
            if (gap < bestGap) { bestGap = gap; best = k; }
        }
        int b = best + 1;
        sl[best] = sEnd(b) - s[best];
        tl[best] = tEnd(b) - t[best];
        scanned[best] |= scanned[b];
        mixed[best] = true; // the gap's chars are in both sides now
        System.arraycopy(s, b + 1, s, b, n - b - 1);
        System.arraycopy(sl, b + 1, sl, b, n - b - 1);
        System.arraycopy(t, b + 1, t, b, n - b - 1);
        System.arraycopy(tl, b + 1, tl, b, n - b - 1);
        System.arraycopy(scanned, b + 1, scanned, b, n - b - 1);
        System.arraycopy(mixed, b + 1, mixed, b, n - b - 1);
        n--;
    }

    @Override
    public String toString() {
        return regions().toString();
    }
}
