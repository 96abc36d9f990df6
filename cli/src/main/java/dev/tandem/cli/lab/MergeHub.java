package dev.tandem.cli.lab;

import dev.tandem.engine.protocol.RejectedHunk;
import dev.tandem.engine.text.FuzzyPatcher;
import dev.tandem.engine.text.HunkResult;
import dev.tandem.engine.text.Patch;
import dev.tandem.engine.text.PatchResult;

import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;
import java.util.function.BiConsumer;

/**
 * The hub of the three-way merge strategy. For each request it takes the client's changes since the last version it
 * sent that client (the base) and patches them into its own text with the engine's fuzzy patcher; a change that cannot
 * be placed goes back to that user with the merged text, as a new version, until a later request shows the reply
 * arrived.
 *
 * <p>Lost replies: a client that never received version {@code v} sends its next text on top of the version before;
 * its changes up to the request the hub did merge are already in the hub's text, so the base is then that request's
 * text (else they would be merged twice). Duplicated requests get the same reply again.
 *
 * <p>Concurrency: single-threaded (the lab run's).
 */
final class MergeHub {

    private static final class View {
        /** Versions sent to the client that it may still name as its base. */
        final TreeMap<Long, String> sent = new TreeMap<>();
        long lastSentId;
        String lastMergedFrom;
        MergeMessage.Reply lastReply;
        /** Changes of this user that could not be merged, by the version that first carried them, until it arrived. */
        final TreeMap<Long, List<RejectedHunk>> undelivered = new TreeMap<>();
    }

    private final BiConsumer<Integer, MergeMessage> send;
    private final List<View> views = new ArrayList<>();
    private final boolean[] attached;
    private String text;
    private long nextId;

    MergeHub(LabContext ctx, BiConsumer<Integer, MergeMessage> send) {
        this.send = send;
        this.text = ctx.initialText();
        this.attached = new boolean[ctx.clients()];
        java.util.Arrays.fill(attached, true);
        for (int i = 0; i < ctx.clients(); i++) {
            View v = new View();
            v.sent.put(0L, text); // everybody starts from version 0, the initial text
            views.add(v);
        }
    }

    String text() { return text; }

    void attached(int client, boolean up) { attached[client] = up; }

    void receive(int from, MergeMessage.Request r) {
        View v = views.get(from);
        if (v.lastReply != null && r.seq() <= v.lastReply.seq()) {
            if (r.seq() == v.lastReply.seq()) reply(from, v.lastReply);
            return;
        }
        String base = r.baseId() < v.lastSentId && v.lastMergedFrom != null ? v.lastMergedFrom : v.sent.get(r.baseId());
        if (base == null) throw new IllegalStateException("c" + from + " names version " + r.baseId() + ", never sent or forgotten");
        v.undelivered.headMap(r.baseId(), true).clear(); // the reply that was its base arrived, and all it carried
        PatchResult merged = FuzzyPatcher.withDefaults().apply(Patch.make(base, r.text()), text);
        long id = ++nextId;
        for (HunkResult h : merged.rejected()) {
            v.undelivered.computeIfAbsent(id, x -> new ArrayList<>()).add(new RejectedHunk(Math.max(0, h.expected()),
                    h.hunk().contextBefore(), h.hunk().changedBefore(), h.hunk().changedAfter(), h.hunk().contextAfter(),
                    "could not merge your change: " + h.reason()));
        }
        text = merged.text();
        v.sent.headMap(r.baseId()).clear(); // the client has moved past older versions
        v.sent.put(id, text);
        v.lastSentId = id;
        v.lastMergedFrom = r.text();
        List<RejectedHunk> carried = new ArrayList<>();
        v.undelivered.values().forEach(carried::addAll);
        v.lastReply = new MergeMessage.Reply(r.seq(), id, text, carried);
        reply(from, v.lastReply);
    }

    private void reply(int client, MergeMessage m) {
        if (attached[client]) send.accept(client, m);
    }
}
