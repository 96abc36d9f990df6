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

    private SpliceComposition() {}

    /**
     * The ops, on a text of {@code baseLength} chars, of the splices applied in order. O(splices × pieces) array
     * moves and O(splices × log pieces) searches: a hub's view that fell behind composes a few hundred other writers'
     * keystrokes into one edit.
     */
    static List<DeltaOp> ops(int baseLength, List<TextSplice> splices) {
        if (splices.size() == 1) return ops(baseLength, splices.get(0)); // one keystroke (speedup)
        Pieces pieces = new Pieces(baseLength, splices.size());
        for (TextSplice sp : splices) pieces.apply(sp);
        List<DeltaOp> ops = new ArrayList<>();
        int next = 0; // the next original position the ops have not passed yet
        StringBuilder inserted = new StringBuilder(); // text inserted since the last kept range: after the deletion
        for (int i = 0; i < pieces.size; i++) {
            if (pieces.text[i] == null) {
                flush(ops, pieces.from[i] - next, inserted);
                keep(ops, pieces.length[i]);
                next = pieces.from[i] + pieces.length[i];
            } else {
                inserted.append(pieces.text[i]);
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

    /**
     * The composed text as pieces, in order: ranges of the original ({@code text} null, {@code from} the range's
     * start) or inserted text. Every piece holds at least one char, so their {@code start}s rise strictly and a
     * position's piece is found by binary search. Parallel arrays, not a list of objects: a splice moves the pieces
     * after it and shifts their starts, which on arrays is a few memory moves.
     */
    private static final class Pieces {
        int size;
        int[] start;
        int[] length;
        int[] from;
        String[] text;
        int total;

        Pieces(int baseLength, int splices) {
            int capacity = 2 * splices + 2;
            start = new int[capacity];
            length = new int[capacity];
            from = new int[capacity];
            text = new String[capacity];
            if (baseLength > 0) {
                size = 1;
                length[0] = baseLength;
            }
            total = baseLength;
        }

        void apply(TextSplice sp) {
            int s = split(sp.pos());
            int e = split(sp.pos() + sp.deleted());
            int added = sp.inserted().isEmpty() ? 0 : 1;
            int shift = added - (e - s);
            if (shift != 0) {
                ensure(size + shift);
                int tail = size - e;
                System.arraycopy(start, e, start, e + shift, tail);
                System.arraycopy(length, e, length, e + shift, tail);
                System.arraycopy(from, e, from, e + shift, tail);
                System.arraycopy(text, e, text, e + shift, tail);
                if (shift < 0) java.util.Arrays.fill(text, size + shift, size, null); // no stale references
                size += shift;
            }
            if (added == 1) {
                start[s] = sp.pos();
                length[s] = sp.inserted().length();
                from[s] = -1;
                text[s] = sp.inserted();
            }
            int net = sp.inserted().length() - sp.deleted();
            if (net != 0) for (int i = s + added; i < size; i++) start[i] += net;
            total += net;
        }

        /** Cuts the pieces so that one starts at {@code pos}; returns its index (or the size, at the end). */
        int split(int pos) {
            if (pos == total) return size;
            if (pos < 0 || pos > total) {
                throw new IndexOutOfBoundsException("splice at " + pos + " beyond the text's " + total + " chars");
            }
            int i = java.util.Arrays.binarySearch(start, 0, size, pos);
            if (i >= 0) return i;
            int k = -i - 2; // the piece that holds pos
            int cut = pos - start[k];
            ensure(size + 1);
            System.arraycopy(start, k + 1, start, k + 2, size - k - 1);
            System.arraycopy(length, k + 1, length, k + 2, size - k - 1);
            System.arraycopy(from, k + 1, from, k + 2, size - k - 1);
            System.arraycopy(text, k + 1, text, k + 2, size - k - 1);
            size++;
            start[k + 1] = pos;
            length[k + 1] = length[k] - cut;
            length[k] = cut;
            if (text[k] == null) {
                from[k + 1] = from[k] + cut;
                text[k + 1] = null;
            } else {
                from[k + 1] = -1;
                text[k + 1] = text[k].substring(cut);
                text[k] = text[k].substring(0, cut);
            }
            return k + 1;
        }

        private void ensure(int capacity) {
            if (capacity <= start.length) return;
            int n = Math.max(capacity, start.length * 2);
            start = java.util.Arrays.copyOf(start, n);
            length = java.util.Arrays.copyOf(length, n);
            from = java.util.Arrays.copyOf(from, n);
            text = java.util.Arrays.copyOf(text, n);
        }
    }
}
