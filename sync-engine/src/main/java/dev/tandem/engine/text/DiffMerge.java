package dev.tandem.engine.text;

import java.util.ArrayList;
import java.util.List;

/**
 * Puts a diff in its normal form: no empty runs, no two adjacent runs with the same op, and in each group of edits
 * between two equalities all deleted text first, then all inserted text.
 *
 * <p>{@link #normalize} also does what diff-match-patch's {@code diff_cleanupMerge} does (Neil Fraser): moves text
 * common to the start or end of a group's deletion and insertion out into the equalities around it, and slides a
 * single edit over a neighbouring equality that it repeats, so that the equality disappears
 * ({@code A<ins>BA</ins>C -> <ins>AB</ins>AC}). {@link #coalesce} only joins and groups, for use after a pass (word
 * alignment) whose wider edits must not be trimmed back. Neither ever cuts a surrogate pair.
 */
final class DiffMerge {

    private DiffMerge() {}

    /** diff-match-patch's {@code diff_cleanupMerge}: joined, grouped, common affixes factored out, edits slid. */
    static List<Diff> normalize(List<Diff> diffs) {
        List<Diff> merged = join(diffs, true);
        while (slideSingleEdits(merged)) merged = join(merged, true);
        return merged;
    }

    /** Joins adjacent runs of the same op and groups each edit's deletion before its insertion; nothing else. */
    static List<Diff> coalesce(List<Diff> diffs) {
        return join(diffs, false);
    }

    private static List<Diff> join(List<Diff> diffs, boolean factorAffixes) {
        List<Diff> out = new ArrayList<>(diffs.size());
        Accumulator equal = new Accumulator();
        Accumulator deleted = new Accumulator();
        Accumulator inserted = new Accumulator();
        for (Diff d : diffs) {
            if (d.text().isEmpty()) continue;
            switch (d.op()) {
                case EQUAL -> {
                    if (!deleted.isEmpty() || !inserted.isEmpty()) flushEdit(out, equal, deleted, inserted, factorAffixes);
                    equal.append(d.text());
                }
                case DELETE -> deleted.append(d.text());
                case INSERT -> inserted.append(d.text());
            }
        }
        if (!deleted.isEmpty() || !inserted.isEmpty()) flushEdit(out, equal, deleted, inserted, factorAffixes);
        if (!equal.isEmpty()) out.add(Diff.equal(equal.take()));
        return out;
    }

    /** Emits the pending equality and edit group; a factored common suffix is left pending as the next equality. */
    private static void flushEdit(List<Diff> out, Accumulator equal, Accumulator deleted, Accumulator inserted,
                                  boolean factorAffixes) {
        String del = deleted.take();
        String ins = inserted.take();
        String suffix = "";
        if (factorAffixes && !del.isEmpty() && !ins.isEmpty()) {
            int p = TextBoundaries.commonPrefix(del, ins);
            if (p > 0) {
                equal.append(del.substring(0, p));
                del = del.substring(p);
                ins = ins.substring(p);
            }
            int s = TextBoundaries.commonSuffix(del, ins, 0);
            if (s > 0) {
                suffix = del.substring(del.length() - s);
                del = del.substring(0, del.length() - s);
                ins = ins.substring(0, ins.length() - s);
            }
        }
        if (!equal.isEmpty()) out.add(Diff.equal(equal.take()));
        if (!del.isEmpty()) out.add(Diff.delete(del));
        if (!ins.isEmpty()) out.add(Diff.insert(ins));
        equal.append(suffix);
    }

    /**
     * diff-match-patch's second merge pass: a single edit between two equalities that ends with the equality before
     * it (or starts with the one after it) slides over that equality, which then joins the other one. Returns
     * whether anything slid.
     */
    private static boolean slideSingleEdits(List<Diff> diffs) {
        boolean slid = false;
        for (int i = 1; i < diffs.size() - 1; i++) {
            Diff prev = diffs.get(i - 1);
            Diff edit = diffs.get(i);
            Diff next = diffs.get(i + 1);
            if (prev.op() != Diff.Op.EQUAL || next.op() != Diff.Op.EQUAL) continue;
            String before = prev.text();
            String e = edit.text();
            String after = next.text();
            int cut = e.length() - before.length();
            if (e.endsWith(before) && !TextBoundaries.splitsPair(e, cut)) {
                diffs.set(i, new Diff(edit.op(), before + e.substring(0, cut)));
                diffs.set(i + 1, Diff.equal(before + after));
                diffs.remove(i - 1);
                slid = true;
            } else if (e.startsWith(after) && !TextBoundaries.splitsPair(e, after.length())) {
                diffs.set(i - 1, Diff.equal(before + after));
                diffs.set(i, new Diff(edit.op(), e.substring(after.length()) + after));
                diffs.remove(i + 1);
                slid = true;
            }
        }
        return slid;
    }

    /** Concatenates run texts, keeping a lone string as it is (no copy of a large equality). */
    private static final class Accumulator {
        private String single;
        private StringBuilder joined;

        void append(String s) {
            if (s.isEmpty()) return;
            if (joined != null) {
                joined.append(s);
            } else if (single == null) {
                single = s;
            } else {
                joined = new StringBuilder(single.length() + s.length()).append(single).append(s);
                single = null;
            }
        }

        boolean isEmpty() {
            return single == null && joined == null;
        }

        /** The text so far; empties the accumulator. */
        String take() {
            String s = joined != null ? joined.toString() : single != null ? single : "";
            single = null;
            joined = null;
            return s;
        }
    }
}
