package dev.tandem.cli.sim;

import dev.tandem.engine.meta.DocIds;
import dev.tandem.engine.meta.FieldChange;
import dev.tandem.engine.meta.MetaCodec;
import dev.tandem.engine.meta.MetaField;
import dev.tandem.engine.meta.MetaMessage;
import dev.tandem.engine.meta.MetaRecord;
import dev.tandem.engine.session.MetaHub;
import dev.tandem.engine.session.MetaSession;
import dev.tandem.engine.session.Timer;
import dev.tandem.engine.store.MemoryMetaStore;
import dev.tandem.engine.store.StoreException;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.Executor;

/**
 * N clients changing documents' metadata (create, rename, tag, pin, move, delete, restore) at random times, offline and
 * online, with clocks skewed up to {@link MetaSimConfig#maxSkewMillis()} either way, over the {@link FaultyNetwork}
 * (drops, duplicates, reordering, cut links), while clients and the relay restart from their stores. Each client runs
 * the real {@link MetaSession} (its timer and executor are this simulation's virtual time), the relay the real
 * {@link MetaHub}. Then the network heals and the run goes on until quiescence: every change log empty, nothing in flight,
 * every client's fields equal to the relay's.
 *
 * <p>Checks: <b>converged</b> (every store holds the same fields with the same stamps) and <b>lost writes</b>: for every
 * field, the relay holds the write with the greatest stamp any client ever made (last writer wins, nothing dropped).
 *
 * <p>Determinism: one {@link Random} seeded by the config drives everything (document ids included); the same config
 * gives the same run.
 *
 * <p>Concurrency: single-threaded; one {@link #run()} per instance.
 */
public final class MetaSimulation {

    /** Virtual start of the run (wall-clock ms; clients' clocks are this plus their skew). */
    static final long START = 1_750_000_000_000L;
    static final String PREFIX = "w/";
    static final int MAX_STEP_GAP = 400;
    static final int MAX_OUTAGE = 5_000;
    static final long HEAL_BUDGET = 120_000;
    static final long QUIESCENCE_CHECK = 500;
    private static final String[] TITLES = {"Notes", "Plan", "Ideas", "Todo", "Minutes"};
    private static final String[] TAGS = {"work", "home", "urgent", "later"};
    private static final String[] FOLDERS = {"", "inbox", "projects/tandem"};

    static final FaultyNetwork.Wire<MetaMessage> WIRE = new FaultyNetwork.Wire<>() {
        @Override
        public byte[] encode(MetaMessage m) {
            return MetaCodec.encode(m).getBytes(StandardCharsets.UTF_8);
        }

        @Override
        public MetaMessage decode(byte[] wire) {
            return MetaCodec.decode(new String(wire, StandardCharsets.UTF_8));
        }
    };

    /** What a run found. */
    public record Result(boolean converged, int lostWrites, int clients, int documents, long writes, long messages,
                         int restarts, int outages, long virtualMillis, long seed) {
        public boolean ok() {
            return converged && lostWrites == 0;
        }
    }

    private final MetaSimConfig config;
    private final Random random;
    private final Scheduler scheduler = new Scheduler();
    private final FaultyNetwork<MetaMessage> network;
    private final List<Client> clients = new ArrayList<>();
    private final MemoryMetaStore hubStore = new MemoryMetaStore();
    private MetaHub hub;
    /** The greatest-stamped write each client made of each field: what the relay must end with. */
    private final Map<FieldChange.Key, FieldChange> latest = new HashMap<>();
    private long writes;
    private int restarts;
    private int outages;
    private boolean healing;
    private boolean used;

    public MetaSimulation(MetaSimConfig config) {
        this.config = config;
        this.random = new Random(config.seed());
        this.network = new FaultyNetwork<>(scheduler, random, new FaultyNetwork.Faults(config.drop(), config.dup(), config.reorder()),
                FaultyNetwork.Latency.DEFAULT, WIRE);
        this.hub = newHub();
        network.register(FaultyNetwork.HUB, this::hubReceives);
        for (int i = 0; i < config.clients(); i++) {
            long skew = config.maxSkewMillis() == 0 ? 0 : (long) ((random.nextDouble() * 2 - 1) * config.maxSkewMillis());
            Client c = new Client("c" + i, skew);
            clients.add(c);
            network.register(c.id, (from, m) -> c.session.receive(m));
        }
    }

    private MetaHub newHub() {
        return new MetaHub(hubStore.reopen(), () -> START + scheduler.now(), MetaHub.Options.DEFAULTS);
    }

    public Result run() {
        if (used) throw new IllegalStateException("a MetaSimulation runs once");
        used = true;
        for (Client c : clients) {
            c.connect();
            scheduler.after(random.nextInt(MAX_STEP_GAP), c::step);
        }
        long deadline = Long.MAX_VALUE;
        long nextCheck = 0;
        while (scheduler.runNext()) {
            if (!healing && clients.stream().allMatch(c -> c.stepsLeft == 0)) {
                heal();
                deadline = scheduler.now() + HEAL_BUDGET;
            }
            if (healing && scheduler.now() >= nextCheck) {
                nextCheck = scheduler.now() + QUIESCENCE_CHECK;
                if (quiescent() || scheduler.now() > deadline) break;
            }
        }
        return result();
    }

    private void heal() {
        healing = true;
        network.setFaults(FaultyNetwork.Faults.NONE);
        for (Client c : clients) if (!c.online) c.connect();
    }

    private boolean quiescent() {
        if (network.inFlight() > 0) return false;
        try {
            for (Client c : clients) if (!c.store.pending().isEmpty()) return false;
            return agree();
        } catch (StoreException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Every client holds exactly the relay's fields (values and stamps). */
    private boolean agree() throws StoreException {
        Map<String, MetaRecord> relay = relayRecords();
        for (Client c : clients) {
            Map<String, MetaRecord> mine = new HashMap<>();
            for (MetaRecord r : c.store.records()) mine.put(r.docId(), r);
            if (!mine.equals(relay)) return false;
        }
        return true;
    }

    private Map<String, MetaRecord> relayRecords() throws StoreException {
        Map<String, MetaRecord> out = new HashMap<>();
        for (MetaRecord r : hubStore.records()) {
            String id = r.docId().substring(PREFIX.length());
            out.put(id, new MetaRecord(id, r.fields()));
        }
        return out;
    }

    private Result result() {
        try {
            boolean converged = agree() && clients.stream().allMatch(c -> {
                try {
                    return c.store.pending().isEmpty();
                } catch (StoreException e) {
                    return false;
                }
            });
            Map<String, MetaRecord> relay = relayRecords();
            int lost = 0;
            for (FieldChange w : latest.values()) {
                MetaRecord r = relay.get(w.docId());
                MetaRecord.Stamped s = r == null ? null : r.fields().get(w.field());
                if (s == null || !s.stamp().equals(w.stamp()) || !s.value().equals(w.value())) lost++;
            }
            return new Result(converged, lost, clients.size(), relay.size(), writes, network.stats().sent(), restarts,
                    outages, scheduler.now(), config.seed());
        } catch (StoreException e) {
            throw new IllegalStateException(e);
        }
    }

    // ---------------------------------------------------------------------------------------------------------------
    // The relay

    private void hubReceives(String from, MetaMessage m) {
        try {
            if (m instanceof MetaMessage.Push p) {
                MetaHub.PushOutcome o = hub.push(PREFIX, p);
                network.send(FaultyNetwork.HUB, from, o.reply());
                if (o.changed()) {
                    for (Client c : clients) {
                        if (!c.id.equals(from) && c.online) network.send(FaultyNetwork.HUB, c.id, new MetaMessage.Changed(o.seq()));
                    }
                }
            } else if (m instanceof MetaMessage.Pull p) {
                network.send(FaultyNetwork.HUB, from, hub.pull(PREFIX, p));
            }
        } catch (StoreException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The relay restarts: every connection breaks, what is in flight is lost, the hub reopens its store. */
    private void restartRelay() {
        restarts++;
        hub = newHub();
        for (Client c : clients) {
            network.reconnect(c.id);
            if (c.online) {
                c.session.disconnected();
                c.online = false;
                scheduler.after(50 + random.nextInt(500), () -> { if (!c.online && network.isUp(c.id)) c.connect(); });
            }
        }
    }

    // ---------------------------------------------------------------------------------------------------------------
    // A client

    private final class Client {
        final String id;
        final long skew;
        final MemoryMetaStore store = new MemoryMetaStore();
        final Set<String> known = new LinkedHashSet<>();
        MetaSession session;
        /** Bumped by a restart: the old session's timers, tasks and sends do nothing from then on. */
        long incarnation;
        boolean online;
        int stepsLeft = config.changes();

        Client(String id, long skew) {
            this.id = id;
            this.skew = skew;
            start();
        }

        void start() {
            long inc = ++incarnation;
            Executor executor = task -> scheduler.after(0, () -> { if (inc == incarnation) task.run(); });
            Timer timer = new Timer() {
                @Override
                public long nowMillis() {
                    return START + scheduler.now() + skew;
                }

                @Override
                public Cancellable schedule(long delayMillis, Runnable task) {
                    boolean[] cancelled = {false};
                    scheduler.after(Math.max(0, delayMillis), () -> { if (!cancelled[0] && inc == incarnation) task.run(); });
                    return () -> cancelled[0] = true;
                }
            };
            session = MetaSession.start(store.reopen(), id, MetaSession.Options.DEFAULTS, executor, timer, new MetaSession.Listener() {
                @Override
                public void changed(List<MetaRecord> records) {
                    for (MetaRecord r : records) known.add(r.docId());
                }
            });
        }

        void connect() {
            online = true;
            network.restore(id);
            long inc = incarnation;
            session.connected(m -> { if (inc == incarnation && online) network.send(id, FaultyNetwork.HUB, m); });
        }

        void disconnect() {
            online = false;
            network.cut(id);
            session.disconnected();
        }

        /** Restarts from the store: the change log and every accepted field survive; nothing in memory does. */
        void restart() {
            restarts++;
            boolean was = online;
            online = false;
            network.reconnect(id);
            start();
            if (was) scheduler.after(10 + random.nextInt(200), () -> { if (!online) connect(); });
        }

        void step() {
            if (stepsLeft == 0) return;
            stepsLeft--;
            if (!healing && online && random.nextDouble() < config.offline()) {
                outages++;
                disconnect();
                scheduler.after(100 + random.nextInt(MAX_OUTAGE), () -> { if (!online) connect(); });
            }
            if (random.nextDouble() < config.restart()) {
                if (random.nextInt(clients.size() + 1) == 0) restartRelay(); else restart();
            }
            change();
            if (stepsLeft > 0) scheduler.after(1 + random.nextInt(MAX_STEP_GAP), this::step);
        }

        private void change() {
            int kind = known.isEmpty() ? 0 : random.nextInt(10);
            String doc = known.isEmpty() ? null : new ArrayList<>(known).get(random.nextInt(known.size()));
            switch (kind) {
                case 0 -> {
                    String newId = DocIds.newId(START + scheduler.now() + skew, random);
                    session.create(newId, TITLES[random.nextInt(TITLES.length)]).thenAccept(this::wroteAll);
                }
                case 1, 2, 3 -> session.rename(doc, TITLES[random.nextInt(TITLES.length)] + " " + random.nextInt(100))
                        .thenAccept(r -> wrote(r, MetaField.TITLE));
                case 4, 5 -> {
                    List<String> tags = new ArrayList<>();
                    for (String t : TAGS) if (random.nextBoolean()) tags.add(t);
                    session.setTags(doc, tags).thenAccept(r -> wrote(r, MetaField.TAGS));
                }
                case 6 -> session.setPinned(doc, random.nextBoolean()).thenAccept(r -> wrote(r, MetaField.PINNED));
                case 7 -> session.setFolder(doc, FOLDERS[random.nextInt(FOLDERS.length)]).thenAccept(r -> wrote(r, MetaField.FOLDER));
                default -> (random.nextBoolean() ? session.delete(doc) : session.restore(doc)).thenAccept(r -> wrote(r, MetaField.DELETED));
            }
        }

        private void wroteAll(MetaRecord r) {
            for (MetaField f : r.fields().keySet()) wrote(r, f);
        }

        /** Notes a local write (it just won locally: its stamp is above all this client has seen). */
        private void wrote(MetaRecord r, MetaField f) {
            writes++;
            MetaRecord.Stamped s = r.fields().get(f);
            FieldChange w = new FieldChange(r.docId(), f, s.value(), s.stamp());
            latest.merge(w.key(), w, (a, b) -> b.stamp().isAfter(a.stamp()) ? b : a);
        }
    }


}
