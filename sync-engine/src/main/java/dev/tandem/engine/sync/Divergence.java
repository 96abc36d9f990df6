package dev.tandem.engine.sync;

import java.util.ArrayList;
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
 * <p>Concurrency: not thread-safe; owned by its {@link Link}.
 */
final class Divergence {

    /** One region: {@code shadow[s, s + sl)} stands where {@code text[t, t + tl)} is. */
    record Region(int s, int sl, int t, int tl) {
        int sEnd() { return s + sl; }
        int tEnd() { return t + tl; }
    }

    /** Past this many regions the two closest are merged (the gap between them joins the region). */
    static final int MAX_REGIONS = 64;

    private final List<Region> regions = new ArrayList<>();

    boolean isEmpty() {
        return regions.isEmpty();
    }

    List<Region> regions() {
        return List.copyOf(regions);
    }

    void clear() {
        regions.clear();
    }

    /** Text and shadow differ at most in {@code shadow[from, shadowTo)} / {@code text[from, textTo)} (after a scan). */
    void reset(int from, int shadowTo, int textTo) {
        regions.clear();
        if (shadowTo > from || textTo > from) regions.add(new Region(from, shadowTo - from, from, textTo - from));
    }

    /** text position minus shadow position in the gap before region {@code i} (the gap after the last if i == size). */
    private int offsetBefore(int i) {
        if (i == 0) return 0;
        Region r = regions.get(i - 1);
        return r.tEnd() - r.sEnd();
    }

    /** The text was spliced at {@code pos} (text coordinates), without the shadow. */
    void textSpliced(int pos, int deleted, int inserted) {
        spliced(pos, deleted, inserted, false);
    }

    /** The shadow was spliced at {@code pos} (shadow coordinates), without the text. */
    void shadowSpliced(int pos, int deleted, int inserted) {
        spliced(pos, deleted, inserted, true);
    }

    /**
     * Text and shadow were spliced alike inside a gap: shadow range {@code [shadowPos, shadowPos + deleted)}, which
     * {@link #gapTextPosition} placed in the text, was replaced in both by the same {@code inserted} chars.
     */
    void bothSpliced(int shadowPos, int deleted, int inserted) {
        int net = inserted - deleted;
        if (net == 0) return;
        int end = shadowPos + deleted;
        for (int i = 0; i < regions.size(); i++) {
            Region r = regions.get(i);
            if (r.s() >= end) regions.set(i, new Region(r.s() + net, r.sl(), r.t() + net, r.tl()));
        }
    }

    /**
     * The text position of shadow range {@code [from, to)} if it lies inside one gap, else -1: such a range is the same
     * in both and a change of it can be made in both at the same place. A range may touch the regions around it, but an
     * insertion exactly at a region's edge is not placed here (before or after the other side's change is a guess).
     */
    int gapTextPosition(int from, int to) {
        int i = 0;
        while (i < regions.size() && regions.get(i).sEnd() <= from) {
            if (from == to && regions.get(i).sEnd() == from) return -1;
            i++;
        }
        if (i < regions.size()) {
            Region r = regions.get(i);
            if (r.s() < to || (from == to && r.s() == from)) return -1;
        }
        return from + offsetBefore(i);
    }

    /**
     * The text range that holds shadow range {@code [from, to)}: exact where the range lies in a gap; where it touches
     * regions, widened to their whole text side (somewhere in there, not known where).
     */
    int[] textRangeCovering(int from, int to) {
        int i = firstEndingAtOrAfter(from, true);
        int start;
        if (i < regions.size() && regions.get(i).s() <= from) start = regions.get(i).t();
        else start = from + offsetBefore(i);
        int j = i;
        while (j < regions.size() && regions.get(j).s() < to) j++;
        int end;
        if (j > i && regions.get(j - 1).sEnd() >= to) end = regions.get(j - 1).tEnd();
        else end = to + offsetBefore(j);
        return new int[] {start, Math.max(start, end)};
    }

    /** Where shadow position {@code pos} most likely is in the text: exact in a gap, interpolated inside a region. */
    int textPosition(int pos) {
        int i = firstEndingAtOrAfter(pos, true);
        if (i == regions.size() || pos <= regions.get(i).s()) return pos + offsetBefore(i);
        Region r = regions.get(i);
        return r.t() + (int) ((long) (pos - r.s()) * r.tl() / Math.max(1, r.sl()));
    }

    /**
     * Index of the first region whose end (in shadow coordinates if {@code shadow}, else text) is at or after
     * {@code pos}. Regions are sorted in both coordinates.
     */
    private int firstEndingAtOrAfter(int pos, boolean shadow) {
        int lo = 0;
        int hi = regions.size();
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            Region r = regions.get(mid);
            int end = shadow ? r.sEnd() : r.tEnd();
            if (end < pos) lo = mid + 1; else hi = mid;
        }
        return lo;
    }

    private void spliced(int pos, int deleted, int inserted, boolean inShadow) {
        int end = pos + deleted;
        int i = firstEndingAtOrAfter(pos, inShadow);
        int j = i; // regions i..j-1 touch [pos, end]
        while (j < regions.size() && start(regions.get(j), inShadow) <= end) j++;
        int offBefore = offsetBefore(i); // text - shadow in the gap holding pos (if pos is not inside region i)
        int from;     // start of the merged region, in the spliced side's coordinates
        int otherFrom;
        if (i < j && start(regions.get(i), inShadow) <= pos) {
            from = start(regions.get(i), inShadow);
            otherFrom = start(regions.get(i), !inShadow);
        } else {
            from = pos;
            otherFrom = inShadow ? pos + offBefore : pos - offBefore;
        }
        int to;       // end of the merged region before the splice, in the spliced side's coordinates
        int otherTo;
        if (i < j && end(regions.get(j - 1), inShadow) >= end) {
            to = end(regions.get(j - 1), inShadow);
            otherTo = end(regions.get(j - 1), !inShadow);
        } else {
            int offAfter = i < j ? offsetBefore(j) : offBefore;
            to = end;
            otherTo = inShadow ? end + offAfter : end - offAfter;
        }
        int net = inserted - deleted;
        Region merged = inShadow
                ? new Region(from, to - from + net, otherFrom, otherTo - otherFrom)
                : new Region(otherFrom, otherTo - otherFrom, from, to - from + net);
        List<Region> after = new ArrayList<>(regions.subList(j, regions.size()));
        while (regions.size() > i) regions.remove(regions.size() - 1);
        if (merged.sl() > 0 || merged.tl() > 0) regions.add(merged);
        for (Region r : after) {
            regions.add(inShadow ? new Region(r.s() + net, r.sl(), r.t(), r.tl())
                    : new Region(r.s(), r.sl(), r.t() + net, r.tl()));
        }
        if (regions.size() > MAX_REGIONS) mergeClosest();
    }

    private static int start(Region r, boolean shadow) {
        return shadow ? r.s() : r.t();
    }

    private static int end(Region r, boolean shadow) {
        return shadow ? r.sEnd() : r.tEnd();
    }

    /** Joins the two regions with the shortest gap between them (the gap is equal text, so either side may hold it). */
    private void mergeClosest() {
        int best = -1;
        int bestGap = Integer.MAX_VALUE;
        for (int k = 0; k + 1 < regions.size(); k++) {
            int gap = regions.get(k + 1).s() - regions.get(k).sEnd();
            if (gap < bestGap) { bestGap = gap; best = k; }
        }
        Region a = regions.get(best);
        Region b = regions.get(best + 1);
        regions.set(best, new Region(a.s(), b.sEnd() - a.s(), a.t(), b.tEnd() - a.t()));
        regions.remove(best + 1);
    }

    @Override
    public String toString() {
        return regions.toString();
    }
}
