package dev.tandem.engine.sync;

import dev.tandem.engine.text.DeltaOp;

import java.util.ArrayList;
import java.util.List;

/**
 * Composes splices made one after the other on a text into one delta on the text before them, exactly: what was
 * deleted is what the splices deleted, what is inserted is what they inserted, in order — no diff is involved, so a
 * typed word is never aligned with similar old text (a diff would, and a later fuzzy patch could then split it).
 */
final class SpliceComposition {

    /** A piece of the composed text: a range of the original, or inserted text. */
    private sealed interface Piece permits Original, Inserted {
        int length();
    }

    private record Original(int from, int to) implements Piece {
        public int length() { return to - from; }
    }

    private record Inserted(String text) implements Piece {
        public int length() { return text.length(); }
    }

    private SpliceComposition() {}

    /** The ops, on a text of {@code baseLength} chars, of the splices applied in order (O(splices²), few splices). */
    static List<DeltaOp> ops(int baseLength, List<TextSplice> splices) {
        if (splices.size() == 1) return ops(baseLength, splices.get(0)); // one keystroke (speedup)
        List<Piece> pieces = new ArrayList<>();
        if (baseLength > 0) pieces.add(new Original(0, baseLength));
        for (TextSplice sp : splices) apply(pieces, sp);
        List<DeltaOp> ops = new ArrayList<>();
        int next = 0; // the next original position the ops have not passed yet
        StringBuilder inserted = new StringBuilder(); // text inserted since the last kept range: after the deletion
        for (Piece p : pieces) {
            if (p instanceof Original o) {
                flush(ops, o.from() - next, inserted);
                keep(ops, o.length());
                next = o.to();
            } else {
                inserted.append(((Inserted) p).text());
            }
        }
        flush(ops, baseLength - next, inserted);
        // The rest is kept implicitly (the wire form needs no trailing keep).
        if (!ops.isEmpty() && ops.get(ops.size() - 1) instanceof DeltaOp.Keep) ops.remove(ops.size() - 1);
        return ops;
    }

    /** The ops of one splice. */
    private static List<DeltaOp> ops(int baseLength, TextSplice sp) {
        assert sp.pos() + sp.deleted() <= baseLength;
        List<DeltaOp> ops = new ArrayList<>(4);
        if (sp.pos() > 0) ops.add(new DeltaOp.Keep(sp.pos()));
        if (sp.deleted() > 0) ops.add(new DeltaOp.Delete(sp.deleted()));
        if (!sp.inserted().isEmpty()) ops.add(new DeltaOp.Insert(sp.inserted()));
        return ops; // the rest is kept implicitly
    }

    /** A change between kept ranges, in the wire's order: what was deleted, then what was inserted. */
    private static void flush(List<DeltaOp> ops, int deleted, StringBuilder inserted) {
        if (deleted > 0) ops.add(new DeltaOp.Delete(deleted));
        if (inserted.length() > 0) ops.add(new DeltaOp.Insert(inserted.toString()));
        inserted.setLength(0);
    }

    private static void keep(List<DeltaOp> ops, int count) {
        if (!ops.isEmpty() && ops.get(ops.size() - 1) instanceof DeltaOp.Keep k) {
            ops.set(ops.size() - 1, new DeltaOp.Keep(k.count() + count));
        } else {
            ops.add(new DeltaOp.Keep(count));
        }
    }

    private static void apply(List<Piece> pieces, TextSplice sp) {
        int start = split(pieces, sp.pos());
        int end = split(pieces, sp.pos() + sp.deleted());
        pieces.subList(start, end).clear();
        if (!sp.inserted().isEmpty()) pieces.add(start, new Inserted(sp.inserted()));
    }

    /** Splits the pieces so that one starts at text position {@code pos}; returns its index (or the size, at the end). */
    private static int split(List<Piece> pieces, int pos) {
        int at = 0;
        for (int i = 0; i < pieces.size(); i++) {
            Piece p = pieces.get(i);
            if (pos == at) return i;
            if (pos < at + p.length()) {
                int cut = pos - at;
                if (p instanceof Original o) {
                    pieces.set(i, new Original(o.from(), o.from() + cut));
                    pieces.add(i + 1, new Original(o.from() + cut, o.to()));
                } else {
                    String t = ((Inserted) p).text();
                    pieces.set(i, new Inserted(t.substring(0, cut)));
                    pieces.add(i + 1, new Inserted(t.substring(cut)));
                }
                return i + 1;
            }
            at += p.length();
        }
        if (pos != at) throw new IndexOutOfBoundsException("splice at " + pos + " beyond the text's " + at + " chars");
        return pieces.size();
    }
}
