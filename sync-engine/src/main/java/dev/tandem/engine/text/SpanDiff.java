package dev.tandem.engine.text;

import com.github.difflib.algorithm.Change;

import java.util.List;
import java.util.Optional;
import java.util.function.BiConsumer;

/**
 * Diffs the changed middle of two texts from coarse to fine under a {@link DiffBudget}: a span small enough goes to
 * character-level Myers directly; a larger one is diffed by lines, each changed block of lines by words, and each
 * changed block of words by characters (diff-match-patch's "line mode", one level deeper). Whatever cannot be refined
 * within the budget is emitted as one delete plus one insert, so the output is always a correct diff, only a coarser
 * one.
 *
 * <p>Output runs are appended in order and may repeat an op; {@link DiffMerge} joins them afterwards.
 */
final class SpanDiff {

    private enum Level {
        LINES, WORDS, CHARS;

        Level finer() {
            return this == LINES ? WORDS : CHARS;
        }
    }

    private final DiffBudget budget;
    private final List<Diff> out;
    private final Tokens.Interner interner = new Tokens.Interner();

    private SpanDiff(DiffBudget budget, List<Diff> out) {
        this.budget = budget;
        this.out = out;
    }

    /** Appends a diff of {@code a} to {@code b} to {@code out}. */
    static void diff(String a, String b, DiffBudget budget, List<Diff> out) {
        new SpanDiff(budget, out).span(a, b, Level.LINES);
    }

    /**
     * Appends a diff of {@code a} to {@code b} whose runs are whole units of {@link Tokens.Interner#runs}: by lines,
     * then by whitespace-delimited runs within changed lines, never by characters and with no common chars trimmed, so
     * that a token either side changed is a deletion and an insertion of whole tokens. Past the budget, a block is
     * replaced whole.
     */
    static void words(String a, String b, DiffBudget budget, List<Diff> out) {
        new SpanDiff(budget, out).wholeUnits(a, b, true);
    }

    /** By lines, then within each changed span of lines by whitespace-delimited runs ({@link Tokens.Interner#runs}). */
    private void wholeUnits(String a, String b, boolean lines) {
        Tokens ta = lines ? interner.lines(a) : interner.runs(a);
        Tokens tb = lines ? interner.lines(b) : interner.runs(b);
        emitEach(a, b, ta, tb, BoundedMyers.changes(ta, tb, budget), (deleted, inserted) -> {
            if (lines && !deleted.isEmpty() && !inserted.isEmpty()) wholeUnits(deleted, inserted, false);
            else replace(deleted, inserted);
        });
    }

    /** Trims the span's common prefix and suffix (speedup), then refines what is left at {@code level}. */
    private void span(String a, String b, Level level) {
        int prefix = TextBoundaries.commonPrefix(a, b);
        int suffix = TextBoundaries.commonSuffix(a, b, prefix);
        if (prefix > 0) out.add(Diff.equal(a.substring(0, prefix)));
        String midA = a.substring(prefix, a.length() - suffix);
        String midB = b.substring(prefix, b.length() - suffix);
        if (midA.isEmpty() || midB.isEmpty()) {
            replace(midA, midB);
        } else {
            refine(midA, midB, level);
        }
        if (suffix > 0) out.add(Diff.equal(a.substring(a.length() - suffix)));
    }

    private void refine(String a, String b, Level level) {
        int length = a.length() + b.length();
        if (budget.expired()) {
            replace(a, b);
        } else if (budget.allowsCharDiff(length)) {
            Tokens ta = Tokens.codePoints(a);
            Tokens tb = Tokens.codePoints(b);
            emit(a, b, ta, tb, BoundedMyers.changes(ta, tb, budget), null);
        } else if (level == Level.CHARS) {
            replace(a, b);
        } else {
            Tokens ta = level == Level.LINES ? interner.lines(a) : interner.words(a);
            Tokens tb = level == Level.LINES ? interner.lines(b) : interner.words(b);
            if (ta.size() <= 1 && tb.size() <= 1) {
                // (speedup) One unit on each side: this level cannot tell anything apart.
                refine(a, b, level.finer());
            } else {
                emit(a, b, ta, tb, BoundedMyers.changes(ta, tb, budget), level.finer());
            }
        }
    }

    /**
     * Emits Myers' changes between {@code a} and {@code b} (or one replace when Myers gave up), refining each changed
     * block at {@code finer} when it has one.
     */
    private void emit(String a, String b, Tokens ta, Tokens tb, Optional<List<Change>> changes, Level finer) {
        emitEach(a, b, ta, tb, changes, (deleted, inserted) -> {
            if (finer == null || deleted.isEmpty() || inserted.isEmpty()) replace(deleted, inserted);
            else span(deleted, inserted, finer);
        });
    }

    /** Emits Myers' changes (or one replace when Myers gave up), each changed block through {@code changed}. */
    private void emitEach(String a, String b, Tokens ta, Tokens tb, Optional<List<Change>> changes,
                          BiConsumer<String, String> changed) {
        if (changes.isEmpty()) {
            replace(a, b);
            return;
        }
        int next = 0;
        for (Change c : changes.get()) {
            if (c.startOriginal > next) out.add(Diff.equal(a.substring(ta.start(next), ta.start(c.startOriginal))));
            changed.accept(a.substring(ta.start(c.startOriginal), ta.start(c.endOriginal)),
                    b.substring(tb.start(c.startRevised), tb.start(c.endRevised)));
            next = c.endOriginal;
        }
        if (next < ta.size()) out.add(Diff.equal(a.substring(ta.start(next))));
    }

    private void replace(String deleted, String inserted) {
        if (!deleted.isEmpty()) out.add(Diff.delete(deleted));
        if (!inserted.isEmpty()) out.add(Diff.insert(inserted));
    }
}
