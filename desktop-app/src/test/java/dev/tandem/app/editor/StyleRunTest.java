package dev.tandem.app.editor;

import org.fxmisc.richtext.model.PlainTextChange;
import org.fxmisc.richtext.model.ReadOnlyStyledDocument;
import org.fxmisc.richtext.model.SegmentOps;
import org.fxmisc.richtext.model.SimpleEditableStyledDocument;
import org.fxmisc.richtext.model.StyleSpan;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The highlighting the editor applies: only the runs that differ, and applying them gives the wanted styles. */
class StyleRunTest {

    /** A CodeArea's document model (no JavaFX toolkit needed). */
    private static SimpleEditableStyledDocument<Collection<String>, Collection<String>> doc(String text) {
        SimpleEditableStyledDocument<Collection<String>, Collection<String>> d =
                new SimpleEditableStyledDocument<>(List.of(), List.of());
        replace(d, 0, 0, text);
        return d;
    }

    /** Like the area's replaceText: inserted text takes the style at the insertion point. */
    private static void replace(SimpleEditableStyledDocument<Collection<String>, Collection<String>> d, int from, int to,
                                String text) {
        Collection<String> style = d.getLength() == 0 ? List.of() : d.getStyleAtPosition(from);
        d.replace(from, to, ReadOnlyStyledDocument.fromString(text, List.of(), style, SegmentOps.styledTextOps()));
    }

    private static void apply(SimpleEditableStyledDocument<Collection<String>, Collection<String>> d, List<StyleRun> runs) {
        for (StyleRun r : runs) d.setStyleSpans(r.from(), r.spans());
    }

    /** The style of every character but line breaks (the document keeps none of its own for them). */
    private static List<Collection<String>> charStyles(String text, Iterable<StyleSpan<Collection<String>>> spans) {
        List<Collection<String>> out = new ArrayList<>();
        int pos = 0;
        for (StyleSpan<Collection<String>> s : spans) {
            for (int i = 0; i < s.getLength(); i++, pos++) out.add(text.charAt(pos) == '\n' ? List.of("\n") : s.getStyle());
        }
        return out;
    }

    private static void assertHighlighted(SimpleEditableStyledDocument<Collection<String>, Collection<String>> d) {
        String text = d.getText();
        assertEquals(charStyles(text, MarkdownHighlighter.compute(text)), charStyles(text, d.getStyleSpans(0, text.length())));
    }

    @Test
    void a_highlighted_document_needs_no_restyle() {
        var d = doc("# Title\nsome **bold** and *em* text\n```\ncode\n```\n> quote\n- item\n");
        apply(d, MarkdownHighlighter.restyle(d.snapshot()));
        assertHighlighted(d);
        assertEquals(List.of(), MarkdownHighlighter.restyle(d.snapshot()), "line breaks after headings do not count");
    }

    @Test
    void a_letter_typed_into_one_paragraph_restyles_only_a_short_run_in_it() {
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < 2000; i++) text.append("Paragraph ").append(i).append(" with *some* **markdown** text.\n");
        var d = doc(text.toString());
        apply(d, MarkdownHighlighter.restyle(d.snapshot()));
        int at = d.getAbsolutePosition(1000, 26); // right after "*some*": it takes the emphasis, wrongly
        replace(d, at, at, "x");
        List<StyleRun> runs = MarkdownHighlighter.restyle(d.snapshot());
        assertEquals(1, runs.size(), runs.toString());
        assertTrue(runs.get(0).from() >= d.getAbsolutePosition(1000, 0)
                && runs.get(0).to() <= d.getAbsolutePosition(1000, d.getParagraphLength(1000)), runs.toString());
        apply(d, runs);
        assertHighlighted(d);
    }

    @Test
    void opening_a_fence_restyles_up_to_the_next_one() {
        var d = doc("one *a*\n\ntwo\n\n```\ncode\n```\nthree\n");
        apply(d, MarkdownHighlighter.restyle(d.snapshot()));
        replace(d, 0, 0, "```\n");
        apply(d, MarkdownHighlighter.restyle(d.snapshot()));
        assertHighlighted(d);
        assertEquals(List.of("md-code-block"), List.copyOf(d.getStyleOfChar(5)));
    }

    @Test
    void slices_apply_the_same_styles_as_the_whole_run() {
        var d = doc("# Heading\n".repeat(50));
        List<StyleRun> runs = MarkdownHighlighter.restyle(d.snapshot());
        assertEquals(1, runs.size(), "differences less than the join gap apart make one run");
        StyleRun run = runs.get(0);
        int mid = (run.from() + run.to()) / 2 + 3;
        apply(d, List.of(run.slice(mid, run.to()), run.slice(run.from(), mid)));
        assertHighlighted(d);
        assertEquals(null, run.slice(run.to(), run.to() + 10));
    }

    @Test
    void runs_computed_before_a_peers_change_are_moved_over_it_and_leave_the_changed_text_to_the_next_pass() {
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < 100; i++) text.append("line ").append(i).append(" plain\n");
        var d = doc(text.toString());
        apply(d, MarkdownHighlighter.restyle(d.snapshot()));
        int bold = d.getAbsolutePosition(50, 0);
        replace(d, bold, bold, "**bold** ");
        List<StyleRun> runs = MarkdownHighlighter.restyle(d.snapshot()); // computed for this text...
        List<PlainTextChange> since = new ArrayList<>();
        d.plainChanges().subscribe(since::add);
        int above = d.getAbsolutePosition(10, 0);
        replace(d, above, above, "new\n"); // ...while the text changes above it
        int s = bold + 4; // where "**bold**" is now
        replace(d, s + 2, s + 4, "BO"); // and inside it: "**BOld**"
        List<StyleRun> moved = StyleRun.rebase(runs, since);
        apply(d, moved);
        assertEquals(List.of("md-strong"), List.copyOf(d.getStyleOfChar(s + 1)), "moved with the text above");
        assertEquals(List.of("md-strong"), List.copyOf(d.getStyleOfChar(s + 5)), "moved with the text above");
        assertTrue(moved.stream().noneMatch(r -> r.from() < s + 4 && r.to() > s + 2), "the changed text is left out: " + moved);
        apply(d, MarkdownHighlighter.restyle(d.snapshot()));
        assertHighlighted(d);
    }

    @Test
    void random_edits_restyled_through_runs_match_the_highlighter() {
        long seed = new Random().nextLong();
        Random rnd = new Random(seed);
        String[] pieces = {"# ", "*", "**", "`", "_", "\n", "```", "> ", "- ", "[a](b)", "word ", "x", " "};
        var d = doc("");
        List<PlainTextChange> since = new ArrayList<>();
        d.plainChanges().subscribe(since::add);
        List<StyleRun> computed = null; // runs computed a few edits ago (a highlighting pass overtaken by typing)
        for (int step = 0; step < 400; step++) {
            int len = d.getLength();
            int at = rnd.nextInt(len + 1);
            if (len > 0 && rnd.nextInt(4) == 0) {
                replace(d, at, Math.min(len, at + 1 + rnd.nextInt(5)), "");
            } else {
                replace(d, at, at, pieces[rnd.nextInt(pieces.length)]);
            }
            if (computed != null && rnd.nextInt(2) == 0) {
                List<StyleRun> moved = StyleRun.rebase(computed, since);
                for (StyleRun r : moved) {
                    assertTrue(r.from() >= 0 && r.to() <= d.getLength(), "seed " + seed + ", step " + step + ": " + r);
                }
                apply(d, moved);
                computed = null;
            }
            if (computed == null && rnd.nextInt(3) == 0) {
                computed = MarkdownHighlighter.restyle(d.snapshot());
                since.clear();
            }
            if (rnd.nextInt(3) == 0) {
                apply(d, MarkdownHighlighter.restyle(d.snapshot()));
                String text = d.getText();
                assertEquals(charStyles(text, MarkdownHighlighter.compute(text)),
                        charStyles(text, d.getStyleSpans(0, text.length())), "seed " + seed + ", step " + step);
            }
        }
    }
}
