package dev.tandem.relay;

import java.util.HashMap;
import java.util.Map;
import java.util.OptionalInt;

/**
 * How many connections each document may have, learnt from how the relay keeps up with it (decision 0023). A document
 * has no cap until the relay falls behind on it (its exchanges wait too long in its owner's queue) or runs short of
 * memory. Then its cap is cut to nine tenths of its connections, and the newest above the cap are closed; while it
 * keeps up, the cap grows every {@link #GROW_AFTER_NANOS}. Cut fast, grown slowly: clients closed together come back a
 * few at a time, instead of all at once into the same overload. A cap is never lifted, only outgrown: a document
 * without connections has its clients waiting out their backoff, not gone.
 *
 * <p>How it grows: by a tenth, except far below the level it was last served at (its {@code ceiling}: nine tenths of
 * the connections it fell behind with, or the connections it had when memory ran short). Up to half of that it
 * doubles, as TCP's slow start does. Grown by tenths alone, a document whose connections memory had all closed took
 * about six minutes to take 200 writers back.
 *
 * <p>Concurrency: called from the relay's timer thread and Tyrus' threads; the methods are synchronized.
 */
final class Admission {
    /** What a cap keeps of a document's connections when the relay is behind on it. */
    static final double CUT = 0.9;
    static final long GROW_AFTER_NANOS = 10_000_000_000L;

    private static final class Cap {
        int limit;
        /** The level the document was last served at (0: not known). */
        int ceiling;
        long keptUpSince;
    }

    private final Map<String, Cap> caps = new HashMap<>();

    /**
     * The relay is behind on {@code doc}, which has {@code count} connections at {@code nowNanos}: its cap is cut to
     * nine tenths of them (at least one). Returns how many to close, the newest first.
     */
    synchronized int behind(String doc, int count, long nowNanos) {
        int limit = Math.max(1, (int) Math.floor(count * CUT));
        int close = capAt(doc, limit, nowNanos, count);
        Cap c = caps.get(doc);
        c.ceiling = c.limit;
        return close;
    }

    /**
     * Short of memory, the relay closed some of {@code doc}'s connections, of the {@code before} it had: it may have no
     * more than the {@code count} it has left.
     */
    synchronized void shrunk(String doc, int count, int before, long nowNanos) {
        capAt(doc, Math.max(1, count), nowNanos, count);
        Cap c = caps.get(doc);
        c.ceiling = Math.max(c.ceiling, before);
    }

    private int capAt(String doc, int limit, long nowNanos, int count) {
        Cap c = caps.computeIfAbsent(doc, k -> new Cap());
        c.limit = c.limit == 0 ? limit : Math.min(c.limit, limit);
        c.keptUpSince = nowNanos;
        return Math.max(0, count - c.limit);
    }

    /** The relay keeps up with {@code doc}: after a while, its cap grows. */
    synchronized void keptUp(String doc, long nowNanos) {
        Cap c = caps.get(doc);
        if (c == null || nowNanos - c.keptUpSince < GROW_AFTER_NANOS) return;
        int half = c.ceiling / 2;
        c.limit = c.limit < half
                ? Math.min(half, 2 * c.limit)
                : (int) Math.min(Integer.MAX_VALUE / 2, c.limit + (c.limit + 9L) / 10); // a tenth, rounded up
        c.keptUpSince = nowNanos;
    }

    /** Whether one more connection may join {@code doc}, which has {@code count}. */
    synchronized boolean mayJoin(String doc, int count) {
        Cap c = caps.get(doc);
        return c == null || count < c.limit;
    }

    /** The document's cap, if it has one. */
    synchronized OptionalInt cap(String doc) {
        Cap c = caps.get(doc);
        return c == null ? OptionalInt.empty() : OptionalInt.of(c.limit);
    }

    /** Documents that have a cap now. */
    synchronized Map<String, Integer> caps() {
        Map<String, Integer> out = new HashMap<>();
        caps.forEach((doc, c) -> out.put(doc, c.limit));
        return out;
    }
}
