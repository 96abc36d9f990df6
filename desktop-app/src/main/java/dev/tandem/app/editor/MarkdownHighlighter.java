package dev.tandem.app.editor;

import org.fxmisc.richtext.model.StyleSpans;
import org.fxmisc.richtext.model.StyleSpansBuilder;
import org.fxmisc.richtext.model.StyledDocument;

import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Markdown highlighting as style classes over the text: headings, emphasis, inline and fenced code, links, list
 * markers and quotes. A pure function of the text (no JavaFX state), so it runs on any thread; the editor runs it off
 * the FX thread ({@link #restyle}) and moves results over the changes made since ({@link StyleRun#rebase}).
 *
 * <p>The text is scanned line by line ({@code \n} ends a line; {@link Pattern#UNIX_LINES}): every construct lies within
 * one line except a fenced code block, which runs from a line starting with {@code ```} to the next line holding only
 * {@code ```}. That is what makes {@link #update} possible: after a change, it scans again from the start of the changed
 * line (or of the fence around it) only until a line where the scan stands as it stood before, and keeps the rest, moved
 * by the change's length. A letter typed into a 100 KB document costs a line or two, not the document; opening or
 * closing a fence costs the lines up to the next fence.
 */
public final class MarkdownHighlighter {

    static final Pattern PATTERN = Pattern.compile(
            "(?<FENCE>^```[^\\n]*\\n(?:.*\\n)*?```[ \\t]*$)"
                    + "|(?<HEADING>^#{1,6}[ \\t].*$)"
                    + "|(?<QUOTE>^>.*$)"
                    + "|(?<LIST>^[ \\t]*(?:[-*+]|\\d{1,9}[.)])(?=[ \\t]))"
                    + "|(?<CODE>`[^`\\n]+`)"
                    + "|(?<LINK>\\[[^\\]\\n]*\\]\\([^)\\n]*\\))"
                    + "|(?<STRONG>\\*\\*[^*\\n]+\\*\\*|__[^_\\n]+__)"
                    + "|(?<EM>(?<![*\\w])\\*[^*\\n]+\\*(?!\\*)|(?<![_\\w])_[^_\\n]+_(?![_\\w]))",
            Pattern.MULTILINE | Pattern.UNIX_LINES);

    /** The named groups, in the pattern's order (a match's style is that of the first group that took part). */
    private static final String[] GROUPS = {"FENCE", "HEADING", "QUOTE", "LIST", "CODE", "LINK", "STRONG", "EM"};

    private MarkdownHighlighter() { }

    private static final Collection<String> PLAIN = List.of();
    private static final List<Collection<String>> STYLES = List.of(List.of("md-code-block"), List.of("md-heading"),
            List.of("md-quote"), List.of("md-list"), List.of("md-code"), List.of("md-link"), List.of("md-strong"),
            List.of("md-em"));
    private static final List<Collection<String>> HEADINGS = List.of(List.of("md-heading", "md-h1"),
            List.of("md-heading", "md-h2"), List.of("md-heading", "md-h3"));

    /**
     * The highlighting of a text as contiguous spans, in arrays rather than one object per span (a 100 KB document has
     * about 10,000 spans): span {@code i} covers {@code [ends[i - 1], ends[i])} (span 0 from 0) with style
     * {@code styles.get(i)}; the style lists are shared constants. Plain text between constructs is one span; two
     * constructs side by side are two.
     */
    record Spans(int[] ends, List<Collection<String>> styles) {

        /** The index of the span holding {@code pos} (the last one for the text's end). */
        int indexAt(int pos) {
            int i = Arrays.binarySearch(ends, pos);
            i = i >= 0 ? i + 1 : -i - 1;
            return Math.min(i, ends.length - 1);
        }

        int start(int i) {
            return i == 0 ? 0 : ends[i - 1];
        }

        /** Whether {@code pos} is a place the scan passed through: not strictly inside a construct. */
        boolean between(int pos) {
            int i = indexAt(pos);
            return styles.get(i) == PLAIN || start(i) == pos;
        }
    }

    /**
     * A text with its highlighting, and what {@link #update} needs to know besides: the first line that starts with
     * {@code ```} but opens no fence (no line closes it), or -1. Closing a fence anywhere after it turns that line into
     * an opening, however far above the change it is.
     */
    public record Highlighting(String text, Spans spans, int unclosedFence) { }

    /** What one highlighting pass yields: the runs to restyle, and the highlighting to update from next time. */
    public record Pass(List<StyleRun> runs, Highlighting highlighting) { }

    /**
     * What to restyle so that a document shows this highlighting: the runs where its styles differ from
     * {@link #compute} of its text. For an immutable snapshot of the area's document
     * ({@code area.getContent().snapshot()}), on any thread; O(document), which is why it runs off the FX thread.
     */
    public static List<StyleRun> restyle(StyledDocument<?, ?, Collection<String>> doc) {
        return restyle(doc, null).runs();
    }

    /**
     * {@link #restyle(StyledDocument)}, computing the highlighting from {@code previous} (an earlier pass's, for any
     * earlier text) with {@link #update}, or from scratch when it is null. Comparing with the document's styles still
     * walks its paragraphs' style spans; the scan follows the change.
     */
    public static Pass restyle(StyledDocument<?, ?, Collection<String>> doc, Highlighting previous) {
        String text = doc.getText();
        Highlighting h = previous == null ? highlight(text) : update(previous, text);
        return new Pass(StyleRun.differences(doc.getParagraphs(), h.spans().ends(), h.spans().styles()), h);
    }

    /** The highlighting of a text as RichTextFX style spans. */
    public static StyleSpans<Collection<String>> compute(String text) {
        Spans s = highlight(text).spans();
        StyleSpansBuilder<Collection<String>> b = new StyleSpansBuilder<>();
        int from = 0;
        for (int i = 0; i < s.ends().length; i++) {
            b.add(s.styles().get(i), s.ends()[i] - from);
            from = s.ends()[i];
        }
        return b.create();
    }

    /** The highlighting of a whole text. */
    static Highlighting highlight(String text) {
        SpanBuilder out = new SpanBuilder();
        int[] unclosed = {-1};
        scan(text, 0, Integer.MAX_VALUE, null, out, unclosed);
        return new Highlighting(text, out.finish(text.length()), unclosed[0]);
    }

    /**
     * The highlighting of {@code text}, from that of an earlier text: equal to {@link #highlight}{@code (text)}, at the
     * cost of the lines around the change. The change is found as what lies between the texts' common prefix and
     * suffix. The scan starts at the changed line (at the fence holding it, or at an unclosed fence above it, if
     * any), and stops at the first line start after the change where both the old and the new scan stood between
     * constructs: from there on the texts are equal, so are their scans.
     */
    static Highlighting update(Highlighting previous, String text) {
        return updateScanning(previous, text).highlighting();
    }

    /** {@link #update}, and the part of the new text it scanned again: {@code [from, to)}. */
    record Update(Highlighting highlighting, int from, int to) { }

    static Update updateScanning(Highlighting previous, String text) {
        String old = previous.text();
        if (old.equals(text)) return new Update(previous, 0, 0);
        int common = Math.min(old.length(), text.length());
        int prefix = 0;
        while (prefix < common && old.charAt(prefix) == text.charAt(prefix)) prefix++;
        int suffix = 0;
        while (suffix < common - prefix
                && old.charAt(old.length() - 1 - suffix) == text.charAt(text.length() - 1 - suffix)) suffix++;
        int changedEnd = text.length() - suffix; // in the new text
        int shift = text.length() - old.length();
        Spans before = previous.spans();

        int from = prefix == 0 ? 0 : text.lastIndexOf('\n', prefix - 1) + 1;
        if (!before.between(from)) from = before.start(before.indexAt(from)); // inside a fence: from its opening
        if (previous.unclosedFence() >= 0 && previous.unclosedFence() < from) from = previous.unclosedFence();

        SpanBuilder out = new SpanBuilder();
        out.copy(before, 0, from, 0);
        int[] unclosed = {-1};
        // A line start whose preceding line break lies after the change: the texts are equal from the break on.
        int stop = scan(text, from, changedEnd + 1, p -> before.between(p - shift), out, unclosed);
        if (stop < 0) return new Update(new Highlighting(text, out.finish(text.length()), unclosed[0]), from, text.length());
        out.copy(before, stop - shift, old.length(), shift);
        Spans spans = out.finish(text.length());
        int unclosedFence;
        if (unclosed[0] >= 0) unclosedFence = unclosed[0];
        else if (previous.unclosedFence() >= stop - shift) unclosedFence = previous.unclosedFence() + shift;
        else if (previous.unclosedFence() >= 0) unclosedFence = firstUnclosed(text, spans, stop); // it was closed
        else unclosedFence = -1; // none before, none after the scan (the text there is as it was)
        return new Update(new Highlighting(text, spans, unclosedFence), from, stop);
    }

    /**
     * The first line at or after the line start {@code from} that starts with {@code ```} and is neither a fence's
     * opening nor inside one, or -1: every line after an unclosed one would be unclosed too, so the scan did not
     * look for them.
     */
    private static int firstUnclosed(String text, Spans spans, int from) {
        for (int p = text.startsWith("```", from) ? from : nextFenceLine(text, from); p >= 0; p = nextFenceLine(text, p)) {
            if (spans.between(p) && spans.styles().get(spans.indexAt(p)) != STYLES.get(0)) return p;
        }
        return -1;
    }

    /** The next line start after {@code pos} whose line starts with {@code ```}, or -1. */
    private static int nextFenceLine(String text, int pos) {
        int k = text.indexOf("\n```", pos);
        return k < 0 ? -1 : k + 1;
    }

    /**
     * Scans {@code text} line by line from the line start {@code from}: a line starting with {@code ```} is tried as a
     * fence first (on success the scan goes on after it); other lines are matched within themselves. Returns the
     * first line start at or after {@code stopFrom} that {@code stopAt} accepts, or -1 at the end of the text. Records
     * the first line that starts with {@code ```} but opens no fence in {@code unclosed[0]} if still -1.
     */
    private static int scan(String text, int from, int stopFrom, java.util.function.IntPredicate stopAt, SpanBuilder out,
                            int[] unclosed) {
        Matcher m = PATTERN.matcher(text).useTransparentBounds(true).useAnchoringBounds(false);
        int n = text.length();
        int pos = from;
        while (pos < n) {
            if (pos >= stopFrom && stopAt.test(pos)) return pos;
            int lineEnd = text.indexOf('\n', pos);
            if (lineEnd < 0) lineEnd = n;
            if (text.startsWith("```", pos)) {
                m.region(pos, n);
                if (m.lookingAt() && m.start(GROUPS[0]) >= 0) {
                    out.add(pos, m.end(), STYLES.get(0));
                    pos = m.end() + 1; // past the closing line's break (a fence ends where its last line does)
                    continue;
                }
                if (unclosed[0] < 0) unclosed[0] = pos;
            }
            m.region(pos, lineEnd);
            while (m.find()) {
                if (m.end() == m.start()) continue;
                out.add(m.start(), m.end(), style(text, m));
            }
            pos = lineEnd + 1;
        }
        return -1;
    }

    /** The style of a match of {@link #PATTERN} in {@code text}. */
    static Collection<String> style(String text, Matcher m) {
        for (int i = 0; i < GROUPS.length; i++) {
            if (m.start(GROUPS[i]) >= 0) { // (speedup) start, not group: no substring per match
                if (i != 1) return STYLES.get(i);
                int level = 0;
                while (m.start() + level < text.length() && text.charAt(m.start() + level) == '#') level++;
                return HEADINGS.get(Math.min(level, 3) - 1);
            }
        }
        throw new IllegalStateException("a match of no group");
    }

    /**
     * Builds {@link Spans} from constructs in text order: the gaps between them become plain spans, and plain text is
     * always one span however it was put together (so an updated highlighting equals a fresh one, array for array).
     */
    private static final class SpanBuilder {
        private int[] ends = new int[64];
        private Collection<String>[] styles = newStyles(64);
        private int n;

        private int last() {
            return n == 0 ? 0 : ends[n - 1];
        }

        void add(int start, int end, Collection<String> style) {
            if (start > last()) append(start, PLAIN);
            append(end, style);
        }

        private void append(int end, Collection<String> style) {
            if (style == PLAIN && n > 0 && styles[n - 1] == PLAIN) {
                ends[n - 1] = end;
                return;
            }
            if (n == ends.length) {
                ends = Arrays.copyOf(ends, n * 2);
                styles = Arrays.copyOf(styles, n * 2);
            }
            ends[n] = end;
            styles[n++] = style;
        }

        /** Appends the spans of {@code s} over {@code [from, to)}, cut to it and moved by {@code shift}. */
        void copy(Spans s, int from, int to, int shift) {
            if (from >= to) return;
            for (int i = s.indexAt(from); i < s.ends().length && s.start(i) < to; i++) {
                int start = Math.max(s.start(i), from);
                int end = Math.min(s.ends()[i], to);
                if (end > start) add(start + shift, end + shift, s.styles().get(i));
            }
        }

        Spans finish(int length) {
            if (n == 0 || last() < length) append(length, PLAIN);
            return new Spans(Arrays.copyOf(ends, n), Arrays.asList(Arrays.copyOf(styles, n)));
        }
    }

    @SuppressWarnings("unchecked")
    private static Collection<String>[] newStyles(int n) {
        return (Collection<String>[]) new Collection<?>[n];
    }
}
