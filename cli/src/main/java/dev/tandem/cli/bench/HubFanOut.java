package dev.tandem.cli.bench;

import dev.tandem.engine.protocol.Message;
import dev.tandem.engine.protocol.MessageCodec;
import dev.tandem.engine.session.HubSession;
import dev.tandem.engine.store.SqliteDocumentStore;
import dev.tandem.engine.store.StoreOptions;
import dev.tandem.engine.sync.ClientDocument;
import dev.tandem.engine.sync.DocumentJournal;
import dev.tandem.engine.sync.EngineLimits;
import dev.tandem.engine.sync.HubDocument;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The relay's fan-out without the network, in one thread: what one delivery (an edit reaching one other client) costs
 * the hub and the client, in the regime the relay targets (issue #4) — every push window, every view is pushed what
 * changed. {@code views} clients each hold a line of a document of about 100 KB; every window of 10 ms of simulated
 * time, {@code views * 5 / 100} of them (in turn) type a marker at the end of their line and exchange with the hub,
 * then the hub pushes to every view that differs. Messages go through their wire form ({@link MessageCodec}); the hub
 * journals into a real SQLite file and commits once per window, as the relay's committer does, and checkpoints when
 * {@link HubSession.Options#checkpointDue} says.
 *
 * <p>It separates what the end-to-end load test ({@code ./tandem load}) cannot: the hub's CPU per delivery (receive,
 * reply, push, encode, journal, commit, checkpoint) and the client's (decode, apply), from the same run, with no
 * queueing and no transport. Deterministic for its arguments; times are wall clock of this thread.
 *
 * <p>Run: {@code java -cp cli/target/tandem-cli-0.1.0-SNAPSHOT.jar:$(cat cli/target/classpath.txt)
 * dev.tandem.cli.bench.HubFanOut 200 3000 3000 [1]} (views, warm-up windows, measured windows, and how many windows
 * apart the hub pushes: more than 1 is a relay that fell behind, whose views each catch up on more keystrokes at once).
 * Prints one JSON line.
 */
public final class HubFanOut {

    private HubFanOut() {}

    public static void main(String[] args) throws Exception {
        int views = args.length > 0 ? Integer.parseInt(args[0]) : 200;
        int warmup = args.length > 1 ? Integer.parseInt(args[1]) : 3000;
        int measured = args.length > 2 ? Integer.parseInt(args[2]) : 3000;
        int pushEvery = args.length > 3 ? Integer.parseInt(args[3]) : 1;
        Path dir = Files.createTempDirectory("tandem-fanout");
        try (SqliteDocumentStore store = SqliteDocumentStore.open(dir.resolve("hub.db"), StoreOptions.defaults())) {
            System.out.println(new HubFanOut.Run(views, pushEvery, store).go(warmup, measured));
        } finally {
            try (var files = Files.walk(dir)) {
                files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    private static final class Run {
        private final AtomicLong clock = new AtomicLong(1);
        private final AtomicLong ids = new AtomicLong();
        private final SqliteDocumentStore store;
        private final HubDocument hub;
        private final List<ClientDocument> clients = new ArrayList<>();
        private final HubSession.Options options = HubSession.Options.DEFAULTS;
        private long hubNanos;
        private long clientNanos;
        private long deliveries;
        private long pushes;
        private long typed;
        private int next;
        /** The hub pushes every this many windows: 1 is the relay keeping up; more, a relay that fell behind. */
        private final int pushEvery;
        private final Set<Integer> dirty = new LinkedHashSet<>();
        private long windows;

        Run(int views, int pushEvery, SqliteDocumentStore store) throws Exception {
            if (pushEvery < 1) throw new IllegalArgumentException("pushEvery must be at least 1: " + pushEvery);
            this.pushEvery = pushEvery;
            this.store = store;
            this.hub = HubDocument.open("d", Optional.empty(), store.journal("d"), EngineLimits.DEFAULTS, clock::get,
                    () -> "c" + ids.incrementAndGet());
            for (int i = 0; i < views; i++) {
                clients.add(ClientDocument.open("d", Optional.empty(), DocumentJournal.NONE, EngineLimits.DEFAULTS,
                        clock::incrementAndGet, () -> "c" + ids.incrementAndGet()));
            }
            // Every client joins; the first writes one line per client, about 100 KB in all; all catch up.
            for (int i = 0; i < views; i++) exchange(i);
            StringBuilder seed = new StringBuilder();
            int lineLength = Math.max(20, 100_000 / views);
            for (int i = 0; i < views; i++) {
                String head = "L" + i + ":";
                seed.append(head).append("x".repeat(lineLength - head.length() - 1)).append('\n');
            }
            clients.get(0).edit(0, 0, seed.toString());
            exchange(0);
            for (int i = 1; i < views; i++) exchange(i);
            store.commit();
        }

        /** One client's exchange with the hub, to the end; returns the other clients the hub's step changed. */
        private Set<Integer> exchange(int i) {
            Set<Integer> changed = new LinkedHashSet<>();
            ClientDocument c = clients.get(i);
            long t0 = System.nanoTime();
            Optional<Message> m = c.startExchange(true).map(x -> MessageCodec.decode(MessageCodec.encodeToString(x)));
            long t1 = System.nanoTime();
            clientNanos += t1 - t0;
            for (int round = 0; round < 10 && m.isPresent(); round++) {
                t0 = System.nanoTime();
                HubDocument.Step step = hub.receive(name(i), m.get());
                String reply = step.reply().map(MessageCodec::encodeToString).orElse(null);
                t1 = System.nanoTime();
                hubNanos += t1 - t0;
                for (String id : step.changed()) changed.add(Integer.parseInt(id.substring(1)));
                if (reply == null) break;
                ClientDocument.Step got = c.receive(MessageCodec.decode(reply));
                m = got.reply().map(x -> MessageCodec.decode(MessageCodec.encodeToString(x)));
                clientNanos += System.nanoTime() - t1;
            }
            return changed;
        }

        private static String name(int i) {
            return "v" + i;
        }

        /** One push window: some writers type and exchange, then every view that differs is pushed to. */
        private void window() throws Exception {
            int writers = Math.max(1, clients.size() * 5 / 100);
            for (int w = 0; w < writers; w++) {
                int i = next;
                next = (next + 1) % clients.size();
                ClientDocument c = clients.get(i);
                String text = c.text();
                int at = text.indexOf('\n', text.indexOf("L" + i + ":"));
                c.edit(at, 0, "⟨" + Long.toString(typed++, 36) + "⟩ ");
                dirty.addAll(exchange(i));
                deliveries += clients.size() - 1;
            }
            clock.addAndGet(10);
            if (++windows % pushEvery != 0) return;
            long t0 = System.nanoTime();
            store.commit(); // the committer's group commit, before the pushes leave
            List<String> sent = new ArrayList<>();
            List<Integer> to = new ArrayList<>();
            for (int i : dirty) {
                Optional<Message> push = hub.push(name(i));
                if (push.isEmpty()) continue;
                sent.add(MessageCodec.encodeToString(push.get()));
                to.add(i);
            }
            dirty.clear();
            store.commit();
            if (options.checkpointDue(store.journalLength("d"), hub.viewCount(), hub.length())) {
                store.checkpoint(hub.snapshot());
            }
            long t1 = System.nanoTime();
            hubNanos += t1 - t0;
            for (int k = 0; k < sent.size(); k++) clients.get(to.get(k)).receive(MessageCodec.decode(sent.get(k)));
            clientNanos += System.nanoTime() - t1;
            pushes += sent.size();
        }

        String go(int warmup, int measured) throws Exception {
            for (int w = 0; w < warmup; w++) window();
            hubNanos = 0;
            clientNanos = 0;
            deliveries = 0;
            pushes = 0;
            for (int w = 0; w < measured; w++) window();
            String text = hub.text();
            boolean converged = true;
            for (int i = 0; i < clients.size(); i++) {
                exchange(i);
            }
            for (ClientDocument c : clients) converged &= c.text().equals(hub.text());
            return String.format(java.util.Locale.ROOT,
                    "{\"views\": %d, \"pushEvery\": %d, \"windows\": %d, \"deliveries\": %d, \"pushes\": %d, \"hubNsPerDelivery\": %.0f, "
                            + "\"clientNsPerDelivery\": %.0f, \"hubCoresAt5EditsPerSecond\": %.2f, "
                            + "\"clientsCoresAt5EditsPerSecond\": %.2f, \"textChars\": %d, \"converged\": %s}",
                    clients.size(), pushEvery, measured, deliveries, pushes, (double) hubNanos / deliveries,
                    (double) clientNanos / deliveries, hubNanos / 1e9 / (measured / 100.0),
                    clientNanos / 1e9 / (measured / 100.0), text.length(), converged);
        }
    }
}
