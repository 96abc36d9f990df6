package dev.tandem.app.ui;

import com.sun.javafx.tk.TKPulseListener;
import com.sun.javafx.tk.Toolkit;
import javafx.application.Platform;

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

    /** The times of one kind of task, in nanoseconds. */
    static final class Times {
        final List<Long> nanos = new ArrayList<>();

        long max() { return nanos.isEmpty() ? 0 : Collections.max(nanos); }

        long percentile(int p) {
            if (nanos.isEmpty()) return 0;
            List<Long> sorted = new ArrayList<>(nanos);
            Collections.sort(sorted);
            return sorted.get(Math.min(sorted.size() - 1, sorted.size() * p / 100));
        }
    }

    private static final StackWalker WALKER = StackWalker.getInstance();

    private volatile boolean measuring;
    private final Map<String, Times> tasks = new TreeMap<>();
    private final Times pulses = new Times();
    private final AtomicLong longestProbeWait = new AtomicLong();
    private long pulseStart;
    private Thread probe;
    // The toolkit holds its pulse listeners weakly: these fields keep them.
    private final TKPulseListener pulseBegins = () -> pulseStart = System.nanoTime();
    private final TKPulseListener pulseEnds = () -> {
        if (measuring && pulseStart != 0) pulses.nanos.add(System.nanoTime() - pulseStart);
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
            try {
                task.run();
            } finally {
                long took = System.nanoTime() - start;
                if (measuring) tasks.computeIfAbsent(site, k -> new Times()).nanos.add(took);
            }
        });
    }

    /** Starts recording and the 1 ms probe. */
    void start() {
        measuring = true;
        probe = new Thread(() -> {
            while (!Thread.currentThread().isInterrupted()) {
                long posted = System.nanoTime();
                Platform.runLater(() -> {
                    if (measuring) longestProbeWait.accumulateAndGet(System.nanoTime() - posted, Math::max);
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
    }

    Map<String, Times> tasks() { return tasks; }

    Times pulses() { return pulses; }

    long longestProbeWaitNanos() { return longestProbeWait.get(); }

    /** One line per kind of task and one for the pulses and the probe, in milliseconds. */
    String report() {
        StringBuilder b = new StringBuilder();
        tasks.forEach((site, t) -> b.append(String.format("  FX task %-48s n %4d  p50 %6.2f  p90 %6.2f  max %6.2f ms%n",
                site, t.nanos.size(), t.percentile(50) / 1e6, t.percentile(90) / 1e6, t.max() / 1e6)));
        b.append(String.format("  %-56s n %4d  p50 %6.2f  p90 %6.2f  max %6.2f ms%n", "pulse (CSS, layout, scene sync)",
                pulses.nanos.size(), pulses.percentile(50) / 1e6, pulses.percentile(90) / 1e6, pulses.max() / 1e6));
        b.append(String.format("  longest FX stall seen by the 1 ms probe %.2f ms%n", longestProbeWait.get() / 1e6));
        return b.toString();
    }
}
