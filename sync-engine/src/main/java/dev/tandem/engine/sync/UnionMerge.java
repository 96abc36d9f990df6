package dev.tandem.engine.sync;

import dev.tandem.engine.text.Diff;
import dev.tandem.engine.text.TextDiff;

import java.util.ArrayList;
import java.util.List;

/**
 * Joins two texts without a common base: everything of {@code mine} stays, and what only {@code theirs} has is added
 * where the diff of the two puts it (after my text, where both replaced the same span). Used when the hub's store went
 * back in time: its text then lacks what both sides had, and a three-way merge from my last common text would read that
 * as deleted by the hub. Nothing is lost; text someone deleted in between may come back, which the user can see and
 * delete again — the opposite mistake could not be undone.
 */
final class UnionMerge {

    private UnionMerge() {}

    /** The joined text and the splices that turned their text into it (my words, inserted where they were). */
    record Result(String text, List<TextSplice> fromTheirs) {}

    static Result of(String mine, String theirs) {
        StringBuilder out = new StringBuilder(Math.max(mine.length(), theirs.length()));
        List<TextSplice> splices = new ArrayList<>();
        // A diff by whole whitespace-delimited tokens: where the two differ, my tokens come first, then theirs, each
        // readable ("the cutcat sat"). The smallest character diff would share every letter it can ("one two " and
        // "zero one " gave "onzero twone "); the merging diff's clean-up turns shared words into edits, which a union
        // would double; and words cut at punctuation shared the dots and dashes ("3.14" and "3.15" gave "3.1415").
        for (Diff d : TextDiff.byWords(mine, theirs)) { // equal, mine only, theirs only: all kept
            if (d.op() == Diff.Op.DELETE) { // mine only: an insert into theirs, joined with one just before it
                TextSplice last = splices.isEmpty() ? null : splices.get(splices.size() - 1);
                if (last != null && last.pos() + last.inserted().length() == out.length()) {
                    splices.set(splices.size() - 1, new TextSplice(last.pos(), 0, last.inserted() + d.text()));
                } else {
                    splices.add(new TextSplice(out.length(), 0, d.text()));
                }
            }
            out.append(d.text());
        }
        return new Result(out.toString(), splices);
    }
}
