package dev.tandem.engine.store;

import dev.tandem.engine.sync.DocumentJournal;
import dev.tandem.engine.sync.JournalEntry;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class CommitTimerTest {

    /** Holds scheduled tasks until the test runs them: time passes only when the test says so. */
    static final class ManualScheduler implements CommitTimer.Scheduler {
        final List<Runnable> due = new ArrayList<>();
        final List<Duration> delays = new ArrayList<>();

        @Override
        public void schedule(Runnable task, Duration delay) {
            due.add(task);
            delays.add(delay);
        }

        void runDue() {
            List<Runnable> now = new ArrayList<>(due);
            due.clear();
            now.forEach(Runnable::run);
        }
    }

    static final JournalEntry KEY = new JournalEntry.Splice(null, 0, 0, "k");

    @Test
    void many_keystrokes_schedule_one_commit_within_the_delay() throws Exception {
        MemoryDocumentStore store = new MemoryDocumentStore();
        ManualScheduler scheduler = new ManualScheduler();
        CommitTimer timer = new CommitTimer(store, scheduler, CommitTimer.DEFAULT_MAX_DELAY, e -> { });
        DocumentJournal j = timer.journal("doc");
        for (int i = 0; i < 50; i++) j.append(KEY);
        assertEquals(List.of(Duration.ofSeconds(1)), scheduler.delays);
        assertEquals(0, store.crash().journalLength("doc"));
        scheduler.runDue();
        assertEquals(50, store.crash().journalLength("doc"));
        j.append(KEY);
        assertEquals(1, scheduler.due.size(), "the next keystroke schedules the next commit");
    }

    @Test
    void a_failed_commit_is_reported_and_retried_with_nothing_lost() throws Exception {
        MemoryDocumentStore store = new MemoryDocumentStore();
        ManualScheduler scheduler = new ManualScheduler();
        List<StoreException> failures = new ArrayList<>();
        CommitTimer timer = new CommitTimer(store, scheduler, Duration.ofMillis(300), failures::add);
        timer.journal("doc").append(KEY);
        store.failCommits(true);
        scheduler.runDue();
        assertEquals(1, failures.size());
        assertEquals(1, scheduler.due.size(), "a retry is scheduled");
        store.failCommits(false);
        scheduler.runDue();
        assertEquals(1, store.crash().journalLength("doc"));
        assertEquals(0, scheduler.due.size());
    }

    @Test
    void close_commits_at_once_and_stops_the_timer() throws Exception {
        MemoryDocumentStore store = new MemoryDocumentStore();
        ManualScheduler scheduler = new ManualScheduler();
        CommitTimer timer = new CommitTimer(store, scheduler, Duration.ofSeconds(1), e -> { });
        DocumentJournal j = timer.journal("doc");
        j.append(KEY);
        timer.close();
        assertEquals(1, store.crash().journalLength("doc"));
        scheduler.runDue();
        j.append(KEY);
        assertTrue(scheduler.due.isEmpty());
    }

    @Test
    void a_non_positive_delay_is_refused() {
        assertThrows(IllegalArgumentException.class,
                () -> new CommitTimer(new MemoryDocumentStore(), (t, d) -> { }, Duration.ZERO, e -> { }));
    }

    @Test
    void on_a_real_executor_typing_is_committed_without_an_explicit_commit() throws Exception {
        ScheduledExecutorService executor = Executors.newSingleThreadScheduledExecutor();
        try {
            MemoryDocumentStore store = new MemoryDocumentStore();
            CommitTimer timer = new CommitTimer(store, CommitTimer.on(executor), Duration.ofMillis(20), e -> { });
            timer.journal("doc").append(KEY);
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
            while (store.crash().journalLength("doc") == 0 && System.nanoTime() < deadline) Thread.onSpinWait();
            assertEquals(1, store.crash().journalLength("doc"));
        } finally {
            executor.shutdownNow();
        }
    }
}
