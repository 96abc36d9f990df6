package dev.tandem.engine.session;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A document's owner keeps taking work after anything one batch threw, and a stopping hub does not wait on it forever. */
class ActorTest {

    private final ExecutorService executor = Executors.newFixedThreadPool(2);

    @AfterEach
    void stop() {
        executor.shutdownNow();
    }

    @Test
    void an_error_in_the_after_batch_work_does_not_stop_the_owner_taking_later_tasks() throws Exception {
        AtomicBoolean failNext = new AtomicBoolean(true);
        CountDownLatch failing = new CountDownLatch(1);
        // An Error, as the OutOfMemoryError that left the relay's owners wedged: not a RuntimeException it catches.
        Actor actor = new Actor(executor, () -> {
            if (failNext.getAndSet(false)) {
                failing.countDown();
                throw new AssertionError("after-batch work failed");
            }
        });
        CompletableFuture<String> first = new CompletableFuture<>();
        actor.submit(() -> first.complete("ran"));
        assertEquals("ran", first.get(10, TimeUnit.SECONDS));
        assertTrue(failing.await(10, TimeUnit.SECONDS));

        assertTakesTasks(actor);
    }

    @Test
    void an_error_in_a_task_does_not_stop_the_owner_taking_later_tasks() throws Exception {
        Actor actor = new Actor(executor, () -> { });
        actor.submit(() -> {
            throw new AssertionError("a task failed with an Error");
        });
        assertTakesTasks(actor);
    }

    private static void assertTakesTasks(Actor actor) throws Exception {
        CompletableFuture<String> later = new CompletableFuture<>();
        actor.submit(() -> later.complete("ran"));
        assertEquals("ran", later.get(10, TimeUnit.SECONDS));
    }

    @Test
    void draining_an_owner_stuck_in_a_task_gives_up_at_the_deadline() throws Exception {
        Actor stuck = new Actor(executor, () -> { });
        CountDownLatch release = new CountDownLatch(1);
        stuck.submit(() -> {
            try {
                release.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        try {
            assertFalse(HubSession.drain(List.of(stuck), System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(200)));
        } finally {
            release.countDown();
        }
        assertTrue(HubSession.drain(List.of(stuck), System.nanoTime() + TimeUnit.SECONDS.toNanos(10)),
                "once the task ends, the owner drains");
    }
}
