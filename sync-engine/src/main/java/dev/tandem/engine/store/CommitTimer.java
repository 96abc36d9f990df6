package dev.tandem.engine.store;

import dev.tandem.engine.sync.DocumentJournal;

import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;

/**
 * Commits a store at most {@code maxDelay} after an entry is buffered, so that local typing that is not yet part of a
 * sync cycle is durable within that delay however fast the user types (one commit per delay, not per keystroke). The
 * protocol still commits on its own before it sends an acknowledgement; this timer only bounds how long anything stays
 * buffered. A failed commit leaves the entries buffered in the store, goes to {@code onFailure} (to be logged and
 * shown once, where it is handled) and is retried after another {@code maxDelay}.
 *
 * <p>Concurrency: {@link #touched} and the journals it wraps may be used from any thread (lock-free); commits run on
 * the scheduler's thread, one at a time as long as the scheduler runs tasks one after another or the store is
 * thread-safe (every {@link DocumentStore} is); {@link #close} from any thread.
 */
public final class CommitTimer implements AutoCloseable {

    /** The bound: local typing is durable within a second. */
    public static final Duration DEFAULT_MAX_DELAY = Duration.ofSeconds(1);

    /** Runs a task once after a delay (injected, so that tests run the timer without sleeping). */
    @FunctionalInterface
    public interface Scheduler {
        void schedule(Runnable task, Duration delay);
    }

    /** A scheduler on an executor the caller owns and shuts down. */
    public static Scheduler on(ScheduledExecutorService executor) {
        Objects.requireNonNull(executor, "executor");
        return (task, delay) -> executor.schedule(task, delay.toNanos(), TimeUnit.NANOSECONDS);
    }

    private final DocumentStore store;
    private final Scheduler scheduler;
    private final Duration maxDelay;
    private final Consumer<StoreException> onFailure;
    private final AtomicBoolean scheduled = new AtomicBoolean();
    private volatile boolean closed;

    public CommitTimer(DocumentStore store, Scheduler scheduler, Duration maxDelay, Consumer<StoreException> onFailure) {
        this.store = Objects.requireNonNull(store, "store");
        this.scheduler = Objects.requireNonNull(scheduler, "scheduler");
        this.maxDelay = Objects.requireNonNull(maxDelay, "maxDelay");
        this.onFailure = Objects.requireNonNull(onFailure, "onFailure");
        if (maxDelay.isNegative() || maxDelay.isZero()) {
            throw new IllegalArgumentException("maxDelay must be positive: " + maxDelay);
        }
    }

    /** The store's journal for the document, which also starts the timer at each append. */
    public DocumentJournal journal(String docId) {
        DocumentJournal journal = store.journal(docId);
        return DocumentJournal.of(entry -> {
            journal.append(entry);
            touched();
        }, journal::position, journal::durablePosition);
    }

    /** Something was buffered: a commit will run within {@code maxDelay}. Cheap when one is already due. */
    public void touched() {
        if (!closed && scheduled.compareAndSet(false, true)) scheduler.schedule(this::fire, maxDelay);
    }

    private void fire() {
        scheduled.set(false); // entries appended from now on schedule the next commit
        if (closed) return;
        try {
            store.commit();
        } catch (StoreException e) {
            onFailure.accept(e);
            touched();
        }
    }

    /** Stops the timer and commits what is buffered now (the store stays open). */
    @Override
    public void close() throws StoreException {
        closed = true;
        store.commit();
    }
}
