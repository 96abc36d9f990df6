package dev.tandem.cli.lab;

import dev.tandem.cli.sim.FaultyNetwork;
import dev.tandem.engine.sync.Conflict;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Pattern;

/**
 * The locking strategy: a {@link LockHub} with its {@link LockManager}, and a {@link LockClient} per user, over the
 * lab's faulty network. Whole-document or per-paragraph locks ({@link LockScope}), with or without leases.
 *
 * <p>Concurrency: single-threaded (the lab run's).
 */
final class LockingEngine extends HubAndClients<LockMessage, LockClient> {

    /** Lease of a lock when leases are on; the holder's heartbeats renew it every second. */
    static final long LEASE = 15_000;

    private final LockScope scope;
    private final LockHub hub;
    private final List<Conflict> conflicts = new ArrayList<>();

    LockingEngine(LabContext ctx, LockScope scope, long leaseMillis) {
        super(ctx.network(new JsonWire<>(LockMessage.class)));
        this.scope = scope;
        List<String> sections = scope == LockScope.DOCUMENT
                ? List.of(ctx.initialText())
                : Arrays.asList(ctx.initialText().split(Pattern.quote(Paragraphs.SEPARATOR), -1));
        this.hub = new LockHub(sections, new LockManager(leaseMillis), ctx.clients(), ctx::now,
                (c, m) -> network.send(FaultyNetwork.HUB, LabContext.node(c), m));
        network.register(FaultyNetwork.HUB, (from, m) -> hub.receive(LabContext.client(from), m));
        for (int i = 0; i < ctx.clients(); i++) {
            String node = LabContext.node(i);
            LockClient c = new LockClient(i, ctx, scope, leaseMillis, m -> network.send(node, FaultyNetwork.HUB, m), conflicts);
            clients.add(c);
            network.register(node, (from, m) -> c.receive(m));
        }
    }

    /** The hub's lock table (for tests). */
    LockManager locks() { return hub.locks(); }

    LockClient client(int i) { return clients.get(i); }

    @Override
    protected void hubAttached(int client, boolean up) { hub.attached(client, up); }

    @Override
    public String hubText() {
        return scope == LockScope.DOCUMENT ? hub.sections().get(0) : String.join(Paragraphs.SEPARATOR, hub.sections());
    }

    @Override
    public List<Conflict> conflicts() { return List.copyOf(conflicts); }
}
