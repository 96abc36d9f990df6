package dev.tandem.cli.lab;

import dev.tandem.cli.sim.FaultyNetwork;
import dev.tandem.cli.sim.Scheduler;
import dev.tandem.engine.sync.Conflict;

import java.util.Random;

/**
 * What every engine of one lab run shares: virtual time, the network's random generator and weather (from the
 * scenario), the latency probe, and the document everybody starts from.
 *
 * <p>Concurrency: single-threaded (the run's thread).
 */
final class LabContext {

    /** The one document of a lab run. */
    static final String DOC = "lab-doc";

    private final Scheduler scheduler;
    private final Random networkRandom;
    private final Scenario scenario;
    private final ArrivalProbe probe;
    private final String initialText;
    private int conflictIds;

    LabContext(Scheduler scheduler, Random networkRandom, Scenario scenario, String initialText) {
        this.scheduler = scheduler;
        this.networkRandom = networkRandom;
        this.scenario = scenario;
        this.probe = new ArrivalProbe(scheduler::now);
        this.initialText = initialText;
    }

    Scheduler scheduler() { return scheduler; }

    long now() { return scheduler.now(); }

    Scenario scenario() { return scenario; }

    int clients() { return scenario.clients(); }

    ArrivalProbe probe() { return probe; }

    String initialText() { return initialText; }

    /** A network for an engine's own messages, with the scenario's latency and faults. */
    <M> FaultyNetwork<M> network(FaultyNetwork.Wire<M> wire) {
        return new FaultyNetwork<>(scheduler, networkRandom, scenario.faults(), scenario.latency(), wire);
    }

    /** A user's name on the network. */
    static String node(int client) { return "c" + client; }

    /** The user index of a network name ({@code "c3"} → 3). */
    static int client(String node) { return Integer.parseInt(node.substring(1)); }

    /**
     * A conflict record for a strategy that has no engine of its own to keep one: user {@code author}'s text
     * {@code inserted} (meant to replace {@code deleted}) was not applied, and the user was told why.
     */
    Conflict surfaced(int author, int aimedAt, String deleted, String inserted, String reason) {
        return surfaced(author, aimedAt, "", deleted, inserted, "", reason);
    }

    /** {@link #surfaced(int, int, String, String, String)} with the text expected around the change. */
    Conflict surfaced(int author, int aimedAt, String before, String deleted, String inserted, String after, String reason) {
        return new Conflict("lab-" + (++conflictIds), DOC, node(author), now(), Conflict.Origin.LOCAL_EDIT_REJECTED_BY_HUB,
                aimedAt, before, deleted, inserted, after, reason);
    }
}
