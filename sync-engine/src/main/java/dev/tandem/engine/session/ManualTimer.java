package dev.tandem.engine.session;

import java.util.PriorityQueue;
import java.util.concurrent.Executor;

/**
 * Virtual time for tests and simulations: nothing happens until {@link #advance} or {@link #runUntilIdle}, and then
 * tasks run on the calling thread in time order. Also an {@link Executor} that queues work to run in the same way, so
 * that a whole session runs deterministically on one thread.
 *
 * <p>Concurrency: single-threaded by design; use from one thread only.
 */
public final class ManualTimer implements Timer, Executor {

    private record Task(long at, long seq, Runnable run, boolean[] cancelled) {}

    private final PriorityQueue<Task> queue = new PriorityQueue<>((a, b) ->
            a.at != b.at ? Long.compare(a.at, b.at) : Long.compare(a.seq, b.seq));
    private long now;
    private long seq;

    public ManualTimer(long startMillis) {
        this.now = startMillis;
    }

    @Override
    public long nowMillis() {
        return now;
    }

    @Override
    public Cancellable schedule(long delayMillis, Runnable task) {
        boolean[] cancelled = {false};
        queue.add(new Task(now + Math.max(0, delayMillis), seq++, task, cancelled));
        return () -> cancelled[0] = true;
    }

    @Override
    public void execute(Runnable command) {
        schedule(0, command);
    }

    /** Runs every task due within the next {@code millis}, moving time forward. */
    public void advance(long millis) {
        long until = now + millis;
        while (!queue.isEmpty() && queue.peek().at <= until) {
            Task t = queue.poll();
            now = Math.max(now, t.at);
            if (!t.cancelled[0]) t.run.run();
        }
        now = until;
    }

    /** Runs tasks due now (and those they schedule for now), without moving time. */
    public void runUntilIdle() {
        advance(0);
    }
}
