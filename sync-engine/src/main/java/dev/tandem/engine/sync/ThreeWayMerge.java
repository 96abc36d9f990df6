package dev.tandem.engine.sync;

import dev.tandem.engine.protocol.RejectedHunk;
import dev.tandem.engine.text.DeltaOp;
import dev.tandem.engine.text.Diff;
import dev.tandem.engine.text.FuzzyPatcher;
import dev.tandem.engine.text.Hunk;
import dev.tandem.engine.text.HunkResult;
import dev.tandem.engine.text.HunkStatus;
import dev.tandem.engine.text.Patch;
import dev.tandem.engine.text.PatchOptions;
import dev.tandem.engine.text.PatchResult;
import dev.tandem.engine.text.TextDiff;

import java.util.ArrayList;
import java.util.List;

/**
 * Merges my changes since a common base into the other side's text: the patch base -> mine is applied to theirs with
 * the fuzzy patcher; a hunk that cannot be placed is returned, never dropped. Used when a link cannot recover by
 * versions (SYNC-NOTES: "merge three ways from the last common text instead of overwriting").
 *
 * <p>A hunk beside an edge of a short base is found by little more than the text it deletes, which their text may
 * hold elsewhere by chance (seed 4621: my deleting a fragment {@code ⟦c1-1} of a five-char base deleted the head of
 * the hub's marker {@code ⟦c1-17⟧}, and merged without its delete, the hunk put my text inside that marker). Such a
 * hunk, when it is not found where it was aimed, is anchored by that edge instead: what it inserts goes to the same
 * edge of their text, and what it deletes stays — the user can see it and delete it again, while deleting their
 * look-alike could not be undone.
 */
final class ThreeWayMerge {

    private ThreeWayMerge() {}

    /**
     * @param text       the merged text
     * @param rejected   my hunks that could not be placed
     * @param fromTheirs the splices that turned their text into the merged one, as my hunks were placed: my changes as
     *                   I made them, which the next edit sends as they are (a diff of their text and the merged one
     *                   could match my chars with look-alikes of theirs, and a later delete of mine would then reach
     *                   their chars)
     */
    record Result(String text, List<RejectedHunk> rejected, List<TextSplice> fromTheirs) {}

    /** A hunk found by fewer chars than this (deleted text and context) lies beside an edge of the base. */
    static final int MIN_ANCHOR = 2 * PatchOptions.DEFAULTS.margin();

    static Result merge(String base, String mine, String theirs) {
        return merge(base, Patch.make(base, mine), theirs);
    }

    /**
     * As {@link #merge(String, String, String)}, with my changes given as the splices that made them from the base (in
     * order) instead of found by a diff of base and mine: a diff may pair my typed chars with look-alikes beside them,
     * e.g. write {@code ⟦c10-107⟧usé} typed before {@code ⟦c10-62⟧} as {@code 107⟧usé⟦c10-} after that marker's head,
     * which another writer may have deleted meanwhile ({@code ./tandem sim --clients 17 --edits 40 --seed 5697}).
     */
    static Result merge(String base, List<TextSplice> baseToMine, String theirs) {
        return merge(base, Patch.make(base, DeltaOp.toDiffs(base, SpliceComposition.ops(base.length(), baseToMine))), theirs);
    }

    private static Result merge(String base, Patch patch, String theirs) {
        PatchResult r = FuzzyPatcher.withDefaults().apply(patch, theirs);
        List<Hunk> placed = new ArrayList<>();
        StringBuilder atStart = new StringBuilder();
        StringBuilder atEnd = new StringBuilder();
        for (HunkResult h : r.hunks()) {
            if (isEdgeAnchored(h)) {
                if (h.hunk().contextBefore().isEmpty()) atStart.append(edgeInsert(h.hunk(), true));
                else atEnd.append(edgeInsert(h.hunk(), false));
            } else {
                placed.add(h.hunk());
            }
        }
        if (placed.size() < patch.hunks().size()) r = FuzzyPatcher.withDefaults().apply(new Patch(placed), theirs);

        List<TextSplice> splices = new ArrayList<>();
        if (!atStart.isEmpty()) splices.add(new TextSplice(0, 0, atStart.toString()));
        for (HunkResult h : r.hunks()) {
            if (!h.isApplied()) continue;
            // Placed as made, the hunk's own diffs say where its changes are; moved by the fuzzy match, the text it
            // found differs from the one it expected, and a diff of found and written says it. A merging diff, not the
            // smallest: that one keeps every char my text shares with what it replaced, so a marker typed over an old
            // one went as "keep ⟦c9-, 3 -> 62, keep ⟧", and when another writer had deleted the old "⟦", mine was
            // lost with it (./tandem sim --clients 17 --edits 40 --seed 5046, harsh faults).
            List<Diff> diffs = h.status() == HunkStatus.FUZZY ? TextDiff.diff(h.matched(), h.produced()) : h.hunk().diffs();
            DiffSplices.appendTo(splices, diffs, atStart.length() + h.landed());
        }
        String text = atStart + r.text() + atEnd;
        if (!atEnd.isEmpty()) splices.add(new TextSplice(text.length() - atEnd.length(), 0, atEnd.toString()));

        List<RejectedHunk> rejected = new ArrayList<>();
        for (HunkResult h : r.rejected()) {
            rejected.add(new RejectedHunk(Math.max(0, h.expected()), h.hunk().contextBefore(), h.hunk().changedBefore(),
                    h.hunk().changedAfter(), h.hunk().contextAfter(), h.reason()));
        }
        return new Result(text, rejected, splices);
    }

    /**
     * What an edge-anchored hunk inserts at its edge: its inserted text, with the word it ends in (at the start) or
     * begins in (at the end) made whole from its context. The diff may have counted a char typed with my text as the
     * context's, because the deleted text ended with the same char: {@code t⟦c0-2⟧} replaced by {@code …⟦c1-13⟧}
     * keeps the old marker's {@code ⟧} as context, and the insert alone was {@code …⟦c1-13} ({@code ./tandem sim} seed
     * 6062). Since the hunk's delete stays undone, the chars repeated from the context are at worst a few doubled ones
     * that the user can see and delete; cut off, my marker was lost.
     */
    private static String edgeInsert(Hunk hunk, boolean atStart) {
        String changed = hunk.changedAfter();
        if (atStart) {
            String context = hunk.contextAfter();
            int end = 0;
            while (end < context.length() && !Character.isWhitespace(context.charAt(end))) end++;
            return changed + context.substring(0, end);
        }
        String context = hunk.contextBefore();
        int start = context.length();
        while (start > 0 && !Character.isWhitespace(context.charAt(start - 1))) start--;
        return context.substring(start) + changed;
    }

    /** A hunk beside an edge of the base, found (or not) away from where it was aimed. */
    private static boolean isEdgeAnchored(HunkResult h) {
        Hunk hunk = h.hunk();
        boolean besideAnEdge = hunk.before().length() < MIN_ANCHOR
                && (hunk.contextBefore().isEmpty() || hunk.contextAfter().isEmpty());
        return besideAnEdge && h.status() != HunkStatus.EXACT;
    }
}
