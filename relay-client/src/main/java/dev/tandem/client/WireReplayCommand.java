package dev.tandem.client;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tandem.engine.session.ClientSession;
import dev.tandem.engine.session.SystemTimer;
import dev.tandem.engine.store.MemoryDocumentStore;
import dev.tandem.engine.sync.TextSplice;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.http.HttpClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import java.util.zip.GZIPInputStream;

/**
 * {@code ./tandem wire}: a sequential editing trace (../shared/traces) typed by one real WebSocket client into a relay
 * on loopback while a second client follows: the time until the follower holds the trace's text, and each edit's
 * edit-to-peer latency (from {@code edit} called on the writer to the follower's session applying the change).
 *
 * <p>How an edit is recognised on the follower: with one writer, the follower's text is always the writer's text after
 * some number of edits. The follower mirrors its text from the splices it is given, and a cursor replays the trace
 * forward (a plain StringBuilder) until it equals the mirror; every edit the cursor passes has arrived now.
 *
 * <p>Concurrency: each session is its own actor on a shared pool; the follower's listener runs on its session's owner,
 * so the mirror, the cursor and the samples are touched by one thread at a time; the writer issues edits from the
 * command's thread, its issue times published through a volatile count.
 */
@Command(name = "wire", mixinStandardHelpOptions = true,
        description = "Replay a sequential trace through a relay on loopback: one writer, one follower; prints time and "
                + "edit-to-peer latency percentiles as JSON.")
final class WireReplayCommand implements Callable<Integer> {

    @Option(names = "--server", required = true, description = "relay URL or invite link (loopback only)") String server;
    @Option(names = "--token", description = "access token (or in the invite link)") String token;
    @Option(names = "--trace", required = true, description = "a sequential trace (.json.gz)") Path trace;
    @Option(names = "--limit", defaultValue = "0", description = "only the first N transactions (0: all)") int limit;
    @Option(names = "--rate", defaultValue = "0", description = "edits per second the writer types at (0: as fast as it can)")
    double rate;
    @Option(names = "--timeout-seconds", defaultValue = "600") int timeoutSeconds;

    private record Patch(int pos, int del, String ins) {}

    private List<Patch> patches;
    private long[] issuedAt;
    private volatile int issued;
    private final StringBuilder mirror = new StringBuilder();
    private final StringBuilder cursor = new StringBuilder();
    private int arrived;
    private long[] latency;
    private volatile long lastArrival;
    private final AtomicInteger problems = new AtomicInteger();

    @Override
    public Integer call() throws Exception {
        InviteLink link = InviteLink.parse(server);
        String tok = token != null ? token : link.token();
        if (!InetAddress.getByName(link.server().getHost()).isLoopbackAddress()) {
            System.err.println("tandem wire: runs against a relay on this machine only");
            return 2;
        }
        String start = load();
        if (!start.isEmpty()) {
            System.err.println("tandem wire: traces with startContent are not supported");
            return 2;
        }
        String expected = plain(patches.size());
        issuedAt = new long[patches.size()];
        latency = new long[patches.size()];

        ExecutorService pool = Executors.newFixedThreadPool(2, r -> {
            Thread t = new Thread(r, "wire-session");
            t.setDaemon(true);
            return t;
        });
        SystemTimer timer = new SystemTimer();
        HttpClient http = RelayConnection.httpClient(Optional.empty(), new char[0]);
        String doc = "wire-" + Long.toString(System.currentTimeMillis() % 1_000_000, 36);
        ClientSession writer = ClientSession.start(new MemoryDocumentStore(), ClientSession.Options.DEFAULTS, pool, timer,
                new ClientSession.Listener() {
                    @Override
                    public void problem(String docId, String message) { problems.incrementAndGet(); }
                });
        ClientSession follower = ClientSession.start(new MemoryDocumentStore(), ClientSession.Options.DEFAULTS, pool, timer,
                new ClientSession.Listener() {
                    @Override
                    public void remoteChanges(String docId, long localEditsApplied, List<TextSplice> splices) {
                        onRemote(splices);
                    }

                    @Override
                    public void problem(String docId, String message) { problems.incrementAndGet(); }
                });
        List<RelayConnection> connections = new ArrayList<>();
        try {
            writer.open(doc).join();
            follower.open(doc).join();
            for (ClientSession s : List.of(writer, follower)) {
                String id = "wire-" + connections.size() + "-" + doc;
                connections.add(RelayConnection.connect(s, link.server(), tok, new RelayConnection.Options(id, id, "#888888",
                        Duration.ofMillis(200), Duration.ofSeconds(5), Duration.ofSeconds(10)), new RelayConnection.Listener() { }, http));
            }
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (System.nanoTime() < deadline && !connections.stream().allMatch(c -> c.state() == RelayConnection.State.ONLINE)) {
                Thread.sleep(20);
            }
            deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (System.nanoTime() < deadline && !(writer.status().join().lastSyncMillis() > 0
                    && follower.status().join().lastSyncMillis() > 0)) {
                Thread.sleep(20);
            }

            long t0 = System.nanoTime();
            long period = rate > 0 ? (long) (1e9 / rate) : 0;
            for (int i = 0; i < patches.size(); i++) {
                if (period > 0) {
                    long due = t0 + i * period;
                    long wait;
                    while ((wait = due - System.nanoTime()) > 0) LockSupport.parkNanos(wait);
                }
                Patch p = patches.get(i);
                issuedAt[i] = System.nanoTime();
                issued = i + 1;
                writer.edit(doc, p.pos(), p.del(), p.ins());
            }
            long typedNanos = System.nanoTime() - t0;
            deadline = t0 + TimeUnit.SECONDS.toNanos(timeoutSeconds);
            while (System.nanoTime() < deadline && arrivedCount() < patches.size()) Thread.sleep(5);
            boolean ok = arrivedCount() == patches.size() && follower.text(doc).join().equals(expected);
            long[] sorted = Arrays.copyOf(latency, arrivedCount());
            Arrays.sort(sorted);
            ObjectNode out = new ObjectMapper().createObjectNode();
            out.put("trace", trace.getFileName().toString().replaceFirst("\\.json\\.gz$", ""))
                    .put("edits", patches.size()).put("rate", rate)
                    .put("ms", Math.round((lastArrival - t0) / 1e6)).put("typingMs", Math.round(typedNanos / 1e6))
                    .put("p50Ms", pct(sorted, 0.50)).put("p95Ms", pct(sorted, 0.95)).put("p99Ms", pct(sorted, 0.99))
                    .put("maxMs", sorted.length == 0 ? 0 : Math.round(sorted[sorted.length - 1] / 1e4) / 100.0)
                    .put("arrived", arrivedCount()).put("ok", ok).put("problems", problems.get());
            System.out.println(out);
            return ok ? 0 : 1;
        } finally {
            for (RelayConnection c : connections) c.close();
            try {
                writer.closeAsync().get(10, TimeUnit.SECONDS);
                follower.closeAsync().get(10, TimeUnit.SECONDS);
            } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
                System.err.println("tandem wire: closing the sessions: " + e.getMessage());
            }
            timer.close();
            pool.shutdown();
        }
    }

    private synchronized int arrivedCount() { return arrived; }

    /** On the follower's owner: mirror its text, then move the cursor over every edit that text now holds. */
    private synchronized void onRemote(List<TextSplice> splices) {
        long now = System.nanoTime();
        for (TextSplice s : splices) mirror.replace(s.pos(), s.pos() + s.deleted(), s.inserted());
        int limitNow = issued;
        int k = arrived;
        StringBuilder probe = new StringBuilder(cursor);
        while (k < limitNow && !sameText(probe, mirror)) {
            Patch p = patches.get(k++);
            probe.replace(p.pos(), p.pos() + p.del(), p.ins());
        }
        if (!sameText(probe, mirror)) {
            problems.incrementAndGet(); // a text that is no state of the writer's: should not happen
            return;
        }
        for (int i = arrived; i < k; i++) latency[i] = now - issuedAt[i];
        if (k > arrived) lastArrival = now;
        cursor.setLength(0);
        cursor.append(probe);
        arrived = k;
    }

    private static boolean sameText(StringBuilder a, StringBuilder b) {
        return a.length() == b.length() && a.compareTo(b) == 0;
    }

    private String load() throws IOException {
        JsonNode root;
        try (InputStream in = new GZIPInputStream(Files.newInputStream(trace), 1 << 16)) {
            root = new ObjectMapper().readTree(in);
        }
        if (root.path("kind").asText().equals("concurrent")) throw new IOException("a sequential trace is needed");
        patches = new ArrayList<>();
        JsonNode txns = root.path("txns");
        int n = limit > 0 ? Math.min(limit, txns.size()) : txns.size();
        for (int i = 0; i < n; i++) {
            for (JsonNode p : txns.get(i).path("patches")) patches.add(new Patch(p.get(0).asInt(), p.get(1).asInt(), p.get(2).asText()));
        }
        return root.path("startContent").asText("");
    }

    private String plain(int n) {
        StringBuilder s = new StringBuilder();
        for (int i = 0; i < n; i++) {
            Patch p = patches.get(i);
            if (p.pos() + p.del() > s.length()) throw new IllegalArgumentException("patch " + i + " lies outside the text");
            s.replace(p.pos(), p.pos() + p.del(), p.ins());
        }
        return s.toString();
    }

    private static double pct(long[] sorted, double q) {
        if (sorted.length == 0) return 0;
        int i = (int) Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1));
        return Math.round(sorted[i] / 1e4) / 100.0;
    }
}
