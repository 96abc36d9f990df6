package dev.tandem.app.editor;

import org.fxmisc.richtext.model.StyleSpans;
import org.fxmisc.richtext.model.StyleSpansBuilder;
import org.fxmisc.richtext.model.StyledDocument;

import java.util.Collection;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Markdown highlighting as style classes over the text: headings, emphasis, inline and fenced code, links, list
 * markers and quotes. A pure function of the text (no JavaFX state), so it runs on any thread; the editor runs it off
 * the FX thread ({@link #restyle}) and drops results for a text that has changed since.
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
    private static final String[] CLASSES = {"md-code-block", "md-heading", "md-quote", "md-list", "md-code", "md-link",
            "md-strong", "md-em"};

    private MarkdownHighlighter() { }

    /**
     * What to restyle so that a document shows this highlighting: the runs where its styles differ from
     * {@link #compute} of its text. For an immutable snapshot of the area's document
     * ({@code area.getContent().snapshot()}), on any thread; O(document), which is why it runs off the FX thread.
     */
    public static List<StyleRun> restyle(StyledDocument<?, ?, Collection<String>> doc) {
        String text = doc.getText();
        return StyleRun.differences(text, doc.getStyleSpans(0, text.length()), compute(text));
    }

    public static StyleSpans<Collection<String>> compute(String text) {
        StyleSpansBuilder<Collection<String>> b = new StyleSpansBuilder<>();
        Matcher m = PATTERN.matcher(text);
        int last = 0;
        while (m.find()) {
            String cls = null;
            for (int i = 0; i < GROUPS.length; i++) {
                if (m.group(GROUPS[i]) != null) {
                    cls = CLASSES[i];
                    break;
                }
            }
            if (cls == null || m.end() == m.start()) continue;
            if (cls.equals("md-heading")) {
                int level = 0;
                while (level < text.length() - m.start() && text.charAt(m.start() + level) == '#') level++;
                b.add(List.of(), m.start() - last);
                b.add(List.of("md-heading", "md-h" + Math.min(level, 3)), m.end() - m.start());
            } else {
                b.add(List.of(), m.start() - last);
                b.add(List.of(cls), m.end() - m.start());
            }
            last = m.end();
        }
        b.add(List.of(), text.length() - last);
        return b.create();
    }
}
