package dev.tandem.cli.bench;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tandem.engine.protocol.MalformedMessageException;
import org.openjdk.jmh.results.BenchmarkResult;
import org.openjdk.jmh.results.IterationResult;
import org.openjdk.jmh.results.Result;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.format.OutputFormatFactory;
import org.openjdk.jmh.runner.options.Options;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;
import org.openjdk.jmh.runner.options.VerboseMode;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/**
 * The text part of {@code ./tandem bench}: the {@link TextGrid} through JMH ({@link TextLayerBenchmark}'s sender and
 * receiver on whole documents, {@link EngineCycleBenchmark}'s cycle through the engine), then one pass outside JMH
 * that records what each cell did (delta size, rejected hunks, convergence), and issue #8's target judged from the
 * 10 MB one-character cycle.
 *
 * <p>JSON under {@code textLayer}, the same shape whatever was measured: {@code method}, {@code grid} with every
 * scenario and size (a figure not measured is {@code null}; one whose benchmark threw is {@code {failed: why}}),
 * {@code target}. A figure is
 * {@code {ms, msSpread: {min, max, runs}, meanMs, errorMs, iterations}}: the median of JMH's measurement iterations
 * with their spread, and JMH's mean with its 99.9% error.
 *
 * <p>Concurrency: single-threaded; JMH runs each benchmark in a forked JVM.
 */
final class TextBench {

    /** Issue #8: a one-character edit in a 10 MB document costs at most this per cycle. */
    static final double TARGET_MS = 5;
    static final String TARGET_SCENARIO = "oneChar";
    static final String TARGET_SIZE = "10MB";
    static final List<String> MEASURES = List.of("sender", "receiver", "cycle");

    private final boolean quick;

    TextBench(boolean quick) {
        this.quick = quick;
    }

    /** The cells run: the whole grid, or in a quick run the one-character row at 100 KB and 10 MB. */
    List<String> sizes() {
        return quick ? List.of("100KB", "10MB") : TextGrid.SIZES;
    }

    List<String> scenarios() {
        return quick ? List.of(TARGET_SCENARIO) : TextGrid.SCENARIOS;
    }

    int warmupIterations() { return quick ? 1 : 2; }
    int measurementIterations() { return quick ? 3 : 5; }
    TimeValue iterationTime() { return quick ? TimeValue.milliseconds(500) : TimeValue.seconds(1); }

    void run(ObjectNode text) throws RunnerException {
        ObjectNode method = text.putObject("method");
        method.put("harness", "JMH, one fork per cell, average time");
        method.put("warmupIterations", warmupIterations());
        method.put("measurementIterations", measurementIterations());
        method.put("iterationMs", iterationTime().convertTo(java.util.concurrent.TimeUnit.MILLISECONDS));
        method.put("sender", "TextDiff.diff of the whole document, Delta.applyDiffs on a checksummed shadow, encodeOps");
        method.put("receiver", "Delta.decode, exact applyTo the receiver's shadow, Patch.make and FuzzyPatcher.apply onto "
                + "the receiver's whole text, changed elsewhere meanwhile");
        method.put("cycle", "the engine: ClientDocument edit and exchange, wire encode and decode, HubDocument.receive "
                + "(exact to the view, fuzzy in a window of a server text another client changed on both sides), "
                + "reply applied by the client");
        ObjectNode grid = text.putObject("grid");
        for (String scenario : TextGrid.SCENARIOS) {
            ObjectNode row = grid.putObject(scenario);
            for (String size : TextGrid.SIZES) {
                ObjectNode cell = row.putObject(size);
                cell.put("chars", TextGrid.chars(size));
                for (String m : MEASURES) cell.putNull(m);
            }
        }
        for (RunResult run : runJmh()) {
            String name = run.getParams().getBenchmark();
            String measure = name.substring(name.lastIndexOf('.') + 1);
            ObjectNode cell = (ObjectNode) grid.path(run.getParams().getParam("scenario")).path(run.getParams().getParam("size"));
            figure(run, cell.putObject(measure));
        }
        // A cell JMH ran but returned nothing for threw: say so, apart from the cells not run at all (null).
        for (String scenario : scenarios()) {
            for (String size : sizes()) {
                ObjectNode cell = (ObjectNode) grid.path(scenario).path(size);
                for (String m : MEASURES) {
                    if (cell.path(m).isNull()) cell.putObject(m).put("failed", "the benchmark threw; the run's log (stderr) says why");
                }
            }
        }
        facts(grid);
        ObjectNode target = text.putObject("target");
        target.put("scenario", TARGET_SCENARIO);
        target.put("size", TARGET_SIZE);
        target.put("measure", "cycle");
        target.put("limitMs", TARGET_MS);
        ObjectNode f = (ObjectNode) grid.path(TARGET_SCENARIO).path(TARGET_SIZE).path("cycle");
        if (f.has("ms")) {
            target.put("ms", f.path("ms").asDouble());
            target.put("met", f.path("ms").asDouble() <= TARGET_MS);
        } else {
            target.putNull("ms");
            target.putNull("met");
        }
    }

    private Collection<RunResult> runJmh() throws RunnerException {
        Options options = new OptionsBuilder()
                .include(TextLayerBenchmark.class.getName() + ".")
                .include(EngineCycleBenchmark.class.getName() + ".")
                .param("size", sizes().toArray(String[]::new))
                .param("scenario", scenarios().toArray(String[]::new))
                .warmupIterations(warmupIterations()).warmupTime(iterationTime())
                .measurementIterations(measurementIterations()).measurementTime(iterationTime())
                .forks(1)
                .build();
        return new Runner(options, OutputFormatFactory.createFormatInstance(System.err, VerboseMode.NORMAL)).run();
    }

    /** The median of the measurement iterations with their spread, and JMH's mean and error, in milliseconds. */
    private static void figure(RunResult run, ObjectNode o) {
        Result<?> primary = run.getPrimaryResult();
        double toMs = millisPer(primary.getScoreUnit());
        List<Double> iterations = new ArrayList<>();
        for (BenchmarkResult b : run.getBenchmarkResults()) {
            for (IterationResult i : b.getIterationResults()) iterations.add(i.getPrimaryResult().getScore() * toMs);
        }
        Spread spread = Spread.of(iterations);
        o.put("ms", round(spread.median()));
        ObjectNode s = o.putObject("msSpread");
        s.put("min", round(spread.min()));
        s.put("max", round(spread.max()));
        var runs = s.putArray("runs");
        for (double r : iterations) runs.add(round(r));
        o.put("meanMs", round(primary.getScore() * toMs));
        o.put("errorMs", Double.isNaN(primary.getScoreError()) ? 0 : round(primary.getScoreError() * toMs));
        o.put("iterations", iterations.size());
    }

    /** Four significant digits: the grid spans microseconds to seconds. */
    static double round(double ms) {
        if (ms == 0 || Double.isNaN(ms) || Double.isInfinite(ms)) return ms;
        return new java.math.BigDecimal(ms).round(new java.math.MathContext(4)).doubleValue();
    }

    /** Milliseconds per unit of a JMH score unit such as "ms/op" or "us/op". */
    static double millisPer(String unit) {
        String u = unit.substring(0, unit.indexOf('/'));
        return switch (u) {
            case "s" -> 1_000.0;
            case "ms" -> 1.0;
            case "us" -> 1.0 / 1_000;
            case "ns" -> 1.0 / 1_000_000;
            default -> throw new IllegalStateException("unexpected JMH unit " + unit);
        };
    }

    /**
     * What each measured cell did, from one run of it here (outside JMH, not timed): the delta the sender made (ops,
     * wire chars), the hunks the whole-document patcher rejected, and for the engine the conflicts it recorded, the
     * largest message, whether client and hub hold the same text after the cycle and its undo, and a message one side
     * could not read, if any ({@code engineError}).
     */
    private void facts(ObjectNode grid) {
        for (String scenario : scenarios()) {
            for (String size : sizes()) {
                ObjectNode facts = ((ObjectNode) grid.path(scenario).path(size)).putObject("facts");
                TextLayerBenchmark layer = new TextLayerBenchmark();
                layer.size = size;
                layer.scenario = scenario;
                layer.setUp();
                facts.put("deltaOps", layer.deltaOps(0));
                facts.put("wireChars", layer.wireChars(0));
                try {
                    layer.receiver();
                    layer.receiver();
                } catch (dev.tandem.engine.text.DeltaMismatchException e) {
                    throw new IllegalStateException("the grid's own delta did not fit: " + e.getMessage(), e);
                }
                facts.put("rejectedHunks", layer.rejectedHunks);
                layer = null;
                EngineCycleBenchmark engine = new EngineCycleBenchmark();
                engine.size = size;
                engine.scenario = scenario;
                engine.setUp();
                try {
                    for (int i = 0; i < 2; i++) {
                        engine.otherWriterTypes();
                        engine.cycle();
                    }
                    facts.putNull("engineError");
                } catch (MalformedMessageException e) {
                    // A message the other side could not read: the product's failure, recorded, not the bench's.
                    facts.put("engineError", e.getMessage());
                }
                facts.put("engineConflicts", engine.conflicts);
                facts.put("engineConverged", engine.converged());
                facts.put("engineLargestMessageBytes", engine.largestMessageBytes);
            }
        }
    }
}
