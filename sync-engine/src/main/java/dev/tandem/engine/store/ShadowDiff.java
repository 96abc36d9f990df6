package dev.tandem.engine.store;

import dev.tandem.engine.text.DeltaOp;

import java.util.ArrayList;
import java.util.List;

/**
 * A link's shadow as changes to the document's text, for a snapshot (format 3). On a hub every view's shadow is the
 * text give or take the keystrokes not yet pushed to that client, so a checkpoint that wrote each shadow whole wrote
 * the document once per client: with 200 clients on a 100 KB text, 20 MB per checkpoint, a fifth of a busy hub's
 * time, in stalls of half a second (relay profile at 200 writers, session 9).
 *
 * <p>The ops are exact whatever the texts are: the search only decides how small they come out. Equal runs are
 * skipped; at a difference the nearest point where both go on alike for {@link #ANCHOR} chars is looked for within a
 * reach that grows from 16 to {@link #MAX_REACH} chars; where none is found, or the ops would not be much smaller than
 * the shadow, {@link #ops} gives up and the shadow is written whole, as before.
 *
 * <p>Concurrency: stateless.
 */
final class ShadowDiff {

    /** Chars that must match after a difference for the two texts to count as aligned again. */
    static final int ANCHOR = 16;
    /** The farthest a realignment is looked for, in chars of each text. */
    static final int MAX_REACH = 1024;

    private ShadowDiff() {}

    /**
     * Ops that turn {@code text} into {@code shadow} (keep, delete, insert; a trailing keep included), or null when
     * writing them would save less than half of writing the shadow whole.
     */
    static List<DeltaOp> ops(String text, String shadow) {
        int tn = text.length();
        int sn = shadow.length();
        // A view whose shadow is the text is given the text's own string (HubDocument#snapshot): no need to compare.
        if (text == shadow) return tn == 0 ? List.of() : List.of(new DeltaOp.Keep(tn));
        int budget = sn / 2; // inserted chars plus about 4 bytes per op, in chars: beyond it the shadow goes whole
        List<DeltaOp> ops = new ArrayList<>();
        int i = 0;
        int j = 0;
        while (true) {
            int same = common(text, i, shadow, j);
            if (same > 0) {
                ops.add(new DeltaOp.Keep(same));
                i += same;
                j += same;
            }
            if (i == tn && j == sn) return ops;
            long step = realign(text, i, shadow, j);
            int deleted;
            int inserted;
            if (step < 0) { // no realignment in reach: the rest differs
                if (tn - i > MAX_REACH && sn - j > MAX_REACH) return null;
                deleted = tn - i;
                inserted = sn - j;
            } else {
                deleted = (int) (step >>> 32);
                inserted = (int) step;
            }
            if (deleted > 0) ops.add(new DeltaOp.Delete(deleted));
            if (inserted > 0) ops.add(new DeltaOp.Insert(shadow.substring(j, j + inserted)));
            budget -= inserted + 4;
            if (budget < 0) return null;
            i += deleted;
            j += inserted;
        }
    }

    /** The shadow that {@link #ops} describes, rebuilt from the text. */
    static String apply(String text, List<DeltaOp> ops) {
        StringBuilder out = new StringBuilder(text.length());
        int i = 0;
        for (DeltaOp op : ops) {
            if (op instanceof DeltaOp.Keep k) {
                if (i + k.count() > text.length()) throw new IllegalArgumentException("shadow ops keep past the text");
                out.append(text, i, i + k.count());
                i += k.count();
            } else if (op instanceof DeltaOp.Delete d) {
                if (i + d.count() > text.length()) throw new IllegalArgumentException("shadow ops delete past the text");
                i += d.count();
            } else {
                out.append(((DeltaOp.Insert) op).text());
            }
        }
        if (i != text.length()) throw new IllegalArgumentException("shadow ops leave " + (text.length() - i) + " chars of the text unread");
        return out.toString();
    }

    /** The number of equal chars from {@code a[i]} and {@code b[j]} on. */
    private static int common(String a, int i, String b, int j) {
        int n = Math.min(a.length() - i, b.length() - j);
        int k = 0;
        // Blocks first (regionMatches compares a block in a tight loop), then char by char in the block that differs.
        while (k + 64 <= n && a.regionMatches(i + k, b, j + k, 64)) k += 64;
        while (k < n && a.charAt(i + k) == b.charAt(j + k)) k++;
        return k;
    }

    /**
     * The fewest chars (deleted from the text, inserted from the shadow) after which both go on alike for
     * {@link #ANCHOR} chars or both end, packed as {@code deleted << 32 | inserted}; -1 when there is none in reach.
     */
    private static long realign(String text, int i, String shadow, int j) {
        for (int reach = 16; reach <= MAX_REACH; reach *= 4) {
            long best = -1;
            int bestCost = Integer.MAX_VALUE;
            int maxA = Math.min(reach, text.length() - i);
            int maxB = Math.min(reach, shadow.length() - j);
            for (int a = 0; a <= maxA; a++) {
                for (int b = 0; b <= maxB && a + b < bestCost; b++) {
                    if ((a | b) == 0) continue;
                    if (alignedAt(text, i + a, shadow, j + b)) {
                        bestCost = a + b;
                        best = ((long) a << 32) | b;
                    }
                }
            }
            if (best >= 0) return best;
            if (maxA < reach && maxB < reach) return -1; // both texts end within this reach: nothing farther
        }
        return -1;
    }

    /** Whether the texts go on alike from these points for {@link #ANCHOR} chars, or both end together before that. */
    private static boolean alignedAt(String text, int i, String shadow, int j) {
        int n = Math.min(ANCHOR, Math.min(text.length() - i, shadow.length() - j));
        if (n < ANCHOR && text.length() - i != shadow.length() - j) return false;
        if (n > 0 && text.charAt(i) != shadow.charAt(j)) return false;
        return text.regionMatches(i, shadow, j, n);
    }
}
