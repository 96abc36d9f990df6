package dev.tandem.cli.lab;

import dev.tandem.cli.sim.FaultyNetwork;
import dev.tandem.cli.sim.MarkerLedger;
import dev.tandem.cli.sim.RandomEdits;
import dev.tandem.cli.sim.Scheduler;
import dev.tandem.engine.sync.Conflict;
import dev.tandem.engine.text.TextDiff;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * One strategy in one scenario, in virtual time: the scenario's users type random edits ({@link RandomEdits}, as in
 * {@code ./tandem sim}) into paragraphs of a shared document, the network misbehaves as the scenario says, one user may
 * go through the tunnel; then the network heals, everyone comes back online, and the engine gets {@link #SETTLE} to
 * settle. The run measures what {@link LabResult} holds.
 *
 * <p>Determinism: the users' random generator and the network's are seeded from the seed and the scenario only, so
 * every strategy of a scenario faces the same typists and the same weather (they part ways only where a strategy
 * blocks a user or sends other messages); time is virtual; the engine's diff budgets are deterministic.
 *
 * <p>Concurrency: single-threaded; one {@link #run()} per instance.
 */
final class LabRun {

    /** Users start typing here, once every replica has the document. */
    static final long TYPING_STARTS = 1_000;
    /** After typing stops, the healed network gets this long before the replicas are compared. */
    static final long SETTLE = 30_000;
    /** A blocked user tries again this often. */
    static final long BLOCKED_RETRY = 50;
    /** Gap between two edits of a user, and now and then a pause to think. */
    static final int MIN_GAP = 20;
    static final int MAX_GAP = 250;
    static final double PAUSE_CHANCE = 0.03;
    static final int MIN_PAUSE = 2_000;
    static final int MAX_PAUSE = 8_000;
    /** A user blocked this long in one paragraph goes to another (if the scenario lets them). */
    static final long PATIENCE = 10_000;
    /** Chance at each edit that a user moves to another paragraph. */
    static final double WANDER = 0.1;
    /** How long a mobile user's connection stays down. */
    static final int MIN_OUTAGE = 1_000;
    static final int MAX_OUTAGE = 8_000;

    private final Strategy strategy;
    private final Scenario scenario;
    private final Scheduler scheduler = new Scheduler();
    private final Random users;
    private final MarkerLedger ledger = new MarkerLedger();
    private final RandomEdits typist;
    private final LabContext ctx;
    private final LabEngine engine;
    private final User[] people;
    /** Length of each insert, by its marker: what a lost marker costs in characters. */
    private final Map<String, Integer> insertLengths = new HashMap<>();
    private boolean used;
    private boolean healed;
    private int edits;

    private final class User {
        final int index;
        int paragraph;
        long blockedSince = -1;
        long blockedMillis;
        boolean online = true;
        boolean appOpen = true;
        /** The tunnel is due: the connection goes right after this user's next edit (mid-sentence, lock in hand). */
        boolean tunnelDue;
        /** Since when this user has been waiting to type into their current paragraph (-1: not waiting). */
        long waitingHereSince = -1;

        User(int index) {
            this.index = index;
            this.paragraph = scenario.focus().orElse(users.nextInt(Paragraphs.COUNT));
        }

        void type() {
            long now = scheduler.now();
            if (healed || !appOpen) return;
            if (blockedSince < 0) maybeWander();
            else if (now - waitingHereSince >= PATIENCE && scenario.focus().isEmpty()) {
                paragraph = users.nextInt(Paragraphs.COUNT); // tired of waiting: works somewhere else meanwhile
                waitingHereSince = now;
            }
            if (!engine.mayEdit(index, paragraph)) {
                if (blockedSince < 0) blockedSince = waitingHereSince = now;
                scheduler.after(BLOCKED_RETRY, this::type);
                return;
            }
            unblock(now);
            maybeLoseConnection();
            String text = engine.text(index);
            Paragraphs.Range r = Paragraphs.bounds(text, paragraph);
            RandomEdits.Splice s = typist.next(index, text, r.start(), r.end());
            for (String id : MarkerLedger.markersIn(s.inserted())) insertLengths.put(id, s.inserted().length());
            ctx.probe().typed(index, s.inserted());
            engine.edit(index, s);
            edits++;
            if (tunnelDue) {
                tunnelDue = false;
                disconnect();
            }
            long gap = users.nextDouble() < PAUSE_CHANCE
                    ? MIN_PAUSE + users.nextInt(MAX_PAUSE - MIN_PAUSE)
                    : MIN_GAP + users.nextInt(MAX_GAP - MIN_GAP);
            scheduler.after(gap, this::type);
        }

        private void maybeWander() {
            if (scenario.focus().isEmpty() && users.nextDouble() < WANDER) paragraph = users.nextInt(Paragraphs.COUNT);
        }

        private void maybeLoseConnection() {
            if (scenario.outageChance() == 0 || !online || users.nextDouble() >= scenario.outageChance()) return;
            disconnect();
            scheduler.after(MIN_OUTAGE + users.nextInt(MAX_OUTAGE - MIN_OUTAGE), this::reconnect);
        }

        void unblock(long now) {
            if (blockedSince >= 0) blockedMillis += now - blockedSince;
            blockedSince = -1;
        }

        void disconnect() {
            online = false;
            engine.disconnect(index);
        }

        void reconnect() {
            if (online) return;
            online = true;
            engine.reconnect(index);
        }

        void closeApp() {
            unblock(scheduler.now()); // a closed app blocks nobody
            if (tunnelDue) disconnect(); // never got to type since: into the tunnel anyway
            tunnelDue = false;
            appOpen = false;
            engine.closeApp(index);
        }

        void reopenApp() {
            appOpen = true;
            engine.reopenApp(index);
            reconnect();
            scheduler.after(0, this::type);
        }
    }

    LabRun(Strategy strategy, Scenario scenario, long seed) {
        TextDiff.useDeterministicBudgets(); // the same seed must give the same table
        this.strategy = strategy;
        this.scenario = scenario;
        this.users = new Random(mix(seed, scenario.id() + "/users"));
        this.typist = new RandomEdits(users, ledger);
        this.ctx = new LabContext(scheduler, new Random(mix(seed, scenario.id() + "/network")), scenario, Paragraphs.initialText());
        this.engine = strategy.start(ctx);
        this.people = new User[scenario.clients()];
        for (int i = 0; i < people.length; i++) people[i] = new User(i);
    }

    private static long mix(long seed, String salt) {
        return seed * 0x9E3779B97F4A7C15L ^ salt.hashCode();
    }

    /** The engine under test (for tests that look inside). */
    LabEngine engine() { return engine; }

    LabResult run() {
        if (used) throw new IllegalStateException("a LabRun runs once");
        used = true;
        for (User u : people) scheduler.after(TYPING_STARTS + users.nextInt(MAX_GAP), u::type);
        scenario.tunnel().ifPresent(t -> {
            User u = people[t.client()];
            scheduler.after(t.offlineAt(), () -> u.tunnelDue = true);
            scheduler.after(t.closedAt(), u::closeApp);
            scheduler.after(t.reopenedAt(), u::reopenApp);
        });
        boolean[] stop = {false};
        scheduler.after(scenario.typingMillis(), this::heal);
        scheduler.after(scenario.typingMillis() + SETTLE, () -> stop[0] = true);
        while (!stop[0] && scheduler.runNext()) {
            // everything happens in the scheduled events
        }
        return result();
    }

    /** Typing is over: the network stops misbehaving and every connection comes back. */
    private void heal() {
        healed = true;
        engine.network().setFaults(FaultyNetwork.Faults.NONE);
        for (User u : people) {
            u.unblock(scheduler.now());
            u.reconnect();
        }
    }

    private LabResult result() {
        String hub = engine.hubText();
        boolean converged = true;
        for (int i = 0; i < people.length; i++) converged &= engine.text(i).equals(hub);
        List<Conflict> conflicts = engine.conflicts();
        List<String> lost = ledger.silentlyLost(hub, conflicts);
        long lostChars = 0;
        for (String id : lost) lostChars += insertLengths.getOrDefault(id, 0);
        long blocked = 0;
        for (User u : people) blocked += u.blockedMillis;
        ArrivalProbe probe = ctx.probe();
        return new LabResult(scenario.id(), strategy.id(), converged, lostChars, lost.size(), blocked,
                probe.quantile(0.5), probe.quantile(0.95), engine.network().stats().wireBytes(), conflicts.size(), edits, lost);
    }
}
