package dev.tandem.relay;

/**
 * When the relay sheds connections because its heap is nearly full (decision 0023). Each reading is how full the heap
 * was right after a garbage collection. At {@code shedAt} or above the relay is short of memory: it refuses new
 * connections, and closes a tenth of its open ones (the newest first; three tenths at 95% or above) at most once per
 * {@code gapNanos} while readings stay that high. It takes new connections again once a reading falls below
 * {@code resumeBelow} at least {@code holdNanos} after the last one at {@code shedAt} or above; until then it stays as
 * it was. Readings after young collections swing widely under load, and clients closed a moment ago would otherwise
 * come straight back.
 *
 * <p>Concurrency: readings come on the JVM's notification thread and {@link #shedding} is read by Tyrus' threads; the
 * methods are synchronized.
 */
final class HeapPressure {
    private final double shedAt;
    private final double resumeBelow;
    private final long gapNanos;
    private final long holdNanos;
    private boolean shedding;
    private long lastHighNanos;
    private boolean shedOnce;
    private long lastShedNanos;
    private double lastReading = Double.NaN;

    HeapPressure(double shedAt, double resumeBelow, long gapNanos, long holdNanos) {
        if (!(resumeBelow > 0 && resumeBelow < shedAt && shedAt < 1)) {
            throw new IllegalArgumentException("need 0 < resumeBelow < shedAt < 1: " + resumeBelow + ", " + shedAt);
        }
        if (gapNanos < 0 || holdNanos < 0) throw new IllegalArgumentException("negative gap or hold: " + gapNanos + ", " + holdNanos);
        this.shedAt = shedAt;
        this.resumeBelow = resumeBelow;
        this.gapNanos = gapNanos;
        this.holdNanos = holdNanos;
    }

    /** For a relay that sheds at {@code percent}%, at most once a second, and resumes 15 points below after 10 s. */
    static HeapPressure atPercent(int percent) {
        return new HeapPressure(percent / 100.0, (percent - 15) / 100.0, 1_000_000_000L, 10_000_000_000L);
    }

    /**
     * A reading after a collection, with {@code open} connections open at {@code nowNanos}: how many of them to close
     * now (0 for none).
     */
    synchronized int onReading(double fullness, int open, long nowNanos) {
        lastReading = fullness;
        if (fullness < shedAt) {
            if (fullness < resumeBelow && nowNanos - lastHighNanos >= holdNanos) shedding = false;
            return 0;
        }
        shedding = true;
        lastHighNanos = nowNanos;
        if (shedOnce && nowNanos - lastShedNanos < gapNanos) return 0;
        shedOnce = true;
        lastShedNanos = nowNanos;
        // Nearer the end of the heap, more at once: the next collection may be the one that fails.
        int tenths = fullness >= 0.95 ? 3 : 1;
        return Math.min(open, (int) Math.ceil(open * tenths / 10.0));
    }

    /** Whether the last reading left room to take more connections: below the line where shedding stops. */
    synchronized boolean roomy() {
        return !shedding && (Double.isNaN(lastReading) || lastReading < resumeBelow);
    }

    /** Whether new connections are refused now. */
    synchronized boolean shedding() {
        return shedding;
    }

    /** The last reading (NaN before the first collection). */
    synchronized double lastReading() {
        return lastReading;
    }
}
