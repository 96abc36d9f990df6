package dev.tandem.relay;

import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

/**
 * What all connections together may hold in frames not yet written: queued, or handed to Tyrus and not yet sent
 * (decision 0023). One slow connection is bounded by {@link RelayConfig#maxQueuedBytes}; this bounds them all, which
 * matters when many clients come back at once to a large document and each is sent its whole text. A frame that would
 * pass the budget closes its connection (1013) instead of being queued: its client reconnects later, and the protocol
 * sends it again what it lacks.
 *
 * <p>Concurrency: thread-safe.
 */
final class OutboundBudget {
    /**
     * A share of the heap: a frame's chars are held as a string (two bytes a char), again while it is encoded, and as
     * UTF-8 (up to three) while Tyrus writes it; a reset carries a whole document.
     */
    static final int HEAP_SHARE_DIVISOR = 64;

    private final AtomicLong held = new AtomicLong();
    private final long limitChars;
    final LongAdder refused = new LongAdder();

    OutboundBudget(long limitChars) {
        if (limitChars <= 0) throw new IllegalArgumentException("limit must be positive: " + limitChars);
        this.limitChars = limitChars;
    }

    /** A sixty-fourth of what the heap may grow to, in chars. */
    static OutboundBudget ofHeap() {
        return new OutboundBudget(Runtime.getRuntime().maxMemory() / HEAP_SHARE_DIVISOR);
    }

    /**
     * Takes {@code chars} from the budget; false (and nothing taken) if that would pass it while other frames are held.
     * A frame alone is always taken, however large: a document's whole text must reach a client that joins it.
     */
    boolean take(int chars) {
        long now;
        do {
            now = held.get();
            if (now > 0 && now + chars > limitChars) {
                refused.increment();
                return false;
            }
        } while (!held.compareAndSet(now, now + chars));
        return true;
    }

    /** Gives back what a written or dropped frame took. */
    void giveBack(long chars) {
        held.addAndGet(-chars);
    }

    long held() {
        return held.get();
    }

    long limit() {
        return limitChars;
    }
}
