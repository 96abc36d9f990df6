package dev.tandem.cli.sim;

import dev.tandem.engine.protocol.Message;
import dev.tandem.engine.protocol.MessageCodec;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;

/**
 * The simulator's network between clients and the hub: every message travels in its wire form (a {@link Wire}: for
 * the engine's messages {@link MessageCodec}) with a random delay, and may be dropped, duplicated or held back long
 * enough to be overtaken (reordered). Each client's connection to the hub can be cut (messages in both directions are
 * lost, including those already in flight) and restored, or replaced (a restart: messages of the old connection are
 * lost). Generic in the message type so that the sync lab's other strategies travel over the very same faults.
 *
 * <p>Concurrency: single-threaded, driven by the {@link Scheduler}.
 *
 * @param <M> the messages it carries
 */
public final class FaultyNetwork<M> {

    /** The hub's name on the network. */
    public static final String HUB = "hub";

    /** Shortest and longest ordinary delay of a message, ms ({@link Latency#DEFAULT}). */
    static final int MIN_DELAY = 1;
    static final int MAX_DELAY = 50;
    /** The extra delay of a reordered message, up to this many ms (it is overtaken by later ones). */
    static final int MAX_REORDER_DELAY = 300;

    /** A message's wire form, both ways; the network counts its bytes and delivers what decoding gives back. */
    public interface Wire<M> {
        byte[] encode(M message);

        M decode(byte[] wire);
    }

    /** The engine's own messages in their protocol form. */
    public static final Wire<Message> ENGINE_WIRE = new Wire<>() {
        @Override
        public byte[] encode(Message message) { return MessageCodec.encode(message); }

        @Override
        public Message decode(byte[] wire) { return MessageCodec.decode(wire); }
    };

    /**
     * How late messages arrive: an ordinary delay in {@code [min, max]} ms, and a reordered message up to
     * {@code maxReorder} ms more after {@code max} (so later ones overtake it).
     */
    public record Latency(int min, int max, int maxReorder) {
        /** The simulator's network (1–50 ms, reordered up to 300 ms more). */
        public static final Latency DEFAULT = new Latency(MIN_DELAY, MAX_DELAY, MAX_REORDER_DELAY);

        public Latency {
            if (min < 0 || max < min) throw new IllegalArgumentException("latency must be 0 <= min <= max: " + min + ", " + max);
            if (maxReorder < 1) throw new IllegalArgumentException("maxReorder must be positive: " + maxReorder);
        }
    }

    /** Fault probabilities, each per message. */
    public record Faults(double drop, double dup, double reorder) {
        public static final Faults NONE = new Faults(0, 0, 0);

        public Faults {
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
    public interface Receiver<M> {
        void deliver(String from, M message);
    }

    /** Counters of what the network did, for tests and the report. */
    public record Stats(long sent, long delivered, long dropped, long duplicated, long reordered, long lostToCuts, long wireBytes) {}

    private static final class Connection {
        boolean up = true;
        long generation;
    }

    private final Scheduler scheduler;
    private final Random random;
    private final Latency latency;
    private final Wire<M> codec;
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

    /** The simulator's network of engine messages, with the default latency. */
    static FaultyNetwork<Message> ofEngineMessages(Scheduler scheduler, Random random, Faults faults) {
        return new FaultyNetwork<>(scheduler, random, faults, Latency.DEFAULT, ENGINE_WIRE);
    }

    public FaultyNetwork(Scheduler scheduler, Random random, Faults faults, Latency latency, Wire<M> codec) {
        this.scheduler = scheduler;
        this.random = random;
        this.faults = faults;
        this.latency = latency;
        this.codec = codec;
    }

    public void register(String node, Receiver<M> receiver) {
        receivers.put(node, receiver);
        if (!node.equals(HUB)) connections.put(node, new Connection());
    }

    public void setFaults(Faults faults) { this.faults = faults; }

    /** Sends a message from a client to the hub or back. */
    public void send(String from, String to, M message) {
        String client = from.equals(HUB) ? to : from;
        Connection c = connections.get(client);
        if (c == null || !receivers.containsKey(to)) throw new IllegalArgumentException("no connection " + from + " -> " + to);
        sent++;
        byte[] wire = codec.encode(message);
        wireBytes += wire.length;
        if (!c.up) { lostToCuts++; return; }
        if (random.nextDouble() < faults.drop()) { dropped++; return; }
        int copies = 1;
        if (random.nextDouble() < faults.dup()) { copies = 2; duplicated++; }
        for (int i = 0; i < copies; i++) {
            long delay = latency.min() + random.nextInt(latency.max() - latency.min() + 1);
            if (random.nextDouble() < faults.reorder()) { delay += latency.max() + random.nextInt(latency.maxReorder()); reordered++; }
            long generation = c.generation;
            inFlight++;
            scheduler.after(delay, () -> {
                inFlight--;
                if (!c.up || c.generation != generation) { lostToCuts++; return; }
                delivered++;
                receivers.get(to).deliver(from, codec.decode(wire));
            });
        }
    }

    /** Cuts a client's connection: everything in flight and everything sent until {@link #restore} is lost. */
    public void cut(String client) {
        Connection c = connections.get(client);
        c.up = false;
        c.generation++;
    }

    public void restore(String client) { connections.get(client).up = true; }

    public boolean isUp(String client) { return connections.get(client).up; }

    /** Replaces a client's connection by a new one (a side restarted): what is in flight on the old one is lost. */
    public void reconnect(String client) { connections.get(client).generation++; }

    /** Messages scheduled for delivery (lost ones included until their delivery time). */
    public long inFlight() { return inFlight; }

    public Stats stats() { return new Stats(sent, delivered, dropped, duplicated, reordered, lostToCuts, wireBytes); }
}
