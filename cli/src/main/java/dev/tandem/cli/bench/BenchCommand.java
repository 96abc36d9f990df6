package dev.tandem.cli.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tandem.cli.TandemCli;
import dev.tandem.cli.TempFolders;
import dev.tandem.cli.replay.Trace;
import org.openjdk.jmh.runner.RunnerException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.stream.Stream;

/**
 * {@code ./tandem bench}: the benchmark suite (issue #8). Runs, in this order, the trace replays through Tandem and
 * Yjs side by side ({@link TraceBench}), the text layer (JMH) and the relay under load ({@link RelayBench}); prints
 * one JSON object on stdout (progress goes to stderr), writes it to {@code bench/results/latest.json} and regenerates
 * {@code docs/benchmarks.md} from it ({@link BenchReport}). Paths are relative to the repository ({@code tandem.root},
 * which the launcher sets).
 *
 * <p>Concurrency: single-threaded; the child processes it starts are stopped before it returns.
 */
@Command(name = "bench", mixinStandardHelpOptions = true,
        description = {"Run the benchmark suite: trace replays through Tandem and Yjs (same run, alternating), the text "
                + "layer (JMH), the relay under load. Prints one JSON object, writes bench/results/latest.json and "
                + "regenerates docs/benchmarks.md from it.",
                "Each figure is the median of several runs with its spread (min, max, runs)."})
public final class BenchCommand implements Callable<Integer> {

    /** The parts of the suite, in the order they run. */
    static final List<String> PARTS = List.of("traces", "text", "relay", "wire", "app");

    @Option(names = "--quick", description = "Everyday run (under 3 minutes): trace prefixes without the "
            + "commit-before-every-send replay, shorter JMH on the text grid's one-character row, a smaller load.")
    boolean quick;

    @Option(names = "--out", description = "Where to write the JSON, relative to the repository (default: ${DEFAULT-VALUE}).",
            defaultValue = "bench/results/latest.json")
    Path out;

    @Option(names = "--markdown", description = "The Markdown table regenerated from the JSON (default: ${DEFAULT-VALUE}); "
            + "'none' writes none.", defaultValue = "docs/benchmarks.md")
    String markdown;

    @Option(names = "--only", split = ",", description = "Run only these parts: traces, text, relay, wire, app (default: all). "
            + "The other parts' figures are kept from the JSON it replaces.")
    Set<String> only;

    @Option(names = "--no-yjs", description = "Leave Yjs out of the trace part (Tandem only).")
    boolean noYjs;

    @Option(names = "--traces", description = "The traces folder (default: ../shared/traces from the repository).")
    Path traces;

    @Option(names = "--trace", description = "Only the traces whose name contains this (repeatable).")
    List<String> traceFilter;

    @Option(names = "--rounds", description = "Runs of each measurement (default: 3; the suite's figures need at least 3).")
    Integer rounds;

    @Option(names = "--trace-limit", description = "Replay only the first N transactions of each sequential trace "
            + "(default: all; --quick: 10000).")
    Integer traceLimit;

    @Option(names = "--load-clients", split = ",", description = "Writer counts for the relay load (default: 50,200,500; --quick: 50,200).")
    List<Integer> loadClients;

    @Option(names = "--load-seconds", description = "Seconds of typing per load run (default: 10; --quick: 3).")
    Integer loadSeconds;

    @Option(names = "--load-warmup-seconds", description = "Seconds of typing before each load run's measured ones "
            + "(default: 60; --quick: twice --load-seconds): the relay's JIT compilation done, as in a relay in use.")
    Integer loadWarmupSeconds;

    @Option(names = "--idle-connections", description = "Nearly idle connections whose relay memory is measured "
            + "(default: 2000; --quick: 300; 0 leaves it out).")
    Integer idleConnections;

    @Option(names = "--render", description = "Run nothing: regenerate the Markdown page from this JSON (e.g. bench/results/latest.json).")
    Path render;

    @Override
    public Integer call() throws IOException, InterruptedException, RunnerException {
        Path root = root();
        if (render != null) {
            if (markdown.equals("none")) return usage("--render needs a --markdown file");
            Files.writeString(root.resolve(markdown), BenchReport.render(new ObjectMapper().readTree(root.resolve(render).toFile())));
            return 0;
        }
        Set<String> parts = only == null ? Set.copyOf(PARTS) : only;
        for (String p : parts) {
            if (!PARTS.contains(p)) return usage("--only takes " + String.join(", ", PARTS) + ", not '" + p + "'");
        }
        int n = rounds != null ? rounds : 3;
        if (n < 1) return usage("--rounds must be at least 1");
        if (loadWarmupSeconds != null && (loadWarmupSeconds < 0 || loadWarmupSeconds > 600)) {
            return usage("--load-warmup-seconds must be 0..600 (what ./tandem load takes)");
        }
        Instant started = Instant.now();
        Path work = Files.createTempDirectory("tandem-bench");
        try {
            ObjectMapper json = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
            ObjectNode result = json.createObjectNode();
            Optional<String> node = noYjs ? Optional.empty() : YjsRunner.nodeVersion(work);
            Machine.describe(result.putObject("machine"), node);
            result.put("quick", quick);
            result.put("startedAt", started.truncatedTo(ChronoUnit.SECONDS).toString());
            result.put("rounds", n);

            if (only != null) {
                var list = result.putArray("only");
                for (String p : PARTS) if (parts.contains(p)) list.add(p);
            }

            ObjectNode seconds = json.createObjectNode();
            ObjectNode tracesNode = result.putObject("traces");
            if (parts.contains("traces")) timed(seconds, "traces", () -> runTraces(root, work, node, n, tracesNode));
            ObjectNode text = result.putObject("textLayer");
            if (parts.contains("text")) timed(seconds, "text", () -> new TextBench(quick).run(text));
            ObjectNode relay = result.putObject("relay");
            if (parts.contains("relay")) timed(seconds, "relay", () -> runRelay(root, work, n, relay));
            ObjectNode wire = result.putObject("wire");
            if (parts.contains("wire")) timed(seconds, "wire", () -> runWire(root, work, n, wire));
            ObjectNode app = result.putObject("app");
            if (parts.contains("app")) {
                timed(seconds, "app", () -> new AppBench(root, work).run(n, app));
            }
            result.set("partSeconds", seconds);
            result.put("durationSeconds", java.time.Duration.between(started, Instant.now()).toSeconds());
            ObjectNode partRuns = result.putObject("partRuns");
            for (String p : PARTS) {
                if (!parts.contains(p)) continue;
                ObjectNode run = partRuns.putObject(p);
                run.put("startedAt", result.path("startedAt").asText());
                run.put("quick", quick);
                run.put("rounds", n);
            }
            Path jsonFile = root.resolve(out);
            if (only != null) keepEarlierParts(jsonFile, parts, result, json);

            String rendered = json.writeValueAsString(result);
            System.out.println(rendered);
            if (jsonFile.getParent() != null) Files.createDirectories(jsonFile.getParent());
            Files.writeString(jsonFile, rendered + "\n");
            if (!markdown.equals("none")) {
                Path md = root.resolve(markdown);
                if (md.getParent() != null) Files.createDirectories(md.getParent());
                Files.writeString(md, BenchReport.render(result));
            }
            return 0;
        } finally {
            TempFolders.delete(work);
        }
    }

    /** Each part's key in the JSON. */
    static final Map<String, String> PART_KEYS = Map.of("traces", "traces", "text", "textLayer", "relay", "relay",
            "wire", "wire", "app", "app");

    /**
     * A partial run ({@code --only}) keeps the parts it did not run from the JSON it replaces, with the time and mode of
     * the run that measured them ({@code partRuns}), so that regenerating one part never wipes the others' figures.
     */
    static void keepEarlierParts(Path jsonFile, Set<String> ran, ObjectNode result, ObjectMapper json) throws IOException {
        if (!Files.isRegularFile(jsonFile)) return;
        JsonNode earlier;
        try {
            earlier = json.readTree(jsonFile.toFile());
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            System.err.println("tandem bench: " + jsonFile + " is not JSON (" + e.getOriginalMessage() + "): its parts are not kept");
            return;
        }
        if (!earlier.isObject()) return;
        ObjectNode seconds = (ObjectNode) result.path("partSeconds");
        ObjectNode partRuns = (ObjectNode) result.path("partRuns");
        for (String p : PARTS) {
            String key = PART_KEYS.get(p);
            JsonNode before = earlier.path(key);
            if (ran.contains(p) || !before.isObject() || before.isEmpty()) continue;
            result.set(key, before.deepCopy());
            if (earlier.path("partSeconds").has(p)) seconds.set(p, earlier.path("partSeconds").path(p));
            JsonNode run = earlier.path("partRuns").path(p);
            if (run.isObject()) {
                partRuns.set(p, run.deepCopy());
            } else { // a JSON from before partRuns: the whole file came from one run
                ObjectNode r = partRuns.putObject(p);
                r.put("startedAt", earlier.path("startedAt").asText());
                r.put("quick", earlier.path("quick").asBoolean());
                r.put("rounds", earlier.path("rounds").asInt());
            }
        }
        // The page lists the parts in suite order whatever order they were kept in.
        ObjectNode ordered = partRuns.objectNode();
        for (String p : PARTS) if (partRuns.has(p)) ordered.set(p, partRuns.get(p));
        result.set("partRuns", ordered);
        ObjectNode orderedSeconds = seconds.objectNode();
        for (String p : PARTS) if (seconds.has(p)) orderedSeconds.set(p, seconds.get(p));
        result.set("partSeconds", orderedSeconds);
    }

    private interface Part {
        void run() throws IOException, InterruptedException, RunnerException;
    }

    private static void timed(ObjectNode seconds, String name, Part part) throws IOException, InterruptedException, RunnerException {
        Instant t0 = Instant.now();
        part.run();
        seconds.put(name, java.time.Duration.between(t0, Instant.now()).toSeconds());
    }

    private void runTraces(Path root, Path work, Optional<String> node, int n, ObjectNode out)
            throws IOException, InterruptedException {
        Path folder = traces != null ? traces : tracesFolder(root)
                .orElseThrow(() -> new IOException("no ../shared/traces next to " + root + " (give --traces)"));
        List<Path> files;
        try (Stream<Path> s = Stream.concat(list(folder.resolve("sequential")), list(folder.resolve("concurrent")))) {
            files = new ArrayList<>(s.filter(p -> p.getFileName().toString().endsWith(".json.gz"))
                    .filter(p -> traceFilter == null || traceFilter.stream().anyMatch(f -> p.getFileName().toString().contains(f)))
                    .toList());
        }
        Optional<YjsRunner> yjs = Optional.empty();
        if (node.isPresent()) {
            YjsRunner y = new YjsRunner(root, work);
            try {
                y.install();
                yjs = Optional.of(y);
            } catch (IOException e) {
                System.err.println("tandem bench: Yjs could not be installed, so it is left out: " + e.getMessage());
            }
        } else if (!noYjs) {
            System.err.println("tandem bench: no Node.js on the PATH: Yjs is left out");
        }
        int limit = traceLimit != null ? traceLimit : quick ? 10_000 : 0;
        TraceBench bench = new TraceBench(new TraceBench.Config(n, limit, new int[] {10, 100}, !quick), yjs);
        for (Path f : files) {
            String name = f.getFileName().toString().replaceFirst("\\.json\\.gz$", "");
            try {
                bench.run(f, out.putObject(name));
            } catch (Trace.TraceException e) {
                throw new IOException(e.getMessage(), e);
            }
        }
    }

    private static Stream<Path> list(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) return Stream.empty();
        try (Stream<Path> s = Files.list(dir)) {
            return s.sorted().toList().stream();
        }
    }

    private void runRelay(Path root, Path work, int n, ObjectNode relay) throws IOException, InterruptedException {
        RelayBench bench = new RelayBench(root, work);
        bench.prepare();
        List<Integer> writers = loadClients != null ? loadClients : quick ? List.of(50, 200) : List.of(50, 200, 500);
        int seconds = loadSeconds != null ? loadSeconds : quick ? 3 : 10;
        ObjectNode w = relay.putObject("writers");
        int warmup = loadWarmupSeconds != null ? loadWarmupSeconds : RelayBench.warmup(seconds, quick);
        for (int clients : writers) bench.writers(clients, 5, seconds, warmup, n, w.putObject(Integer.toString(clients)));
        int idle = idleConnections != null ? idleConnections : quick ? 300 : 2_000;
        if (idle > 0) bench.idle(idle, Math.max(1, idle / 10), quick ? 5 : 20, quick ? 1 : n, relay.putObject("idle"));
    }

    private void runWire(Path root, Path work, int n, ObjectNode wire) throws IOException, InterruptedException {
        Path folder = traces != null ? traces : tracesFolder(root)
                .orElseThrow(() -> new IOException("no ../shared/traces next to " + root + " (give --traces)"));
        Path paper = folder.resolve("sequential/automerge-paper.json.gz");
        if (!Files.isRegularFile(paper)) throw new IOException(paper + " is absent");
        RelayBench bench = new RelayBench(root, work);
        bench.prepare();
        int limit = traceLimit != null ? traceLimit : quick ? 10_000 : 0;
        bench.wire(paper, limit, 0, n, wire.putObject("asFastAsPossible"));
        bench.wire(paper, quick ? 100 : 1_000, WIRE_TYPING_RATE, n, wire.putObject("typing"));
    }

    /** Edits per second of the paced over-the-wire run: a fast typist's bursts (about 10 keys/s) five times over. */
    static final double WIRE_TYPING_RATE = 50;

    /** The repository: {@code tandem.root} (set by the launcher), else the working folder. */
    static Path root() {
        String prop = System.getProperty("tandem.root");
        return Path.of(prop != null ? prop : System.getProperty("user.dir")).toAbsolutePath().normalize();
    }

    /** ../shared/traces from the repository, or the nearest ancestor's shared/traces (a git worktree sits deeper). */
    public static Optional<Path> tracesFolder(Path root) {
        Path direct = root.resolve("../shared/traces").normalize();
        if (Files.isDirectory(direct)) return Optional.of(direct);
        for (Path p = root.getParent(); p != null; p = p.getParent()) {
            Path t = p.resolve("shared/traces");
            if (Files.isDirectory(t)) return Optional.of(t);
        }
        return Optional.empty();
    }

    private static int usage(String message) {
        System.err.println("tandem bench: " + message);
        return TandemCli.BAD_INPUT;
    }
}
