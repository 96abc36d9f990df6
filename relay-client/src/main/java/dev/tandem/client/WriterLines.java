package dev.tandem.client;

import dev.tandem.engine.sync.TextSplice;

import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.function.IntFunction;

/**
 * What one peer of {@code ./tandem load --at caret} has seen of each writer: how many chars each writer's line holds
 * past its label ({@code "client 7:"}), kept up through every splice of the peer's text: the remote ones it applies
 * and its own keystrokes.
 *
 * <p>A writer types one char a keystroke at the end of its own line, and nothing else touches that line, so the chars
 * on it are the writer's first keystrokes in order: a line that grew from {@code n} to {@code m} chars brought
 * keystrokes {@code n..m-1}. (Where the engine puts an insertion among equal chars does not matter: it stays on its
 * line, since no keystroke is a line break.) A splice that deletes, or inserts a line break, breaks that reasoning: the
 * peer then stops counting ({@link #lost}), and the keystrokes it has not counted show as never delivered.
 *
 * <p>Lines are found by position in a Fenwick tree of their lengths: O(log lines) a splice, where scanning every line
 * start would cost 200 steps for each of 200 peers' splices.
 *
 * <p>Concurrency: confined to its peer's session owner (the listener's thread).
 */
final class WriterLines {

    /** Told of keystrokes {@code from..to-1} of {@code writer}, which arrived with one splice. */
    @FunctionalInterface
    interface Arrivals {
        void arrived(int writer, int from, int to);
    }

    private final int lines;
    /** Fenwick tree (1-based) of the lines' lengths, each with its line break. */
    private final int[] tree;
    /** The writer whose line each line is, or -1. */
    private final int[] writerOfLine;
    /** Per writer, the chars its line holds past its label: its keystrokes this peer has seen. */
    private final int[] seen;
    private boolean lost;

    private WriterLines(int[] lengths, int[] writerOfLine, int[] seen) {
        this.lines = lengths.length;
        this.tree = new int[lines + 1];
        for (int i = 0; i < lines; i++) add(i, lengths[i]);
        this.writerOfLine = writerOfLine;
        this.seen = seen;
    }

    /**
     * The lines of {@code text}, a document whose writer lines start with {@code label.apply(writer)} (the other lines
     * belong to no writer), for writers {@code 0..writers-1}.
     */
    static WriterLines of(String text, int writers, IntFunction<String> label) {
        Map<String, Integer> byLabel = new HashMap<>();
        for (int w = 0; w < writers; w++) byLabel.put(label.apply(w), w);
        int[] seen = new int[writers];
        int n = 0;
        for (int i = 0; i < text.length(); i++) if (text.charAt(i) == '\n') n++;
        if (!text.isEmpty() && text.charAt(text.length() - 1) != '\n') n++;
        int[] lengths = new int[n];
        int[] writerOfLine = new int[n];
        int from = 0;
        for (int line = 0; line < n; line++) {
            int nl = text.indexOf('\n', from);
            int end = nl < 0 ? text.length() : nl;
            lengths[line] = (nl < 0 ? end : end + 1) - from;
            String content = text.substring(from, end);
            int colon = content.indexOf(':');
            Integer w = colon < 0 ? null : byLabel.get(content.substring(0, colon + 1));
            writerOfLine[line] = w == null ? -1 : w;
            if (w != null) seen[w] = content.length() - colon - 1;
            from = end + 1;
        }
        return new WriterLines(lengths, writerOfLine, seen);
    }

    /** Follows one splice of the peer's text, telling {@code arrivals} of the keystrokes it brought. */
    void spliced(TextSplice s, Arrivals arrivals) {
        if (lost) return;
        String ins = s.inserted();
        if (s.deleted() > 0 || ins.indexOf('\n') >= 0) {
            lost = true;
            return;
        }
        if (ins.isEmpty()) return;
        int line = lineAt(s.pos());
        if (line >= lines) return; // after the last line break: no writer's line
        add(line, ins.length());
        int w = writerOfLine[line];
        if (w < 0) return;
        int from = seen[w];
        seen[w] = from + ins.length();
        arrivals.arrived(w, from, seen[w]);
    }

    /** How many of {@code writer}'s keystrokes this peer has seen. */
    int seen(int writer) {
        return writer < seen.length ? seen[writer] : 0;
    }

    /** Whether a splice this peer could not follow stopped the counting. */
    boolean lost() {
        return lost;
    }

    /** The line holding position {@code pos}: the number of lines that end at or before it. */
    int lineAt(int pos) {
        int idx = 0;
        int rest = pos;
        for (int step = Integer.highestOneBit(Math.max(1, lines)); step > 0; step >>= 1) {
            int next = idx + step;
            if (next <= lines && tree[next] <= rest) {
                idx = next;
                rest -= tree[next];
            }
        }
        return idx;
    }

    private void add(int line, int delta) {
        for (int i = line + 1; i <= lines; i += i & -i) tree[i] += delta;
    }

    @Override
    public String toString() {
        return "WriterLines" + Arrays.toString(seen) + (lost ? " (lost)" : "");
    }
}
