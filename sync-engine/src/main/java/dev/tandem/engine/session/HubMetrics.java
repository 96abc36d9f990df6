package dev.tandem.engine.session;

import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.atomic.LongAdder;

/**
 * Counters a relay exports: messages, edits applied, hunks rejected, and a histogram of apply times.
 *
 * <p>Concurrency: every field is safe to update and read from any thread.
 */
public final class HubMetrics {

    public final LongAdder messagesIn = new LongAdder();
    public final LongAdder messagesOut = new LongAdder();
    public final LongAdder editsApplied = new LongAdder();
    public final LongAdder hunksRejected = new LongAdder();
    /** Views of gone clients started again from the text to free memory (decision 0023). */
    public final LongAdder viewsEvicted = new LongAdder();
    /** Exchanges not handled because their client was gone by the time the owner came to them. */
    public final LongAdder exchangesOfGoneClients = new LongAdder();
    /** Checkpoints written (made off the owners, by the checkpointer). */
    public final LongAdder checkpoints = new LongAdder();
    /** Checkpoints that waited because the heap had too little room for their snapshot. */
    public final LongAdder checkpointsPostponed = new LongAdder();
    public final Histogram applyNanos = new Histogram();

    /** A log2-bucketed histogram of durations in nanoseconds: cheap to record, good enough for percentiles. */
    public static final class Histogram {
        private final AtomicLongArray buckets = new AtomicLongArray(64);

        public void record(long nanos) {
            buckets.incrementAndGet(63 - Long.numberOfLeadingZeros(Math.max(1, nanos)));
        }

        public long count() {
            long n = 0;
            for (int i = 0; i < 64; i++) n += buckets.get(i);
            return n;
        }

        /** The upper bound (ns) of the bucket holding the {@code q} quantile, or 0 if empty. */
        public long quantileUpperBound(double q) {
            long total = count();
            if (total == 0) return 0;
            long rank = (long) Math.ceil(q * total);
            long seen = 0;
            for (int i = 0; i < 64; i++) {
                seen += buckets.get(i);
                if (seen >= rank) return i >= 62 ? Long.MAX_VALUE : (1L << (i + 1));
            }
            return Long.MAX_VALUE;
        }
    }
}
