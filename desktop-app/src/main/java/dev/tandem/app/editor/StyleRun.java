package dev.tandem.app.editor;

import org.fxmisc.richtext.model.StyleSpan;
import org.fxmisc.richtext.model.StyleSpans;
import org.fxmisc.richtext.model.StyleSpansBuilder;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Iterator;
import java.util.List;

/**
 * The styles one range of a text should have and does not have yet: what one {@code setStyleSpans} call applies.
 * Immutable; {@link #slice} shares the spans of the run it cuts.
 *
 * <p>{@link #differences} is how the editor keeps the FX thread's share of highlighting proportional to what changed:
 * off the FX thread it compares the styles the area has (from an immutable snapshot of its document) with the styles
 * the highlighter wants, and hands over only the ranges that differ. Typing a letter into a paragraph yields one short
 * run in that paragraph; opening a fence yields one run to the next fence; the FX thread applies the part of each run
 * near the viewport and keeps the rest for when it is scrolled to.
 */
public final class StyleRun {

    /** Differing ranges closer than this are joined into one run (one area change instead of two in a paragraph). */
    static final int JOIN_GAP_CHARS = 64;

    /** End offset (in the text) of each span, ascending; span {@code i} starts at {@code ends[i - 1]}. */
    private final int[] ends;
    private final List<Collection<String>> styles;
    /** The part of the spans this run covers: {@code from < to}, inside the spans. */
    private final int from;
    private final int to;

    private StyleRun(int[] ends, List<Collection<String>> styles, int from, int to) {
        if (from >= to) throw new IllegalArgumentException("empty run " + from + ".." + to);
        this.ends = ends;
        this.styles = styles;
        this.from = from;
        this.to = to;
    }

    public int from() { return from; }

    public int to() { return to; }

    /** This run cut to {@code [a, b)}, or null when they do not overlap. */
    public StyleRun slice(int a, int b) {
        int f = Math.max(from, a);
        int t = Math.min(to, b);
        return f < t ? new StyleRun(ends, styles, f, t) : null;
    }

    /** The styles of {@code [from, to)}, for {@code area.setStyleSpans(from(), spans())}. O(log spans + spans in range). */
    public StyleSpans<Collection<String>> spans() {
        StyleSpansBuilder<Collection<String>> b = new StyleSpansBuilder<>();
        int i = Arrays.binarySearch(ends, from);
        i = i >= 0 ? i + 1 : -i - 1; // the first span that ends after from
        int at = from;
        for (; at < to; i++) {
            int end = Math.min(ends[i], to);
            if (end > at) b.add(styles.get(i), end - at);
            at = Math.max(at, end);
        }
        return b.create();
    }

    /**
     * The runs that turn {@code current} into {@code wanted} over {@code text}, in text order, not overlapping; empty
     * when they agree. Line breaks are ignored (the area keeps no style of its own for them, whatever it reports).
     * Ranges less than {@link #JOIN_GAP_CHARS} apart are joined. O(text + spans).
     *
     * @throws IllegalArgumentException if the three do not have the same length
     */
    public static List<StyleRun> differences(String text, StyleSpans<Collection<String>> current,
                                             StyleSpans<Collection<String>> wanted) {
        if (current.length() != text.length() || wanted.length() != text.length()) {
            throw new IllegalArgumentException("lengths differ: text " + text.length() + ", current " + current.length()
                    + ", wanted " + wanted.length());
        }
        // 1. The ranges where the styles differ (line breaks left out), joined across short gaps.
        List<int[]> ranges = new ArrayList<>();
        Iterator<StyleSpan<Collection<String>>> ci = current.iterator();
        Iterator<StyleSpan<Collection<String>>> wi = wanted.iterator();
        Collection<String> cs = null;
        Collection<String> ws = null;
        int cLeft = 0;
        int wLeft = 0;
        int pos = 0;
        while (pos < text.length()) {
            while (cLeft == 0) {
                StyleSpan<Collection<String>> s = ci.next();
                cs = s.getStyle();
                cLeft = s.getLength();
            }
            while (wLeft == 0) {
                StyleSpan<Collection<String>> s = wi.next();
                ws = s.getStyle();
                wLeft = s.getLength();
            }
            int step = Math.min(cLeft, wLeft);
            if (!cs.equals(ws)) {
                for (int a = pos; a < pos + step; ) {
                    int nl = text.indexOf('\n', a);
                    int b = nl < 0 || nl > pos + step ? pos + step : nl;
                    if (b > a) add(ranges, a, b);
                    a = b + 1;
                }
            }
            pos += step;
            cLeft -= step;
            wLeft -= step;
        }
        if (ranges.isEmpty()) return List.of();
        // 2. The wanted spans, once, as arrays the runs share.
        int n = wanted.getSpanCount();
        int[] ends = new int[n];
        List<Collection<String>> styles = new ArrayList<>(n);
        int end = 0;
        int k = 0;
        for (StyleSpan<Collection<String>> s : wanted) {
            end += s.getLength();
            ends[k++] = end;
            styles.add(s.getStyle());
        }
        List<StyleRun> runs = new ArrayList<>(ranges.size());
        for (int[] r : ranges) runs.add(new StyleRun(ends, styles, r[0], r[1]));
        return runs;
    }

    private static void add(List<int[]> ranges, int a, int b) {
        int[] last = ranges.isEmpty() ? null : ranges.get(ranges.size() - 1);
        if (last != null && a - last[1] < JOIN_GAP_CHARS) last[1] = b;
        else ranges.add(new int[] {a, b});
    }

    @Override
    public String toString() { return "StyleRun[" + from + ".." + to + ")"; }
}
