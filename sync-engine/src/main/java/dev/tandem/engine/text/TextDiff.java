package dev.tandem.engine.text;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Diffs of two texts for differential synchronization: correct always, fine-grained where affordable, and following
 * word boundaries so that concurrent edits merge into sense.
 *
 * <p>Steps: (1) the common prefix and suffix are trimmed (speedup: a keystroke in a 1 MB text leaves a one-char
 * middle); (2) the middle is diffed with java-diff-utils' Myers, by characters when small and otherwise by lines,
 * then words, then characters, within the {@link DiffOptions} budget ({@link SpanDiff}); (3) runs are normalised and
 * cleaned up semantically after Neil Fraser's diff-match-patch ({@link DiffMerge}, {@link SemanticCleanup});
 * (4) edits are widened to whole words ({@link WordAlignment}). At {@link DiffOptions.Granularity#CHARS} the
 * semantic clean-up and step 4 are skipped: the result is the minimal character diff in normal form.
 *
 * <p>Invariants of the result: EQUAL and DELETE texts concatenated give {@code a}, EQUAL and INSERT texts give
 * {@code b}; no run is empty and no two adjacent runs share an op; a deletion comes before the insertion of the same
 * edit; no run starts or ends between the two halves of a surrogate pair. Past the budget the result is coarser (a
 * span becomes one delete plus one insert), never wrong.
 */
public final class TextDiff {

    private TextDiff() {}

    /**
     * Makes every later diff in this JVM depend on its inputs alone (no wall-clock deadline; the size limits of
     * {@link DiffOptions} still bound it). For simulations and replays, whose runs must repeat for the same seed.
     */
    public static void useDeterministicBudgets() {
        DiffBudget.setDeterministic(true);
    }

    /** The diff of {@code a} to {@code b} within {@link DiffOptions#DEFAULTS}. */
    public static List<Diff> diff(String a, String b) {
        return diff(a, b, DiffOptions.DEFAULTS);
    }

    /**
     * The smallest diff within {@link DiffOptions#DEFAULTS}: no semantic clean-up and no word widening
     * ({@link DiffOptions.Granularity#CHARS}). For exact deltas, where the receiver applies the change to the very text
     * it was made on and fewer bytes on the wire is all that matters; merging (fuzzy patches) uses {@link #diff}.
     */
    public static List<Diff> minimal(String a, String b) {
        return diff(a, b, MINIMAL);
    }

    /**
     * A diff by whole lines, then whole whitespace-delimited tokens: no two tokens share characters, and no clean-up
     * turns shared tokens into edits. For joining two texts that have no common base (a union keeps every run): "cut"
     * against "cat" is "cut" then "cat", never "cuat"; "3.14" against "3.15" is "3.14" then "3.15", never "3.1415", a
     * number neither side wrote. (Words and punctuation as separate units did that: sim seed 9124, 17 clients, mixed
     * two markers into one.) A rare recovery, not a keystroke's work, so its budget is {@link #WORDS_BUDGET}; past it a
     * block is replaced whole.
     */
    public static List<Diff> byWords(String a, String b) {
        Objects.requireNonNull(a, "a");
        Objects.requireNonNull(b, "b");
        List<Diff> diffs = new ArrayList<>();
        SpanDiff.words(a, b, new DiffBudget(WORDS_BUDGET), diffs);
        return List.copyOf(DiffMerge.coalesce(diffs));
    }

    /** Seconds, not milliseconds, and thousands of words changed: a union runs once per broken link. */
    static final DiffOptions WORDS_BUDGET = DiffOptions.DEFAULTS.withTimeBudget(java.time.Duration.ofSeconds(2))
            .withMaxEditDistance(50_000);

    private static final DiffOptions MINIMAL = DiffOptions.DEFAULTS.withGranularity(DiffOptions.Granularity.CHARS);

    /** The diff of {@code a} to {@code b}; the time budget starts now, on the options' clock. */
    public static List<Diff> diff(String a, String b, DiffOptions options) {
        Objects.requireNonNull(a, "a");
        Objects.requireNonNull(b, "b");
        DiffBudget budget = new DiffBudget(options);
        int prefix = TextBoundaries.commonPrefix(a, b);
        if (prefix == a.length() && prefix == b.length()) {
            return a.isEmpty() ? List.of() : List.of(Diff.equal(a)); // (speedup) Nothing changed.
        }
        int suffix = TextBoundaries.commonSuffix(a, b, prefix);
        List<Diff> diffs = new ArrayList<>();
        if (prefix > 0) diffs.add(Diff.equal(a.substring(0, prefix)));
        SpanDiff.diff(a.substring(prefix, a.length() - suffix), b.substring(prefix, b.length() - suffix), budget, diffs);
        if (suffix > 0) diffs.add(Diff.equal(a.substring(a.length() - suffix)));
        List<Diff> normal = DiffMerge.normalize(diffs);
        if (options.granularity() == DiffOptions.Granularity.CHARS) return List.copyOf(normal);
        List<Diff> semantic = SemanticCleanup.apply(normal);
        return List.copyOf(DiffMerge.coalesce(WordAlignment.apply(semantic)));
    }
}
