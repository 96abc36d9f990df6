package dev.tandem.cli.lab;

import dev.tandem.cli.sim.Scheduler;
import dev.tandem.engine.session.Timer;

/**
 * The engine's {@link Timer} on the lab's virtual clock: the product's sessions run their debounce, retransmission
 * and heartbeat timing unchanged, but in the lab's simulated time.
 *
 * <p>Concurrency: single-threaded (the lab run's).
 */
final class SchedulerTimer implements Timer {

    private final Scheduler scheduler;

    SchedulerTimer(Scheduler scheduler) {
        this.scheduler = scheduler;
    }

    @Override
    public long nowMillis() { return scheduler.now(); }

    @Override
    public Cancellable schedule(long delayMillis, Runnable task) {
        boolean[] cancelled = {false};
        scheduler.after(Math.max(0, delayMillis), () -> { if (!cancelled[0]) task.run(); });
        return () -> cancelled[0] = true;
    }
}
