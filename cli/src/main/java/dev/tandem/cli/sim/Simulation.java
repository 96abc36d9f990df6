package dev.tandem.cli.sim;

import dev.tandem.engine.protocol.Message;
import dev.tandem.engine.store.DocumentStore;
import dev.tandem.engine.store.StoreException;
import dev.tandem.engine.sync.ClientDocument;
import dev.tandem.engine.sync.Conflict;
import dev.tandem.engine.sync.EngineLimits;
import dev.tandem.engine.sync.HubDocument;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Random;

/**
 * N clients and a hub of one document, in one thread, over a {@link FaultyNetwork}, in virtual time: users type random
 * edits ({@link RandomEdits}) at random times; messages are dropped, duplicated, reordered and delayed; connections are
 * cut; sides restart from their stores. Then the network heals and the run continues until quiescence: nothing in
 * flight, nothing unacknowledged, every text equal to the hub's (or a bound on virtual time is reached).
 *
 * <p>Every side handles several inputs, then puts the messages it produced on the network (after {@link #COMMIT_DELAY}
 * of virtual time), in one of the two ways the engine allows: it commits its store first (as the sessions do: the
 * default), or it sends first and commits a little later (group commit, decision 0013: its messages then acknowledge
 * only what is durable). {@code -Dsim.hubGroupCommit=true} / {@code -Dsim.clientGroupCommit=true} let the seed choose
 * per side; without them the seeds draw nothing for it, so a seed's run is the one it was before group commit existed. A restart drops the side's document and uncommitted entries and unsent
 * messages, reopens from the store, and cuts its connections. A user's edit is committed at once (the editor stores
 * every edit locally first).
 *
 * <p>Determinism: one {@link Random} seeded by the config drives everything, time is virtual, the engine's clock reads
 * it and conflict ids come from a counter; the same config gives the same run.
 *
 * <p>Concurrency: single-threaded; not reusable (one {@link #run()} per instance).
 */
public final class Simulation {

    static final String DOC = "sim-doc";
    /** Virtual ms between a side's first buffered output and its commit-then-send. */
    static final long COMMIT_DELAY = 1;
    /** A side that sends before it commits commits within this much virtual time after sending. */
    static final int MAX_COMMIT_LAG = 40;
    /** Retransmission timeout of an exchange in flight. */
    static final long RETRANSMIT_AFTER = 200;
    /** A client syncs at least this often (ms), change or no change. */
    static final long HEARTBEAT = 1_000;
    /** Longest gap between two edits of one user (ms). */
    static final int MAX_TYPING_GAP = 120;
    /** Longest a cut connection stays down (ms). */
    static final int MAX_OUTAGE = 3_000;
    /** The most virtual time the healed network gets to reach quiescence (ms). */
    static final long HEAL_BUDGET = 120_000;
    /** Journal entries after which a side checkpoints its document. */
    static final long CHECKPOINT_AFTER = 5_000;

    private final SimConfig config;
    private final NodeStorage storage;
    private final Random random;
    private final Scheduler scheduler = new Scheduler();
    private final FaultyNetwork<Message> network;
    private final MarkerLedger ledger = new MarkerLedger();
    private final RandomEdits typist;
    private final List<ClientNode> clients = new ArrayList<>();
    private final HubNode hub;
    private long conflictIds;
    private int recoveries;
    private int restarts;
    private int disconnects;
    private boolean healing;
    private boolean used;

    public Simulation(SimConfig config, NodeStorage storage) {
        dev.tandem.engine.text.TextDiff.useDeterministicBudgets(); // the same seed must give the same run
        this.config = config;
        this.storage = storage;
        this.random = new Random(config.seed());
        this.network = FaultyNetwork.ofEngineMessages(scheduler, random, new FaultyNetwork.Faults(config.drop(), config.dup(), config.reorder()));
        this.typist = new RandomEdits(random, ledger);
        this.hub = new HubNode();
        network.register(FaultyNetwork.HUB, hub::deliver);
        for (int i = 0; i < config.clients(); i++) {
            ClientNode c = new ClientNode(i);
            clients.add(c);
            network.register(c.id, c::deliver);
        }
    }

    /** Runs the whole simulation. */
    public SimResult run() {
        if (used) throw new IllegalStateException("a Simulation runs once");
        used = true;
        for (ClientNode c : clients) {
            scheduler.after(random.nextInt(MAX_TYPING_GAP), c::type);
            scheduler.after(random.nextInt((int) HEARTBEAT), c::heartbeat);
            scheduler.after(0, () -> c.sync(true));
        }
        long healDeadline = Long.MAX_VALUE;
        while (scheduler.runNext()) {
            if (watch != null) watchStep();
            if (!healing && clients.stream().allMatch(c -> c.editsLeft == 0)) {
                heal();
                healDeadline = scheduler.now() + HEAL_BUDGET;
            }
            if (healing && (quiescent() || scheduler.now() > healDeadline)) break;
        }
        return result();
    }

    /** Diagnosis: told after every event which markers vanished from every text and conflict record. */
    private java.util.function.Consumer<String> watch;
    private java.util.Set<String> vanished = new java.util.HashSet<>();

    void watch(java.util.function.Consumer<String> sink) { this.watch = sink; }

    private void watchStep() {
        StringBuilder all = new StringBuilder(hub.doc.text());
        List<Conflict> conflicts = new ArrayList<>(hub.doc.conflicts());
        for (ClientNode c : clients) { all.append('\n').append(c.doc.text()); conflicts.addAll(c.doc.conflicts()); }
        List<String> lost = ledger.silentlyLost(all, conflicts);
        for (String id : lost) {
            if (vanished.add(id)) watch.accept("t=" + scheduler.now() + " marker " + id + " vanished; hub=" + hub.doc.text().length()
                    + " texts=" + clientTexts().stream().map(String::length).toList());
        }
        if (follow != null) followStep();
    }

    /** Diagnosis ({@code -Dsim.follow=c0-64} with {@code --events}): where one marker is, text by text, as it changes. */
    private final String follow = System.getProperty("sim.follow");
    private final java.util.Map<String, String> followed = new java.util.HashMap<>();

    private void followStep() {
        java.util.Map<String, String> texts = new java.util.LinkedHashMap<>();
        texts.put("hub", hub.doc.text());
        for (ClientNode c : clients) texts.put(c.id, c.doc.text());
        String whole = MarkerLedger.head(follow) + MarkerLedger.CLOSE;
        String tail = MarkerLedger.tail(follow);
        for (var e : texts.entrySet()) {
            String t = e.getValue();
            int at = t.indexOf(whole);
            String where;
            if (at >= 0) {
                where = "whole at " + at + ": " + abbreviate(t.substring(Math.max(0, at - 20), Math.min(t.length(), at + whole.length() + 20)));
            } else {
                int h = t.indexOf(MarkerLedger.head(follow));
                int k = t.indexOf(tail);
                where = "absent" + (h >= 0 ? ", head at " + h + ": " + abbreviate(t.substring(Math.max(0, h - 20), Math.min(t.length(), h + 30))) : "")
                        + (k >= 0 ? ", tail at " + k + ": " + abbreviate(t.substring(Math.max(0, k - 30), Math.min(t.length(), k + 20))) : "");
            }
            if (!where.equals(followed.put(e.getKey(), where))) {
                watch.accept("t=" + scheduler.now() + " follow " + follow + " in " + e.getKey() + ": " + where);
            }
        }
    }

    private static String abbreviate(String s) {
        String t = s.replace("\n", "\\n").replace("\t", "\\t");
        int max = Integer.getInteger("sim.abbrev", 160); return t.length() <= max ? t : t.substring(0, max - 60) + "..." + t.substring(t.length() - 50);
    }

    private void heal() {
        healing = true;
        network.setFaults(FaultyNetwork.Faults.NONE);
        for (ClientNode c : clients) {
            if (!network.isUp(c.id)) c.reconnect();
            c.sync(true);
        }
    }

    private boolean quiescent() {
        if (network.inFlight() > 0 || !hub.outbox.isEmpty()) return false;
        for (ClientNode c : clients) {
            if (!c.outbox.isEmpty() || c.doc.awaitingReply() || c.doc.unacknowledgedEdits() > 0) return false;
        }
        String text = hub.doc.text();
        for (ClientNode c : clients) if (!c.doc.text().equals(text)) return false;
        return true;
    }

    private SimResult result() {
        String text = hub.doc.text();
        boolean converged = clients.stream().allMatch(c -> c.doc.text().equals(text));
        List<Conflict> conflicts = new ArrayList<>(hub.doc.conflicts());
        for (ClientNode c : clients) conflicts.addAll(c.doc.conflicts());
        List<String> lost = ledger.silentlyLost(text, conflicts);
        return new SimResult(converged, lost.size(), conflicts.size(), recoveries, text.length(),
                network.stats().sent(), config.seed(), lost, MarkerLedger.fragmented(lost, conflicts, text), scheduler.now(),
                restarts, disconnects);
    }

    /** Hub text and client texts, for tests and diagnosis. */
    String hubText() { return hub.doc.text(); }

    List<String> clientTexts() {
        List<String> out = new ArrayList<>();
        for (ClientNode c : clients) out.add(c.doc.text());
        return out;
    }

    FaultyNetwork.Stats networkStats() { return network.stats(); }

    /** Every conflict record held at the end, hub first. */
    List<Conflict> allConflicts() {
        List<Conflict> out = new ArrayList<>(hub.doc.conflicts());
        for (ClientNode c : clients) out.addAll(c.doc.conflicts());
        return out;
    }

    int markersIssued() { return ledger.issuedCount(); }

    private String nextConflictId() { return "k" + (++conflictIds); }

    private static DocumentStore open(NodeStorage storage, String node) {
        try {
            return storage.open(node);
        } catch (StoreException e) {
            throw new SimulationException("cannot open the store of " + node + ": " + e.getMessage(), e);
        }
    }

    /**
     * Runs a side's group commit a little later ({@link #MAX_COMMIT_LAG}), unless the side restarted meanwhile (its
     * incarnation moved on: the commit belonged to the state the crash lost).
     */
    private void commitLater(java.util.function.LongSupplier incarnation, long scheduledIn, Runnable commit) {
        scheduler.after(1 + random.nextInt(MAX_COMMIT_LAG), () -> {
            if (incarnation.getAsLong() == scheduledIn) commit.run();
        });
    }

    /** Whether the store holds entries of the document not committed yet. */
    private static boolean uncommitted(DocumentStore store) {
        dev.tandem.engine.sync.DocumentJournal j = store.journal(DOC);
        return j.position() > j.durablePosition();
    }

    private static void commit(DocumentStore store, String node) {
        try {
            store.commit();
        } catch (StoreException e) {
            throw new SimulationException("cannot commit the store of " + node + ": " + e.getMessage(), e);
        }
    }

    private static void maybeCheckpoint(DocumentStore store, String node, java.util.function.Supplier<dev.tandem.engine.sync.DocumentSnapshot> snapshot) {
        if (store.journalLength(DOC) < CHECKPOINT_AFTER) return;
        try {
            store.checkpoint(snapshot.get());
        } catch (StoreException e) {
            throw new SimulationException("cannot checkpoint the store of " + node + ": " + e.getMessage(), e);
        }
    }

    /** A store failure inside a simulation (the run cannot continue meaningfully). */
    public static final class SimulationException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        SimulationException(String message, Throwable cause) { super(message, cause); }
    }

    // ---------------------------------------------------------------------------------------------------------------

    private final class ClientNode {
        final int index;
        final String id;
        DocumentStore store;
        ClientDocument doc;
        final List<Message> outbox = new ArrayList<>();
        /** Bumped by a restart: flushes and timeouts of an earlier incarnation do nothing. */
        long incarnation;
        long timeoutToken;
        boolean flushScheduled;
        int editsLeft = config.edits();
        /**
         * Sends, then commits up to {@link #MAX_COMMIT_LAG} later (else commits, then sends): its acknowledgements then
         * count only what it has committed, and its own edits leave at once (a restart that loses one it sent makes
         * the hub find the version reused and reset the link; the merge keeps what the hub has).
         */
        final boolean sendsBeforeCommit = Boolean.getBoolean("sim.clientGroupCommit") && random.nextBoolean();
        boolean commitScheduled;

        ClientNode(int index) {
            this.index = index;
            this.id = "c" + index;
            openDocument();
        }

        private void openDocument() {
            store = open(storage, id);
            Optional<dev.tandem.engine.sync.DocumentSnapshot> stored;
            try {
                stored = store.load(DOC);
            } catch (StoreException e) {
                throw new SimulationException("cannot load " + id + ": " + e.getMessage(), e);
            }
            doc = ClientDocument.open(DOC, stored, store.journal(DOC), EngineLimits.DEFAULTS, scheduler::now,
                    Simulation.this::nextConflictId);
            commit(store, id);
        }

        void type() {
            if (editsLeft == 0) return;
            editsLeft--;
            if (random.nextDouble() < config.disconnect() && network.isUp(id)) {
                disconnects++;
                network.cut(id);
                doc.connectionLost();
                scheduler.after(100 + random.nextInt(MAX_OUTAGE), () -> { if (!healing) reconnect(); });
            }
            if (random.nextDouble() < config.restart()) {
                restarts++;
                boolean hubRestarts = random.nextInt(clients.size() + 1) == 0;
                if (watch != null) watch.accept("t=" + scheduler.now() + " " + (hubRestarts ? "hub" : id) + " restarts");
                if (hubRestarts) hub.restart(); else restart();
            }
            RandomEdits.Splice s = typist.next(index, doc.text());
            if (watch != null) watch.accept("t=" + scheduler.now() + " " + id + " types " + s.pos() + "-" + s.deleted() + "+" + abbreviate(s.inserted()));
            doc.edit(s.pos(), s.deleted(), s.inserted());
            commit(store, id); // the editor stores every edit locally first
            long debounce = random.nextInt(30);
            scheduler.after(debounce, () -> sync(false));
            if (editsLeft > 0) scheduler.after(1 + random.nextInt(MAX_TYPING_GAP), this::type);
        }

        void heartbeat() {
            sync(true);
            scheduler.after(HEARTBEAT, this::heartbeat);
        }

        void sync(boolean force) {
            doc.startExchange(force).ifPresent(this::queue);
        }

        void reconnect() {
            network.restore(id);
            sync(true);
        }

        void deliver(String from, Message m) {
            boolean joined = doc.joined();
            ClientDocument.Step step = doc.receive(m);
            if (watch != null) watch.accept("t=" + scheduler.now() + " " + id + " got " + abbreviate(dev.tandem.engine.protocol.MessageCodec.encodeToString(m)) + " -> splices " + step.textSplices().stream().map(x -> x.pos() + "-" + x.deleted() + "+" + abbreviate(x.inserted())).toList() + " conflicts " + step.newConflicts().stream().map(x -> x.origin() + ":" + abbreviate(x.inserted()) + "/" + abbreviate(x.deleted()) + ":" + x.reason()).toList());
            if (step.reset() && joined) recoveries++; // a client's first reset is its join, not a recovery
            step.reply().ifPresent(this::queue);
        }

        void queue(Message m) {
            outbox.add(m);
            if (!flushScheduled) {
                flushScheduled = true;
                long inc = incarnation;
                scheduler.after(COMMIT_DELAY, () -> { if (inc == incarnation) flush(); });
            }
        }

        void flush() {
            flushScheduled = false;
            if (sendsBeforeCommit) {
                if (uncommitted(store)) scheduleCommit();
            } else {
                commit(store, id);
                maybeCheckpoint(store, id, doc::snapshot);
            }
            List<Message> out = new ArrayList<>(outbox);
            outbox.clear();
            for (Message m : out) network.send(id, FaultyNetwork.HUB, sendsBeforeCommit ? m : m.afterCommit());
            if (doc.awaitingReply()) armTimeout();
        }

        void scheduleCommit() {
            if (commitScheduled) return;
            commitScheduled = true;
            commitLater(() -> incarnation, incarnation, () -> {
                commitScheduled = false;
                commit(store, id);
                maybeCheckpoint(store, id, doc::snapshot);
                sync(false); // my edits made durable by this commit may leave now
            });
        }

        void armTimeout() {
            long token = ++timeoutToken;
            long inc = incarnation;
            scheduler.after(RETRANSMIT_AFTER, () -> {
                if (inc != incarnation || token != timeoutToken || !doc.awaitingReply()) return;
                doc.retransmit().ifPresent(this::queue);
                armTimeout();
            });
        }

        /** Crash and reopen from the store: unsent messages and uncommitted entries are gone, connections cut. */
        void restart() {
            incarnation++;
            outbox.clear();
            flushScheduled = false;
            commitScheduled = false;
            network.reconnect(id);
            openDocument();
            scheduler.after(10 + random.nextInt(200), () -> sync(true));
        }

        /** The hub restarted: this client's connection broke and is made again. */
        void hubRestarted() {
            doc.connectionLost();
            network.reconnect(id);
            scheduler.after(10 + random.nextInt(200), () -> sync(true));
        }
    }

    private final class HubNode {
        private record Outgoing(String to, Message message) {}

        DocumentStore store;
        HubDocument doc;
        final List<Outgoing> outbox = new ArrayList<>();
        final java.util.Set<String> pendingPush = new java.util.LinkedHashSet<>();
        long incarnation;
        boolean flushScheduled;
        /** As {@link ClientNode#sendsBeforeCommit}. */
        final boolean sendsBeforeCommit = Boolean.getBoolean("sim.hubGroupCommit") && random.nextBoolean();
        boolean commitScheduled;
        /** A queued reply carries edits not durable yet: the next flush commits before it sends. */
        boolean commitBeforeFlush;

        HubNode() { openDocument(); }

        private void openDocument() {
            store = open(storage, FaultyNetwork.HUB);
            Optional<dev.tandem.engine.sync.DocumentSnapshot> stored;
            try {
                stored = store.load(DOC);
            } catch (StoreException e) {
                throw new SimulationException("cannot load the hub: " + e.getMessage(), e);
            }
            doc = HubDocument.open(DOC, stored, store.journal(DOC), EngineLimits.DEFAULTS, scheduler::now,
                    Simulation.this::nextConflictId);
            doc.sendBeforeCommit(sendsBeforeCommit);
        }

        void deliver(String from, Message m) {
            HubDocument.Step step = doc.receive(from, m);
            if (watch != null) watch.accept("t=" + scheduler.now() + " hub got from " + from + " " + abbreviate(dev.tandem.engine.protocol.MessageCodec.encodeToString(m)) + " -> splices " + step.textSplices().stream().map(x -> x.pos() + "-" + x.deleted() + "+" + abbreviate(x.inserted())).toList() + " conflicts " + step.newConflicts().stream().map(x -> abbreviate(x.inserted()) + "/" + abbreviate(x.deleted()) + ":" + x.reason()).toList());
            step.reply().ifPresent(r -> queue(from, r));
            if (step.commitFirst()) commitBeforeFlush = true;
            if (!step.changed().isEmpty()) {
                pendingPush.addAll(step.changed());
                scheduleFlush();
            }
        }

        void queue(String to, Message m) {
            outbox.add(new Outgoing(to, m));
            scheduleFlush();
        }

        private void scheduleFlush() {
            if (!flushScheduled) {
                flushScheduled = true;
                long inc = incarnation;
                scheduler.after(COMMIT_DELAY, () -> { if (inc == incarnation) flush(); });
            }
        }

        void flush() {
            flushScheduled = false;
            if (sendsBeforeCommit) {
                flushBeforeCommit();
                return;
            }
            // Pushes are coalesced: one per client per flush, carrying every change since its last.
            for (String to : pendingPush) doc.push(to).ifPresent(m -> outbox.add(new Outgoing(to, m)));
            pendingPush.clear();
            commit(store, FaultyNetwork.HUB);
            maybeCheckpoint(store, FaultyNetwork.HUB, doc::snapshot);
            List<Outgoing> out = new ArrayList<>(outbox);
            outbox.clear();
            for (Outgoing o : out) network.send(FaultyNetwork.HUB, o.to(), o.message().afterCommit());
        }

        /**
         * Group commit: sends at once and commits later, unless a queued reply carries edits not durable yet; then it
         * commits first, before the pushes, so that they carry what the commit made durable.
         */
        private void flushBeforeCommit() {
            List<Outgoing> out = new ArrayList<>();
            if (commitBeforeFlush) {
                commitBeforeFlush = false;
                commit(store, FaultyNetwork.HUB);
                maybeCheckpoint(store, FaultyNetwork.HUB, doc::snapshot);
                for (Outgoing o : outbox) out.add(new Outgoing(o.to(), o.message().afterCommit()));
            } else {
                out.addAll(outbox);
            }
            outbox.clear();
            for (String to : pendingPush) doc.push(to).ifPresent(m -> out.add(new Outgoing(to, m)));
            pendingPush.clear();
            if (uncommitted(store)) scheduleCommit();
            for (Outgoing o : out) network.send(FaultyNetwork.HUB, o.to(), o.message());
        }

        void scheduleCommit() {
            if (commitScheduled) return;
            commitScheduled = true;
            commitLater(() -> incarnation, incarnation, () -> {
                commitScheduled = false;
                commit(store, FaultyNetwork.HUB);
                maybeCheckpoint(store, FaultyNetwork.HUB, doc::snapshot);
                for (ClientNode c : clients) pendingPush.add(c.id); // edits made durable by this commit may leave now
                scheduleFlush();
            });
        }

        void restart() {
            incarnation++;
            outbox.clear();
            flushScheduled = false;
            commitScheduled = false;
            commitBeforeFlush = false;
            openDocument();
            for (ClientNode c : clients) c.hubRestarted();
        }
    }

}
