package dev.tandem.engine.session;

import dev.tandem.engine.store.StoreException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayDeque;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;

/**
 * A single owner for some state: tasks submitted from any thread run one at a time, in order, on a shared executor;
 * after each batch of tasks (all that were queued when the batch started) {@code afterBatch} runs — where a session
 * commits its store once and only then sends the messages the batch produced (group commit).
 *
 * <p>Concurrency: {@link #submit} is thread-safe; tasks and {@code afterBatch} never run concurrently with each other.
 */
final class Actor {

    private static final Logger LOG = LoggerFactory.getLogger(Actor.class);

    private final Executor executor;
    private final Runnable afterBatch;
    private final Queue<Runnable> inbox = new ArrayDeque<>();
    private boolean scheduled;
    /** Bound on tasks per batch, so that a flood of input still commits and sends at a steady pace. */
    private static final int MAX_BATCH = 256;

    Actor(Executor executor, Runnable afterBatch) {
        this.executor = executor;
        this.afterBatch = afterBatch;
    }

    void submit(Runnable task) {
        boolean start;
        synchronized (inbox) {
            inbox.add(task);
            start = !scheduled;
            scheduled = true;
        }
        if (start) executor.execute(this::runBatch);
    }

    /** Work for the owner that may fail on the store. */
    @FunctionalInterface
    interface Call<T> {
        T run() throws StoreException;
    }

    /** Runs {@code f} on the owner; its result, or its failure, completes the future. */
    <T> CompletableFuture<T> call(Call<T> f) {
        CompletableFuture<T> result = new CompletableFuture<>();
        submit(() -> {
            try {
                result.complete(f.run());
            } catch (StoreException | RuntimeException e) {
                result.completeExceptionally(e);
            }
        });
        return result;
    }

    private void runBatch() {
        try {
            for (int i = 0; i < MAX_BATCH; i++) {
                Runnable task;
                synchronized (inbox) {
                    task = inbox.poll();
                }
                if (task == null) break;
                try {
                    task.run();
                } catch (RuntimeException e) {
                    // A bug in one task must not stop the owner: the state it guards stays usable for the rest.
                    LOG.error("task failed", e);
                }
            }
        } finally {
            try {
                afterBatch.run();
            } finally {
                // Even when the batch or its after-batch work threw an Error: an owner left marked "scheduled" with
                // no batch to come would take no task ever again, and a close() that drains it would wait forever
                // (seen at 500 writers under a 512 MB heap: OutOfMemoryError in afterBatch, then SIGTERM hung).
                boolean again;
                synchronized (inbox) {
                    again = !inbox.isEmpty();
                    scheduled = again;
                }
                if (again) executor.execute(this::runBatch);
            }
        }
    }
}
