package dev.tandem.cli.lab;

import dev.tandem.cli.sim.FaultyNetwork;
import dev.tandem.cli.sim.RandomEdits;
import dev.tandem.cli.sim.Scheduler;

import java.util.Optional;
import java.util.Random;

/** A small world for one engine's tests: two or more users, a fixed latency, virtual time moved by hand. */
final class LabFixture {

    final Scheduler scheduler = new Scheduler();
    final LabContext ctx;

    LabFixture(int clients, int latencyMillis) {
        Scenario sc = new Scenario("test", "test", clients, new FaultyNetwork.Latency(latencyMillis, latencyMillis, 1),
                FaultyNetwork.Faults.NONE, 0, 61_000, Optional.empty(), Optional.empty());
        ctx = new LabContext(scheduler, new Random(1), sc, Paragraphs.initialText());
    }

    /** Runs every event up to virtual time {@code t}. */
    void runUntil(long t) {
        boolean[] done = {false};
        scheduler.after(t - scheduler.now(), () -> done[0] = true);
        while (!done[0] && scheduler.runNext()) { }
    }

    void runFor(long millis) { runUntil(scheduler.now() + millis); }

    /** A user types {@code s} at {@code pos} of their replica. */
    static void type(LabEngine e, int client, int pos, String s) {
        e.edit(client, new RandomEdits.Splice(pos, 0, s));
    }

    /** Where paragraph {@code k} of a user's replica starts. */
    static int paragraphStart(LabEngine e, int client, int k) {
        return Paragraphs.bounds(e.text(client), k).start();
    }
}
