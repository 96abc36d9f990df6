package dev.tandem.engine.text;

import java.util.List;
import java.util.Objects;

/**
 * The outcome of {@link FuzzyPatcher#apply}: the resulting text and the fate of every hunk, in patch order.
 * A rejected hunk is not an exception and not a boolean to forget: callers that keep {@link #text()} must also do
 * something with {@link #rejected()} (keep them, show them, offer to re-apply them), since the edit they carry is
 * otherwise lost (SYNC-NOTES: "a failed fuzzy patch loses the author's edit in silence").
 */
public record PatchResult(String text, List<HunkResult> hunks) {

    public PatchResult {
        Objects.requireNonNull(text, "text");
        hunks = List.copyOf(hunks);
    }

    /** The hunks that were not applied, in patch order; each carries its text, context and aim. */
    public List<HunkResult> rejected() {
        return hunks.stream().filter(h -> !h.isApplied()).toList();
    }

    public int rejectedCount() {
        return (int) hunks.stream().filter(h -> !h.isApplied()).count();
    }

    public boolean allApplied() {
        return rejectedCount() == 0;
    }
}
