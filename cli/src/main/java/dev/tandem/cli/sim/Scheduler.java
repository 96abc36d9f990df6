package dev.tandem.cli.sim;

import java.util.PriorityQueue;

/**
 * Virtual time for the simulator: a discrete-event queue ordered by (time, sequence number), so that events at the
 * same time run in the order they were scheduled and a run never depends on the wall clock or on threads.
 *
 * <p>Concurrency: single-threaded; the simulation's one thread owns it.
 */
public final class Scheduler {

    private record Event(long time, long seq, Runnable action) implements Comparable<Event> {
        @Override
        public int compareTo(Event o) {
            int c = Long.compare(time, o.time);
            return c != 0 ? c : Long.compare(seq, o.seq);
        }
    }

    private final PriorityQueue<Event> queue = new PriorityQueue<>();
    private long now;
    private long seq;

    /** The current virtual time in milliseconds. */
    public long now() { return now; }

    /** Runs {@code action} {@code delayMillis} from now (0: after everything already due now). */
    public void after(long delayMillis, Runnable action) {
        if (delayMillis < 0) throw new IllegalArgumentException("negative delay " + delayMillis);
        queue.add(new Event(now + delayMillis, seq++, action));
    }

    public boolean isEmpty() { return queue.isEmpty(); }

    /** Runs the next event, advancing the clock to its time; false if there is none. */
    public boolean runNext() {
        Event e = queue.poll();
        if (e == null) return false;
        now = e.time();
        e.action().run();
        return true;
    }
}
