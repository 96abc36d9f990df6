package dev.tandem.cli.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tandem.cli.TempFolders;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The relay under load, as a user runs it: {@code ./tandem relay} on 127.0.0.1 (a temp data folder, an OS-chosen port)
 * and {@code ./tandem load} against it, each a process of its own; a fresh relay for every run. Writers: N clients on
 * one document at a rate, edit-to-peer latency percentiles from load's JSON line. Idle: many nearly idle connections,
 * the relay's resident memory ({@code VmRSS}) sampled while they are connected.
 *
 * <p>Concurrency: used by the bench's thread; the processes are always stopped ({@link Subprocess#close()}).
 */
final class RelayBench {

    /** The relay's heap limit, so its resident memory says what it needs rather than how lazily the GC shrinks. */
    static final String RELAY_JAVA_OPTS = "-Xmx512m";
    /**
     * The load generator's and wire client's JVM: a heap of fixed size, touched up front. Left to grow, the heap of 200
     * clients' engines was zeroed page by page while measuring (page faults: a sixth of the load process's CPU, on the
     * two cores it shares with the relay; 200 writers' p50 513 -> 352 ms with it, session 9). Only a minimum set
     * ({@code -Xms2g} alone) let the collector grow the heap past it, and with {@code AlwaysPreTouch} each growth
     * touched its new gigabyte inside a collection pause: on a machine whose memory was never touched since boot, pauses
     * of 1.5 to 4.6 s, and 200 writers' p50 of 3.9 s against 0.2-0.3 s with the same heap fixed (session 17). Each real
     * client is its own machine; this keeps the generator's own memory out of the relay's figures.
     *
     * @param clients how many clients the process runs
     * @param writing whether they type at 5 edits/s (each holds a text and a shadow of a document that grows by
     *                every keystroke of everyone: about 12 MB per client over a bench run at 500 clients), or idle
     */
    static String clientJavaOpts(int clients, boolean writing) {
        long mb = writing ? Math.max(3072, clients * 12L) : 3072;
        return "-Xms" + mb + "m -Xmx" + mb + "m -XX:+AlwaysPreTouch";
    }

    private final Path root;
    private final Path work;
    private final ObjectMapper json = new ObjectMapper();

    RelayBench(Path root, Path work) {
        this.root = root;
        this.work = work;
    }

    /** Builds relay-server and relay-client (the launcher does so on first use) before anything is timed. */
    void prepare() throws IOException, InterruptedException {
        tandem("build", List.of("load", "--help"), 900, true);
        token(work.resolve("warm-up"));
    }

    /**
     * {@code rounds} runs of {@code clients} writers on one document, each measured for {@code seconds} after
     * {@code warmupSeconds} of typing ({@link #warmup}); medians and spreads into {@code out}.
     */
    void writers(int clients, double rate, int seconds, int warmupSeconds, int rounds, ObjectNode out)
            throws IOException, InterruptedException {
        List<Double> p50 = new ArrayList<>(), p95 = new ArrayList<>(), p99 = new ArrayList<>(), rss = new ArrayList<>();
        long errors = 0;
        boolean converged = true;
        long edits = 0;
        long undelivered = 0;
        long conflicts = 0;
        for (int round = 0; round < rounds; round++) {
            System.err.println("tandem bench: relay, " + clients + " writers, run " + (round + 1) + " of " + rounds);
            Load r = load(clients, 1, rate, seconds, warmupSeconds, clients);
            p50.add(r.result.get("p50Ms").asDouble());
            p95.add(r.result.get("p95Ms").asDouble());
            p99.add(r.result.get("p99Ms").asDouble());
            rss.add(r.peakRssKb / 1024.0);
            errors += r.result.get("errors").asLong();
            converged &= r.result.get("converged").asBoolean();
            edits += r.result.get("edits").asLong();
            undelivered += r.result.path("undelivered").asLong();
            conflicts += r.result.path("conflicts").asLong();
        }
        out.put("clients", clients).put("docs", 1).put("rate", rate).put("seconds", seconds)
                .put("warmupSeconds", warmupSeconds).put("loadJavaOpts", clientJavaOpts(clients, true));
        Spread.of(p50).put(out, "p50Ms");
        Spread.of(p95).put(out, "p95Ms");
        Spread.of(p99).put(out, "p99Ms");
        Spread.of(rss).put(out, "relayPeakRssMb");
        out.put("edits", edits).put("errors", errors).put("converged", converged).put("undelivered", undelivered)
                .put("conflicts", conflicts);
    }

    /** {@code clients} connections on {@code docs} documents at 0.05 edits/s each: the relay's resident memory. */
    void idle(int clients, int docs, int seconds, int rounds, ObjectNode out) throws IOException, InterruptedException {
        List<Double> rss = new ArrayList<>(), base = new ArrayList<>();
        long errors = 0;
        for (int round = 0; round < rounds; round++) {
            System.err.println("tandem bench: relay, " + clients + " idle connections, run " + (round + 1) + " of " + rounds);
            Load r = load(clients, docs, 0.05, seconds, clients + 10);
            rss.add(r.peakRssKb / 1024.0);
            base.add(r.baseRssKb / 1024.0);
            errors += r.result.get("errors").asLong();
        }
        out.put("connections", clients).put("docs", docs).put("seconds", seconds).put("relayJavaOpts", RELAY_JAVA_OPTS);
        Spread.of(base).put(out, "relayRssBeforeMb");
        Spread.of(rss).put(out, "relayPeakRssMb");
        out.put("errors", errors);
    }

    private record Load(JsonNode result, long baseRssKb, long peakRssKb) {}

    /**
     * Seconds of typing before the measured ones, by default: a relay in use has compiled its hot paths; a fresh one
     * spends its first seconds in the interpreter and in JIT compilation (a 50-writer run's p99: 286 ms over its first
     * 30 s, 22 ms after a 10 s warm-up, session 8). The compiler shares the two cores with the relay's work and the
     * load generator, and under load it finishes late: at 100 writers the relay's C2 thread still used 0.4-0.8 of a
     * core 30-40 s after the start, and 0.1 after 60 s; HotSpot's compilation log counted 650-1,360 compilations per
     * 5 s between 20 and 35 s, 91 between 40 and 45 s (session 19). A full run measures after a minute; a quick one
     * (short measured runs) after twice the measured time, at least one second.
     */
    static int warmup(int seconds, boolean quick) {
        return quick ? Math.max(1, 2 * seconds) : Math.max(60, 2 * seconds);
    }

    private Load load(int clients, int docs, double rate, int seconds, int perToken) throws IOException, InterruptedException {
        return load(clients, docs, rate, seconds, 0, perToken);
    }

    private Load load(int clients, int docs, double rate, int seconds, int warmupSeconds, int perToken)
            throws IOException, InterruptedException {
        return withRelay(perToken, (relay, url, token) -> {
            long base = Machine.rssKb(relay.process.pid()).orElse(-1L);
            long[] peak = {base};
            JsonNode result = runClient("load", List.of(launcher(), "load", "--server", url, "--token", token,
                    "--clients", Integer.toString(clients), "--docs", Integer.toString(docs), "--rate", Double.toString(rate),
                    "--seconds", Integer.toString(seconds), "--warmup-seconds", Integer.toString(warmupSeconds)),
                    clientJavaOpts(clients, rate >= 1), warmupSeconds + seconds + 240L + clients / 10,
                    () -> peak[0] = Math.max(peak[0], Machine.rssKb(relay.process.pid()).orElse(-1L)));
            return new Load(result, base, peak[0]);
        });
    }

    /**
     * {@code rounds} runs of {@code ./tandem wire} against one relay (each run its own document): a sequential trace (its first {@code limit} transactions when
     * positive) typed by one WebSocket client at {@code rate} edits/s (0: as fast as it can), followed by another.
     */
    void wire(Path trace, int limit, double rate, int rounds, ObjectNode out) throws IOException, InterruptedException {
        List<Double> ms = new ArrayList<>(), p50 = new ArrayList<>(), p95 = new ArrayList<>(), p99 = new ArrayList<>();
        boolean[] ok = {true};
        long[] edits = {0};
        withRelay(10, (relay, url, token) -> {
            for (int round = 0; round < rounds; round++) {
                System.err.println("tandem bench: over the wire, " + trace.getFileName() + (rate > 0 ? " at " + rate + " edits/s" : "")
                        + ", run " + (round + 1) + " of " + rounds);
                JsonNode r = runClient("wire", List.of(launcher(), "wire", "--server", url, "--token", token, "--trace",
                        trace.toAbsolutePath().toString(), "--limit", Integer.toString(limit), "--rate", Double.toString(rate)),
                        clientJavaOpts(2, true), 900, () -> { });
                ms.add(r.path("ms").asDouble());
                p50.add(r.path("p50Ms").asDouble());
                p95.add(r.path("p95Ms").asDouble());
                p99.add(r.path("p99Ms").asDouble());
                ok[0] &= r.path("ok").asBoolean();
                edits[0] = r.path("edits").asLong();
            }
            return null;
        });
        out.put("trace", trace.getFileName().toString().replaceFirst("\\.json\\.gz$", "")).put("edits", edits[0]).put("rate", rate);
        Spread.of(ms).put(out, "ms");
        Spread.of(p50).put(out, "p50Ms");
        Spread.of(p95).put(out, "p95Ms");
        Spread.of(p99).put(out, "p99Ms");
        out.put("textOk", ok[0]);
    }

    private interface WithRelay<T> {
        T run(Subprocess relay, String url, String token) throws IOException, InterruptedException;
    }

    /** A fresh relay on 127.0.0.1 (temp data folder, OS-chosen port, its own token) for one run; always stopped. */
    private <T> T withRelay(int perToken, WithRelay<T> body) throws IOException, InterruptedException {
        Path data = Files.createTempDirectory(work, "relay");
        String token = token(data);
        try (Subprocess relay = Subprocess.start("relay", List.of(launcher(), "relay", "--data", data.toString(), "--bind",
                "127.0.0.1", "--port", "0", "--connections-per-token", Integer.toString(perToken)), root, work,
                Map.of("TANDEM_JAVA_OPTS", RELAY_JAVA_OPTS))) {
            String url = relay.firstLine(120);
            if (!url.startsWith("ws")) throw new IOException("the relay did not start: " + relay.tail());
            return body.run(relay, url, token);
        } finally {
            try {
                TempFolders.delete(data);
            } catch (IOException e) {
                System.err.println("tandem bench: could not remove " + data + ": " + e.getMessage());
            }
        }
    }

    /** Runs a client command to its end within a bound, calling {@code sample} every 250 ms; its last stdout line as JSON. */
    private JsonNode runClient(String label, List<String> cmd, String javaOpts, long seconds, Runnable sample)
            throws IOException, InterruptedException {
        try (Subprocess client = Subprocess.start(label, cmd, root, work, Map.of("TANDEM_JAVA_OPTS", javaOpts))) {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
            while (!client.process.waitFor(250, TimeUnit.MILLISECONDS)) {
                sample.run();
                if (System.nanoTime() > deadline) throw new IOException(label + " did not finish in time: " + client.tail());
            }
            String[] lines = Files.readString(client.stdout).trim().split("\n");
            String last = lines[lines.length - 1];
            if (!last.startsWith("{")) throw new IOException(label + " printed no result: " + client.tail());
            return json.readTree(last);
        }
    }

    private String token(Path data) throws IOException, InterruptedException {
        String out = tandem("token", List.of("token", "create", "--data", data.toString(), "--workspace", "bench"), 900, false);
        String[] lines = out.trim().split("\n");
        return lines[lines.length - 1].trim();
    }

    private String tandem(String label, List<String> args, long seconds, boolean allowFailure) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>();
        cmd.add(launcher());
        cmd.addAll(args);
        return Subprocess.run(label, cmd, root, work, Map.of(), seconds, allowFailure);
    }

    private String launcher() {
        return root.resolve("tandem").toString();
    }
}
