package dev.tandem.relay;

import com.sun.management.GarbageCollectionNotificationInfo;

import javax.management.ListenerNotFoundException;
import javax.management.NotificationEmitter;
import javax.management.NotificationListener;
import javax.management.openmbean.CompositeData;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.lang.management.MemoryUsage;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.DoubleConsumer;
import java.util.stream.Collectors;

/**
 * Tells how full the heap is right after each garbage collection, as a share of the most it may grow to
 * ({@link Runtime#maxMemory}). Right after a collection is the only moment the used heap says something about what is
 * live: in between it also counts garbage.
 *
 * <p>Concurrency: the JVM calls the consumer on its own notification thread, one collection at a time.
 */
final class HeapWatch implements AutoCloseable {
    private final List<Runnable> removers = new ArrayList<>();

    HeapWatch(DoubleConsumer afterCollection) {
        Set<String> heapPools = ManagementFactory.getMemoryPoolMXBeans().stream()
                .filter(p -> p.getType() == MemoryType.HEAP).map(MemoryPoolMXBean::getName).collect(Collectors.toSet());
        long max = Runtime.getRuntime().maxMemory();
        NotificationListener listener = (n, handback) -> {
            if (!GarbageCollectionNotificationInfo.GARBAGE_COLLECTION_NOTIFICATION.equals(n.getType())) return;
            Map<String, MemoryUsage> after = GarbageCollectionNotificationInfo.from((CompositeData) n.getUserData())
                    .getGcInfo().getMemoryUsageAfterGc();
            long used = 0;
            for (Map.Entry<String, MemoryUsage> e : after.entrySet()) {
                if (heapPools.contains(e.getKey())) used += e.getValue().getUsed();
            }
            afterCollection.accept((double) used / max);
        };
        for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
            if (gc instanceof NotificationEmitter emitter) {
                emitter.addNotificationListener(listener, null, null);
                removers.add(() -> {
                    try {
                        emitter.removeNotificationListener(listener);
                    } catch (ListenerNotFoundException e) {
                        // already gone
                    }
                });
            }
        }
    }

    @Override
    public void close() {
        removers.forEach(Runnable::run);
        removers.clear();
    }
}
