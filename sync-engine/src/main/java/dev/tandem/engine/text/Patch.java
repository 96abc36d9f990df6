package dev.tandem.engine.text;

import java.util.ArrayList;
import java.util.List;

/**
 * A fuzzy patch: the change from a base text to an edited one as a list of {@link Hunk}s, each with enough context to
 * be found again in a text that has changed meanwhile (Fraser, "Differential Synchronization", §3; the hunk shape and
 * context growth follow diff-match-patch's {@code patch_make} and {@code patch_addContext}). Apply it with
 * {@link FuzzyPatcher}.
 *
 * <p>Hunks are in text order and never share changed text; their contexts may overlap. Changes separated by fewer than
 * {@code 2 * margin} unchanged chars go into one hunk.
 */
public record Patch(List<Hunk> hunks) {

    public Patch {
        hunks = List.copyOf(hunks);
    }

    public boolean isEmpty() {
        return hunks.isEmpty();
    }

    /** The patch from {@code base} to {@code edited}, diffed by {@link TextDiff}, with default options. */
    public static Patch make(String base, String edited) {
        return make(base, TextDiff.diff(base, edited), PatchOptions.DEFAULTS);
    }

    /** The patch of a diff of {@code base} (EQUAL and DELETE runs must spell {@code base}), with default options. */
    public static Patch make(String base, List<Diff> diffs) {
        return make(base, diffs, PatchOptions.DEFAULTS);
    }

    /**
     * The patch of a diff of {@code base}.
     *
     * <p>Each hunk starts with {@code margin} chars of context on each side and grows by {@code margin} on both
     * sides until its text occurs only once within {@code matchDistance} of its position in the base, or reaches
     * {@code maxPatternLength}, or meets a neighbouring hunk's changes or an end of the text. Context never cuts a
     * surrogate pair.
     *
     * <p>Cost: O(number of runs + text checked), where the text checked is each hunk plus the window of
     * {@code 2 * matchDistance} around it per growth step — never the whole document per hunk (diff-match-patch
     * rescans the whole text with indexOf/lastIndexOf on every step; SYNC-NOTES "cost hot spots"). Deleted runs and
     * short unchanged runs are checked against {@code base}; long unchanged runs by their length.
     *
     * @throws IllegalArgumentException when the diff does not spell {@code base} or cuts a surrogate pair
     */
    public static Patch make(String base, List<Diff> diffs, PatchOptions options) {
        List<Change> changes = changes(base, diffs, 2 * options.margin());
        // Group changes closer than 2 * margin into one hunk core.
        List<Change> cores = new ArrayList<>();
        for (Change c : changes) {
            if (!cores.isEmpty() && c.s1 - cores.get(cores.size() - 1).e1 < 2 * options.margin()) {
                Change prev = cores.remove(cores.size() - 1);
                cores.add(new Change(prev.s1, c.e1, prev.s2, c.e2, prev.firstRun, c.lastRun));
            } else {
                cores.add(c);
            }
        }
        List<Hunk> hunks = new ArrayList<>(cores.size());
        for (int k = 0; k < cores.size(); k++) {
            Change core = cores.get(k);
            int floor = k == 0 ? 0 : cores.get(k - 1).e1;                       // context stays out of neighbours
            int ceiling = k == cores.size() - 1 ? base.length() : cores.get(k + 1).s1;
            int[] ctx = context(base, core, floor, ceiling, options);
            int pre = ctx[0];
            int post = ctx[1];
            List<Diff> hd = new ArrayList<>(core.lastRun - core.firstRun + 3);
            if (pre > 0) hd.add(Diff.equal(base.substring(core.s1 - pre, core.s1)));
            for (int r = core.firstRun; r < core.lastRun; r++) {
                if (!diffs.get(r).text().isEmpty()) hd.add(diffs.get(r));
            }
            if (post > 0) hd.add(Diff.equal(base.substring(core.e1, core.e1 + post)));
            hunks.add(new Hunk(merge(hd), core.s1 - pre, pre + (core.e1 - core.s1) + post,
                    core.s2 - pre, pre + (core.e2 - core.s2) + post));
        }
        return new Patch(hunks);
    }

    /** A changed region: base [s1, e1) became edited [s2, e2); its runs are diffs[firstRun, lastRun). */
    private record Change(int s1, int e1, int s2, int e2, int firstRun, int lastRun) {}

    /**
     * The maximal runs of non-EQUAL diffs, checking that the diff spells the base and keeps surrogate pairs whole.
     * Unchanged runs of {@code shortRun} chars or more are checked by length only (speedup: they never enter a hunk,
     * whose context is cut from the base itself; a keystroke's diff of a large text is two such runs).
     */
    private static List<Change> changes(String base, List<Diff> diffs, int shortRun) {
        List<Change> out = new ArrayList<>();
        int p1 = 0;
        int p2 = 0;
        int start = -1;
        int s1 = 0;
        int s2 = 0;
        for (int r = 0; r < diffs.size(); r++) {
            Diff d = diffs.get(r);
            String t = d.text();
            if (t.isEmpty()) continue;
            boolean check = d.op() == Diff.Op.DELETE || (d.op() == Diff.Op.EQUAL && t.length() < shortRun);
            if (p1 + (d.op() == Diff.Op.INSERT ? 0 : t.length()) > base.length() || (check && !base.startsWith(t, p1))) {
                throw new IllegalArgumentException("diff does not spell the base at " + p1);
            }
            if (splitsPair(base, p1) || (d.op() == Diff.Op.INSERT
                    && (Character.isLowSurrogate(t.charAt(0)) || Character.isHighSurrogate(t.charAt(t.length() - 1))))) {
                throw new IllegalArgumentException("diff run cuts a surrogate pair at " + p1);
            }
            if (d.op() == Diff.Op.EQUAL) {
                if (start >= 0) {
                    out.add(new Change(s1, p1, s2, p2, start, r));
                    start = -1;
                }
                p1 += t.length();
                p2 += t.length();
            } else {
                if (start < 0) {
                    start = r;
                    s1 = p1;
                    s2 = p2;
                }
                if (d.op() == Diff.Op.DELETE) p1 += t.length();
                else p2 += t.length();
            }
        }
        if (start >= 0) out.add(new Change(s1, p1, s2, p2, start, diffs.size()));
        if (p1 != base.length()) {
            throw new IllegalArgumentException("diff spells " + p1 + " chars of a base of " + base.length());
        }
        return out;
    }

    /** True when position {@code i} of {@code s} lies between the two halves of a surrogate pair. */
    static boolean splitsPair(CharSequence s, int i) {
        return i > 0 && i < s.length() && Character.isHighSurrogate(s.charAt(i - 1))
                && Character.isLowSurrogate(s.charAt(i));
    }

    /**
     * Context sizes {pre, post} for a core: start at margin, grow by margin while the hunk's text is not unique near
     * its position, capped by maxPatternLength, the neighbouring cores and the ends of the text.
     */
    private static int[] context(String base, Change core, int floor, int ceiling, PatchOptions o) {
        int padding = o.margin();
        int pre = pairSafeStart(base, core.s1, Math.max(floor, core.s1 - padding), floor);
        int post = pairSafeEnd(base, core.e1, Math.min(ceiling, core.e1 + padding), ceiling);
        while (post - pre < o.maxPatternLength() - 2 * o.margin()
                && !uniqueNear(base, pre, post, o.matchDistance())
                && (pre > floor || post < ceiling)) {
            padding += o.margin();
            pre = pairSafeStart(base, core.s1, Math.max(floor, core.s1 - padding), floor);
            post = pairSafeEnd(base, core.e1, Math.min(ceiling, core.e1 + padding), ceiling);
        }
        return new int[] {core.s1 - pre, post - core.e1};
    }

    /** Moves a context start off the low half of a pair: outwards if allowed, else inwards. */
    private static int pairSafeStart(String s, int coreStart, int start, int floor) {
        if (splitsPair(s, start)) {
            return start - 1 >= floor ? start - 1 : Math.min(start + 1, coreStart);
        }
        return start;
    }

    /** Moves a context end off the middle of a pair: outwards if allowed, else inwards. */
    private static int pairSafeEnd(String s, int coreEnd, int end, int ceiling) {
        if (splitsPair(s, end)) {
            return end + 1 <= ceiling ? end + 1 : Math.max(end - 1, coreEnd);
        }
        return end;
    }

    /** True when base[from, to) occurs nowhere else within {@code distance} chars of {@code from}. O(window). */
    private static boolean uniqueNear(String base, int from, int to, int distance) {
        int len = to - from;
        if (len == 0) return false;
        int lo = Math.max(0, from - distance);
        int hi = Math.min(base.length(), from + distance + len);
        String window = base.substring(lo, hi);
        String pattern = base.substring(from, to);
        int first = window.indexOf(pattern);
        return first == from - lo && window.indexOf(pattern, first + 1) < 0;
    }

    /** Joins adjacent runs of the same kind (a hunk's runs come from a diff that may split them). */
    private static List<Diff> merge(List<Diff> runs) {
        List<Diff> out = new ArrayList<>(runs.size());
        for (Diff d : runs) {
            if (!out.isEmpty() && out.get(out.size() - 1).op() == d.op()) {
                Diff last = out.remove(out.size() - 1);
                out.add(new Diff(d.op(), last.text() + d.text()));
            } else {
                out.add(d);
            }
        }
        return out;
    }
}
