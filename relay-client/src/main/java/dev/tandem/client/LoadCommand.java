package dev.tandem.client;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tandem.engine.session.ClientSession;
import dev.tandem.engine.session.SystemTimer;
import dev.tandem.engine.store.MemoryDocumentStore;
import dev.tandem.engine.sync.Conflict;
import dev.tandem.engine.sync.TextSplice;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.net.InetAddress;
import java.net.http.HttpClient;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * {@code ./tandem load}: N real WebSocket clients (in-memory stores, one JVM) on loopback, each typing into one of D
 * documents at a rate, measuring edit-to-peer latency: from the keystroke ({@code edit} called) to the moment another
 * client of the document applies it (its session reports the remote change).
 *
 * <p>Where they type ({@code --at}): {@code caret} (the default) is how people type together — the document starts with
 * one line per client, and each client types at the end of its own line, at a caret that moves with everyone else's
 * changes as an editor's does; {@code start} makes every client type at the very start of the document, the same
 * point for all: a stress case for conflicting placement rather than a picture of use.
 *
 * <p>How a keystroke is recognised. {@code caret}: a keystroke is one char, as a user's is, and the chars on a writer's
 * line are its keystrokes in order, so a peer counts each writer's line ({@link WriterLines}): a line that grew from
 * {@code n} to {@code m} chars brought keystrokes {@code n..m-1} (decision 0028). {@code start}: every writer types at
 * the same place, so each edit inserts a unique marker {@code [writer-seq]} (the writer's index and its keystroke's
 * number, base 36) and a space. Nothing else typed holds a bracket. The markers are ASCII, as most typing is:
 * with U+27E8 and U+27E9, which they were until session 23, every chunk of every text held a char above U+00FF and took
 * two bytes a char, in 200 clients' texts and shadows here and in the relay's copies.
 * A diff may cut an insertion at another place among equal characters, which rotates the inserted text; a rotation of
 * {@code X} always contains {@code X} inside itself written twice, so each remote splice is searched doubled. Each
 * (edit, receiving client) pair counts once. A measured pair that never arrived, before the clients settle or give up,
 * counts with its age when the run ends, as a latency of at least that much ({@code undelivered} says how many): the
 * percentiles of a relay that fell behind are not those of the few keystrokes that made it. {@code conflicts}: the
 * conflicts the clients hold at the end. Writers on their own lines touch nothing of each other's, so any is a hunk
 * the engine grouped or placed badly (they count as no error: nothing is lost, and a user could restore each).
 * {@code untracked}: peers that met a splice they could not count (a deletion, or a line break, on the writers' lines);
 * the keystrokes they did not count show as undelivered.
 *
 * <p>Bounded: at most {@link #MAX_CLIENTS} clients and {@link #MAX_SECONDS} seconds, loopback relays only.
 *
 * <p>Concurrency: sessions share one executor (each is its own actor), one timer and one HTTP client; a listener runs
 * on its session's owner, so each client's "seen" set and latency samples are touched by one thread at a time.
 */
@Command(name = "load", mixinStandardHelpOptions = true,
        description = "N WebSocket clients typing on loopback; prints edit-to-peer latency percentiles as JSON.")
final class LoadCommand implements Callable<Integer> {

    static final int MAX_CLIENTS = 2_000;
    static final int MAX_SECONDS = 600;
    /** A keystroke's marker opens and closes with these (see the class comment). */
    static final char OPEN = '[';
    static final char CLOSE = ']';
    /** What a writer types at its caret, one char a keystroke, over and over (--at caret). */
    static final String TYPING = "the quick brown fox jumps over the lazy dog ";


    @Option(names = "--server", required = true, description = "relay URL or invite link (loopback only)") String server;
    @Option(names = "--token", description = "access token (or in the invite link)") String token;
    @Option(names = "--clients", defaultValue = "10") int clients;
    @Option(names = "--docs", defaultValue = "1") int docs;
    @Option(names = "--rate", defaultValue = "5", description = "edits per second per client") double rate;
    @Option(names = "--seconds", defaultValue = "10") int seconds;
    @Option(names = "--warmup-seconds", defaultValue = "0", description = "type this long first without measuring: "
            + "the relay's and the clients' JIT compile the hot paths, as in a relay that has been running (default 0)")
    int warmupSeconds;
    @Option(names = "--settle-seconds", defaultValue = "30", description = "how long to wait for convergence after typing stops")
    int settleSeconds;
    @Option(names = "--cycle-ms", defaultValue = "30", description = "each client's typing coalescing delay before a sync (the engine's default: 30)")
    long cycleMillis;
    @Option(names = "--at", defaultValue = "caret", description = "where clients type: caret (each at its own line, "
            + "its caret moved by others' changes; default) or start (all at the start of the document: contention)")
    String at;
    @Option(names = "--trust-store") Path trustStore;
    @Option(names = "--trust-password", defaultValue = "") String trustPassword;


    private final class Client {
        final int index;
        final int doc;
        final String docName;
        /*
         * Each client stands for a user's machine: its store's work happens there, not on the machine measured. A
         * store that kept the journal, as the app's does, needed checkpoints of the whole text to bound it; with 200
         * clients those copies and the journal's entries took a quarter of this process's CPU in the collector,
         * taken from the relay beside it. These clients never restart, so nothing needs reloading.
         */
        final MemoryDocumentStore store = MemoryDocumentStore.withoutJournal();
        /** --at start: per writer, the keystrokes of it this client has seen (each pair counts once). */
        BitSet[] seen;
        /** --at caret: the writers' lines as this client has them, once the carets are placed. */
        volatile WriterLines lines;
        /** When each of this client's keystrokes was typed, by its sequence number (written by the typer only). */
        private volatile long[] sent = new long[64];
        private int typed;

        /** Records a keystroke's time (0 during the warm-up: not measured); returns its sequence number. */
        int typedNow() {
            long[] a = sent;
            if (typed == a.length) sent = a = Arrays.copyOf(a, a.length * 2);
            long now = System.nanoTime();
            a[typed] = now - measureFrom >= 0 ? now : 0;
            sent = a; // publishes the write
            return typed++;
        }

        long sentAt(long seq) {
            long[] a = sent;
            return seq < a.length ? a[(int) seq] : 0;
        }
        long[] samples = new long[256];
        int sampleCount;
        /** Where this client types next (--at caret); touched only on its session's owner. */
        int caret = -1;
        ClientSession session;
        RelayConnection connection;
        volatile boolean wasOnline;
        /** Conflicts this client holds (its own hunks the hub could not place, and the hub's it could not). */
        volatile int conflicts;

        Client(int index) {
            this.index = index;
            this.doc = index % docs;
            this.docName = "load-" + doc;
        }

        /**
         * For each measured keystroke of another writer on this document that this client never got, {@code end} minus
         * when it was typed. Read after the typer stopped and this client's owner went quiet.
         */
        long[] unseenAges(long end) {
            java.util.stream.LongStream.Builder ages = java.util.stream.LongStream.builder();
            WriterLines l = lines;
            for (Client w : typists) {
                if (w == this || w.doc != doc) continue;
                if (l != null) LoadCommand.unseenAges(w.sent, w.typed, l.seen(w.index), end, ages);
                else LoadCommand.unseenAges(w.sent, w.typed, seen[w.index], end, ages);
            }
            return ages.build().toArray();
        }

        /** The client's own line, which it types at the end of (--at caret). */
        String line() {
            return "client " + index + ":";
        }

        void onRemote(List<TextSplice> splices) {
            long now = System.nanoTime();
            WriterLines l = lines;
            if (l != null) {
                for (TextSplice s : splices) {
                    caret = moved(caret, s);
                    l.spliced(s, (writer, from, to) -> arrived(writer, from, to, now));
                }
                return;
            }
            for (TextSplice s : splices) {
                if (caret >= 0) caret = moved(caret, s);
                String ins = s.inserted();
                int open = ins.indexOf(OPEN);
                int close = ins.indexOf(CLOSE);
                if (close < 0) continue;
                // Only a rotated insertion (a marker cut across its ends) needs the doubled search.
                String scanned = open < 0 || close < open ? ins + ins : ins;
                for (int from = scanned.indexOf(OPEN); from >= 0; from = scanned.indexOf(OPEN, from + 1)) {
                    int dash = scanned.indexOf('-', from + 1);
                    int to = scanned.indexOf(CLOSE, from + 1);
                    if (to < 0) break;
                    if (dash < 0 || dash > to) continue;
                    // [writer-seq] in base 36, read in place: this runs for every (keystroke, peer) pair.
                    int writer = (int) base36(scanned, from + 1, dash);
                    long seq = base36(scanned, dash + 1, to);
                    if (writer < 0 || writer >= typists.length || writer == index || seq < 0) continue;
                    Client w = typists[writer];
                    if (w.doc != doc) continue;
                    long sentNanos = w.sentAt(seq);
                    if (sentNanos == 0) continue;
                    BitSet got = seen[writer];
                    if (got == null) got = seen[writer] = new BitSet();
                    if (got.get((int) seq)) continue;
                    got.set((int) seq);
                    sample(now - sentNanos);
                }
            }
        }

        /** --at caret: keystrokes {@code from..to-1} of {@code writer} reached this client at {@code now}. */
        private void arrived(int writer, int from, int to, long now) {
            if (writer == index) return; // its own keystrokes are not a peer's latency
            Client w = typists[writer];
            for (int seq = from; seq < to; seq++) {
                long sentNanos = w.sentAt(seq);
                if (sentNanos != 0) sample(now - sentNanos);
            }
        }

        private void sample(long nanos) {
            if (sampleCount == samples.length) samples = Arrays.copyOf(samples, samples.length * 2);
            samples[sampleCount++] = nanos;
        }
    }

    /**
     * For each of a writer's first {@code typed} keystrokes that was measured ({@code sent[seq] != 0}: typed after the
     * warm-up) and is not in {@code got}, {@code end - sent[seq]}.
     */
    static long[] unseenAges(long[] sent, int typed, BitSet got, long end) {
        java.util.stream.LongStream.Builder ages = java.util.stream.LongStream.builder();
        unseenAges(sent, typed, got, end, ages);
        return ages.build().toArray();
    }

    /** {@link #unseenAges(long[], int, BitSet, long)} for a peer that saw a writer's first {@code seen} keystrokes. */
    static void unseenAges(long[] sent, int typed, int seen, long end, java.util.stream.LongStream.Builder ages) {
        for (int seq = seen; seq < typed && seq < sent.length; seq++) {
            if (sent[seq] != 0) ages.add(end - sent[seq]);
        }
    }

    /** {@link #unseenAges(long[], int, BitSet, long)}, added to {@code ages} (one buffer for all writers of a peer). */
    static void unseenAges(long[] sent, int typed, BitSet got, long end, java.util.stream.LongStream.Builder ages) {
        for (int seq = 0; seq < typed && seq < sent.length; seq++) {
            if (sent[seq] != 0 && (got == null || !got.get(seq))) ages.add(end - sent[seq]);
        }
    }

    /** A caret through a remote splice, as an editor moves it: a remote insertion exactly at the caret goes before it. */
    static int moved(int caret, TextSplice s) {
        if (s.pos() > caret || (s.pos() == caret && s.deleted() > 0)) return caret;
        if (s.pos() + s.deleted() <= caret) return caret + s.inserted().length() - s.deleted();
        return s.pos() + s.inserted().length(); // the caret's chars were replaced: after the replacement
    }

    /** Every client, by index (a marker names its writer by index). */
    private volatile Client[] typists = new Client[0];

    /** A base-36 number in {@code s[from, to)}, or -1 if it is not one. */
    static long base36(CharSequence s, int from, int to) {
        if (to <= from || to - from > 12) return -1;
        long v = 0;
        for (int i = from; i < to; i++) {
            int d = Character.digit(s.charAt(i), 36);
            if (d < 0) return -1;
            v = v * 36 + d;
        }
        return v;
    }
    private final AtomicInteger errors = new AtomicInteger();
    private final AtomicLong edits = new AtomicLong();
    /** Keystrokes typed from this {@link System#nanoTime} on are measured (after the warm-up). */
    private volatile long measureFrom;

    @Override
    public Integer call() throws Exception {
        if (clients < 1 || clients > MAX_CLIENTS) return usage("--clients must be 1.." + MAX_CLIENTS);
        if (docs < 1 || docs > clients) return usage("--docs must be 1..clients");
        if (seconds < 1 || seconds > MAX_SECONDS) return usage("--seconds must be 1.." + MAX_SECONDS);
        if (warmupSeconds < 0 || warmupSeconds > MAX_SECONDS) return usage("--warmup-seconds must be 0.." + MAX_SECONDS);
        if (!(rate > 0 && rate <= 50)) return usage("--rate must be in (0, 50] edits per second");
        if (!at.equals("caret") && !at.equals("start")) return usage("--at must be caret or start");
        InviteLink link;
        try {
            link = InviteLink.parse(server);
        } catch (IllegalArgumentException e) {
            return usage(e.getMessage());
        }
        String tok = token != null ? token : link.token();
        if (tok.isEmpty()) return usage("a token is needed (--token)");
        if (!InetAddress.getByName(link.server().getHost()).isLoopbackAddress()) {
            return usage("load runs against a relay on this machine only (127.0.0.1, ::1, localhost)");
        }
        ClientSession.Options sessionOptions;
        try {
            ClientSession.Options d = ClientSession.Options.DEFAULTS;
            sessionOptions = new ClientSession.Options(cycleMillis, d.tickMillis(), d.retransmitAfterMillis(),
                    d.heartbeatMillis(), d.checkpointEntries(), d.limits());
        } catch (IllegalArgumentException e) {
            return usage(e.getMessage());
        }
        HttpClient http;
        ExecutorService httpPool = Executors.newFixedThreadPool(2, daemon("load-http"));
        try {
            http = RelayConnection.httpClient(Optional.ofNullable(trustStore), trustPassword.toCharArray(),
                    Optional.of(httpPool));
        } catch (IOException e) {
            httpPool.shutdown();
            return usage(e.getMessage());
        }

        ExecutorService pool = Executors.newFixedThreadPool(Math.max(2, Runtime.getRuntime().availableProcessors()), daemon("load-session"));
        ScheduledExecutorService typer = Executors.newScheduledThreadPool(1, daemon("load-typer"));
        SystemTimer timer = new SystemTimer();
        String run = Long.toString(System.currentTimeMillis() % 1_000_000, 36);
        List<Client> all = new ArrayList<>();
        try {
            for (int i = 0; i < clients; i++) {
                Client c = new Client(i);
                c.session = ClientSession.start(c.store, sessionOptions, pool, timer, new ClientSession.Listener() {
                    @Override
                    public void remoteChanges(String docId, long localEditsApplied, List<TextSplice> splices) {
                        c.onRemote(splices);
                    }

                    @Override
                    public void problem(String docId, String message) {
                        errors.incrementAndGet();
                    }

                    @Override
                    public void conflictsChanged(String docId, List<Conflict> conflicts) {
                        c.conflicts = conflicts.size();
                    }
                });
                c.session.open(c.docName);
                RelayConnection.Options o = new RelayConnection.Options("load-" + run + "-" + i, "load " + i, "#888888",
                        Duration.ofMillis(200), Duration.ofSeconds(5), Duration.ofSeconds(10));
                c.connection = RelayConnection.connect(c.session, link.server(), tok, o, new RelayConnection.Listener() {
                    @Override
                    public void stateChanged(RelayConnection.State state, RelayConnection.Cause cause, String reason) {
                        if (state == RelayConnection.State.ONLINE) c.wasOnline = true;
                        else if (state == RelayConnection.State.REFUSED || (state == RelayConnection.State.OFFLINE && c.wasOnline)) {
                            errors.incrementAndGet();
                        }
                    }
                }, http);
                all.add(c);
            }
            typists = all.toArray(Client[]::new);
            for (Client c : all) c.seen = new BitSet[clients];
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30 + clients / 20);
            while (System.nanoTime() < deadline && !all.stream().allMatch(c -> c.connection.state() == RelayConnection.State.ONLINE)) {
                Thread.sleep(20);
            }
            for (Client c : all) if (c.connection.state() != RelayConnection.State.ONLINE) errors.incrementAndGet();
            // Every client joins its document (first exchange) before typing starts.
            deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (System.nanoTime() < deadline && !all.stream().allMatch(c -> c.session.status().join().lastSyncMillis() > 0)) {
                Thread.sleep(20);
            }

            if (at.equals("caret") && !placeCarets(all)) errors.incrementAndGet();

            measureFrom = System.nanoTime() + TimeUnit.SECONDS.toNanos(warmupSeconds);
            long periodNanos = (long) (1e9 / rate);
            for (Client c : all) {
                typer.scheduleAtFixedRate(() -> {
                    int seq = c.typedNow();
                    if (c.caret < 0) {
                        String typed = OPEN + Integer.toString(c.index, 36) + "-" + Integer.toString(seq, 36) + CLOSE + " ";
                        c.session.edit(c.docName, 0, 0, typed);
                    } else {
                        String typed = String.valueOf(TYPING.charAt(seq % TYPING.length()));
                        c.session.edit(c.docName, length -> {
                            int pos = Math.min(c.caret, length);
                            c.caret = pos + typed.length();
                            TextSplice mine = new TextSplice(pos, 0, typed);
                            // On the session's owner, as the listener: its own line grows too.
                            WriterLines l = c.lines;
                            if (l != null) l.spliced(mine, (writer, from, to) -> { });
                            return mine;
                        });
                    }
                    edits.incrementAndGet();
                }, ThreadLocalRandom.current().nextLong(periodNanos), periodNanos, TimeUnit.NANOSECONDS);
            }
            Thread.sleep((warmupSeconds + seconds) * 1000L);
            typer.shutdownNow();
            typer.awaitTermination(5, TimeUnit.SECONDS);

            boolean converged = false;
            deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(settleSeconds);
            while (System.nanoTime() < deadline) {
                if (converged(all)) {
                    converged = true;
                    break;
                }
                Thread.sleep(100);
            }

            // No more input: then each session's owner has applied what it got once a task queued after it has run
            // (status() is one), so its samples and what it has seen can be read here.
            for (Client c : all) c.connection.close();
            for (Client c : all) c.session.status().join();
            long end = System.nanoTime();
            List<long[]> taken = new ArrayList<>();
            long undelivered = 0;
            long conflicts = 0;
            int untracked = 0;
            for (Client c : all) {
                conflicts += c.conflicts;
                if (c.lines != null && c.lines.lost()) untracked++;
                taken.add(Arrays.copyOf(c.samples, c.sampleCount));
                // A measured keystroke that never reached this peer counts with its age at the end: a latency of at
                // least that much. Leaving it out would report the keystrokes that made it, the quick ones, alone.
                long[] late = c.unseenAges(end);
                undelivered += late.length;
                taken.add(late);
            }
            long[] merged = new long[taken.stream().mapToInt(t -> t.length).sum()];
            int k = 0;
            for (long[] t : taken) {
                System.arraycopy(t, 0, merged, k, t.length);
                k += t.length;
            }
            Arrays.sort(merged);
            ObjectNode out = new ObjectMapper().createObjectNode();
            out.put("clients", clients).put("edits", edits.get())
                    .put("p50Ms", percentileMs(merged, 0.50)).put("p95Ms", percentileMs(merged, 0.95))
                    .put("p99Ms", percentileMs(merged, 0.99)).put("errors", errors.get()).put("converged", converged)
                    .put("docs", docs).put("rate", rate).put("seconds", seconds).put("warmupSeconds", warmupSeconds).put("cycleMs", cycleMillis).put("at", at)
                    .put("samples", merged.length).put("undelivered", undelivered).put("conflicts", conflicts).put("untracked", untracked);
            System.out.println(out);
            return converged && errors.get() == 0 ? 0 : 1;
        } finally {
            typer.shutdownNow();
            for (Client c : all) c.connection.close();
            List<java.util.concurrent.CompletableFuture<Void>> closing = new ArrayList<>();
            for (Client c : all) closing.add(c.session.closeAsync());
            try {
                java.util.concurrent.CompletableFuture.allOf(closing.toArray(java.util.concurrent.CompletableFuture[]::new))
                        .get(30, TimeUnit.SECONDS);
            } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
                System.err.println("tandem load: closing the sessions: " + e.getMessage());
            }
            timer.close();
            pool.shutdown();
            httpPool.shutdown();
        }
    }

    /**
     * --at caret: the first client of each document writes one line per client of it; once every client holds the
     * lines and nothing is in flight, each client's caret goes to the end of its own line. False if that did not
     * settle within 60 s (the run goes on, typing at the start).
     */
    private boolean placeCarets(List<Client> all) throws InterruptedException {
        for (int d = 0; d < docs; d++) {
            StringBuilder seed = new StringBuilder();
            for (Client c : all) if (c.doc == d) seed.append(c.line()).append('\n');
            all.get(d).session.edit(all.get(d).docName, 0, 0, seed.toString());
        }
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (System.nanoTime() < deadline) {
            if (converged(all) && all.stream().allMatch(c -> c.session.text(c.docName).join().contains(c.line() + "\n"))) {
                for (Client c : all) {
                    String text = c.session.text(c.docName).join();
                    c.caret = text.indexOf(c.line() + "\n") + c.line().length(); // quiescent: no remote change races this
                    c.lines = WriterLines.of(text, clients, i -> all.get(i).line());
                }
                return true;
            }
            Thread.sleep(50);
        }
        return false;
    }

    private static boolean converged(List<Client> all) {
        Map<Integer, String> texts = new HashMap<>();
        for (Client c : all) {
            ClientSession.Status s = c.session.status().join();
            if (s.unacknowledgedEdits() > 0) return false;
            String t = c.session.text(c.docName).join();
            String first = texts.putIfAbsent(c.doc, t);
            if (first != null && !first.equals(t)) return false;
        }
        return true;
    }

    private static double percentileMs(long[] sorted, double q) {
        if (sorted.length == 0) return 0;
        int i = (int) Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1));
        return Math.round(sorted[i] / 1e4) / 100.0;
    }

    private static int usage(String message) {
        System.err.println("tandem load: " + message);
        return 2;
    }

    private static java.util.concurrent.ThreadFactory daemon(String name) {
        AtomicInteger n = new AtomicInteger();
        return r -> {
            Thread t = new Thread(r, name + "-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
    }
}
