package dev.tandem.cli.lab;

import dev.tandem.cli.sim.FaultyNetwork;
import dev.tandem.cli.sim.RandomEdits;
import dev.tandem.engine.sync.Conflict;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Event passing: every edit is applied locally at once and sent as an {@link EditEvent}; the hub replays it on its
 * copy and forwards it to everyone else, who replay it too — in the order they receive them, with no transformation
 * and no acknowledgement. While an app knows it is offline it keeps its events and sends them when it is back (also
 * across a close); an event lost on the way, or overtaken by another, is simply not (or differently) applied, and the
 * replicas fork with nobody told.
 *
 * <p>Concurrency: single-threaded (the lab run's).
 */
final class EventPassingEngine extends HubAndClients<EditEvent, EventPassingEngine.Replica> {

    private final LabContext ctx;
    private final boolean[] attached;
    private String hubText;

    /** One user's replica: it applies its own edits at once and others' as they come. */
    final class Replica implements LabClient {
        private final int index;
        private final String node;
        private String text;
        private boolean online = true;
        private boolean open = true;
        /** Events typed while offline, sent on reconnection. */
        private final List<EditEvent> unsent = new ArrayList<>();

        Replica(int index) {
            this.index = index;
            this.node = LabContext.node(index);
            this.text = ctx.initialText();
        }

        @Override
        public String text() { return text; }

        /** Event passing never stops a user from typing. */
        @Override
        public boolean mayEdit(int paragraph) { return true; }

        @Override
        public void edit(RandomEdits.Splice s) {
            EditEvent e = new EditEvent(index, s.pos(), s.deleted(), s.inserted());
            text = e.replayOn(text);
            unsent.add(e);
            flush();
        }

        void receive(EditEvent e) {
            if (!open) return; // a closed app hears nothing; what it missed is missed for good
            text = e.replayOn(text);
            ctx.probe().arrived(index, e.inserted());
        }

        private void flush() {
            if (!online || !open) return;
            for (EditEvent e : unsent) network.send(node, FaultyNetwork.HUB, e);
            unsent.clear();
        }

        @Override
        public void disconnected() { online = false; }

        @Override
        public void connected() {
            online = true;
            flush();
        }

        @Override
        public void close() { open = false; }

        @Override
        public void reopen() {
            open = true;
            flush();
        }
    }

    EventPassingEngine(LabContext ctx) {
        super(ctx.network(new JsonWire<>(EditEvent.class)));
        this.ctx = ctx;
        this.hubText = ctx.initialText();
        this.attached = new boolean[ctx.clients()];
        Arrays.fill(attached, true);
        network.register(FaultyNetwork.HUB, (from, e) -> {
            hubText = e.replayOn(hubText);
            for (int c = 0; c < attached.length; c++) {
                if (c != e.author() && attached[c]) network.send(FaultyNetwork.HUB, LabContext.node(c), e);
            }
        });
        for (int i = 0; i < ctx.clients(); i++) {
            Replica r = new Replica(i);
            clients.add(r);
            network.register(r.node, (from, e) -> r.receive(e));
        }
    }

    @Override
    protected void hubAttached(int client, boolean up) { attached[client] = up; }

    @Override
    public String hubText() { return hubText; }

    /** Event passing has nothing that could notice a conflict. */
    @Override
    public List<Conflict> conflicts() { return List.of(); }
}
