package dev.tandem.client;

/**
 * How long a client waits before it tries the relay again: exponential backoff from a first delay to a longest one.
 *
 * <p>A connection that ended soon after it was made does not start the count again. A relay that sheds load takes a
 * client in and closes it again with 1013 (try again later) within a second or so (decision 0023); counting from the
 * welcome made every shed client come back after the first delay, forever: hundreds of handshakes a second at a relay
 * already short of time or memory. Only a connection that stayed up as long as the longest delay counts as a recovery,
 * and a close that asks to come back later never does.
 *
 * <p>Concurrency: not thread-safe; its connection calls it under its own lock.
 */
final class Backoff {

    private final long firstMillis;
    private final long longestMillis;
    private int failures;

    Backoff(long firstMillis, long longestMillis) {
        if (firstMillis <= 0) throw new IllegalArgumentException("the first delay must be positive");
        if (longestMillis < firstMillis) throw new IllegalArgumentException("the longest delay must be at least the first");
        this.firstMillis = firstMillis;
        this.longestMillis = longestMillis;
    }

    /**
     * A connection or an attempt ended; the delay before the next attempt, before jitter.
     *
     * @param onlineMillis how long the connection had been online (welcomed), or -1 if it never was
     * @param tryLater     the relay closed it asking the client to come back later (1013, or 4429: too many)
     */
    long afterEnd(long onlineMillis, boolean tryLater) {
        boolean recovered = !tryLater && onlineMillis >= longestMillis;
        failures = recovered ? 1 : Math.min(failures + 1, 32);
        return Math.min(longestMillis, firstMillis << Math.min(failures - 1, 16));
    }

    /** The delay with jitter: between half of it and all of it, so that clients shed together do not return together. */
    static long jittered(long delay, java.util.random.RandomGenerator random) {
        return delay / 2 + random.nextLong(delay / 2 + 1);
    }
}
