package dev.tandem.engine.text;

import java.util.ArrayList;
import java.util.List;

/**
 * Moves each lone insertion or deletion of a delta to the best of the places where it could equally sit: where equal
 * chars on either side let it slide without changing the result, it goes to the place diff-match-patch's
 * {@code diff_cleanupSemanticLossless} scores best (a text end, a blank line, a line break, the end of a sentence,
 * whitespace, other non-word chars; the rightmost on a tie, as there).
 *
 * <p>Why: a delta made by comparing texts (a link's divergence regions, or a diff) picks one of those places
 * arbitrarily — the longest common prefix stops after as many equal chars as it can. The receiver's shadow ends the
 * same wherever it sits, but the receiver also patches the delta into its own text, which may have changed there:
 * typing {@code "[c0-64] "} before {@code "[c2-14]"} went out as {@code "c0-64] [c"} inserted after {@code "[c"},
 * a writer who had deleted that {@code "[c"} got {@code "c0-64] [c2-14]"}, and the first marker lost its bracket
 * ({@code ./tandem sim} seed 3692). At the place the user typed, the insertion stays whole.
 *
 * <p>Only the ops' positions change: the same number of chars are inserted and deleted, the result is the same text.
 * Edits next to another edit (a replacement) stay where they are. Work: O(ops + the distance each edit can slide).
 *
 * <p>Concurrency: stateless.
 */
public final class EditBoundaries {

    private EditBoundaries() {}

    /** The ops of a delta on {@code base}, each lone edit moved to its best place; the same list if none moved. */
    public static List<DeltaOp> slide(List<DeltaOp> ops, CharSequence base) {
        return slide(ops, base, at -> false);
    }

    /**
     * As {@link #slide(List, CharSequence)}, but an edit at a base position {@code pinned} accepts stays there: its
     * place is known (the caller saw it made there), and a place with the same result may be another text to a
     * receiver whose text changed around it.
     */
    public static List<DeltaOp> slide(List<DeltaOp> ops, CharSequence base, java.util.function.IntPredicate pinned) {
        List<DeltaOp> list = new ArrayList<>(ops); // a keep that becomes empty is null until the end
        boolean moved = false;
        int pos = 0; // base position where op i starts
        for (int i = 0; i < list.size(); i++) {
            DeltaOp op = list.get(i);
            if (op == null) continue;
            if (op instanceof DeltaOp.Keep k) {
                pos += k.count();
                continue;
            }
            int deleted = op instanceof DeltaOp.Delete d ? d.count() : 0;
            boolean lone = (i == 0 || list.get(i - 1) instanceof DeltaOp.Keep)
                    && (i == list.size() - 1 || list.get(i + 1) instanceof DeltaOp.Keep);
            if (lone && !pinned.test(pos)) {
                int before = i == 0 ? 0 : ((DeltaOp.Keep) list.get(i - 1)).count();
                int after = i == list.size() - 1 ? base.length() - pos - deleted : ((DeltaOp.Keep) list.get(i + 1)).count();
                int to = best(op, base, pos, before, after);
                if (to != pos) {
                    moved = true;
                    i = moveEdit(list, i, op, base, pos, to);
                    pos = to;
                }
            }
            pos += deleted;
        }
        return moved ? normalized(list) : ops;
    }

    /** The best base position for the edit now at {@code pos}, within {@code before} chars left and {@code after} right. */
    private static int best(DeltaOp op, CharSequence base, int pos, int before, int after) {
        CharSequence t;
        int len;
        if (op instanceof DeltaOp.Insert ins) {
            t = new Joined(base, pos, ins.text()); // the result: the edit is its chars [pos, pos + len)
            len = ins.text().length();
        } else {
            t = base; // the base: the edit is its chars [pos, pos + len)
            len = ((DeltaOp.Delete) op).count();
        }
        int leftmost = pos;
        while (leftmost > pos - before && t.charAt(leftmost - 1) == t.charAt(leftmost + len - 1)) leftmost--;
        return SemanticCleanup.bestPlace(t, len, leftmost, pos + after, pos);
    }

    /**
     * Replaces op {@code i} (at base position {@code from}) by the same edit at {@code to}, with the keeps around it
     * grown and shrunk to match (an emptied keep becomes null). Returns the edit's index now.
     */
    private static int moveEdit(List<DeltaOp> ops, int i, DeltaOp op, CharSequence base, int from, int to) {
        int shift = to - from;
        DeltaOp moved = op;
        if (op instanceof DeltaOp.Insert ins) {
            Joined r = new Joined(base, from, ins.text());
            moved = new DeltaOp.Insert(r.subSequence(to, to + ins.text().length()).toString());
        }
        if (i > 0) {
            ops.set(i - 1, keep(((DeltaOp.Keep) ops.get(i - 1)).count() + shift));
        } else { // the edit was first: it can only have moved right, past a keep that now comes first
            ops.add(0, new DeltaOp.Keep(shift));
            i++;
        }
        ops.set(i, moved);
        if (i < ops.size() - 1) ops.set(i + 1, keep(((DeltaOp.Keep) ops.get(i + 1)).count() - shift));
        return i;
    }

    private static DeltaOp keep(int n) {
        return n > 0 ? new DeltaOp.Keep(n) : null;
    }

    /** Without the emptied keeps, adjacent keeps joined. */
    private static List<DeltaOp> normalized(List<DeltaOp> ops) {
        List<DeltaOp> out = new ArrayList<>(ops.size());
        for (DeltaOp op : ops) {
            if (op == null) continue;
            if (op instanceof DeltaOp.Keep k && !out.isEmpty() && out.get(out.size() - 1) instanceof DeltaOp.Keep prev) {
                out.set(out.size() - 1, new DeltaOp.Keep(prev.count() + k.count()));
            } else {
                out.add(op);
            }
        }
        return out;
    }

    /** {@code base} with {@code inserted} at {@code at}, read in place. */
    private record Joined(CharSequence base, int at, String inserted) implements CharSequence {
        @Override public int length() { return base.length() + inserted.length(); }

        @Override public char charAt(int i) {
            if (i < at) return base.charAt(i);
            if (i < at + inserted.length()) return inserted.charAt(i - at);
            return base.charAt(i - inserted.length());
        }

        @Override public CharSequence subSequence(int start, int end) {
            StringBuilder sb = new StringBuilder(end - start);
            for (int i = start; i < end; i++) sb.append(charAt(i));
            return sb.toString();
        }

        @Override public String toString() { return subSequence(0, length()).toString(); }
    }
}
