package dev.tandem.app.editor;

import org.fxmisc.richtext.model.Paragraph;
import org.fxmisc.richtext.model.PlainTextChange;
import org.fxmisc.richtext.model.StyleSpan;
import org.fxmisc.richtext.model.StyleSpans;
import org.fxmisc.richtext.model.StyleSpansBuilder;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
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

    /** End offset (in the text they were computed for) of each span, ascending; span {@code i} starts at {@code ends[i - 1]}. */
    private final int[] ends;
    private final List<Collection<String>> styles;
    /** The part of the spans this run covers, in the current text: {@code from < to}. */
    private final int from;
    private final int to;
    /** How far the text moved since the spans were computed: current offset = offset in the spans + shift. */
    private final int shift;

    private StyleRun(int[] ends, List<Collection<String>> styles, int from, int to, int shift) {
        if (from >= to) throw new IllegalArgumentException("empty run " + from + ".." + to);
        this.ends = ends;
        this.styles = styles;
        this.from = from;
        this.to = to;
        this.shift = shift;
    }

    public int from() { return from; }

    public int to() { return to; }

    /** This run cut to {@code [a, b)}, or null when they do not overlap. */
    public StyleRun slice(int a, int b) {
        int f = Math.max(from, a);
        int t = Math.min(to, b);
        return f < t ? new StyleRun(ends, styles, f, t, shift) : null;
    }

    private StyleRun shifted(int delta) {
        return delta == 0 ? this : new StyleRun(ends, styles, from + delta, to + delta, shift + delta);
    }

    /**
     * Runs computed for an older text, moved over the changes made since (in order, each in the text the previous ones
     * left): the parts before a change stay, the parts after it move with it, the changed text itself is left out (the
     * next pass styles it). Styles that a change affects farther away (a fence it opens) are the next pass's too: every
     * pass compares with the styles the area has, so applying these is never worse than waiting for it. Without this a
     * peer typing faster than a pass takes would never see highlighting until it stopped.
     */
    public static List<StyleRun> rebase(List<StyleRun> runs, List<PlainTextChange> changes) {
        List<StyleRun> out = runs;
        for (PlainTextChange c : changes) {
            int pos = c.getPosition();
            int removedEnd = c.getRemovalEnd();
            int delta = c.getNetLength();
            List<StyleRun> next = new ArrayList<>(out.size() + 1);
            for (StyleRun r : out) {
                if (r.to <= pos) {
                    next.add(r);
                } else if (r.from >= removedEnd) {
                    next.add(r.shifted(delta));
                } else {
                    StyleRun before = r.slice(r.from, pos);
                    StyleRun after = r.slice(removedEnd, r.to);
                    if (before != null) next.add(before);
                    if (after != null) next.add(after.shifted(delta));
                }
            }
            out = next;
        }
        return out;
    }

    /** The styles of {@code [from, to)}, for {@code area.setStyleSpans(from(), spans())}. O(log spans + spans in range). */
    public StyleSpans<Collection<String>> spans() {
        StyleSpansBuilder<Collection<String>> b = new StyleSpansBuilder<>();
        int i = Arrays.binarySearch(ends, from - shift);
        i = i >= 0 ? i + 1 : -i - 1; // the first span that ends after from
        int at = from;
        for (; at < to; i++) {
            int end = Math.min(ends[i] + shift, to);
            if (end > at) b.add(styles.get(i), end - at);
            at = Math.max(at, end);
        }
        return b.create();
    }

    /**
     * The runs that give a document the wanted styles, in text order, not overlapping; empty when it has them. The
     * document is read paragraph by paragraph (each keeps its style spans: nothing is built for the comparison); line
     * breaks are left out (the area keeps no style of its own for them). Ranges less than {@link #JOIN_GAP_CHARS}
     * apart are joined. O(spans of both).
     *
     * @param paragraphs the document's paragraphs (its text is theirs joined by line breaks)
     * @param ends       end offset of each wanted span, ascending, the last one the text's length
     * @param styles     the style of each wanted span
     * @throws IllegalArgumentException if the wanted spans do not cover the text exactly
     */
    public static List<StyleRun> differences(List<? extends Paragraph<?, ?, Collection<String>>> paragraphs, int[] ends,
                                             List<Collection<String>> styles) {
        if (ends.length == 0 || ends.length != styles.size()) throw new IllegalArgumentException("no wanted spans");
        List<int[]> ranges = new ArrayList<>();
        int w = 0; // the wanted span at pos
        int base = 0;
        for (Paragraph<?, ?, Collection<String>> p : paragraphs) {
            StyleSpans<Collection<String>> current = p.getStyleSpans();
            int pos = base;
            for (int k = 0; k < current.getSpanCount(); k++) {
                StyleSpan<Collection<String>> s = current.getStyleSpan(k);
                int end = pos + s.getLength();
                while (pos < end) {
                    while (ends[w] <= pos) w++;
                    int step = Math.min(end, ends[w]) - pos;
                    if (!s.getStyle().equals(styles.get(w))) add(ranges, pos, pos + step);
                    pos += step;
                }
            }
            base += p.length() + 1;
        }
        if (base - 1 != ends[ends.length - 1]) {
            throw new IllegalArgumentException("wanted spans cover " + ends[ends.length - 1] + " chars, the text " + (base - 1));
        }
        if (ranges.isEmpty()) return List.of();
        List<StyleRun> runs = new ArrayList<>(ranges.size());
        for (int[] r : ranges) runs.add(new StyleRun(ends, styles, r[0], r[1], 0));
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
