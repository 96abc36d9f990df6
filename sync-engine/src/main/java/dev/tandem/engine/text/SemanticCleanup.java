package dev.tandem.engine.text;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;

/**
 * Makes a minimal diff readable by people and mergeable by a fuzzy patcher, following Neil Fraser's
 * diff-match-patch ({@code diff_cleanupSemantic}, {@code diff_cleanupSemanticLossless}, {@code diff_commonOverlap}):
 * <ol>
 *   <li>an equality no longer than the edits on either side of it is turned into a deletion plus an insertion
 *       ({@code -c=a-t+h+g} becomes {@code -cat+hag}), so that small coincidences do not chop an edit up;</li>
 *   <li>a single edit between two equalities slides sideways (keeping both texts) to the position whose edges score
 *       best: the text's ends, then blank lines, line breaks, the end of a sentence, whitespace, punctuation;</li>
 *   <li>when a deletion ends with what its insertion starts with (or the other way round), and that overlap is at
 *       least half of either, the overlap becomes an equality.</li>
 * </ol>
 *
 * <p>Departures from diff-match-patch: positions that would cut a surrogate pair are never chosen; word characters are
 * {@link TextBoundaries#isWordCodePoint} (combining marks count, ideographs stand alone) rather than
 * {@code isLetterOrDigit}; the overlap is found with a KMP border table in linear time; the lossless pass scores
 * positions on the joined text instead of rebuilding strings at every step.
 *
 * <p>Input: a diff in the normal form of {@link DiffMerge#normalize}. Output: a diff of the same two texts.
 */
final class SemanticCleanup {

    private SemanticCleanup() {}

    static List<Diff> apply(List<Diff> diffs) {
        List<Diff> out = new ArrayList<>(diffs);
        if (eliminateSmallEqualities(out)) out = DiffMerge.normalize(out);
        if (slideEditsToBoundaries(out)) out = DiffMerge.normalize(out);
        extractOverlaps(out);
        return out;
    }

    /**
     * Step 1 ({@code diff_cleanupSemantic}'s first loop): an equality whose length is at most the larger of the
     * deleted and inserted lengths on both of its sides becomes a deletion plus an insertion of its text. After each
     * such change the scan resumes at the previous equality, which may now qualify. Returns whether anything changed.
     */
    private static boolean eliminateSmallEqualities(List<Diff> diffs) {
        boolean changed = false;
        Deque<Integer> equalities = new ArrayDeque<>();
        String lastEquality = null;
        int insertedBefore = 0;
        int deletedBefore = 0;
        int insertedAfter = 0;
        int deletedAfter = 0;
        for (int i = 0; i < diffs.size(); i++) {
            Diff d = diffs.get(i);
            if (d.op() == Diff.Op.EQUAL) {
                equalities.push(i);
                insertedBefore = insertedAfter;
                deletedBefore = deletedAfter;
                insertedAfter = 0;
                deletedAfter = 0;
                lastEquality = d.text();
                continue;
            }
            if (d.op() == Diff.Op.INSERT) insertedAfter += d.text().length();
            else deletedAfter += d.text().length();
            if (lastEquality != null
                    && lastEquality.length() <= Math.max(insertedBefore, deletedBefore)
                    && lastEquality.length() <= Math.max(insertedAfter, deletedAfter)) {
                int at = equalities.pop();
                diffs.set(at, Diff.delete(lastEquality));
                diffs.add(at + 1, Diff.insert(lastEquality));
                if (!equalities.isEmpty()) equalities.pop(); // The equality before it must be judged again.
                i = equalities.isEmpty() ? -1 : equalities.peek();
                insertedBefore = deletedBefore = insertedAfter = deletedAfter = 0;
                lastEquality = null;
                changed = true;
            }
        }
        return changed;
    }

    /**
     * Step 2 ({@code diff_cleanupSemanticLossless}): for each single edit between two equalities, shift it as far
     * left as the text allows, then step right one char at a time while the text allows, keeping the best-scoring
     * position (the rightmost on a tie, as diff-match-patch does). Returns whether any edit moved.
     */
    private static boolean slideEditsToBoundaries(List<Diff> diffs) {
        boolean moved = false;
        for (int i = 1; i < diffs.size() - 1; i++) {
            Diff prev = diffs.get(i - 1);
            Diff edit = diffs.get(i);
            Diff next = diffs.get(i + 1);
            if (prev.op() != Diff.Op.EQUAL || next.op() != Diff.Op.EQUAL) continue;
            Joined t = new Joined(prev.text(), edit.text(), next.text());
            int len = edit.text().length();
            int original = prev.text().length();
            int start = original - TextBoundaries.commonSuffix(prev.text(), edit.text(), 0);
            int best = bestPlace(t, len, start, t.length() - len, start);
            if (best == original) continue;
            moved = true;
            diffs.set(i - 1, Diff.equal(t.substring(0, best)));
            diffs.set(i, new Diff(edit.op(), t.substring(best, best + len)));
            diffs.set(i + 1, Diff.equal(t.substring(best + len, t.length())));
        }
        return moved;
    }

    /**
     * Where an edit of {@code len} chars of {@code t} goes among the places it could equally sit: starting at
     * {@code leftmost}, it may step right one char at a time while the char it leaves equals the one it reaches, up to
     * a start of {@code highest}. Of those that cut no pair, and {@code kept} (its place now, always allowed), the one
     * {@link #score scored} best; the rightmost on a tie, as diff-match-patch does.
     */
    static int bestPlace(CharSequence t, int len, int leftmost, int highest, int kept) {
        int best = kept;
        int bestScore = score(t, kept, len);
        for (int q = leftmost; q <= highest; q++) {
            if (q > leftmost && t.charAt(q - 1) != t.charAt(q + len - 1)) break; // one step right needs this equality
            if (q == kept || !keepsPairs(t, q, len)) continue;
            int s = score(t, q, len);
            if (s > bestScore || (s == bestScore && q > best)) {
                best = q;
                bestScore = s;
            }
        }
        return best;
    }

    /** True when an edit at {@code [p, p+len)} of the joined text cuts no pair, in either of the two texts. */
    private static boolean keepsPairs(CharSequence t, int p, int len) {
        return !TextBoundaries.splitsPair(t, p) && !TextBoundaries.splitsPair(t, p + len)
                && !(p > 0 && p + len < t.length() && TextBoundaries.formsPair(t.charAt(p - 1), t.charAt(p + len)));
    }

    /** diff-match-patch's score of an edit at {@code [p, p+len)}: the sum of its two edges' scores. */
    private static int score(CharSequence t, int p, int len) {
        return edgeScore(t, 0, p, p + len) + edgeScore(t, p, p + len, t.length());
    }

    /**
     * {@code diff_cleanupSemanticScore} of the edge between {@code t[from, cut)} and {@code t[cut, to)}: 6 at either
     * end of the text, 5 at a blank line, 4 at a line break, 3 at the end of a sentence, 2 at whitespace, 1 at other
     * non-word characters, 0 inside a word.
     */
    private static int edgeScore(CharSequence t, int from, int cut, int to) {
        if (cut == from || cut == to) return 6;
        int c1 = Character.codePointBefore(t, cut);
        int c2 = Character.codePointAt(t, cut);
        boolean nonWord1 = !TextBoundaries.isWordCodePoint(c1);
        boolean nonWord2 = !TextBoundaries.isWordCodePoint(c2);
        boolean space1 = nonWord1 && Character.isWhitespace(c1);
        boolean space2 = nonWord2 && Character.isWhitespace(c2);
        boolean lineBreak1 = space1 && (c1 == '\r' || c1 == '\n');
        boolean lineBreak2 = space2 && (c2 == '\r' || c2 == '\n');
        if ((lineBreak1 && endsWithBlankLine(t, from, cut)) || (lineBreak2 && startsWithBlankLine(t, cut, to))) return 5;
        if (lineBreak1 || lineBreak2) return 4;
        if (nonWord1 && !space1 && space2) return 3;
        if (space1 || space2) return 2;
        if (nonWord1 || nonWord2) return 1;
        return 0;
    }

    /** {@code t[from, to)} ends with {@code \n\n} or {@code \n\r\n}. */
    private static boolean endsWithBlankLine(CharSequence t, int from, int to) {
        if (to - from < 2 || t.charAt(to - 1) != '\n') return false;
        if (t.charAt(to - 2) == '\n') return true;
        return to - from >= 3 && t.charAt(to - 2) == '\r' && t.charAt(to - 3) == '\n';
    }

    /** {@code t[from, to)} starts with two line breaks, each {@code \n} or {@code \r\n}. */
    private static boolean startsWithBlankLine(CharSequence t, int from, int to) {
        int i = from;
        for (int breaks = 0; breaks < 2; breaks++) {
            if (i < to && t.charAt(i) == '\r') i++;
            if (i >= to || t.charAt(i) != '\n') return false;
            i++;
        }
        return true;
    }

    /**
     * Step 3 ({@code diff_cleanupSemantic}'s last loop): a deletion followed by an insertion that overlap by at least
     * half of either are split around the overlap, which becomes an equality; a reverse overlap (the insertion's end
     * is the deletion's start) swaps them around it.
     */
    private static void extractOverlaps(List<Diff> diffs) {
        for (int i = 1; i < diffs.size(); i++) {
            if (diffs.get(i - 1).op() != Diff.Op.DELETE || diffs.get(i).op() != Diff.Op.INSERT) continue;
            String del = diffs.get(i - 1).text();
            String ins = diffs.get(i).text();
            int forward = commonOverlap(del, ins);
            int reverse = commonOverlap(ins, del);
            if (forward >= reverse) {
                if (forward > 0 && (2 * forward >= del.length() || 2 * forward >= ins.length())) {
                    diffs.set(i - 1, Diff.delete(del.substring(0, del.length() - forward)));
                    diffs.add(i, Diff.equal(ins.substring(0, forward)));
                    diffs.set(i + 1, Diff.insert(ins.substring(forward)));
                    i++;
                }
            } else if (2 * reverse >= del.length() || 2 * reverse >= ins.length()) {
                diffs.set(i - 1, Diff.insert(ins.substring(0, ins.length() - reverse)));
                diffs.add(i, Diff.equal(del.substring(0, reverse)));
                diffs.set(i + 1, Diff.delete(del.substring(reverse)));
                i++;
            }
            i++;
        }
    }

    /**
     * The length of the longest suffix of {@code a} that is a prefix of {@code b} and cuts no surrogate pair in either.
     * Linear: the prefixes of {@code b} are matched against the tail of {@code a} with a KMP border table.
     */
    static int commonOverlap(String a, String b) {
        int n = Math.min(a.length(), b.length());
        if (n == 0) return 0;
        int[] border = new int[n]; // border[i]: the longest proper prefix of b[0..i] that is also its suffix.
        for (int i = 1, k = 0; i < n; i++) {
            while (k > 0 && b.charAt(i) != b.charAt(k)) k = border[k - 1];
            if (b.charAt(i) == b.charAt(k)) k++;
            border[i] = k;
        }
        int k = 0;
        for (int i = a.length() - n; i < a.length(); i++) {
            while (k > 0 && a.charAt(i) != b.charAt(k)) k = border[k - 1];
            if (a.charAt(i) == b.charAt(k)) k++;
        }
        while (k > 0 && (TextBoundaries.splitsPair(a, a.length() - k) || TextBoundaries.splitsPair(b, k))) {
            k = border[k - 1];
        }
        return k;
    }

    /** Three strings read as one, without copying them (an equality can be a whole document). */
    private record Joined(String a, String b, String c) implements CharSequence {
        @Override
        public int length() {
            return a.length() + b.length() + c.length();
        }

        @Override
        public char charAt(int i) {
            if (i < a.length()) return a.charAt(i);
            i -= a.length();
            return i < b.length() ? b.charAt(i) : c.charAt(i - b.length());
        }

        @Override
        public CharSequence subSequence(int start, int end) {
            return substring(start, end);
        }

        /** A copy of {@code [start, end)}; a range within one of the three strings is cut from it directly. */
        String substring(int start, int end) {
            int ab = a.length() + b.length();
            if (end <= a.length()) return a.substring(start, end);
            if (start >= a.length() && end <= ab) return b.substring(start - a.length(), end - a.length());
            if (start >= ab) return c.substring(start - ab, end - ab);
            StringBuilder sb = new StringBuilder(end - start);
            if (start < a.length()) sb.append(a, start, a.length());
            sb.append(b, Math.max(start - a.length(), 0), Math.min(end - a.length(), b.length()));
            if (end > ab) sb.append(c, 0, end - ab);
            return sb.toString();
        }

        @Override
        public String toString() {
            return substring(0, length());
        }
    }
}
