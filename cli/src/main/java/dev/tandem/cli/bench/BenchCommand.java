package dev.tandem.cli.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.openjdk.jmh.results.Result;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.format.OutputFormatFactory;
import org.openjdk.jmh.runner.options.Options;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;
import org.openjdk.jmh.runner.options.VerboseMode;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collection;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;

/**
 * {@code ./tandem bench}: the benchmark suite. Prints one JSON object on stdout (JMH's progress goes to stderr) and
 * writes it to {@code bench/results/latest.json}. Today: the text layer (JMH); trace replays, the Yjs comparison, the
 * relay and the app join as their issues land.
 */
@Command(name = "bench", mixinStandardHelpOptions = true,
        description = {"Run the benchmarks; print one JSON object and write bench/results/latest.json.",
                "Figures are means per operation in milliseconds with JMH's 99.9% error."})
public final class BenchCommand implements Callable<Integer> {

    @Option(names = "--quick", description = "Shorter warm-up and measurement (about a minute), for everyday use.")
    boolean quick;

    @Option(names = "--out", description = "Where to write the JSON (default: ${DEFAULT-VALUE}).",
            defaultValue = "bench/results/latest.json")
    Path out;

    @Override
    public Integer call() throws RunnerException, IOException {
        ObjectMapper json = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
        ObjectNode result = json.createObjectNode();
        ObjectNode machine = result.putObject("machine");
        machine.put("cores", Runtime.getRuntime().availableProcessors());
        machine.put("maxHeapMb", Runtime.getRuntime().maxMemory() / (1024 * 1024));
        machine.put("jvm", System.getProperty("java.vm.name") + " " + System.getProperty("java.version"));
        machine.put("os", System.getProperty("os.name") + " " + System.getProperty("os.arch"));
        result.put("quick", quick);
        ObjectNode text = result.putObject("textLayer");
        for (RunResult run : runJmh(TextDiffBenchmark.class, TextCycleBenchmark.class)) {
            Result<?> r = run.getPrimaryResult();
            String name = run.getParams().getBenchmark();
            ObjectNode entry = text.putObject(name.substring(name.lastIndexOf('.') + 1));
            double toMs = millisPer(r.getScoreUnit());
            entry.put("meanMs", r.getScore() * toMs);
            entry.put("errorMs", r.getScoreError() * toMs);
            entry.put("samples", r.getSampleCount());
        }
        String rendered = json.writeValueAsString(result);
        System.out.println(rendered);
        if (out.getParent() != null) Files.createDirectories(out.getParent());
        Files.writeString(out, rendered + "\n");
        return 0;
    }

    private Collection<RunResult> runJmh(Class<?>... benchmarks) throws RunnerException {
        OptionsBuilder b = new OptionsBuilder();
        for (Class<?> c : benchmarks) b.include(c.getName() + ".");
        Options options = b
                .warmupIterations(quick ? 2 : 3).warmupTime(TimeValue.seconds(1))
                .measurementIterations(quick ? 3 : 5).measurementTime(TimeValue.seconds(1))
                .forks(1)
                .build();
        return new Runner(options, OutputFormatFactory.createFormatInstance(System.err, VerboseMode.NORMAL)).run();
    }

    /** Milliseconds per unit of a JMH score unit such as "ms/op" or "us/op". */
    private static double millisPer(String unit) {
        String u = unit.substring(0, unit.indexOf('/'));
        return switch (u) {
            case "s" -> 1_000.0;
            case "ms" -> 1.0;
            case "us" -> 1.0 / 1_000;
            case "ns" -> 1.0 / 1_000_000;
            default -> throw new IllegalStateException("unexpected JMH unit " + unit + " (" + TimeUnit.class + ")");
        };
    }
}
