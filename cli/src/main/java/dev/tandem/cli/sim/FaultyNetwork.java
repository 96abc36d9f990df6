package dev.tandem.cli.sim;

import dev.tandem.engine.protocol.Message;
import dev.tandem.engine.protocol.MessageCodec;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;

/**
 * The simulator's network between clients and the hub: every message travels in its wire form (a {@link Wire}: the
 * body protocol's {@link MessageCodec}, or the metadata protocol's codec) with a random delay, and may be dropped, duplicated or held back long enough to be overtaken
 * (reordered). Each client's connection to the hub can be cut (messages in both directions are lost, including those
 * already in flight) and restored, or replaced (a restart: messages of the old connection are lost).
 *
 * <p>Concurrency: single-threaded, driven by the {@link Scheduler}.
 */
final class FaultyNetwork<M> {

    /** A message's wire form, both ways: what travels is the encoded bytes, never the sender's object. */
    interface Wire<M> {
        byte[] encode(M message);

        M decode(byte[] wire);
    }

    /** The body protocol's wire form. */
    static final Wire<Message> BODY = new Wire<>() {
        @Override
        public byte[] encode(Message m) {
            return MessageCodec.encode(m);
        }

        @Override
        public Message decode(byte[] wire) {
            return MessageCodec.decode(wire);
        }
    };

    /** The hub's name on the network. */
    static final String HUB = "hub";

    /** Shortest and longest ordinary delay of a message, ms. */
    static final int MIN_DELAY = 1;
    static final int MAX_DELAY = 50;
    /** The extra delay of a reordered message, up to this many ms (it is overtaken by later ones). */
    static final int MAX_REORDER_DELAY = 300;

    /** Fault probabilities, each per message. */
    record Faults(double drop, double dup, double reorder) {
        static final Faults NONE = new Faults(0, 0, 0);

        Faults {
            check("drop", drop);
            check("dup", dup);
            check("reorder", reorder);
        }

        private static void check(String name, double p) {
            if (!(p >= 0 && p <= 1)) throw new IllegalArgumentException(name + " must be a probability in [0, 1]: " + p);
        }
    }

    /** A node that receives messages. */
    @FunctionalInterface
    interface Receiver<M> {
        void deliver(String from, M message);
    }

    /** Counters of what the network did, for tests and the report. */
    record Stats(long sent, long delivered, long dropped, long duplicated, long reordered, long lostToCuts, long wireBytes) {}

    private static final class Connection {
        boolean up = true;
        long generation;
    }

    private final Scheduler scheduler;
    private final Random random;
    private final Wire<M> wire;
    private Faults faults;
    private final Map<String, Receiver<M>> receivers = new LinkedHashMap<>();
    private final Map<String, Connection> connections = new LinkedHashMap<>();
    private long inFlight;
    private long sent;
    private long delivered;
    private long dropped;
    private long duplicated;
    private long reordered;
    private long lostToCuts;
    private long wireBytes;

    FaultyNetwork(Scheduler scheduler, Random random, Faults faults, Wire<M> wire) {
        this.scheduler = scheduler;
        this.random = random;
        this.faults = faults;
        this.wire = wire;
    }

    void register(String node, Receiver<M> receiver) {
        receivers.put(node, receiver);
        if (!node.equals(HUB)) connections.put(node, new Connection());
    }

    void setFaults(Faults faults) { this.faults = faults; }

    /** Sends a message from a client to the hub or back. */
    void send(String from, String to, M message) {
        String client = from.equals(HUB) ? to : from;
        Connection c = connections.get(client);
        if (c == null || !receivers.containsKey(to)) throw new IllegalArgumentException("no connection " + from + " -> " + to);
        sent++;
        byte[] bytes = wire.encode(message);
        wireBytes += bytes.length;
        if (!c.up) { lostToCuts++; return; }
        if (random.nextDouble() < faults.drop()) { dropped++; return; }
        int copies = 1;
        if (random.nextDouble() < faults.dup()) { copies = 2; duplicated++; }
        for (int i = 0; i < copies; i++) {
            long delay = MIN_DELAY + random.nextInt(MAX_DELAY - MIN_DELAY + 1);
            if (random.nextDouble() < faults.reorder()) { delay += MAX_DELAY + random.nextInt(MAX_REORDER_DELAY); reordered++; }
            long generation = c.generation;
            inFlight++;
            scheduler.after(delay, () -> {
                inFlight--;
                if (!c.up || c.generation != generation) { lostToCuts++; return; }
                delivered++;
                receivers.get(to).deliver(from, wire.decode(bytes));
            });
        }
    }

    /** Cuts a client's connection: everything in flight and everything sent until {@link #restore} is lost. */
    void cut(String client) {
        Connection c = connections.get(client);
        c.up = false;
        c.generation++;
    }

    void restore(String client) { connections.get(client).up = true; }

    boolean isUp(String client) { return connections.get(client).up; }

    /** Replaces a client's connection by a new one (a side restarted): what is in flight on the old one is lost. */
    void reconnect(String client) { connections.get(client).generation++; }

    /** Messages scheduled for delivery (lost ones included until their delivery time). */
    long inFlight() { return inFlight; }

    Stats stats() { return new Stats(sent, delivered, dropped, duplicated, reordered, lostToCuts, wireBytes); }
}
