package dev.tandem.cli.lab;

import dev.tandem.cli.sim.FaultyNetwork;
import dev.tandem.engine.sync.Conflict;

import java.util.ArrayList;
import java.util.List;

/**
 * Three-way merge: a {@link MergeHub} and a {@link MergeClient} per user over the lab's faulty network.
 *
 * <p>Concurrency: single-threaded (the lab run's).
 */
final class ThreeWayMergeEngine extends HubAndClients<MergeMessage, MergeClient> {

    private final MergeHub hub;
    private final List<Conflict> conflicts = new ArrayList<>();

    ThreeWayMergeEngine(LabContext ctx, MergeClient.Policy policy) {
        super(ctx.network(new JsonWire<>(MergeMessage.class)));
        this.hub = new MergeHub(ctx, (c, m) -> network.send(FaultyNetwork.HUB, LabContext.node(c), m));
        network.register(FaultyNetwork.HUB, (from, m) -> hub.receive(LabContext.client(from), (MergeMessage.Request) m));
        for (int i = 0; i < ctx.clients(); i++) {
            String node = LabContext.node(i);
            MergeClient c = new MergeClient(i, ctx, policy, m -> network.send(node, FaultyNetwork.HUB, m), conflicts);
            clients.add(c);
            network.register(node, (from, m) -> c.receive(m));
        }
    }

    MergeClient client(int i) { return clients.get(i); }

    @Override
    protected void hubAttached(int client, boolean up) { hub.attached(client, up); }

    @Override
    public String hubText() { return hub.text(); }

    @Override
    public List<Conflict> conflicts() { return List.copyOf(conflicts); }
}
