package dev.tandem.engine.meta;

import java.util.Objects;
import java.util.function.LongSupplier;

/**
 * A hybrid logical clock (Kulkarni et al., "Logical Physical Clocks", 2014): stamps that follow the wall clock when it
 * moves forward, and never go backwards or fall behind a stamp this node has seen. A local write stamped after
 * observing a peer's stamp is therefore ordered after it, whatever the two wall clocks say: a node whose clock runs
 * ahead wins only until the others have seen its stamp, and a node whose clock runs behind still wins with a write made
 * after it pulled.
 *
 * <p>Rules: {@link #tick()} for a local event: {@code millis = max(wall, last.millis)}, counter 0 if the wall clock moved
 * past {@code last}, else {@code last.counter + 1}. {@link #observe} for a received stamp: {@code last = max(last, seen)}
 * (the next tick then follows it).
 *
 * <p>Concurrency: not thread-safe; one owner (a session's actor, or the hub under its lock).
 */
public final class HlcClock {

    private final String node;
    private final LongSupplier wall;
    private long lastMillis;
    private int lastCounter = -1;

    /**
     * @param node  this node's id (part of every stamp it issues)
     * @param wall  the wall clock, ms since the epoch
     * @param floor the greatest stamp this node issued or saw before (from its store), or null: stamps stay above it
     */
    public HlcClock(String node, LongSupplier wall, Hlc floor) {
        if (!Hlc.isNodeId(node)) throw new IllegalArgumentException("clock node must be 1-64 of A-Z a-z 0-9 . _ -: \"" + node + "\"");
        this.node = node;
        this.wall = Objects.requireNonNull(wall, "wall");
        if (floor != null) observe(floor);
    }

    public String node() {
        return node;
    }

    /** The wall clock's reading (not a stamp). */
    public long wallMillis() {
        return wall.getAsLong();
    }

    /** A new stamp for a local write: after every stamp issued or observed so far. */
    public Hlc tick() {
        long now = wall.getAsLong();
        if (now > lastMillis) {
            lastMillis = now;
            lastCounter = 0;
        } else {
            if (lastCounter == Integer.MAX_VALUE) { // (unreachable in practice) move the physical part instead
                lastMillis++;
                lastCounter = 0;
            } else {
                lastCounter++;
            }
        }
        return new Hlc(lastMillis, lastCounter, node);
    }

    /** Takes a stamp seen from elsewhere into account: later ticks are ordered after it. */
    public void observe(Hlc seen) {
        if (seen.millis() > lastMillis || (seen.millis() == lastMillis && seen.counter() > lastCounter)) {
            lastMillis = seen.millis();
            lastCounter = seen.counter();
        }
    }
}
