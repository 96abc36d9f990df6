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
 */
public final class MarkdownHighlighter {

    private static final Pattern PATTERN = Pattern.compile(
            "(?<FENCE>^```[^\\n]*\\n(?:.*\\n)*?```[ \\t]*$)"
                    + "|(?<HEADING>^#{1,6}[ \\t].*$)"
                    + "|(?<QUOTE>^>.*$)"
                    + "|(?<LIST>^[ \\t]*(?:[-*+]|\\d{1,9}[.)])(?=[ \\t]))"
                    + "|(?<CODE>`[^`\\n]+`)"
                    + "|(?<LINK>\\[[^\\]\\n]*\\]\\([^)\\n]*\\))"
                    + "|(?<STRONG>\\*\\*[^*\\n]+\\*\\*|__[^_\\n]+__)"
                    + "|(?<EM>(?<![*\\w])\\*[^*\\n]+\\*(?!\\*)|(?<![_\\w])_[^_\\n]+_(?![_\\w]))",
            Pattern.MULTILINE);

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
     * about 10,000 spans and is highlighted again after every burst of changes): span {@code i} covers
     * {@code [ends[i - 1], ends[i])} (span 0 from 0) with style {@code styles.get(i)}; the style lists are shared
     * constants.
     */
    record Spans(int[] ends, List<Collection<String>> styles) { }

    /**
     * What to restyle so that a document shows this highlighting: the runs where its styles differ from
     * {@link #compute} of its text. For an immutable snapshot of the area's document
     * ({@code area.getContent().snapshot()}), on any thread; O(document), which is why it runs off the FX thread.
     */
    public static List<StyleRun> restyle(StyledDocument<?, ?, Collection<String>> doc) {
        Spans wanted = spans(doc.getText());
        return StyleRun.differences(doc.getParagraphs(), wanted.ends(), wanted.styles());
    }

    /** The highlighting of a text as RichTextFX style spans. */
    public static StyleSpans<Collection<String>> compute(String text) {
        Spans s = spans(text);
        StyleSpansBuilder<Collection<String>> b = new StyleSpansBuilder<>();
        int from = 0;
        for (int i = 0; i < s.ends().length; i++) {
            b.add(s.styles().get(i), s.ends()[i] - from);
            from = s.ends()[i];
        }
        return b.create();
    }

    static Spans spans(String text) {
        int[] ends = new int[64];
        Collection<String>[] styles = newStyles(64);
        int n = 0;
        Matcher m = PATTERN.matcher(text);
        int last = 0;
        while (m.find()) {
            if (m.end() == m.start()) continue;
            Collection<String> style = null;
            for (int i = 0; i < GROUPS.length; i++) {
                if (m.start(GROUPS[i]) >= 0) { // (speedup) start, not group: no substring per match
                    style = STYLES.get(i);
                    break;
                }
            }
            if (style == null) continue;
            if (style == STYLES.get(1)) {
                int level = 0;
                while (level < text.length() - m.start() && text.charAt(m.start() + level) == '#') level++;
                style = HEADINGS.get(Math.min(level, 3) - 1);
            }
            if (n + 2 > ends.length) {
                ends = Arrays.copyOf(ends, ends.length * 2);
                styles = Arrays.copyOf(styles, styles.length * 2);
            }
            if (m.start() > last) {
                ends[n] = m.start();
                styles[n++] = PLAIN;
            }
            ends[n] = m.end();
            styles[n++] = style;
            last = m.end();
        }
        if (n == 0 || last < text.length()) {
            if (n == ends.length) {
                ends = Arrays.copyOf(ends, n + 1);
                styles = Arrays.copyOf(styles, n + 1);
            }
            ends[n] = text.length();
            styles[n++] = PLAIN;
        }
        return new Spans(Arrays.copyOf(ends, n), Arrays.asList(Arrays.copyOf(styles, n)));
    }

    @SuppressWarnings("unchecked")
    private static Collection<String>[] newStyles(int n) {
        return (Collection<String>[]) new Collection<?>[n];
    }
}
