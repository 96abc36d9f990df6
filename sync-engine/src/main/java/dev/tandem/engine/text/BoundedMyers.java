package dev.tandem.engine.text;

import com.github.difflib.algorithm.Change;
import com.github.difflib.algorithm.DiffAlgorithmListener;
import com.github.difflib.algorithm.myers.MyersDiff;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * java-diff-utils' Myers over two {@link Tokens}, abandoned as soon as it would exceed the {@link DiffBudget}.
 *
 * <p>java-diff-utils has no time limit, but it reports each new edit distance {@code d} to a
 * {@link DiffAlgorithmListener} before exploring it; the listener here checks the edit-distance limit and the deadline
 * there and unwinds the run with a private exception when either is exceeded, so a run never explores more than one
 * step past its limit.
 */
final class BoundedMyers {

    private BoundedMyers() {}

    /**
     * The changes from {@code a} to {@code b}, in token indices and in order, or empty when the budget ran out
     * first. EQUAL stretches between changes are implied.
     */
    static Optional<List<Change>> changes(Tokens a, Tokens b, DiffBudget budget) {
        // (speedup) Myers needs at least |N-M| edits: skip a run that is bound to be abandoned.
        if (!budget.allowsEditDistance(Math.abs(a.size() - b.size())) || budget.expired()) return Optional.empty();
        try {
            List<Change> changes = new ArrayList<>(
                    new MyersDiff<Integer>().computeDiff(a.ids(), b.ids(), new Guard(budget)));
            changes.sort(Comparator.comparingInt((Change c) -> c.startOriginal).thenComparingInt(c -> c.startRevised));
            return Optional.of(changes);
        } catch (OverBudget e) {
            return Optional.empty();
        }
    }

    /** Stops the run at the first edit distance past the limit, or once the deadline has passed. */
    private record Guard(DiffBudget budget) implements DiffAlgorithmListener {
        @Override
        public void diffStart() {}

        @Override
        public void diffStep(int d, int max) {
            if (!budget.allowsEditDistance(d) || budget.expired()) throw new OverBudget();
        }

        @Override
        public void diffEnd() {}
    }

    /** Unwinds an abandoned run; carries no stack trace (it is control flow, never reported). */
    private static final class OverBudget extends RuntimeException {
        private static final long serialVersionUID = 1L;

        OverBudget() {
            super(null, null, false, false);
        }
    }
}
