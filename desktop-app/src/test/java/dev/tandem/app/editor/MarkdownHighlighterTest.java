package dev.tandem.app.editor;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Matcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The highlighter scans line by line and, after a change, only around it: it must give what one pass of the pattern over
 * the whole text gives, and an updated highlighting must equal a fresh one.
 */
class MarkdownHighlighterTest {

    /** Pieces that make and unmake every construct, fences above all, and line ends of other kinds. */
    private static final String[] PIECES = {"```", "```js", "```  ", "\n", "\n", "\n", "# ", "## ", "#### ", "> ", "- ",
            "1. ", "  * ", "`", "*", "**", "_", "__", "[a](b)", "[", "](", ")", "word", "x", " ", "\t", "\r", "\u2028"};

    @Provide
    Arbitrary<String> markdown() {
        return Arbitraries.of(PIECES).list().ofMaxSize(80).map(l -> String.join("", l));
    }

    /** An edit at a fraction of the text's length: delete up to a few chars, insert a piece or two. */
    record Edit(double at, int deleted, String inserted) {
        String applyTo(String text) {
            int pos = (int) (at * text.length());
            int end = Math.min(text.length(), pos + deleted);
            return text.substring(0, pos) + inserted + text.substring(end);
        }
    }

    @Provide
    Arbitrary<List<Edit>> edits() {
        Arbitrary<Edit> edit = Combinators.combine(Arbitraries.doubles().between(0, 1),
                Arbitraries.integers().between(0, 12),
                Arbitraries.of(PIECES).list().ofMaxSize(3).map(l -> String.join("", l))).as(Edit::new);
        return edit.list().ofMinSize(1).ofMaxSize(25);
    }

    /** One pass of the pattern over the whole text, as the highlighter did before it scanned by lines. */
    private static List<String> onePass(String text) {
        List<String> out = new ArrayList<>();
        Matcher m = MarkdownHighlighter.PATTERN.matcher(text);
        while (m.find()) {
            if (m.end() > m.start()) out.add(m.start() + "-" + m.end() + " " + MarkdownHighlighter.style(text, m));
        }
        return out;
    }

    private static List<String> constructs(MarkdownHighlighter.Spans s) {
        List<String> out = new ArrayList<>();
        for (int i = 0; i < s.ends().length; i++) {
            if (!s.styles().get(i).isEmpty()) out.add(s.start(i) + "-" + s.ends()[i] + " " + s.styles().get(i));
        }
        return out;
    }

    private static void assertSame(MarkdownHighlighter.Highlighting expected, MarkdownHighlighter.Highlighting actual,
                                   String what) {
        assertEquals(Arrays.toString(expected.spans().ends()), Arrays.toString(actual.spans().ends()), what + ": span ends");
        assertEquals(expected.spans().styles(), actual.spans().styles(), what + ": styles");
        assertEquals(expected.unclosedFence(), actual.unclosedFence(), what + ": the first unclosed fence");
    }

    @Property(tries = 2000)
    void scanning_line_by_line_finds_what_one_pass_over_the_text_finds(@ForAll("markdown") String text) {
        MarkdownHighlighter.Spans spans = MarkdownHighlighter.highlight(text).spans();
        assertEquals(onePass(text), constructs(spans));
        assertEquals(text.length(), spans.ends()[spans.ends().length - 1], "the spans cover the text");
    }

    @Property(tries = 2000)
    void an_updated_highlighting_equals_a_fresh_one(@ForAll("markdown") String text, @ForAll("edits") List<Edit> edits) {
        MarkdownHighlighter.Highlighting h = MarkdownHighlighter.highlight(text);
        for (Edit e : edits) {
            String next = e.applyTo(h.text());
            h = MarkdownHighlighter.update(h, next);
            assertSame(MarkdownHighlighter.highlight(next), h, "after " + e + " giving " + next.replace("\n", "\\n"));
        }
    }

    private static String document(int paragraphs) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < paragraphs; i++) b.append("Paragraph ").append(i).append(" with *some* **markdown** text.\n");
        return b.toString();
    }

    @Test
    void a_letter_typed_into_a_large_document_scans_its_own_line_again_and_no_more() {
        String text = document(2800);
        MarkdownHighlighter.Highlighting h = MarkdownHighlighter.highlight(text);
        int at = text.indexOf("Paragraph 1000 ") + 15;
        String typed = text.substring(0, at) + "x" + text.substring(at);
        MarkdownHighlighter.Update u = MarkdownHighlighter.updateScanning(h, typed);
        assertSame(MarkdownHighlighter.highlight(typed), u.highlighting(), "typed");
        assertEquals(text.indexOf("Paragraph 1000 "), u.from(), "from the start of the line");
        assertEquals(text.indexOf("Paragraph 1001 ") + 1, u.to(), "to the start of the next");
    }

    @Test
    void closing_a_fence_far_below_an_unclosed_one_restyles_from_the_unclosed_one() {
        String text = "# Notes\n```java\n" + document(300);
        MarkdownHighlighter.Highlighting h = MarkdownHighlighter.highlight(text);
        assertEquals(text.indexOf("```java"), h.unclosedFence());
        int close = text.indexOf("Paragraph 250 ");
        String closed = text.substring(0, close) + "```\n" + text.substring(close);
        MarkdownHighlighter.Update u = MarkdownHighlighter.updateScanning(h, closed);
        assertSame(MarkdownHighlighter.highlight(closed), u.highlighting(), "closed");
        assertEquals(text.indexOf("```java"), u.from());
        assertEquals(-1, u.highlighting().unclosedFence());
        MarkdownHighlighter.Spans s = u.highlighting().spans();
        assertEquals(List.of("md-code-block"), s.styles().get(s.indexAt(text.indexOf("Paragraph 100 "))));
    }

    @Test
    void opening_a_fence_scans_up_to_the_next_fence_line_only_when_there_is_one() {
        String text = document(100) + "```\ncode\n```\n" + document(100);
        MarkdownHighlighter.Highlighting h = MarkdownHighlighter.highlight(text);
        int at = text.indexOf("Paragraph 50 ");
        String opened = text.substring(0, at) + "```\n" + text.substring(at);
        MarkdownHighlighter.Update u = MarkdownHighlighter.updateScanning(h, opened);
        assertSame(MarkdownHighlighter.highlight(opened), u.highlighting(), "opened");
        // The new fence takes the old one's opening line as its closing; the old closing line is now unclosed.
        assertTrue(u.to() > opened.indexOf("code\n"), "scanned past the old fence: " + u.to());
        assertEquals(opened.indexOf("```\n", opened.indexOf("code\n")), u.highlighting().unclosedFence());
    }
}
