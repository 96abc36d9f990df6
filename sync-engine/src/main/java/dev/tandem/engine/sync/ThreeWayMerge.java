package dev.tandem.engine.sync;

import dev.tandem.engine.protocol.RejectedHunk;
import dev.tandem.engine.text.Diff;
import dev.tandem.engine.text.TextDiff;
import dev.tandem.engine.text.TrackedText;

import java.util.ArrayList;
import java.util.List;

/**
 * Merges my changes since a common base into the other side's text: each hunk of base -> mine is located in theirs
 * by its context and applied there; a hunk that cannot be located is returned, never dropped. Used when a link
 * cannot recover by versions (SYNC-NOTES: "merge three ways from the last common text instead of overwriting").
 */
final class ThreeWayMerge {

    private ThreeWayMerge() {}

    record Result(String text, List<RejectedHunk> rejected) {}

    static Result merge(String base, String mine, String theirs) {
        TrackedText baseText = new TrackedText(base);
        TrackedText out = new TrackedText(theirs);
        List<RejectedHunk> rejected = new ArrayList<>();
        int basePos = 0;
        int minePos = 0;
        int offset = 0; // where base positions land in the output so far
        List<Diff> diffs = TextDiff.diff(base, mine);
        int i = 0;
        while (i < diffs.size()) {
            Diff d = diffs.get(i);
            if (d.op() == Diff.Op.EQUAL) { basePos += d.text().length(); minePos += d.text().length(); i++; continue; }
            int at = basePos;
            int mineAt = minePos;
            StringBuilder deleted = new StringBuilder();
            StringBuilder inserted = new StringBuilder();
            while (i < diffs.size() && diffs.get(i).op() != Diff.Op.EQUAL) {
                Diff x = diffs.get(i++);
                if (x.op() == Diff.Op.DELETE) deleted.append(x.text()); else inserted.append(x.text());
            }
            basePos += deleted.length();
            minePos += inserted.length();
            int expected = Math.max(0, Math.min(out.length(), at + offset));
            HunkPlacer.Target around = HunkPlacer.Target.around(baseText, at, deleted.length(), inserted.toString(), expected);
            // Hunks are applied in ascending order, so the output before this hunk already holds the earlier hunks'
            // results: the before-context comes from mine, not from the base (else nearby hunks reject each other).
            int from = Math.max(0, mineAt - around.contextBefore().length());
            if (from > 0 && Character.isLowSurrogate(mine.charAt(from))) from--;
            HunkPlacer.Target target = new HunkPlacer.Target(expected, mine.substring(from, mineAt), around.deleted(),
                    around.inserted(), around.contextAfter());
            HunkPlacer.Placement p = HunkPlacer.place(out, target);
            if (p.rejected()) {
                rejected.add(new RejectedHunk(expected, target.contextBefore(), target.deleted(), target.inserted(),
                        target.contextAfter(), p.reason()));
            } else {
                out.splice(p.at(), p.deleted(), p.inserted());
                offset = p.at() + p.inserted().length() - (at + deleted.length());
            }
        }
        return new Result(out.toString(), rejected);
    }
}
