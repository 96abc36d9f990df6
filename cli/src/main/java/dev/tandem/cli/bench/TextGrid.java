package dev.tandem.cli.bench;

import dev.tandem.engine.sync.TextSplice;

import java.util.ArrayList;
import java.util.List;

/**
 * The text layer's grid (issue #8): document sizes times kinds of edit. Each scenario is a pair of changes, "there"
 * (the edit) and "back" (its undo), so that a benchmark alternating them keeps its state the same from one call to the
 * next: a document that grew by a paste per call would not measure one size.
 *
 * <ul>
 *   <li>{@code oneChar}: a letter typed inside a word in the middle (and deleted again);</li>
 *   <li>{@code paste}: {@value #PASTE_CHARS} chars of other prose pasted at a word boundary in the middle (and cut);</li>
 *   <li>{@code scattered}: {@value #SCATTERED_EDITS} words of a few letters typed at word boundaries spread evenly over
 *       the text, all in one cycle (and deleted);</li>
 *   <li>{@code unrelated}: the whole text replaced by unrelated prose of the same size (select all, paste; and back).</li>
 * </ul>
 *
 * The receiving side's text has meanwhile changed elsewhere: {@link #CONCURRENT} typed at a fifth and at four fifths
 * of it, on both sides of every edit of the grid but the scattered ones.
 */
final class TextGrid {

    private TextGrid() {}

    /** The sizes of the grid, as JMH parameter values and JSON keys. */
    static final List<String> SIZES = List.of("1KB", "100KB", "1MB", "10MB");
    static final List<String> SCENARIOS = List.of("oneChar", "paste", "scattered", "unrelated");

    static final int PASTE_CHARS = 4_000;
    static final int SCATTERED_EDITS = 20;
    /** What the other writer typed on the receiving side, twice, since the sender's shadow. */
    static final String CONCURRENT = "meanwhile, ";

    static int chars(String size) {
        return switch (size) {
            case "1KB" -> 1_000;
            case "100KB" -> 100_000;
            case "1MB" -> 1_000_000;
            case "10MB" -> 10_000_000;
            default -> throw new IllegalArgumentException("unknown size " + size);
        };
    }

    /** The document of a size: prose from a fixed seed (the same for every scenario). */
    static String document(String size) {
        return BenchTexts.prose(11, chars(size));
    }

    /** A change as splices applied in order, each on the text the previous one left. */
    record Change(List<TextSplice> splices) {
        String applyTo(String text) {
            StringBuilder sb = new StringBuilder(text);
            for (TextSplice s : splices) sb.replace(s.pos(), s.pos() + s.deleted(), s.inserted());
            return sb.toString();
        }
    }

    /** A scenario on a text: the edit and the change that undoes it. */
    record Scenario(String name, String before, Change there, Change back) {
        String after() {
            return there.applyTo(before);
        }

        /** The edit replaces the whole text (its one splice deletes all there is, whatever that is by then). */
        boolean replacesAll() {
            return name.equals("unrelated");
        }
    }

    static Scenario scenario(String name, String text) {
        int n = text.length();
        return switch (name) {
            case "oneChar" -> {
                int at = letterAtOrAfter(text, n / 2);
                yield new Scenario(name, text, new Change(List.of(new TextSplice(at, 0, "x"))),
                        new Change(List.of(new TextSplice(at, 1, ""))));
            }
            case "paste" -> {
                int at = wordStartAtOrAfter(text, n / 2);
                String pasted = BenchTexts.prose(12, PASTE_CHARS);
                yield new Scenario(name, text, new Change(List.of(new TextSplice(at, 0, pasted))),
                        new Change(List.of(new TextSplice(at, pasted.length(), ""))));
            }
            case "scattered" -> {
                List<TextSplice> there = new ArrayList<>();
                List<TextSplice> back = new ArrayList<>();
                String[] words = {"very ", "new ", "small ", "odd ", "late "};
                int grown = 0;
                for (int i = 0; i < SCATTERED_EDITS; i++) {
                    int at = wordStartAtOrAfter(text, (int) ((i + 0.5) * n / SCATTERED_EDITS));
                    String w = words[i % words.length];
                    there.add(new TextSplice(at + grown, 0, w));
                    grown += w.length();
                }
                // Undone from the last to the first, so that each position is still where it was typed.
                for (int i = there.size() - 1; i >= 0; i--) {
                    TextSplice s = there.get(i);
                    back.add(new TextSplice(s.pos(), s.inserted().length(), ""));
                }
                yield new Scenario(name, text, new Change(there), new Change(back));
            }
            case "unrelated" -> {
                String other = BenchTexts.prose(13, n);
                yield new Scenario(name, text, new Change(List.of(new TextSplice(0, n, other))),
                        new Change(List.of(new TextSplice(0, other.length(), text))));
            }
            default -> throw new IllegalArgumentException("unknown scenario " + name);
        };
    }

    /** {@code text} with {@link #CONCURRENT} typed at word starts near a fifth and four fifths of it. */
    static Change concurrent(String text) {
        int n = text.length();
        int low = wordStartAtOrAfter(text, n / 5);
        int high = wordStartAtOrAfter(text, 4 * n / 5);
        return new Change(List.of(new TextSplice(high, 0, CONCURRENT), new TextSplice(low, 0, CONCURRENT)));
    }

    /** The first letter at or after {@code near} (inside a word: typing there is a keystroke in it). */
    static int letterAtOrAfter(String text, int near) {
        int at = near;
        while (!Character.isLetter(text.charAt(at))) at++;
        return at;
    }

    /** The first position at or after {@code near} that starts a word (follows a space or a line break). */
    static int wordStartAtOrAfter(String text, int near) {
        int at = Math.max(1, near);
        while (at < text.length() && !(Character.isWhitespace(text.charAt(at - 1)) && Character.isLetter(text.charAt(at)))) at++;
        return at;
    }
}
