package dev.tandem.engine.sync;

import dev.tandem.engine.protocol.RejectedHunk;
import dev.tandem.engine.text.FuzzyPatcher;
import dev.tandem.engine.text.HunkResult;
import dev.tandem.engine.text.Patch;
import dev.tandem.engine.text.PatchResult;

import java.util.ArrayList;
import java.util.List;

/**
 * Merges my changes since a common base into the other side's text: the patch base -> mine is applied to theirs with
 * the fuzzy patcher; a hunk that cannot be placed is returned, never dropped. Used when a link cannot recover by
 * versions (SYNC-NOTES: "merge three ways from the last common text instead of overwriting").
 */
final class ThreeWayMerge {

    private ThreeWayMerge() {}

    record Result(String text, List<RejectedHunk> rejected) {}

    static Result merge(String base, String mine, String theirs) {
        PatchResult r = FuzzyPatcher.withDefaults().apply(Patch.make(base, mine), theirs);
        List<RejectedHunk> rejected = new ArrayList<>();
        for (HunkResult h : r.rejected()) {
            rejected.add(new RejectedHunk(Math.max(0, h.expected()), h.hunk().contextBefore(), h.hunk().changedBefore(),
                    h.hunk().changedAfter(), h.hunk().contextAfter(), h.reason()));
        }
        return new Result(r.text(), rejected);
    }
}
