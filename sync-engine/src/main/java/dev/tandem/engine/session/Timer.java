package dev.tandem.engine.session;

/**
 * Time as the sessions see it: a clock and delayed tasks. Injected so that debounce, heartbeats, retransmission and
 * persistence deadlines are tested without sleeping ({@link ManualTimer}).
 */
public interface Timer {

    long nowMillis();

    /** Runs {@code task} (on some timer thread: tasks must hop to their owner) after {@code delayMillis}. */
    Cancellable schedule(long delayMillis, Runnable task);

    @FunctionalInterface
    interface Cancellable {
        void cancel();
    }
}
