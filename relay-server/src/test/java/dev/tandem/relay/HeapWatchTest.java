package dev.tandem.relay;

import org.junit.jupiter.api.Test;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import static org.junit.jupiter.api.Assertions.assertTrue;

/** The relay hears how full the heap is after each garbage collection, from the JVM itself. */
class HeapWatchTest {

    @Test
    void a_collection_is_reported_as_a_share_of_the_heap() throws Exception {
        CountDownLatch heard = new CountDownLatch(1);
        AtomicReference<Double> reading = new AtomicReference<>();
        byte[] kept = new byte[8 * 1024 * 1024]; // live across the collection: the reading cannot be zero
        try (HeapWatch watch = new HeapWatch(f -> {
            reading.set(f);
            heard.countDown();
        })) {
            System.gc();
            assertTrue(heard.await(30, TimeUnit.SECONDS), "no collection was reported");
        }
        double f = reading.get();
        assertTrue(f > 0 && f <= 1, "a share of the heap: " + f);
        assertTrue(kept.length > 0);
    }
}
