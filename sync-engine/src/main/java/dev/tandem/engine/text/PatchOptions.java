package dev.tandem.engine.text;

/**
 * The thresholds of {@link Patch#make} and {@link FuzzyPatcher}: a checked, immutable value. The defaults
 * ({@link #DEFAULTS}) were chosen by the adversarial tables in {@code FuzzyPatcherTest}, not copied from
 * diff-match-patch (whose match threshold of 0.5 turns Fraser's own "Macs" example into "Smith &amp; Weintoshesson").
 *
 * @param matchThreshold   the largest score an approximate match may have to be accepted, where
 *                         score = errors / pattern length + distance from the expected position / matchDistance.
 *                         0 accepts only exact matches at the expected position; 1 accepts nearly anything.
 * @param matchDistance    how far (in chars) from its expected position a hunk is looked for. An exact occurrence of a
 *                         hunk's whole text is accepted anywhere within this distance (nearest first); an approximate
 *                         match pays distance / matchDistance in its score, so it is found within
 *                         {@code matchThreshold * matchDistance} chars at most.
 * @param deleteThreshold  the stricter check for deletions: the text a hunk deletes in the target may differ from the
 *                         text it deleted in the base by at most this share (Levenshtein distance / expected length),
 *                         per pure deletion (a replacement needs its text exactly); the same share says whether a word
 *                         touching a change is still that word in the target. For hunks longer than {@code maxPatternLength}, whose middle the matcher
 *                         never compared, the whole found text must also be this close to the hunk's text.
 * @param margin           context chars added on each side of a change, and the step by which context grows until the
 *                         hunk's text is unique near its position; changes closer than {@code 2 * margin} share a hunk.
 * @param maxPatternLength the width of the approximate matcher (at most 64, a Java long): context stops growing at
 *                         this length, and longer hunks are located by their first and last {@code maxPatternLength}
 *                         chars.
 */
public record PatchOptions(double matchThreshold, int matchDistance, double deleteThreshold, int margin,
                           int maxPatternLength) {

    /** See the test tables in FuzzyPatcherTest for the cases that pin each value. */
    public static final PatchOptions DEFAULTS = new PatchOptions(0.30, 1000, 0.2, 8, 64);

    public PatchOptions {
        if (!(matchThreshold >= 0.0 && matchThreshold <= 1.0)) {
            throw new IllegalArgumentException("matchThreshold must be in [0, 1], got " + matchThreshold);
        }
        if (matchDistance < 1) throw new IllegalArgumentException("matchDistance must be >= 1, got " + matchDistance);
        if (!(deleteThreshold >= 0.0 && deleteThreshold <= 1.0)) {
            throw new IllegalArgumentException("deleteThreshold must be in [0, 1], got " + deleteThreshold);
        }
        if (margin < 1) throw new IllegalArgumentException("margin must be >= 1, got " + margin);
        if (maxPatternLength > 64) {
            throw new IllegalArgumentException("maxPatternLength must be <= 64 (bits of a long), got " + maxPatternLength);
        }
        if (maxPatternLength <= 2 * margin) {
            throw new IllegalArgumentException("maxPatternLength (" + maxPatternLength + ") must exceed 2 * margin ("
                    + 2 * margin + ")");
        }
    }

    public PatchOptions withMatchThreshold(double v) {
        return new PatchOptions(v, matchDistance, deleteThreshold, margin, maxPatternLength);
    }

    public PatchOptions withMatchDistance(int v) {
        return new PatchOptions(matchThreshold, v, deleteThreshold, margin, maxPatternLength);
    }

    public PatchOptions withDeleteThreshold(double v) {
        return new PatchOptions(matchThreshold, matchDistance, v, margin, maxPatternLength);
    }

    public PatchOptions withMargin(int v) {
        return new PatchOptions(matchThreshold, matchDistance, deleteThreshold, v, maxPatternLength);
    }

    public PatchOptions withMaxPatternLength(int v) {
        return new PatchOptions(matchThreshold, matchDistance, deleteThreshold, margin, v);
    }
}
