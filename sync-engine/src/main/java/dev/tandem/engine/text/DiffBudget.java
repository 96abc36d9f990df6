package dev.tandem.engine.text;

import java.util.function.LongSupplier;

/**
 * The running budget of one {@link TextDiff} call: its deadline on the injected clock and the size limits of
 * each Myers run. Created when the call starts.
 *
 * <p>Concurrency: confined to the thread running the diff.
 */
final class DiffBudget {

    private final LongSupplier clock;
    private final long deadline;
    private final int maxEditDistance;
    private final int maxCharDiffLength;
    private boolean expired;

    DiffBudget(DiffOptions options) {
        this.clock = options.nanoClock();
        this.deadline = clock.getAsLong() + options.timeBudget().toNanos();
        this.maxEditDistance = options.maxEditDistance();
        this.maxCharDiffLength = options.maxCharDiffLength();
    }

    /**
     * When set, deadlines never expire and only the size limits bound a diff, so that a diff depends on its inputs
     * alone. Simulations and replays set it: a run must be the same for the same seed, however busy the machine is.
     * The size limits still keep every diff bounded.
     */
    private static volatile boolean deterministic;

    /** See {@link #deterministic}; for simulations and replays, never for a live session. */
    static void setDeterministic(boolean value) {
        deterministic = value;
    }

    /** True once the deadline has passed; stays true (the clock is not read again). */
    boolean expired() {
        if (!expired && !deterministic && clock.getAsLong() - deadline >= 0) expired = true;
        return expired;
    }

    /** True when a Myers run may explore edit distance {@code d}. */
    boolean allowsEditDistance(int d) {
        return d <= maxEditDistance;
    }

    /** True when a span of {@code length} chars (both sides together) may be diffed character by character. */
    boolean allowsCharDiff(int length) {
        return length <= maxCharDiffLength;
    }
}
