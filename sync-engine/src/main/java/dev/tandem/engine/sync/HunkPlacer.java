package dev.tandem.engine.sync;

import dev.tandem.engine.text.Diff;
import dev.tandem.engine.text.FuzzyPatcher;
import dev.tandem.engine.text.Hunk;
import dev.tandem.engine.text.HunkResult;
import dev.tandem.engine.text.Patch;
import dev.tandem.engine.text.PatchResult;
import dev.tandem.engine.text.TrackedText;

import java.util.List;

/**
 * Places one hunk of the other side's edit in a text that changed around it since the shadow the edit was made on,
 * using the text layer's {@link FuzzyPatcher} on a window of the text around where the hunk is expected (the cost
 * follows the window, not the document). A hunk that cannot be placed is rejected with the patcher's reason and kept
 * for the user by the caller.
 */
final class HunkPlacer {

    /** Chars of the shadow on each side of a hunk handed to the patcher: room to grow context and to search. */
    static final int WINDOW = 1_200;

    private static final FuzzyPatcher PATCHER = FuzzyPatcher.withDefaults();

    private HunkPlacer() {}

    /**
     * A hunk with the shadow around it, and where it is expected in the text.
     *
     * @param expected      where the change is expected in the text
     * @param base          a window of the shadow holding the change
     * @param at            where the change starts in {@code base}
     * @param deleted       the text the change deletes (at {@code at} in {@code base})
     * @param inserted      the text it inserts
     * @param contextBefore up to {@link Link#CONTEXT} chars before the change, for the user's conflict record
     * @param contextAfter  up to {@link Link#CONTEXT} chars after it
     */
    record Target(int expected, String base, int at, String deleted, String inserted, String contextBefore,
                  String contextAfter) {

        /** A hunk from the text before it ({@code before}), what it deletes and inserts, and the text after it. */
        static Target of(int expected, String before, String deleted, String inserted, String after) {
            int cb = safeStart(before, Math.max(0, before.length() - Link.CONTEXT));
            int ca = safeEnd(after, Math.min(after.length(), Link.CONTEXT));
            return new Target(expected, before + deleted + after, before.length(), deleted, inserted,
                    before.substring(cb), after.substring(0, ca));
        }

        /** A conflict's hunk, to be re-applied: its own context is all the base there is. */
        static Target ofConflict(Conflict c, int textLength) {
            return new Target(Math.min(c.aimedAt(), textLength), c.contextBefore() + c.deleted() + c.contextAfter(),
                    c.contextBefore().length(), c.deleted(), c.inserted(), c.contextBefore(), c.contextAfter());
        }
    }

    /** Where a hunk landed ({@code at}, replacing {@code deleted} chars by {@code inserted}), or why not. */
    record Placement(int at, int deleted, String inserted, String reason) {
        boolean rejected() { return reason != null; }
        static Placement rejectedBecause(String reason) { return new Placement(-1, 0, "", reason); }
    }

    static Placement place(CharSequence text, Target t) {
        return place(text, t, pos -> false);
    }

    /**
     * Places {@code t} in {@code text}; {@code foreign} tells which text positions hold chars the hunk's author never
     * saw (see {@link ForeignText}): a deletion spares them.
     */
    static Placement place(CharSequence text, Target t, java.util.function.IntPredicate foreign) {
        // Align the text window with the base window so that the hunk's own position is where it is expected.
        // The expected position is an estimate (interpolated where text and shadow differ), so the window reaches
        // WINDOW chars before it as well as after: a hunk that really sits a little earlier must still be found.
        int aligned = Math.max(0, Math.min(text.length(), t.expected() - t.at()));
        int ts = safeStart(text, Math.max(0, aligned - WINDOW));
        int te = safeEnd(text, Math.min(text.length(), aligned + t.base().length() + WINDOW));
        int lead = aligned - ts;
        String window = text.subSequence(ts, te).toString();
        List<Diff> diffs = new java.util.ArrayList<>(4);
        if (t.at() > 0) diffs.add(Diff.equal(t.base().substring(0, t.at())));
        if (!t.deleted().isEmpty()) diffs.add(Diff.delete(t.deleted()));
        if (!t.inserted().isEmpty()) diffs.add(Diff.insert(t.inserted()));
        int afterStart = t.at() + t.deleted().length();
        if (afterStart < t.base().length()) diffs.add(Diff.equal(t.base().substring(afterStart)));
        Patch patch = shifted(Patch.make(t.base(), diffs), lead);
        if (patch.isEmpty()) return new Placement(Math.min(t.expected(), text.length()), 0, "", null);
        PatchResult result = PATCHER.apply(patch, window, pos -> foreign.test(ts + pos));
        if (result.rejectedCount() > 0) {
            return Placement.rejectedBecause(result.rejected().get(0).reason());
        }
        // The patcher replaced the hunk's text with context; keep only what really changed (a caret nearby stays put).
        HunkResult h = result.hunks().get(0);
        String matched = h.matched();
        String produced = h.produced();
        int p = 0;
        int max = Math.min(matched.length(), produced.length());
        while (p < max && matched.charAt(p) == produced.charAt(p)) p++;
        if (p > 0 && Character.isHighSurrogate(matched.charAt(p - 1))) p--;
        int s = 0;
        while (s < max - p && matched.charAt(matched.length() - 1 - s) == produced.charAt(produced.length() - 1 - s)) s++;
        if (s > 0 && Character.isLowSurrogate(matched.charAt(matched.length() - s))) s--;
        return new Placement(ts + h.landed() + p, matched.length() - p - s, produced.substring(p, produced.length() - s), null);
    }

    /** The patch with its hunks expected {@code by} chars later (the window begins that much before the base). */
    private static Patch shifted(Patch patch, int by) {
        if (by == 0) return patch;
        List<Hunk> moved = new java.util.ArrayList<>(patch.hunks().size());
        for (Hunk h : patch.hunks()) {
            moved.add(new Hunk(h.diffs(), h.start1() + by, h.length1(), h.start2() + by, h.length2()));
        }
        return new Patch(moved);
    }

    static int safeStart(CharSequence s, int i) {
        return (i > 0 && i < s.length() && Character.isLowSurrogate(s.charAt(i))) ? i - 1 : i;
    }

    static int safeEnd(CharSequence s, int i) {
        return (i > 0 && i < s.length() && Character.isLowSurrogate(s.charAt(i))) ? i + 1 : i;
    }
}
