package dev.tandem.cli.lab;

import dev.tandem.cli.sim.FaultyNetwork;
import dev.tandem.cli.sim.RandomEdits;
import dev.tandem.engine.protocol.Message;
import dev.tandem.engine.session.ClientSession;
import dev.tandem.engine.session.HubSession;
import dev.tandem.engine.store.MemoryDocumentStore;
import dev.tandem.engine.store.StoreException;
import dev.tandem.engine.sync.Conflict;
import dev.tandem.engine.sync.DocumentSnapshot;
import dev.tandem.engine.sync.HubDocument;
import dev.tandem.engine.sync.TextSplice;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executor;

/**
 * Differential synchronization as the product ships it: a real {@link HubSession} and a real {@link ClientSession} per
 * user, each over its own {@link MemoryDocumentStore}, with the product's default timing, their messages in the
 * engine's wire form over the lab's faulty network. Their executors run tasks inline and their timers read virtual
 * time, so a whole run is one deterministic thread; nothing of the algorithm is re-implemented here.
 *
 * <p>Concurrency: single-threaded (the lab run's); every session call completes before it returns.
 */
final class DiffSyncEngine implements LabEngine {

    /** Runs a session's actor batches on the caller's thread: a call has finished when it returns. */
    private static final Executor INLINE = Runnable::run;

    private final LabContext ctx;
    private final SchedulerTimer timer;
    private final FaultyNetwork<Message> network;
    private final HubSession hub;
    private final List<User> users = new ArrayList<>();

    /** One user's app: its store outlives the sessions (a closed app reopens from it). */
    private final class User {
        final int index;
        final String node;
        final MemoryDocumentStore store = new MemoryDocumentStore();
        ClientSession session;
        /** Bumped when the app closes, so a closed session's late sends go nowhere. */
        int incarnation;
        boolean online = true;

        User(int index) {
            this.index = index;
            this.node = LabContext.node(index);
            start();
        }

        void start() {
            int inc = ++incarnation;
            session = ClientSession.start(store, ClientSession.Options.DEFAULTS, INLINE, timer, new ClientSession.Listener() {
                @Override
                public void remoteChanges(String docId, long localEditsApplied, List<TextSplice> splices) {
                    for (TextSplice s : splices) ctx.probe().arrived(index, s.inserted());
                }
            });
            session.open(LabContext.DOC).join();
            if (online) session.connected(m -> { if (inc == incarnation) network.send(node, FaultyNetwork.HUB, m); });
        }
    }

    DiffSyncEngine(LabContext ctx) {
        this.ctx = ctx;
        this.timer = new SchedulerTimer(ctx.scheduler());
        this.network = ctx.network(FaultyNetwork.ENGINE_WIRE);
        MemoryDocumentStore hubStore = new MemoryDocumentStore();
        try {
            hubStore.checkpoint(new DocumentSnapshot(LabContext.DOC, ctx.initialText(), List.of(), List.of()));
        } catch (StoreException e) {
            throw new IllegalStateException("an in-memory store refused the first document", e);
        }
        this.hub = new HubSession(hubStore, HubSession.Options.DEFAULTS, INLINE, timer);
        network.register(FaultyNetwork.HUB, hub::receive);
        for (int i = 0; i < ctx.clients(); i++) {
            String node = LabContext.node(i);
            hub.attach(node, m -> network.send(FaultyNetwork.HUB, node, m));
            int index = i;
            network.register(node, (from, m) -> users.get(index).session.receive(m));
        }
        // Clients join (a reset brings them the hub's text) once every one of them can be reached.
        for (int i = 0; i < ctx.clients(); i++) users.add(new User(i));
    }

    /** User {@code client}'s session (for tests and diagnosis). */
    ClientSession session(int client) { return users.get(client).session; }

    @Override
    public FaultyNetwork<?> network() { return network; }

    @Override
    public String text(int client) { return users.get(client).session.text(LabContext.DOC).join(); }

    @Override
    public String hubText() { return hub.inspect(LabContext.DOC, HubDocument::text).join(); }

    /** Differential sync never stops a user from typing. */
    @Override
    public boolean mayEdit(int client, int paragraph) { return true; }

    @Override
    public void edit(int client, RandomEdits.Splice s) {
        users.get(client).session.edit(LabContext.DOC, s.pos(), s.deleted(), s.inserted());
    }

    @Override
    public void disconnect(int client) {
        User u = users.get(client);
        network.cut(u.node);
        hub.detach(u.node);
        u.online = false;
        u.session.disconnected();
    }

    @Override
    public void reconnect(int client) {
        User u = users.get(client);
        network.restore(u.node);
        hub.attach(u.node, m -> network.send(FaultyNetwork.HUB, u.node, m));
        u.online = true;
        int inc = u.incarnation;
        u.session.connected(m -> { if (inc == u.incarnation) network.send(u.node, FaultyNetwork.HUB, m); });
    }

    @Override
    public void closeApp(int client) {
        User u = users.get(client);
        u.session.closeAsync().join();
        u.incarnation++;
    }

    @Override
    public void reopenApp(int client) { users.get(client).start(); }

    /**
     * The records in the users' apps. The hub keeps its own copy of each edit it could not place (and tells the author
     * with its next message, where the app records it): counting both would count one conflict twice.
     */
    @Override
    public List<Conflict> conflicts() {
        List<Conflict> shown = new ArrayList<>();
        for (User u : users) shown.addAll(u.session.conflicts(LabContext.DOC).join());
        return shown;
    }
}
