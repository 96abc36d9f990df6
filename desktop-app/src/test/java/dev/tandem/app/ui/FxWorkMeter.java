package dev.tandem.app.ui;

import com.sun.javafx.tk.TKPulseListener;
import com.sun.javafx.tk.Toolkit;
import javafx.application.Platform;

import com.sun.management.GarbageCollectionNotificationInfo;

import javax.management.ListenerNotFoundException;
import javax.management.NotificationEmitter;
import javax.management.NotificationListener;
import javax.management.openmbean.CompositeData;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Measures what the FX thread spends on the app's behalf, for {@link UiPerformanceIT}: an {@link Executor} that posts
 * to the FX thread (the app's "ui" executor: remote batches, presence, status, highlighting results) and times every
 * task it runs, by the place that posted it; the longest pulse (CSS, layout and scene sync of all windows, timed by
 * the toolkit's own pulse listeners); and a probe thread that posts an empty task every millisecond and records how
 * long it waited (the longest time the FX thread could not react).
 *
 * <p>Concurrency: {@link #execute} from any thread; the records are written on the FX thread and read after
 * {@link #stop()} (or on the FX thread).
 */
final class FxWorkMeter implements Executor {

    /**
     * The times of one kind of task, in nanoseconds: wall-clock, and the FX thread's CPU time (what the task itself
     * cost: on a shared machine the wall-clock time also holds the time the thread waited for a core).
     */
    static final class Times {
        final List<Long> nanos = new ArrayList<>();
        final List<Long> cpuNanos = new ArrayList<>();

        void add(long wall, long cpu) {
            nanos.add(wall);
            cpuNanos.add(cpu);
        }

        long max() { return nanos.isEmpty() ? 0 : Collections.max(nanos); }

        long maxCpu() { return cpuNanos.isEmpty() ? 0 : Collections.max(cpuNanos); }

        long percentile(int p) { return percentile(nanos, p); }

        long percentileCpu(int p) { return percentile(cpuNanos, p); }

        private static long percentile(List<Long> values, int p) {
            if (values.isEmpty()) return 0;
            List<Long> sorted = new ArrayList<>(values);
            Collections.sort(sorted);
            return sorted.get(Math.min(sorted.size() - 1, sorted.size() * p / 100));
        }
    }

    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

    private static final StackWalker WALKER = StackWalker.getInstance();

    private volatile boolean measuring;
    /** System.nanoTime() when the JVM started, give or take a millisecond (the collector reports times since then). */
    private volatile long jvmStartNanos;

    private final Map<String, Times> tasks = new TreeMap<>();
    /** Pulses by phase of the test ({@link #phase}), in the order the phases began. */
    private final Map<String, Times> pulses = new java.util.LinkedHashMap<>();
    private volatile String phase = "";
    private final AtomicLong longestProbeWait = new AtomicLong();
    /** When the longest probe wait began and ended (System.nanoTime). */
    private volatile long worstPosted;
    private volatile long worstRan;
    /** What ran on the FX thread (tasks, pulses) and the collector's pauses, to explain the longest wait. */
    private final List<Span> timeline = Collections.synchronizedList(new ArrayList<>());
    private final List<NotificationEmitter> gcEmitters = new ArrayList<>();
    private final NotificationListener gcListener = (n, h) -> {
        if (!measuring || !n.getType().equals(GarbageCollectionNotificationInfo.GARBAGE_COLLECTION_NOTIFICATION)) return;
        GarbageCollectionNotificationInfo info = GarbageCollectionNotificationInfo.from((CompositeData) n.getUserData());
        // Times since the JVM started, in milliseconds (the notification itself may come much later).
        long start = this.jvmStartNanos + info.getGcInfo().getStartTime() * 1_000_000;
        long end = jvmStartNanos + Math.max(info.getGcInfo().getEndTime(), info.getGcInfo().getStartTime() + 1) * 1_000_000;
        timeline.add(new Span("GC " + info.getGcName() + " (" + info.getGcCause() + ")", start, end, end - start));
    };

    private record Span(String what, long start, long end, long cpu) { }

    /** Every thread's CPU time at {@link #start()} and {@link #stop()}, by thread id; and the wall-clock between. */
    private final Map<Long, Long> cpuAtStart = new java.util.HashMap<>();
    private final Map<String, Long> cpuWhileMeasuring = new TreeMap<>();
    private long measuredNanos;
    private long compileMillisWhileMeasuring;
    private long startedAt;
    private long compileMillisAtStart;
    private long pulseStart;
    private long pulseStartCpu;
    private Thread probe;
    // The toolkit holds its pulse listeners weakly: these fields keep them.
    private final TKPulseListener pulseBegins = () -> {
        pulseStart = System.nanoTime();
        pulseStartCpu = THREADS.getCurrentThreadCpuTime();
    };
    private final TKPulseListener pulseEnds = () -> {
        if (measuring && pulseStart != 0) {
            long now = System.nanoTime();
            long cpu = THREADS.getCurrentThreadCpuTime() - pulseStartCpu;
            String p = phase;
            pulses.computeIfAbsent(p, k -> new Times()).add(now - pulseStart, cpu);
            timeline.add(new Span("pulse" + (p.isEmpty() ? "" : " (" + p + ")"), pulseStart, now, cpu));
        }
        pulseStart = 0;
    };

    /** Call on the FX thread. */
    void installPulseListeners() {
        Toolkit.getToolkit().addStageTkPulseListener(pulseBegins);
        Toolkit.getToolkit().addPostSceneTkPulseListener(pulseEnds);
    }

    @Override
    public void execute(Runnable task) {
        if (!measuring) {
            Platform.runLater(task);
            return;
        }
        String site = WALKER.walk(frames -> frames
                .filter(f -> f.getClassName().startsWith("dev.tandem.app.") && !f.getClassName().equals(FxWorkMeter.class.getName()))
                .findFirst()
                .map(f -> f.getClassName().substring(f.getClassName().lastIndexOf('.') + 1) + "." + f.getMethodName())
                .orElse("?"));
        Platform.runLater(() -> {
            long start = System.nanoTime();
            long startCpu = THREADS.getCurrentThreadCpuTime();
            try {
                task.run();
            } finally {
                long took = System.nanoTime() - start;
                long cpu = THREADS.getCurrentThreadCpuTime() - startCpu;
                if (measuring) {
                    tasks.computeIfAbsent(site, k -> new Times()).add(took, cpu);
                    timeline.add(new Span("task " + site, start, start + took, cpu));
                }
            }
        });
    }

    /** Starts recording and the 1 ms probe. */
    void start() {
        jvmStartNanos = System.nanoTime() - ManagementFactory.getRuntimeMXBean().getUptime() * 1_000_000;
        for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
            if (gc instanceof NotificationEmitter e) {
                e.addNotificationListener(gcListener, null, null);
                gcEmitters.add(e);
            }
        }
        for (long id : THREADS.getAllThreadIds()) cpuAtStart.put(id, THREADS.getThreadCpuTime(id));
        compileMillisAtStart = ManagementFactory.getCompilationMXBean().getTotalCompilationTime();
        startedAt = System.nanoTime();
        measuring = true;
        probe = new Thread(() -> {
            while (!Thread.currentThread().isInterrupted()) {
                long posted = System.nanoTime();
                Platform.runLater(() -> {
                    long ran = System.nanoTime();
                    if (measuring && ran - posted > longestProbeWait.get()) {
                        longestProbeWait.set(ran - posted);
                        worstPosted = posted;
                        worstRan = ran;
                    }
                });
                try {
                    Thread.sleep(1);
                } catch (InterruptedException e) {
                    return;
                }
            }
        }, "fx-stall-probe");
        probe.setDaemon(true);
        probe.start();
    }

    /** Stops recording (call off the FX thread; waits for the probe). */
    void stop() throws InterruptedException {
        probe.interrupt();
        probe.join();
        measuring = false;
        measuredNanos = System.nanoTime() - startedAt;
        compileMillisWhileMeasuring = ManagementFactory.getCompilationMXBean().getTotalCompilationTime() - compileMillisAtStart;
        for (java.lang.management.ThreadInfo t : THREADS.getThreadInfo(THREADS.getAllThreadIds())) {
            if (t == null) continue;
            long cpu = THREADS.getThreadCpuTime(t.getThreadId()) - cpuAtStart.getOrDefault(t.getThreadId(), 0L);
            // Threads of a kind (pool-3-thread-1, C2 CompilerThread0...) summed under one name.
            if (cpu > 0) cpuWhileMeasuring.merge(t.getThreadName().replaceAll("\\d+", "N"), cpu, Long::sum);
        }
        for (NotificationEmitter e : gcEmitters) {
            try {
                e.removeNotificationListener(gcListener);
            } catch (ListenerNotFoundException ignored) {
                // already gone
            }
        }
    }

    Map<String, Times> tasks() { return tasks; }

    /** Names what the test does from now on: pulses are reported by phase. */
    void phase(String name) { phase = name; }

    long longestProbeWaitNanos() { return longestProbeWait.get(); }

    /** The longest task of all kinds (wall-clock). */
    long longestTaskNanos() {
        return tasks.values().stream().mapToLong(Times::max).max().orElse(0);
    }

    /** One line per kind of task and one for the pulses and the probe, in milliseconds (wall-clock, then CPU). */
    String report() {
        StringBuilder b = new StringBuilder();
        b.append(String.format("  %-44s %5s  %-25s  %s%n", "FX thread, ms", "n", "wall p50 / p90 / max", "CPU p50 / p90 / max"));
        tasks.forEach((site, t) -> b.append(line("task " + site, t)));
        pulses.forEach((p, t) -> b.append(line("pulse" + (p.isEmpty() ? "" : ", " + p) + " (CSS, layout, sync)", t)));
        b.append(String.format("  longest FX stall seen by the 1 ms probe %.2f ms; during it:%n", longestProbeWait.get() / 1e6));
        List<Span> all;
        synchronized (timeline) {
            all = new ArrayList<>(timeline);
        }
        all.stream().filter(x -> x.end() > worstPosted && x.start() < worstRan)
                .sorted(java.util.Comparator.comparingLong(Span::start))
                .forEach(x -> b.append(String.format("    %+7.2f ms  %-46s %6.2f ms (CPU %.2f)%n", (x.start() - worstPosted) / 1e6,
                        x.what(), (x.end() - x.start()) / 1e6, x.cpu() / 1e6)));
        b.append(String.format("    GC pauses while measuring: %d, longest %.2f ms%n",
                all.stream().filter(x -> x.what().startsWith("GC")).count(),
                all.stream().filter(x -> x.what().startsWith("GC")).mapToLong(x -> x.end() - x.start()).max().orElse(0) / 1e6));
        // What else wanted a core meanwhile (this JVM only): on two cores, a task's wall-clock time beyond its CPU
        // time is time its thread waited for one.
        b.append(String.format("  CPU of this JVM's threads while measuring (%.1f s; JIT compilation %d ms):%n",
                measuredNanos / 1e9, compileMillisWhileMeasuring));
        cpuWhileMeasuring.entrySet().stream().sorted(Map.Entry.<String, Long>comparingByValue().reversed()).limit(8)
                .forEach(e -> b.append(String.format("    %-44s %7.0f ms (%4.1f%% of a core)%n", e.getKey(), e.getValue() / 1e6,
                        100.0 * e.getValue() / measuredNanos)));
        return b.toString();
    }

    private static String line(String what, Times t) {
        return String.format("  %-44s %5d  %6.2f / %6.2f / %6.2f   %6.2f / %6.2f / %6.2f%n", what, t.nanos.size(),
                t.percentile(50) / 1e6, t.percentile(90) / 1e6, t.max() / 1e6,
                t.percentileCpu(50) / 1e6, t.percentileCpu(90) / 1e6, t.maxCpu() / 1e6);
    }
}
