package dev.tandem.engine.sync;

import dev.tandem.engine.text.TrackedText;

/**
 * Finds where a hunk of the other side's edit belongs in a text that changed around it since the shadow it was made
 * on, or says why it does not fit. A hunk is placed only where its context and the text it deletes are found
 * unchanged, nearest to where it was expected; otherwise it is rejected and kept for the user.
 */
final class HunkPlacer {

    /** How far from the expected position a hunk is looked for, in chars. */
    static final int SEARCH_DISTANCE = 2_000;

    private HunkPlacer() {}

    /** A hunk with the context it had in the shadow, and where it is expected in the text. */
    record Target(int expected, String contextBefore, String deleted, String inserted, String contextAfter) {
        static Target around(TrackedText shadow, int at, int deleted, String inserted, int expected) {
            int from = Math.max(0, at - Link.CONTEXT);
            if (from > 0 && Character.isLowSurrogate(shadow.charAt(from))) from--;
            int end = at + deleted;
            int to = Math.min(shadow.length(), end + Link.CONTEXT);
            if (to < shadow.length() && to > 0 && Character.isHighSurrogate(shadow.charAt(to - 1))) to++;
            return new Target(expected, shadow.substring(from, at), shadow.substring(at, end), inserted,
                    shadow.substring(end, to));
        }
    }

    /** Where a hunk landed ({@code at}, replacing {@code deleted} chars by {@code inserted}), or why not. */
    record Placement(int at, int deleted, String inserted, String reason) {
        boolean rejected() { return reason != null; }
        static Placement rejectedBecause(String reason) { return new Placement(-1, 0, "", reason); }
    }

    static Placement place(CharSequence text, Target t) {
        String before = t.contextBefore();
        String after = t.contextAfter();
        // Try the full context first, then shrink it (the text near the hunk may have changed), but never below a
        // few chars on a side that had context: a bare match of the deleted text is too easy to find in the wrong place.
        int[] keeps = {Integer.MAX_VALUE, 16, 8};
        for (int keep : keeps) {
            String b = before.length() > keep ? before.substring(before.length() - keep) : before;
            String a = after.length() > keep ? after.substring(0, keep) : after;
            if (b.isEmpty() && a.isEmpty() && t.deleted().isEmpty() && (before.length() + after.length()) > 0) continue;
            String pattern = b + t.deleted() + a;
            int found = nearest(text, pattern, t.expected() - b.length());
            if (found >= 0) {
                return new Placement(found + b.length(), t.deleted().length(), t.inserted(), null);
            }
        }
        if (!t.deleted().isEmpty()) {
            return Placement.rejectedBecause("the text it changes (\"" + abbreviate(t.deleted())
                    + "\") was changed or moved by someone else");
        }
        return Placement.rejectedBecause("the text around it was changed by someone else");
    }

    /** The occurrence of {@code pattern} nearest to {@code expected} within the search distance, or -1. */
    private static int nearest(CharSequence text, String pattern, int expected) {
        int from = Math.max(0, expected - SEARCH_DISTANCE);
        int to = Math.min(text.length(), expected + SEARCH_DISTANCE + pattern.length());
        if (to - from < pattern.length()) return -1;
        String window = text.subSequence(from, to).toString();
        int best = -1;
        int bestDistance = Integer.MAX_VALUE;
        for (int i = window.indexOf(pattern); i >= 0; i = window.indexOf(pattern, i + 1)) {
            int d = Math.abs(from + i - expected);
            if (d < bestDistance) { best = from + i; bestDistance = d; }
            if (pattern.isEmpty()) break;
        }
        if (pattern.isEmpty()) return Math.max(0, Math.min(expected, text.length()));
        return best;
    }

    private static String abbreviate(String s) {
        return s.length() <= 40 ? s : s.substring(0, 37) + "...";
    }
}
