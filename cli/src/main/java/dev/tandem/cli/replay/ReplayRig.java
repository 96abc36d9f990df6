package dev.tandem.cli.replay;

import dev.tandem.engine.protocol.Edit;
import dev.tandem.engine.protocol.Message;
import dev.tandem.engine.protocol.MessageCodec;
import dev.tandem.engine.protocol.WireSize;
import dev.tandem.engine.store.DocumentStore;
import dev.tandem.engine.sync.ClientDocument;
import dev.tandem.engine.sync.EngineLimits;
import dev.tandem.engine.sync.HubDocument;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A hub and its clients joined by a perfect in-process connection (messages in order, none lost), which counts the
 * bytes of every message's wire form ({@link MessageCodec}) and of the deltas it carries. Used by the replay.
 *
 * <p>Concurrency: single-threaded.
 */
final class ReplayRig {

    static final String DOC = "trace";

    private record Envelope(int client, boolean toHub, Message message) {}

    final HubDocument hub;
    final List<ClientDocument> clients = new ArrayList<>();
    private final ArrayDeque<Envelope> wire = new ArrayDeque<>();
    /** Which clients are sent pushes (the others sync only when the schedule says so). */
    private final boolean[] followsPushes;
    private long clock = 1;
    private long ids;
    private long messages;
    private long wireBytes;
    private long payloadBytes;
    private long resets;

    /**
     * Each side's store (null in memory). Group commit: a side sends at once and commits once per
     * {@link #GROUP_COMMIT_STEPS} messages it handles or sends; its messages acknowledge only what it has committed
     * (the engine's {@code ack} beside {@code got}, decision 0013), so a crash between commits loses no acknowledged
     * edit: the other side still holds the rest and sends it again.
     */
    private final DocumentStore hubStore;
    private final List<DocumentStore> clientStores = new ArrayList<>();
    /** Messages handled or sent since each client's last commit. */
    private final int[] uncommitted;
    private int hubUncommitted;
    /** One commit per this many steps of a side: a live relay would commit per tick of a few ms instead. */
    static final int GROUP_COMMIT_STEPS = 64;
    /** Without group commit, a side that only receives still commits this often (applied edits durable within a bound). */
    private static final int COMMIT_EVERY = 256;

    /** Group commit (see above), or every side commits before each message it sends. */
    private final boolean groupCommit;

    ReplayRig(int clientCount, boolean[] followsPushes, String startContent, ReplayStores stores) {
        this.groupCommit = stores.groupCommit();
        this.followsPushes = followsPushes.clone();
        this.uncommitted = new int[clientCount];
        hubStore = stores.open(-1);
        hub = HubDocument.open(DOC, Optional.empty(), ReplayStores.journal(hubStore, DOC), EngineLimits.DEFAULTS,
                this::tick, () -> "h" + (++ids));
        hub.sendBeforeCommit(groupCommit); // its own edits leave once a group commit made them durable
        for (int i = 0; i < clientCount; i++) {
            DocumentStore s = stores.open(i);
            clientStores.add(s);
            clients.add(ClientDocument.open(DOC, Optional.empty(), ReplayStores.journal(s, DOC), EngineLimits.DEFAULTS,
                    this::tick, () -> "c" + (++ids)));
        }
        for (int i = 0; i < clientCount; i++) syncCycle(i); // join
        if (!startContent.isEmpty()) {
            clients.get(0).edit(0, 0, startContent);
            syncAll();
        }
    }

    private long tick() { return clock++; }

    ClientDocument client(int i) { return clients.get(i); }

    /** Client {@code i} exchanges with the hub; everything that follows (pokes of followsPushes clients included) runs out. */
    void syncCycle(int i) {
        clients.get(i).startExchange(true).ifPresent(m -> send(i, true, m));
        drain();
    }

    /** Every client syncs until nothing changes any more (bounded). */
    void syncAll() {
        for (int round = 0; round < 3; round++) {
            if (groupCommit) { // what waits for a commit goes now
                for (DocumentStore st : clientStores) ReplayStores.commit(st);
                hub.stageEdits();
                commitHub();
                drain();
            }
            for (int i = 0; i < clients.size(); i++) syncCycle(i);
        }
    }

    private void send(int client, boolean toHub, Message m) {
        if (!groupCommit) {
            ReplayStores.commit(toHub ? clientStores.get(client) : hubStore); // durable before it leaves
            if (toHub) uncommitted[client] = 0;
            m = m.afterCommit();
        } else if (toHub) {
            clientStep(client);
        } else {
            hubStep();
        }
        messages++;
        // What a WebSocket text frame carries: the message encoded to its JSON wire form, as a transport does; its UTF-8
        // size is counted.
        wireBytes += WireSize.utf8Length(MessageCodec.encodeToString(m));
        if (m instanceof Message.Sync s) {
            for (Edit e : s.edits()) {
                ops.setLength(0);
                e.delta().appendOps(ops);
                payloadBytes += WireSize.utf8Length(ops);
            }
        }
        wire.add(new Envelope(client, toHub, m));
    }

    private void drain() {
        Envelope e;
        while ((e = wire.poll()) != null) {
            int c = e.client();
            if (e.toHub()) {
                HubDocument.Step step = hub.receive("c" + c, e.message());
                if (step.commitFirst()) commitHub(); // the reply carries edits of the hub's that must be durable
                step.reply().ifPresent(r -> send(c, false, r));
                for (String p : step.changed()) {
                    int to = Integer.parseInt(p.substring(1));
                    if (followsPushes[to]) hub.push(p).ifPresent(m -> send(to, false, m));
                }
            } else {
                boolean joined = clients.get(c).joined();
                ClientDocument.Step step = clients.get(c).receive(e.message());
                if (step.reset() && joined) resets++; // the first reset is the join
                step.reply().ifPresent(r -> send(c, true, r));
                if (step.reply().isEmpty()) clientStep(c);
            }
        }
    }

    private void clientStep(int c) {
        if (++uncommitted[c] < (groupCommit ? GROUP_COMMIT_STEPS : COMMIT_EVERY)) return;
        ReplayStores.commit(clientStores.get(c));
        uncommitted[c] = 0;
    }

    private void hubStep() {
        if (++hubUncommitted < GROUP_COMMIT_STEPS) return;
        commitHub();
    }

    /** The hub's group commit runs now (a causal dependency of the schedule must reach another client). */
    void hubCommits() {
        if (!groupCommit) return; // the hub committed before it sent anything
        hub.stageEdits();
        commitHub();
    }

    /** The hub commits; its edits that were waiting for it go to the clients that follow pushes. */
    private void commitHub() {
        hubUncommitted = 0;
        ReplayStores.commit(hubStore);
        for (int to = 0; to < clients.size(); to++) {
            int c = to;
            if (followsPushes[c]) hub.push("c" + c).ifPresent(m -> send(c, false, m));
        }
    }

    private final StringBuilder ops = new StringBuilder();

    /** Commits every side (the end of a replay). */
    void commitAll() {
        ReplayStores.commit(hubStore);
        for (DocumentStore s : clientStores) ReplayStores.commit(s);
    }

    long messages() { return messages; }
    long wireBytes() { return wireBytes; }
    long payloadBytes() { return payloadBytes; }
    long resets() { return resets; }

    int conflicts() {
        int n = hub.conflicts().size();
        for (ClientDocument c : clients) n += c.conflicts().size();
        return n;
    }

}
