package dev.tandem.engine.sync;

import java.util.ArrayList;
import java.util.List;

/**
 * Operational transformation of two concurrent edits made on the same text, each a sequence of {@link TextSplice}s
 * applied one after the other. Used by the bridge between an editor and its {@code ClientSession}: both sides change
 * the same text at once (the user types; the engine applies a peer's patch), and each side moves the other's change
 * over its own (the two-site case of Jupiter, Nichols et al. 1995, where TP1 alone guarantees convergence).
 *
 * <p>Inputs: {@code a} and {@code b}, both positioned on the same text. Result: {@code a'} positioned on the text after
 * {@code b}, and {@code b'} positioned on the text after {@code a}, such that {@code b; a'} and {@code a; b'} give the
 * same text (TP1). Ties (both insert at one place) go to {@code a} first when {@code aFirst}. Text one side inserts
 * inside a range the other deletes survives (the delete is split around it): nobody's typing is lost to a race.
 *
 * <p>The result may have more splices than the input (a split delete); each is primitive (a pure delete or insert).
 */
public final class SpliceTransform {

    /** Both sides of a transformation. */
    public record Pair(List<TextSplice> a, List<TextSplice> b) { }

    private SpliceTransform() { }

    public static Pair transform(List<TextSplice> a, List<TextSplice> b, boolean aFirst) {
        return xform(primitives(a), primitives(b), aFirst);
    }

    /** Applies splices in order to a text. */
    public static String apply(String text, List<TextSplice> splices) {
        StringBuilder sb = new StringBuilder(text);
        for (TextSplice s : splices) sb.replace(s.pos(), s.pos() + s.deleted(), s.inserted());
        return sb.toString();
    }

    /** Maps a position in the text before {@code splices} to the text after them; {@code stickRight} at an insert. */
    public static int mapPosition(int pos, List<TextSplice> splices, boolean stickRight) {
        int p = pos;
        for (TextSplice s : splices) {
            int end = s.pos() + s.deleted();
            if (p < s.pos()) continue;
            if (p == s.pos()) {
                if (s.deleted() == 0 && stickRight) p += s.inserted().length();
            } else if (p >= end) {
                p += s.inserted().length() - s.deleted();
            } else {
                p = s.pos() + (stickRight ? s.inserted().length() : 0);
            }
        }
        return p;
    }

    private static List<TextSplice> primitives(List<TextSplice> in) {
        List<TextSplice> out = new ArrayList<>(in.size() + 2);
        for (TextSplice s : in) {
            if (s.deleted() > 0) out.add(del(s.pos(), s.deleted()));
            if (!s.inserted().isEmpty()) out.add(ins(s.pos(), s.inserted()));
        }
        return out;
    }

    private static Pair xform(List<TextSplice> a, List<TextSplice> b, boolean aFirst) {
        if (a.isEmpty() || b.isEmpty()) return new Pair(a, b);
        if (a.size() == 1 && b.size() == 1) return single(a.get(0), b.get(0), aFirst);
        if (a.size() > 1) {
            Pair head = xform(a.subList(0, 1), b, aFirst);
            Pair rest = xform(a.subList(1, a.size()), head.b(), aFirst);
            return new Pair(concat(head.a(), rest.a()), rest.b());
        }
        Pair head = xform(a, b.subList(0, 1), aFirst);
        Pair rest = xform(head.a(), b.subList(1, b.size()), aFirst);
        return new Pair(rest.a(), concat(head.b(), rest.b()));
    }

    private static Pair single(TextSplice a, TextSplice b, boolean aFirst) {
        boolean aIns = a.deleted() == 0;
        boolean bIns = b.deleted() == 0;
        if (aIns && bIns) {
            int p = a.pos(), q = b.pos();
            if (p < q || (p == q && aFirst)) {
                return new Pair(List.of(a), List.of(ins(q + a.inserted().length(), b.inserted())));
            }
            return new Pair(List.of(ins(p + b.inserted().length(), a.inserted())), List.of(b));
        }
        if (aIns) return insertVersusDelete(a, b);
        if (bIns) {
            Pair swapped = insertVersusDelete(b, a);
            return new Pair(swapped.b(), swapped.a());
        }
        return new Pair(deleteAfterDelete(a, b), deleteAfterDelete(b, a));
    }

    /** {@code a} inserts, {@code d} deletes. */
    private static Pair insertVersusDelete(TextSplice a, TextSplice d) {
        int p = a.pos(), q = d.pos(), l = d.deleted(), n = a.inserted().length();
        if (p <= q) return new Pair(List.of(a), List.of(del(q + n, l)));
        if (p >= q + l) return new Pair(List.of(ins(p - l, a.inserted())), List.of(d));
        // The insert lands inside the deleted range: it survives, the delete is split around it.
        return new Pair(List.of(ins(q, a.inserted())), List.of(del(q, p - q), del(q + n, q + l - p)));
    }

    private static List<TextSplice> deleteAfterDelete(TextSplice a, TextSplice b) {
        int p = a.pos(), aEnd = p + a.deleted(), q = b.pos(), bEnd = q + b.deleted();
        if (aEnd <= q) return List.of(a);
        if (p >= bEnd) return List.of(del(p - b.deleted(), a.deleted()));
        int overlap = Math.min(aEnd, bEnd) - Math.max(p, q);
        int remaining = a.deleted() - overlap;
        return remaining > 0 ? List.of(del(Math.min(p, q), remaining)) : List.of();
    }

    private static TextSplice ins(int pos, String s) { return new TextSplice(pos, 0, s); }

    private static TextSplice del(int pos, int n) { return new TextSplice(pos, n, ""); }

    private static List<TextSplice> concat(List<TextSplice> x, List<TextSplice> y) {
        if (x.isEmpty()) return y;
        if (y.isEmpty()) return x;
        List<TextSplice> out = new ArrayList<>(x);
        out.addAll(y);
        return out;
    }
}
