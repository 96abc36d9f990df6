package dev.tandem.engine.text;

/**
 * A 64-bit checksum of a text that can be updated after a splice in time proportional to the splice,
 * not to the text — so that verifying a shadow costs O(edit) per sync cycle (see docs/decisions/0003).
 *
 * <p>Definition: the wrapping sum, over every window of {@link #WINDOW} consecutive positions that overlaps
 * the text (positions outside it read as a sentinel), of a mixed polynomial hash of the window's characters,
 * plus a mix of the length. Every character sits in {@code WINDOW} windows with its neighbours, so any change
 * of a character, or of the order of characters at distance below {@code WINDOW}, changes the sum with
 * probability about 1 - 2^-64. Two texts collide only if they have the same multiset of 16-character windows,
 * which for different texts needs long repeated runs arranged differently — a check against corruption and
 * protocol bugs, not against an adversary.
 *
 * <p>Update after {@code text.replace(pos, pos + deleted, inserted)}: subtract {@link #windows} of the old text for
 * window starts in {@code [pos - WINDOW + 1, pos + deleted)}, splice, add those of the new text for starts in
 * {@code [pos - WINDOW + 1, pos + inserted)}. {@link TrackedText} does exactly this.
 */
public final class TextChecksum {

    /** Window width in chars. */
    public static final int WINDOW = 16;
    private static final long BASE = 0x100000001B3L; // FNV-64 prime, odd: the polynomial's base.
    private static final int SENTINEL = 0x1_0000;    // Beyond every char value: marks "outside the text".

    private TextChecksum() {}

    /** The checksum of a whole text, O(length). */
    public static long of(CharSequence text) {
        return lengthTerm(text.length()) + windows(text, -WINDOW + 1, text.length());
    }

    /** The length's share of the checksum. */
    static long lengthTerm(int length) {
        return mix(0x9E3779B97F4A7C15L ^ length);
    }

    /**
     * The sum of the hashes of windows whose first position lies in {@code [fromStart, toStart)}, clamped to the
     * windows that overlap the text. O((toStart - fromStart) + WINDOW): a rolling hash.
     */
    static long windows(CharSequence text, int fromStart, int toStart) {
        int n = text.length();
        int from = Math.max(fromStart, -WINDOW + 1);
        int to = Math.min(toStart, n);
        if (from >= to) return 0L;
        // h = sum_{j<W} c[start+j] * BASE^(W-1-j); a position outside the text reads as SENTINEL.
        boolean inside = from >= 0 && to + WINDOW - 1 <= n; // the common case: no position needs the sentinel test
        long h = 0;
        for (int j = 0; j < WINDOW; j++) h = h * BASE + (inside ? text.charAt(from + j) : charAt(text, from + j));
        long sum = mix(h);
        if (inside) {
            for (int s = from + 1; s < to; s++) {
                h = (h - text.charAt(s - 1) * TOP) * BASE + text.charAt(s + WINDOW - 1);
                sum += mix(h);
            }
        } else {
            for (int s = from + 1; s < to; s++) {
                h = (h - charAt(text, s - 1) * TOP) * BASE + charAt(text, s + WINDOW - 1);
                sum += mix(h);
            }
        }
        return sum;
    }

    /**
     * {@link #windows(CharSequence, int, int)} of a text of {@code n} chars of which {@code local} holds the chars from
     * {@code offset} on — at least every char the windows read: a splice reads its neighbourhood once, into an array,
     * instead of char by char from a chunked text.
     */
    static long windows(char[] local, int offset, int n, int fromStart, int toStart) {
        int from = Math.max(fromStart, -WINDOW + 1);
        int to = Math.min(toStart, n);
        if (from >= to) return 0L;
        if (from >= 0 && to + WINDOW - 1 <= n) { // the common case: every read is inside the text, no sentinel
            int i = from - offset;
            long h = 0;
            for (int j = 0; j < WINDOW; j++) h = h * BASE + local[i + j];
            long sum = mix(h);
            for (int last = to - offset; ++i < last; ) {
                h = (h - local[i - 1] * TOP) * BASE + local[i + WINDOW - 1];
                sum += mix(h);
            }
            return sum;
        }
        long h = 0;
        for (int j = 0; j < WINDOW; j++) h = h * BASE + at(local, offset, n, from + j);
        long sum = mix(h);
        for (int s = from + 1; s < to; s++) {
            h = (h - at(local, offset, n, s - 1) * TOP) * BASE + at(local, offset, n, s + WINDOW - 1);
            sum += mix(h);
        }
        return sum;
    }

    private static long at(char[] local, int offset, int n, int i) {
        return (i < 0 || i >= n) ? SENTINEL : local[i - offset];
    }

    private static long charAt(CharSequence text, int i) {
        return (i < 0 || i >= text.length()) ? SENTINEL : text.charAt(i);
    }


    /** BASE^(WINDOW-1): the weight of a window's first char, removed when the window rolls on. */
    private static final long TOP;
    static {
        long top = 1;
        for (int j = 0; j < WINDOW - 1; j++) top *= BASE;
        TOP = top;
    }

    /** Murmur3's 64-bit finaliser: spreads the polynomial hash so that sums of windows do not cancel. */
    private static long mix(long z) {
        z ^= z >>> 33;
        z *= 0xFF51AFD7ED558CCDL;
        z ^= z >>> 33;
        z *= 0xC4CEB9FE1A85EC53L;
        z ^= z >>> 33;
        return z;
    }
}
