package dev.tandem.engine.text;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.IntPredicate;

/**
 * Applies a {@link Patch} to a text that may have changed since the patch's base: Fraser's fuzzy patch
 * ("Differential Synchronization" §3), after diff-match-patch's {@code patch_apply} and {@code match_main}, with the
 * fixes and checks its users missed (SYNC-NOTES, "where implementations lost data").
 *
 * <p><b>Inputs:</b> a patch and a target text. <b>Result:</b> a {@link PatchResult} with the new text and one
 * {@link HunkResult} per hunk, in order: EXACT, OFFSET, FUZZY or REJECTED with its reason.
 *
 * <p><b>Invariants:</b> a rejected hunk changes nothing (the text around it is left as it was); an applied hunk changes
 * only the text it matched; applying {@code Patch.make(a, b)} to {@code a} gives {@code b} with every hunk EXACT;
 * no surrogate pair is ever cut (given a target without broken pairs).
 *
 * <p><b>Per hunk, in patch order:</b>
 * <ol>
 *   <li>The aim: the hunk's position in the edited text ({@code start2}) moved by the drift of earlier hunks (where
 *       they landed versus where they were aimed, and the length change a rejected hunk did not make). diff-match-patch
 *       forgets all but the last hunk's drift; here it is carried over in full.</li>
 *   <li>Exact match at the aim (speedup: the common case costs O(hunk), not O(document)).</li>
 *   <li>The nearest exact occurrence within {@code matchDistance} (a window search, never the whole document).</li>
 *   <li>Approximate match: Bitap (Wu and Manber, as in diff-match-patch's {@code match_bitap}) over a window of the
 *       text, on 64-bit masks, with score = errors / pattern length + distance / matchDistance, accepted only at or below
 *       {@code matchThreshold}. Hunks longer than {@code maxPatternLength} are located by their first and last
 *       {@code maxPatternLength} chars; the text between must then be within {@code deleteThreshold} of the hunk's.</li>
 *   <li>When the found text differs from the hunk's before-text, the two are diffed and each change of the hunk is
 *       mapped through it ({@code diff_xIndex}), with two checks diff-match-patch lacks: a change applies only where
 *       the chars on both sides of it survived in the target (otherwise the change and a concurrent one touch: Fraser's
 *       "Macs" -> "Macintoshes" against "Smith &amp; Wesson" would become "Smith &amp; Weintoshesson"); a word
 *       touching a change must still be that word, within {@code deleteThreshold}; a replacement (a whole-word edit)
 *       needs the words it replaces unchanged ("cat" -> "hag" against "cut" gives neither "hug" nor "hag"); and a
 *       pure deletion applies only when the text it would delete is within {@code deleteThreshold} of the text it meant
 *       to delete. These diffs are char-level ({@link #align}); the hunks themselves are whole-word.</li>
 * </ol>
 * Hunks never land before the end of the previous applied hunk's changes.
 *
 * <p>Concurrency: immutable and stateless; one instance may be shared.
 */
public final class FuzzyPatcher {

    private static final FuzzyPatcher DEFAULT = new FuzzyPatcher(PatchOptions.DEFAULTS);
    /** Diffs inside the patcher compare texts; they are never sent or merged, so they stay at char level. */
    private static final DiffOptions ALIGNMENT = DiffOptions.DEFAULTS.withGranularity(DiffOptions.Granularity.CHARS);

    private final PatchOptions options;

    public FuzzyPatcher(PatchOptions options) {
        this.options = Objects.requireNonNull(options, "options");
    }

    public static FuzzyPatcher withDefaults() {
        return DEFAULT;
    }

    public PatchOptions options() {
        return options;
    }

    /** Applies {@code patch} to {@code target}; see the class comment. */
    public PatchResult apply(Patch patch, String target) {
        return apply(patch, target, pos -> false);
    }

    /**
     * Applies {@code patch} to {@code target}, told which chars of the target were typed into it by others since the
     * patch's base ({@code foreign}, by position in {@code target}): a deletion spares them without having to tell
     * them from the deleted text by alignment, which fails when they look alike.
     */
    public PatchResult apply(Patch patch, String target, IntPredicate foreign) {
        int growth = 0;
        for (Hunk h : patch.hunks()) growth += Math.max(0, h.length2() - h.length1());
        // One copy in, one out; sized so that growing hunks do not make it copy again (speedup).
        StringBuilder text = new StringBuilder(target.length() + growth + 16).append(target);
        List<HunkResult> results = new ArrayList<>(patch.hunks().size());
        int delta = 0;
        int floor = 0;
        int netApplied = 0; // length change of the hunks applied so far: target position = text position - this
        for (Hunk hunk : patch.hunks()) {
            int expected = clamp(hunk.start2() + delta, 0, text.length());
            String before = hunk.before();
            Located loc = locate(text, before, Math.max(expected, floor), floor);
            if (loc.reason != null) {
                results.add(HunkResult.rejected(hunk, expected, loc.reason));
                delta -= hunk.length2() - hunk.length1();
                continue;
            }
            String matched = text.substring(loc.start, loc.end);
            String produced;
            int coreEnd;
            HunkStatus status;
            int shift = loc.start - netApplied;
            IntPredicate foreignHere = j -> foreign.test(shift + j);
            if (matched.equals(before) && !deletesAny(hunk, foreignHere)) {
                produced = hunk.after();
                coreEnd = produced.length() - hunk.contextAfter().length();
                status = loc.start == expected ? HunkStatus.EXACT : HunkStatus.OFFSET;
            } else {
                Mapped mapped = mapEdits(hunk, before, matched, foreignHere);
                if (mapped.reason != null) {
                    results.add(HunkResult.rejected(hunk, expected, mapped.reason));
                    delta -= hunk.length2() - hunk.length1();
                    continue;
                }
                produced = mapped.produced;
                coreEnd = mapped.coreEnd;
                status = HunkStatus.FUZZY;
            }
            text.replace(loc.start, loc.end, produced);
            netApplied += produced.length() - (loc.end - loc.start);
            results.add(HunkResult.applied(hunk, status, expected, loc.start, matched, produced));
            delta = loc.start + produced.length() - (hunk.start2() + hunk.length2());
            floor = loc.start + coreEnd;
        }
        return new PatchResult(text.toString(), results);
    }

    // ---------------------------------------------------------------------------------------------------- location

    /** Where a hunk's text was found, [start, end) of the current text, or why it was not. */
    private record Located(int start, int end, String reason) {
        static Located at(int start, int end) { return new Located(start, end, null); }
        static Located not(String reason) { return new Located(-1, -1, reason); }
    }

    private Located locate(StringBuilder text, String before, int aim, int floor) {
        int n = text.length();
        int len = before.length();
        // Speedup: the hunk's text is where it was aimed (the common case), O(hunk).
        if (aim + len <= n && regionEquals(text, aim, before)) return Located.at(aim, aim + len);
        if (len == 0) return Located.at(aim, aim);
        int exact = nearestExact(text, before, aim, floor, options.matchDistance());
        if (exact >= 0) return Located.at(exact, exact + len);
        int bits = options.maxPatternLength();
        if (len <= bits) {
            int start = approximate(text, before, aim, floor);
            if (start < 0) {
                return Located.not("its text (with context) was not found within " + options.matchDistance()
                        + " chars of position " + aim + " with at most " + percent(options.matchThreshold())
                        + " differences");
            }
            return snapToPairs(text, start, matchEnd(text, before, start), floor);
        }
        // A long hunk (large deletion): find its head and its tail, each near where it should be.
        String head = before.substring(0, bits);
        String tail = before.substring(len - bits);
        int hs = nearestExact(text, head, aim, floor, options.matchDistance());
        if (hs < 0) hs = approximate(text, head, aim, floor);
        if (hs < 0) return Located.not("the start of its text was not found near position " + aim);
        int tailAim = Math.max(hs, aim + len - bits);
        int ts = nearestExact(text, tail, tailAim, hs, options.matchDistance());
        if (ts < 0) ts = approximate(text, tail, tailAim, hs);
        if (ts < 0) return Located.not("the end of its text was not found near position " + tailAim);
        int end = matchEnd(text, tail, ts);
        int found = end - hs;
        if (Math.abs(found - len) > options.deleteThreshold() * len) {
            return Located.not("the text between its start and end is " + found + " chars long, expected " + len
                    + " (more than " + percent(options.deleteThreshold()) + " apart)");
        }
        return snapToPairs(text, hs, end, floor);
    }

    /**
     * Where an approximate match of {@code pattern} that starts at {@code start} ends: Bitap finds only starts, and
     * the target may have inserted or deleted chars inside the match, so the pattern is diffed against the text from
     * {@code start} with room for the errors the threshold allows. O(pattern).
     */
    private int matchEnd(StringBuilder text, String pattern, int start) {
        int m = pattern.length();
        int hi = Math.min(text.length(), start + m + (int) Math.ceil(options.matchThreshold() * m));
        return start + xIndex(align(pattern, text.substring(start, hi)), m, false);
    }

    /** The occurrence of {@code pattern} starting in [aim - distance, aim + distance] and at or after floor,
     *  nearest to aim, or -1. O(window). */
    private static int nearestExact(StringBuilder text, String pattern, int aim, int floor, int distance) {
        int lo = Math.max(floor, aim - distance);
        int hi = Math.min(text.length(), aim + distance + pattern.length());
        if (hi - lo < pattern.length()) return -1;
        String window = text.substring(lo, hi);
        int best = -1;
        for (int i = window.indexOf(pattern); i >= 0; i = window.indexOf(pattern, i + 1)) {
            int pos = lo + i;
            if (Patch.splitsPair(text, pos)) continue;
            if (best < 0 || Math.abs(pos - aim) < Math.abs(best - aim)) best = pos;
            if (pos >= aim) break; // later ones are farther
        }
        return best;
    }

    /** Bitap over the window of the text that a match under the threshold can reach; the start in text, or -1. */
    private int approximate(StringBuilder text, String pattern, int aim, int floor) {
        int m = pattern.length();
        int reach = (int) Math.ceil(options.matchThreshold() * options.matchDistance());
        int lo = Math.max(floor, aim - reach - m);
        int hi = Math.min(text.length(), aim + reach + 2 * m);
        if (hi <= lo) return -1;
        int found = bitap(text.substring(lo, hi), pattern, aim - lo);
        return found < 0 ? -1 : lo + found;
    }

    /**
     * diff-match-patch's {@code match_bitap} on 64-bit masks: the best start of {@code pattern} (at most 64 chars) in
     * {@code text} near {@code loc}, or -1 when no placement scores at or below the match threshold.
     */
    private int bitap(String text, String pattern, int loc) {
        int m = pattern.length();
        Map<Character, Long> alphabet = new HashMap<>();
        for (int i = 0; i < m; i++) alphabet.merge(pattern.charAt(i), 1L << (m - i - 1), (a, b) -> a | b);
        double threshold = options.matchThreshold();
        long matchMask = 1L << (m - 1);
        int best = -1;
        int binMax = m + text.length();
        long[] lastRd = new long[0];
        for (int d = 0; d < m; d++) {
            // Binary search for how far from loc a match with d errors can still score under the threshold.
            int binMin = 0;
            int binMid = binMax;
            while (binMin < binMid) {
                if (score(d, loc + binMid, loc, m) <= threshold) binMin = binMid;
                else binMax = binMid;
                binMid = (binMax - binMin) / 2 + binMin;
            }
            binMax = binMid;
            int start = Math.max(1, loc - binMid + 1);
            int finish = Math.min(loc + binMid, text.length()) + m;
            long[] rd = new long[finish + 2];
            rd[finish + 1] = (1L << d) - 1;
            for (int j = finish; j >= start; j--) {
                long charMatch = j - 1 >= text.length() ? 0L : alphabet.getOrDefault(text.charAt(j - 1), 0L);
                if (d == 0) {
                    rd[j] = ((rd[j + 1] << 1) | 1L) & charMatch;
                } else {
                    rd[j] = (((rd[j + 1] << 1) | 1L) & charMatch)
                            | (((lastRd[j + 1] | lastRd[j]) << 1) | 1L) | lastRd[j + 1];
                }
                if ((rd[j] & matchMask) != 0) {
                    double s = score(d, j - 1, loc, m);
                    if (s <= threshold) {
                        threshold = s;
                        best = j - 1;
                        if (best > loc) start = Math.max(1, 2 * loc - best);
                        else break; // already past loc: it only gets worse
                    }
                }
            }
            if (score(d + 1, loc, loc, m) > threshold) break; // one more error cannot beat the best
            lastRd = rd;
        }
        return best;
    }

    private double score(int errors, int x, int loc, int m) {
        return (double) errors / m + (double) Math.abs(loc - x) / options.matchDistance();
    }

    /** Widens [start, end) so that neither end falls inside a surrogate pair. */
    private static Located snapToPairs(StringBuilder text, int start, int end, int floor) {
        if (Patch.splitsPair(text, start)) start = start - 1 >= floor ? start - 1 : start + 1;
        if (Patch.splitsPair(text, end)) end++;
        return Located.at(start, Math.max(start, end));
    }

    // ---------------------------------------------------------------------------------------------- edit mapping

    /** Whether the hunk, applied where its text was found as it is, would delete a char {@code foreign} names. */
    private static boolean deletesAny(Hunk hunk, IntPredicate foreign) {
        int i = 0;
        for (Diff d : hunk.diffs()) {
            if (d.op() == Diff.Op.INSERT) continue;
            int len = d.text().length();
            if (d.op() == Diff.Op.DELETE) for (int j = i; j < i + len; j++) if (foreign.test(j)) return true;
            i += len;
        }
        return false;
    }

    /** The text to write in place of the matched text, and where the hunk's last change ends in it; or a reason. */
    private record Mapped(String produced, int coreEnd, String reason) {}

    /** {@code foreign} tells which chars of {@code matched}, by position in it, others typed since the base. */
    private Mapped mapEdits(Hunk hunk, String before, String matched, IntPredicate foreign) {
        List<Diff> diffs = align(before, matched);
        int len = before.length();
        double errors = (double) levenshtein(diffs) / Math.max(1, len);
        if (len > options.maxPatternLength() && errors > options.deleteThreshold()) {
            return new Mapped(null, 0, "the text found differs from the hunk's by " + percent(errors)
                    + ", more than the " + percent(options.deleteThreshold()) + " allowed for a long hunk");
        }
        if (errors > options.matchThreshold()) {
            return new Mapped(null, 0, "the text found differs from the hunk's by " + percent(errors)
                    + ", more than the " + percent(options.matchThreshold()) + " allowed");
        }
        boolean[] survived = survivors(diffs, len);
        StringBuilder out = new StringBuilder(Math.max(0, matched.length() + hunk.length2() - hunk.length1()));
        int cursor = 0;   // chars of matched consumed
        int i1 = 0;       // position in before
        int coreEnd = 0;
        List<Diff> runs = hunk.diffs();
        for (int r = 0; r < runs.size(); ) {
            Diff d = runs.get(r);
            if (d.op() == Diff.Op.EQUAL) {
                i1 += d.text().length();
                r++;
                continue;
            }
            // One change: the maximal run of DELETE/INSERT diffs at before[u1, u2).
            StringBuilder deleted = new StringBuilder();
            StringBuilder inserted = new StringBuilder();
            for (; r < runs.size() && runs.get(r).op() != Diff.Op.EQUAL; r++) {
                (runs.get(r).op() == Diff.Op.DELETE ? deleted : inserted).append(runs.get(r).text());
            }
            int u1 = i1;
            int u2 = i1 + deleted.length();
            if ((u1 > 0 && !survived[u1 - 1]) || (u2 < len && !survived[u2])) {
                return new Mapped(null, 0, "the text next to its change at " + (hunk.start1() + u1)
                        + " was changed in the target: the two edits touch");
            }
            String neighbour = changedNeighbour(before, matched, diffs, u1, u2);
            if (neighbour != null) {
                return new Mapped(null, 0, "the word next to its change at " + (hunk.start1() + u1)
                        + " was changed in the target (" + neighbour + "): the two edits touch");
            }
            // A pure insertion goes before text the target inserted at the same point ("Hello" + " world" against
            // "Hello!" gives "Hello world!"); a deletion spares text the target inserted at either end of it.
            int m1 = deleted.length() == 0 ? xIndex(diffs, u1, false) : xIndex(diffs, u1, true);
            int m2 = deleted.length() == 0 ? m1 : xIndex(diffs, u2, false);
            if (deleted.length() > 0 && inserted.length() > 0) {
                // A replacement is a whole-word edit (TextDiff widens edits inside a word to the word): if the target
                // changed any of the words it replaces, the two sides edited the same word, and writing this side's
                // word would drop the other's edit or merge the two into a third word ("cat" -> "hag" against
                // "cat" -> "cut" must not give "hug", nor overwrite "cut"). So it needs its text exactly.
                String actual = matched.substring(m1, m2);
                if (!actual.equals(deleted.toString())) {
                    return new Mapped(null, 0, "the text it replaces was changed in the target (expected \""
                            + deleted + "\", found \"" + actual + "\"): the two edits touch the same word");
                }
                // The same chars, but typed in the target since the base: a look-alike of what the author replaced,
                // not the text itself (a tag "⟦c3-" retyped in another tag). Replacing it would drop someone's typing.
                for (int j = m1; j < m2; j++) {
                    if (foreign.test(j)) {
                        return new Mapped(null, 0, "the text it replaces (\"" + deleted
                                + "\") was found only in text typed in the target since: the two edits touch");
                    }
                }
            } else if (deleted.length() > 0) {
                // A pure deletion removes the words it found if they are still those words: "colour " respelt
                // "color " is still the word the author deleted; "cat " changed to "cut " is another word.
                // Text the target typed into the deleted stretch is not the author's to delete: it is spared
                // (it was never seen by the author), as a sequence CRDT would keep it; only edits of the deleted
                // text itself count against the threshold.
                String actual = matched.substring(m1, m2);
                // Chars known to be typed by others are spared outright; the rest is aligned with the deleted text.
                boolean[] known = new boolean[actual.length()];
                StringBuilder rest = new StringBuilder(actual.length());
                for (int j = 0; j < actual.length(); j++) {
                    known[j] = foreign.test(m1 + j);
                    if (!known[j]) rest.append(actual.charAt(j));
                }
                // Cleaned up semantically, so that a stretch the target retyped counts as retyped as a whole, not as
                // new chars matched here and there to the old ones it replaced.
                List<Diff> inside = SemanticCleanup.apply(align(deleted.toString(), rest.toString()));
                boolean[] typedRest = typedInto(inside, rest.length());
                int typedCount = 0;
                for (boolean t : typedRest) if (t) typedCount++;
                boolean[] typed = new boolean[actual.length()];
                for (int j = 0, k = 0; j < actual.length(); j++) {
                    if (known[j]) typed[j] = true; else typed[j] = typedRest[k++];
                }
                double off = (double) (levenshtein(inside) - typedCount) / deleted.length();
                String spared = wholeWords(actual, typed);
                if (off > options.deleteThreshold()) {
                    return new Mapped(null, 0, "the text it deletes was changed in the target (expected \""
                            + deleted + "\", found \"" + actual + "\")");
                }
                inserted.append(spared);
            }
            out.append(matched, cursor, m1).append(inserted);
            cursor = m2;
            coreEnd = out.length();
            i1 = u2;
        }
        out.append(matched, cursor, matched.length());
        return new Mapped(out.toString(), coreEnd, null);
    }

    /**
     * The word anchor check, for word-level hunks ({@link TextDiff} widens every edit to whole words, so a change's
     * edge is a word's edge): the word that touches a change at {@code before[u1, u2)} on either side must still be
     * that word in the target, within {@code deleteThreshold} (the same measure that tells a respelt word from another
     * word: "aples" / "apples" is the word, "apples" / "a maple" is not). The char anchor check alone lets an insertion
     * next to a word through when only the word's first or last char survived: a hunk inserting "green " before
     * "apples" would otherwise land before "a maple" in a similar sentence ("Carl bought green a maple here").
     *
     * @return {@code "expected \"w\", found \"x\""} for the first neighbouring word that changed, or null
     */
    private String changedNeighbour(String before, String matched, List<Diff> diffs, int u1, int u2) {
        int w1 = u1;
        while (w1 > 0 && TextBoundaries.isWordCodePoint(before.codePointBefore(w1))) {
            w1 -= Character.charCount(before.codePointBefore(w1));
        }
        if (w1 < u1) {
            String changed = changedWord(before, matched, diffs, w1, u1);
            if (changed != null) return changed;
        }
        int w2 = u2;
        while (w2 < before.length() && TextBoundaries.isWordCodePoint(before.codePointAt(w2))) {
            w2 += Character.charCount(before.codePointAt(w2));
        }
        return w2 > u2 ? changedWord(before, matched, diffs, u2, w2) : null;
    }

    /**
     * Null when the word before[w1, w2) is, in the matched text, within deleteThreshold of itself; else what it
     * became. Its image in the matched text is widened to the target's word boundaries where the word had a boundary
     * in the hunk ("apples" became "staples" when the target typed "st" before it), not where the hunk's context cut it.
     */
    private String changedWord(String before, String matched, List<Diff> diffs, int w1, int w2) {
        String word = before.substring(w1, w2);
        int m1 = xIndex(diffs, w1, true);
        int m2 = Math.max(m1, xIndex(diffs, w2, false));
        if (w1 > 0) {
            while (m1 > 0 && TextBoundaries.isWordCodePoint(matched.codePointBefore(m1))) {
                m1 -= Character.charCount(matched.codePointBefore(m1));
            }
        }
        if (w2 < before.length()) {
            while (m2 < matched.length() && TextBoundaries.isWordCodePoint(matched.codePointAt(m2))) {
                m2 += Character.charCount(matched.codePointAt(m2));
            }
        }
        String actual = matched.substring(m1, m2);
        if (actual.equals(word)) return null;
        double off = (double) levenshtein(align(word, actual)) / word.length();
        return off <= options.deleteThreshold() ? null : "expected \"" + word + "\", found \"" + actual + "\"";
    }

    /** Which chars of the first text of {@code diffs} are EQUAL (kept in the second). */
    private static boolean[] survivors(List<Diff> diffs, int length) {
        boolean[] kept = new boolean[length];
        int i = 0;
        for (Diff d : diffs) {
            if (d.op() == Diff.Op.INSERT) continue;
            if (d.op() == Diff.Op.EQUAL) java.util.Arrays.fill(kept, i, i + d.text().length(), true);
            i += d.text().length();
        }
        return kept;
    }

    /**
     * diff-match-patch's {@code diff_xIndex}, with a choice it lacks: the position in the second text of position
     * {@code loc} of the first. Where the second text has an insertion exactly at {@code loc}, {@code afterInsertions}
     * says whether to map past it (diff-match-patch always does) or before it. A position inside a deletion maps to
     * where the deletion was.
     */
    static int xIndex(List<Diff> diffs, int loc, boolean afterInsertions) {
        int chars1 = 0;
        int chars2 = 0;
        for (Diff d : diffs) {
            int len = d.text().length();
            switch (d.op()) {
                case INSERT -> {
                    if (chars1 == loc && !afterInsertions) return chars2;
                    chars2 += len;
                }
                case DELETE -> {
                    if (loc < chars1 + len) return chars2;
                    chars1 += len;
                }
                case EQUAL -> {
                    if (loc < chars1 + len) return chars2 + (loc - chars1);
                    chars1 += len;
                    chars2 += len;
                }
            }
        }
        return chars2 + (loc - chars1);
    }

    /**
     * The character diff of {@code a} to {@code b}, for comparing a hunk with the text found for it: every error
     * count, anchor check and position mapping here is made on it. Not the whole-word diff that made the hunk: that
     * one would count "colour" / "color" as six changed chars instead of one and leave no char of a respelt word
     * "surviving", so word-level hunks would be rejected for changes next to them that a char comparison tolerates
     * (the thresholds were pinned on char comparisons). The word level still decides what a hunk replaces.
     */
    static List<Diff> align(String a, String b) {
        return TextDiff.diff(a, b, ALIGNMENT);
    }

    /**
     * Which chars of the found text the target typed into a stretch a hunk deletes — the deletion spares them: the
     * author of the deletion never saw them, so they are not the author's to delete (a sequence CRDT keeps them too).
     * Every insertion of the alignment (deleted -> found) counts, except a respelling: at most {@link #RESPELLING}
     * chars put in place of deleted chars ("cat" -> "cut", a typo fixed), a change of the deleted text itself.
     */
    static boolean[] typedInto(List<Diff> alignment, int foundLength) {
        boolean[] typed = new boolean[foundLength];
        int at = 0; // position in the found text
        for (int k = 0; k < alignment.size(); k++) {
            Diff x = alignment.get(k);
            if (x.op() == Diff.Op.DELETE) continue;
            int len = x.text().length();
            if (x.op() == Diff.Op.INSERT) {
                boolean nextToDeletion = (k > 0 && alignment.get(k - 1).op() == Diff.Op.DELETE)
                        || (k + 1 < alignment.size() && alignment.get(k + 1).op() == Diff.Op.DELETE);
                if (!(nextToDeletion && len <= RESPELLING)) java.util.Arrays.fill(typed, at, at + len, true);
            }
            at += len;
        }
        return typed;
    }

    /**
     * The typed chars, each with the whole word it stands in (a run of non-blank chars): a word someone was typing
     * into is kept whole, not as the letters an alignment could not match to the deleted ones.
     */
    static String wholeWords(String found, boolean[] typed) {
        boolean[] keep = typed.clone();
        int i = 0;
        while (i < found.length()) {
            if (Character.isWhitespace(found.charAt(i))) { i++; continue; }
            int end = i;
            boolean any = false;
            while (end < found.length() && !Character.isWhitespace(found.charAt(end))) any |= typed[end++];
            if (any) java.util.Arrays.fill(keep, i, end, true);
            i = end;
        }
        StringBuilder spared = new StringBuilder();
        for (int j = 0; j < found.length(); j++) if (keep[j]) spared.append(found.charAt(j));
        return spared.toString();
    }

    /** The longest insertion in place of deleted chars that is taken for a respelling rather than new text. */
    static final int RESPELLING = 3;

    /** diff-match-patch's {@code diff_levenshtein}: edit distance implied by a diff. */
    static int levenshtein(List<Diff> diffs) {
        int total = 0;
        int ins = 0;
        int del = 0;
        for (Diff d : diffs) {
            switch (d.op()) {
                case INSERT -> ins += d.text().length();
                case DELETE -> del += d.text().length();
                case EQUAL -> {
                    total += Math.max(ins, del);
                    ins = 0;
                    del = 0;
                }
            }
        }
        return total + Math.max(ins, del);
    }

    private static boolean regionEquals(CharSequence text, int at, String s) {
        for (int i = 0; i < s.length(); i++) if (text.charAt(at + i) != s.charAt(i)) return false;
        return true;
    }

    private static int clamp(int v, int lo, int hi) {
        return Math.max(lo, Math.min(hi, v));
    }

    private static String percent(double ratio) {
        return Math.round(ratio * 100) + "%";
    }
}
