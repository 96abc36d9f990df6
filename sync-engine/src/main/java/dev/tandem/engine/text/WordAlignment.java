package dev.tandem.engine.text;

import java.util.ArrayList;
import java.util.List;

/**
 * Widens every edit that starts or ends inside a word so that it replaces the whole word: {@code =c -a +u =t} becomes
 * {@code -cat +cut}. This answers the paper's warning about merges of nonsense (Fraser, "Differential Synchronization"):
 * one user changes "cat" to "hag" while another changes it to "cut"; character edits of both ({@code c->h, t->g} and
 * {@code a->u}) would patch together into "hug"; whole-word edits of the same word collide, so the patcher sees the
 * conflict instead.
 *
 * <p>An edge is inside a word when the equality on that side touches the edit with a word character and the deleted
 * or inserted text touches it with one too ({@link TextBoundaries#isWordCodePoint}). The edit then takes the word's
 * part from the equality into both its deletion and its insertion, so both texts are unchanged. A word part longer
 * than {@link #MAX_WORD_EXTENSION} chars (a hash, a long identifier) is left alone: the edit stays inside it.
 *
 * <p>Input: a diff in normal form ({@link DiffMerge}); output: a diff of the same texts, possibly with empty
 * equalities and adjacent edit groups that {@link DiffMerge#coalesce} then joins.
 */
final class WordAlignment {

    /** The longest part of a word that an edit takes over from a neighbouring equality. */
    static final int MAX_WORD_EXTENSION = 40;

    private WordAlignment() {}

    static List<Diff> apply(List<Diff> input) {
        List<Diff> diffs = new ArrayList<>(input); // The equality after an edit may lose its head below.
        List<Diff> out = new ArrayList<>(diffs.size());
        int i = 0;
        while (i < diffs.size()) {
            if (diffs.get(i).op() == Diff.Op.EQUAL) {
                out.add(diffs.get(i++));
                continue;
            }
            String del = "";
            String ins = "";
            for (; i < diffs.size() && diffs.get(i).op() != Diff.Op.EQUAL; i++) {
                if (diffs.get(i).op() == Diff.Op.DELETE) del = concat(del, diffs.get(i).text());
                else ins = concat(ins, diffs.get(i).text());
            }
            String before = !out.isEmpty() && out.get(out.size() - 1).op() == Diff.Op.EQUAL
                    ? out.get(out.size() - 1).text() : "";
            String after = i < diffs.size() ? diffs.get(i).text() : "";
            int left = wordPartBefore(before, del, ins);
            int right = wordPartAfter(after, del, ins);
            if (left > 0) {
                String taken = before.substring(before.length() - left);
                out.set(out.size() - 1, Diff.equal(before.substring(0, before.length() - left)));
                del = taken + del;
                ins = taken + ins;
            }
            if (right > 0) {
                String taken = after.substring(0, right);
                diffs.set(i, Diff.equal(after.substring(right)));
                del = del + taken;
                ins = ins + taken;
            }
            if (!del.isEmpty()) out.add(Diff.delete(del));
            if (!ins.isEmpty()) out.add(Diff.insert(ins));
        }
        return out;
    }

    /** Chars at the end of {@code before} that belong to a word the edit starts inside of; 0 if none or too many. */
    private static int wordPartBefore(String before, String del, String ins) {
        if (before.isEmpty() || !(startsWithWord(del) || startsWithWord(ins))) return 0;
        int start = before.length();
        while (start > 0 && TextBoundaries.isWordCodePoint(Character.codePointBefore(before, start))) {
            start -= Character.charCount(Character.codePointBefore(before, start));
            if (before.length() - start > MAX_WORD_EXTENSION) return 0;
        }
        return before.length() - start;
    }

    /** Chars at the start of {@code after} that belong to a word the edit ends inside of; 0 if none or too many. */
    private static int wordPartAfter(String after, String del, String ins) {
        if (after.isEmpty() || !(endsWithWord(del) || endsWithWord(ins))) return 0;
        int end = 0;
        while (end < after.length() && TextBoundaries.isWordCodePoint(after.codePointAt(end))) {
            end += Character.charCount(after.codePointAt(end));
            if (end > MAX_WORD_EXTENSION) return 0;
        }
        return end;
    }

    /** {@code a + b}, without copying when one is empty (an edit can be a 1 MB paste). */
    private static String concat(String a, String b) {
        return a.isEmpty() ? b : b.isEmpty() ? a : a + b;
    }

    private static boolean startsWithWord(String s) {
        return !s.isEmpty() && TextBoundaries.isWordCodePoint(s.codePointAt(0));
    }

    private static boolean endsWithWord(String s) {
        return !s.isEmpty() && TextBoundaries.isWordCodePoint(s.codePointBefore(s.length()));
    }
}
