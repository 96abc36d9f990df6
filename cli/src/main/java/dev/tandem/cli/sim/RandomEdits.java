package dev.tandem.cli.sim;

import java.util.Random;

/**
 * What the simulated users type: inserts, deletes, replaces, pastes of several KB, emoji and other characters beyond
 * U+FFFF, at random places. Every insert carries a marker ({@link MarkerLedger}); no edit ever splits a surrogate pair
 * or lands inside a marker (a real editor moves by code points, and the ledger needs markers intact unless deleted).
 *
 * <p>Concurrency: single-threaded; draws only from the simulation's one {@link Random}.
 */
public final class RandomEdits {

    /** One splice a user makes. */
    public record Splice(int pos, int deleted, String inserted) {}

    /** The document size above which users mostly delete, so that texts stay small enough to diff cheaply. */
    static final int SOFT_MAX_LENGTH = 20_000;
    static final int MIN_PASTE = 1_000;
    static final int MAX_PASTE = 8_000;

    private static final String[] TOKENS = {
            "a", "e", "i", "o", "u", "n", "s", "t", "r", "l", "d", "m", "the ", "and ", "sync ", "text ", " ", " ", ". ",
            ", ", "\n", "\t", "%", "é", "ß", "中", "文", "😀", "🎉", "𝄞", "👍🏽", "\uD83D\uDC68\u200D\uD83D\uDCBB",
    };

    private final Random random;
    private final MarkerLedger ledger;

    public RandomEdits(Random random, MarkerLedger ledger) {
        this.random = random;
        this.ledger = ledger;
    }

    /** The next edit of client {@code client} on its current {@code text}; records deliberate deletes. */
    public Splice next(int client, String text) {
        return next(client, text, 0, text.length());
    }

    /**
     * The next edit of client {@code client} inside {@code [from, to)} of its current {@code text} (a paragraph the
     * user is working in; the whole text gives exactly the draws of {@link #next(int, String)}). The edit touches
     * nothing outside the range: an insert is not moved back before {@code from} even to leave a broken marker's
     * remains whole. Records deliberate deletes.
     */
    public Splice next(int client, String text, int from, int to) {
        if (from < 0 || to < from || to > text.length()) throw new IndexOutOfBoundsException("range " + from + ".." + to + " of " + text.length());
        int n = to - from;
        int roll = random.nextInt(100);
        if (text.length() > SOFT_MAX_LENGTH && roll < 60) roll = 50; // mostly delete when large
        if (n == 0) roll = Math.min(roll, 44);
        if (roll < 45) return insert(client, text, from, to, randomText(1 + random.nextInt(random.nextInt(10) < 8 ? 12 : 200)));
        if (roll < 70) return delete(text, from, to, 1 + random.nextInt(random.nextInt(10) < 8 ? 20 : 2_000), "");
        if (roll < 90) return delete(text, from, to, 1 + random.nextInt(40), withMarker(client, randomText(1 + random.nextInt(30))));
        if (roll < 92) return delete(text, from, to, 1 + random.nextInt(40), withMarker(client, randomText(1 + random.nextInt(30))));
        if (roll < 94) return insert(client, text, from, to, randomText(MIN_PASTE + random.nextInt(MAX_PASTE - MIN_PASTE)));
        return insert(client, text, from, to, emojiText(1 + random.nextInt(8)));
    }

    private Splice insert(int client, String text, int from, int to, String body) {
        int pos = Math.max(from, insertionPoint(text, from + random.nextInt(to - from + 1)));
        return new Splice(pos, 0, withMarker(client, body));
    }

    /** Deletes about {@code length} chars at a random place of the range (a replace when {@code inserted} is not empty). */
    private Splice delete(String text, int from, int to, int length, String inserted) {
        int n = to - from;
        if (n == 0) return new Splice(from, 0, inserted);
        int start = codePointBoundary(text, from + random.nextInt(n));
        int end = codePointBoundary(text, Math.min(to, start + length));
        int pos = start;
        if (!inserted.isEmpty() && end == start) pos = Math.max(from, insertionPoint(text, start));
        if (end < pos) end = pos;
        ledger.deleting(text, pos, end - pos);
        return new Splice(pos, end - pos, inserted);
    }

    private String withMarker(int client, String body) {
        if (body.isEmpty()) return ledger.newMarker(client);
        int at = codePointBoundary(body, random.nextInt(body.length() + 1));
        return body.substring(0, at) + ledger.newMarker(client) + body.substring(at);
    }

    private String randomText(int length) {
        StringBuilder sb = new StringBuilder(length + 8);
        while (sb.length() < length) sb.append(TOKENS[random.nextInt(TOKENS.length)]);
        return sb.toString();
    }

    private String emojiText(int count) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < count; i++) sb.append(TOKENS[TOKENS.length - 1 - random.nextInt(5)]);
        return sb.toString();
    }

    /** {@code pos} moved back off the middle of a surrogate pair. */
    static int codePointBoundary(CharSequence s, int pos) {
        if (pos > 0 && pos < s.length() && Character.isLowSurrogate(s.charAt(pos)) && Character.isHighSurrogate(s.charAt(pos - 1))) {
            return pos - 1;
        }
        return pos;
    }

    /** {@code pos} moved to a code point boundary and, if it is inside a marker, to the marker's start. */
    static int insertionPoint(CharSequence s, int pos) {
        pos = codePointBoundary(s, pos);
        for (int i = pos - 1; i >= 0 && i >= pos - MarkerLedger.MAX_LENGTH; i--) {
            char c = s.charAt(i);
            if (c == MarkerLedger.CLOSE) break;
            if (c == MarkerLedger.OPEN) return i;
        }
        return pos;
    }
}
