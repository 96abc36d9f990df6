package dev.tandem.engine.sync;

import dev.tandem.engine.text.DeltaOp;
import dev.tandem.engine.text.Diff;

import java.util.ArrayList;
import java.util.List;

/**
 * Splices from diffs: each run of changes between two equal runs becomes one splice, positioned in the text as it is
 * when that splice's turn comes (earlier splices applied), so that applying them in order turns the diffs' first text
 * into their second.
 */
final class DiffSplices {

    private DiffSplices() {}

    /** Appends to {@code out} the splices of {@code diffs} (first text -> second) starting at {@code at}. */
    static void appendTo(List<TextSplice> out, List<Diff> diffs, int at) {
        int pos = at;
        int i = 0;
        while (i < diffs.size()) {
            Diff d = diffs.get(i);
            if (d.op() == Diff.Op.EQUAL) { pos += d.text().length(); i++; continue; }
            int deleted = 0;
            StringBuilder ins = new StringBuilder();
            while (i < diffs.size() && diffs.get(i).op() != Diff.Op.EQUAL) {
                Diff x = diffs.get(i++);
                if (x.op() == Diff.Op.DELETE) deleted += x.text().length(); else ins.append(x.text());
            }
            out.add(new TextSplice(pos, deleted, ins.toString()));
            pos += ins.length();
        }
    }

    /** As {@link #appendTo}, for the ops of an exact delta on a text (no text needed: ops carry the lengths). */
    static void appendOps(List<TextSplice> out, List<DeltaOp> ops) {
        int pos = 0;
        int deleted = 0;
        StringBuilder ins = new StringBuilder();
        for (DeltaOp op : ops) {
            if (op instanceof DeltaOp.Keep k) {
                pos = flush(out, pos, deleted, ins) + k.count();
                deleted = 0;
            } else if (op instanceof DeltaOp.Delete d) {
                deleted += d.count();
            } else {
                ins.append(((DeltaOp.Insert) op).text());
            }
        }
        flush(out, pos, deleted, ins);
    }

    /** Adds the splice of a run of changes at {@code pos}, if any; returns where the text after it begins. */
    private static int flush(List<TextSplice> out, int pos, int deleted, StringBuilder ins) {
        if (deleted == 0 && ins.length() == 0) return pos;
        out.add(new TextSplice(pos, deleted, ins.toString()));
        int end = pos + ins.length();
        ins.setLength(0);
        return end;
    }

    static List<TextSplice> of(List<Diff> diffs) {
        List<TextSplice> out = new ArrayList<>();
        appendTo(out, diffs, 0);
        return out;
    }

    /** Whether the splices, in order, turn {@code from} into {@code to} (O(length): for resets only). */
    static boolean lead(String from, List<TextSplice> splices, CharSequence to) {
        StringBuilder b = new StringBuilder(from);
        for (TextSplice s : splices) {
            if (s.pos() < 0 || s.deleted() < 0 || s.pos() + s.deleted() > b.length()) return false;
            b.replace(s.pos(), s.pos() + s.deleted(), s.inserted());
        }
        return b.length() == to.length() && b.toString().contentEquals(to);
    }
}
