package dev.tandem.cli.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
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

import java.util.Collection;

/**
 * Runs {@link TextDiffBenchmark} with short settings (3 × 1 s warm-up, 5 × 1 s measurement, one fork) and prints one
 * JSON object to stdout: for each benchmark its mean time per operation and the 99.9% error, in milliseconds. JMH's
 * progress goes to stderr.
 *
 * <pre>java -cp "cli/target/tandem-cli-0.1.0-SNAPSHOT.jar:$(cat cli/target/classpath.txt)" dev.tandem.cli.bench.TextLayerBench</pre>
 */
public final class TextLayerBench {

    private TextLayerBench() {}

    public static void main(String[] args) throws RunnerException {
        Options options = new OptionsBuilder()
                .include(TextDiffBenchmark.class.getName())
                .warmupIterations(3).warmupTime(TimeValue.seconds(1))
                .measurementIterations(5).measurementTime(TimeValue.seconds(1))
                .forks(1)
                .build();
        Collection<RunResult> results =
                new Runner(options, OutputFormatFactory.createFormatInstance(System.err, VerboseMode.NORMAL)).run();
        ObjectMapper json = new ObjectMapper();
        ObjectNode out = json.createObjectNode();
        out.put("unit", "ms/op");
        ObjectNode benchmarks = out.putObject("benchmarks");
        for (RunResult run : results) {
            Result<?> r = run.getPrimaryResult();
            String name = run.getParams().getBenchmark();
            ObjectNode entry = benchmarks.putObject(name.substring(name.lastIndexOf('.') + 1));
            entry.put("mean", r.getScore());
            entry.put("error", r.getScoreError());
            entry.put("samples", r.getSampleCount());
        }
        System.out.println(out);
    }
}
