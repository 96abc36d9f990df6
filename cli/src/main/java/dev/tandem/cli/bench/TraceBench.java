package dev.tandem.cli.bench;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tandem.cli.replay.ReplayResult;
import dev.tandem.cli.replay.Replayer;
import dev.tandem.cli.replay.Trace;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Every trace through the whole engine (client -> hub -> observer, in this JVM: {@link Replayer}) and through Yjs
 * ({@link YjsRunner}, a Node process), in rounds that alternate Yjs, Tandem on SQLite stores with group commit, Tandem
 * on SQLite stores committed before every message and Tandem in memory, so that the machine's noise hits all alike;
 * then Tandem with a sync cycle every 10 and every 100 transactions.
 *
 * <p>The durable figure ({@code tandemMs}, {@code timeRatio}) is group commit with durable acknowledgements (decision
 * 0013): each side sends at once, acknowledges only what its store holds, commits once per 64 steps, and its own edits
 * leave only once committed; a {@code kill -9} loses no acknowledged edit. The stricter form, a commit before every
 * message, is kept beside it ({@code tandemCommitEachSendMs}).
 *
 * <p>Concurrency: used by the bench's thread.
 */
final class TraceBench {

    /**
     * @param rounds     runs of each measurement (the median is reported; at least 3 for the suite)
     * @param limit      replay only this many transactions of a sequential trace (0: all); the expected text is then
     *                   the plain replay's of that prefix
     * @param cycleEvery the sparser cycles measured besides a cycle after every transaction
     * @param commitEachSend also measure the SQLite stores committed before every send (the slowest mode; --quick
     *                       leaves it out)
     */
    record Config(int rounds, int limit, int[] cycleEvery, boolean commitEachSend) {}

    private final Config config;
    private final Optional<YjsRunner> yjs;

    TraceBench(Config config, Optional<YjsRunner> yjs) {
        this.config = config;
        this.yjs = yjs;
    }

    /** Runs one trace file; writes its figures into {@code out}. */
    void run(Path file, ObjectNode out) throws Trace.TraceException, IOException, InterruptedException {
        Trace full = Trace.load(file);
        boolean cut = !full.concurrent() && config.limit() > 0 && config.limit() < full.txns().size();
        Trace trace = cut ? Replayer.prefix(full, config.limit()) : full;
        int yjsLimit = cut ? config.limit() : 0;
        out.put("kind", trace.concurrent() ? "concurrent" : "sequential");
        out.put("txns", trace.txns().size());
        out.put("edits", trace.patchCount());
        if (cut) out.put("prefixOf", full.txns().size());

        System.err.println("tandem bench: " + trace.name() + (cut ? " (first " + config.limit() + " transactions)" : ""));
        // Warm-up, one run of each store that is timed in full: the JIT compiles the engine, and the journal and SQLite
        // paths of the durable store, before the first timed run (the first durable round was a third slower without).
        Replayer.replay(trace, 1, 1000, false, 1);
        Replayer.replay(trace, 1, 1000, true, true, 1);

        List<Double> tandemMs = new ArrayList<>(), eachSendMs = new ArrayList<>(), memoryMs = new ArrayList<>();
        List<Double> yjsMs = new ArrayList<>();
        List<Double> heapMb = new ArrayList<>(), yjsRssMb = new ArrayList<>();
        ReplayResult last = null;
        boolean tandemOk = true;
        boolean yjsOk = true;
        long yjsBytes = -1;
        for (int round = 0; round < config.rounds(); round++) {
            if (yjs.isPresent()) {
                YjsRunner.Run y = yjs.get().replay(file, yjsLimit);
                yjsMs.add(y.ms());
                yjsRssMb.add(y.maxRssKb() / 1024.0);
                yjsBytes = y.bytes();
                yjsOk &= y.ok();
            }
            Measured durable = measure(trace, Store.GROUP_COMMIT, 1);
            tandemMs.add(durable.ms());
            tandemOk &= ok(trace, durable.result());
            if (config.commitEachSend()) {
                Measured eachSend = measure(trace, Store.COMMIT_EACH_SEND, 1);
                eachSendMs.add(eachSend.ms());
                tandemOk &= ok(trace, eachSend.result());
            }
            Measured memory = measure(trace, Store.MEMORY, 1);
            memoryMs.add(memory.ms());
            heapMb.add(memory.peakHeapMb());
            tandemOk &= ok(trace, memory.result());
            last = memory.result();
        }
        Spread tandem = Spread.of(tandemMs);
        Spread inMemory = Spread.of(memoryMs);
        Spread commitEachSend = eachSendMs.isEmpty() ? null : Spread.of(eachSendMs);
        tandem.put(out, "tandemMs");
        if (commitEachSend != null) commitEachSend.put(out, "tandemCommitEachSendMs");
        inMemory.put(out, "tandemInMemoryMs");
        out.put("tandemBytes", last.payloadBytes());
        out.put("tandemWireBytes", last.wireBytes());
        out.put("tandemMessages", last.messages());
        Spread.of(heapMb).put(out, "tandemPeakHeapMb");
        out.put("textOk", tandemOk);
        if (trace.concurrent()) {
            out.put("distance", last.distance());
            out.put("converged", last.converged());
            out.put("unplaced", last.unplaced());
        }
        if (yjs.isPresent()) {
            Spread y = Spread.of(yjsMs);
            y.put(out, "yjsMs");
            out.put("yjsBytes", yjsBytes);
            Spread.of(yjsRssMb).put(out, "yjsMaxRssMb");
            out.put("yjsTextOk", yjsOk);
            out.put("timeRatio", ratio(tandem.median(), y.median()));
            out.put("timeRatioInMemory", ratio(inMemory.median(), y.median()));
            if (commitEachSend != null) out.put("timeRatioCommitEachSend", ratio(commitEachSend.median(), y.median()));
            out.put("bytesRatio", ratio(last.payloadBytes(), yjsBytes));
            out.put("wireBytesRatio", ratio(last.wireBytes(), yjsBytes));
        }

        ObjectNode cycles = out.putObject("cycles");
        if (!trace.concurrent()) {
            for (int every : config.cycleEvery()) {
                ObjectNode c = cycles.putObject("every" + every);
                List<Double> mem = new ArrayList<>(), sql = new ArrayList<>();
                boolean ok = true;
                ReplayResult r = null;
                for (int round = 0; round < config.rounds(); round++) {
                    Measured d = measure(trace, Store.GROUP_COMMIT, every);
                    sql.add(d.ms());
                    Measured m = measure(trace, Store.MEMORY, every);
                    mem.add(m.ms());
                    ok &= ok(trace, d.result()) && ok(trace, m.result());
                    r = m.result();
                }
                Spread.of(sql).put(c, "tandemMs");
                Spread.of(mem).put(c, "tandemInMemoryMs");
                c.put("tandemBytes", r.payloadBytes());
                c.put("tandemWireBytes", r.wireBytes());
                c.put("textOk", ok);
            }
        }
    }

    private record Measured(double ms, double peakHeapMb, ReplayResult result) {}

    /** How each side of a replay keeps its state. */
    private enum Store {
        /** SQLite, group commit with durable acknowledgements (decision 0013). */
        GROUP_COMMIT,
        /** SQLite, a commit before every message a side sends. */
        COMMIT_EACH_SEND,
        /** No store. */
        MEMORY
    }

    private static Measured measure(Trace trace, Store store, int cycleEvery) {
        System.gc();
        List<MemoryPoolMXBean> heap = ManagementFactory.getMemoryPoolMXBeans().stream()
                .filter(p -> p.getType() == MemoryType.HEAP).toList();
        heap.forEach(MemoryPoolMXBean::resetPeakUsage);
        ReplayResult r = Replayer.replay(trace, 1, 1000, store != Store.MEMORY, store == Store.GROUP_COMMIT, cycleEvery);
        double ms = r.ms(); // the replay's own clock: opening and removing the stores' files are not part of it
        long peak = heap.stream().mapToLong(p -> p.getPeakUsage().getUsed()).sum();
        return new Measured(ms, peak / (1024.0 * 1024.0), r);
    }

    private static boolean ok(Trace trace, ReplayResult r) {
        return trace.concurrent() ? r.converged() && r.distance() == 0 : r.matches();
    }

    static double ratio(double a, double b) {
        return b <= 0 ? -1 : Math.round(a / b * 1000) / 1000.0;
    }
}
