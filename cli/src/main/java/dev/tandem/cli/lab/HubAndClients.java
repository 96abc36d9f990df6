package dev.tandem.cli.lab;

import dev.tandem.cli.sim.FaultyNetwork;
import dev.tandem.cli.sim.RandomEdits;

import java.util.ArrayList;
import java.util.List;

/**
 * The wiring the lab's own strategies share: one hub and a {@link LabClient} per user on a network of their messages.
 * A connection that goes down is cut on the network, the hub stops sending to that user (as a server does when a
 * socket closes), and the app is told.
 *
 * <p>Concurrency: single-threaded (the lab run's).
 *
 * @param <M> the strategy's messages
 * @param <C> its client
 */
abstract class HubAndClients<M, C extends LabClient> implements LabEngine {

    protected final FaultyNetwork<M> network;
    protected final List<C> clients = new ArrayList<>();

    protected HubAndClients(FaultyNetwork<M> network) {
        this.network = network;
    }

    /** Whether the hub sends to {@code client} (false while its connection is down). */
    protected abstract void hubAttached(int client, boolean up);

    @Override
    public FaultyNetwork<?> network() { return network; }

    @Override
    public String text(int client) { return clients.get(client).text(); }

    @Override
    public boolean mayEdit(int client, int paragraph) { return clients.get(client).mayEdit(paragraph); }

    @Override
    public void edit(int client, RandomEdits.Splice splice) { clients.get(client).edit(splice); }

    @Override
    public void disconnect(int client) {
        network.cut(LabContext.node(client));
        hubAttached(client, false);
        clients.get(client).disconnected();
    }

    @Override
    public void reconnect(int client) {
        network.restore(LabContext.node(client));
        hubAttached(client, true);
        clients.get(client).connected();
    }

    @Override
    public void closeApp(int client) { clients.get(client).close(); }

    @Override
    public void reopenApp(int client) { clients.get(client).reopen(); }
}
