package dev.tandem.cli.lab;

import dev.tandem.cli.sim.RandomEdits;
import dev.tandem.engine.protocol.RejectedHunk;
import dev.tandem.engine.sync.Conflict;

import java.util.List;
import java.util.function.Consumer;

/**
 * One user's app under the three-way merge strategy: it sends its whole text shortly after typing and on a poll,
 * one request at a time, and puts the merged text it gets back in the editor. Typing during that round trip is the
 * strategy's weak point (Fraser §1): with {@link Policy#OVERWRITE} the user keeps typing and the merged text replaces
 * what they typed meanwhile; with {@link Policy#BLOCK} the editor is locked until the reply arrives.
 *
 * <p>Concurrency: single-threaded (the lab run's).
 */
final class MergeClient implements LabClient {

    enum Policy { OVERWRITE, BLOCK }

    /** Typing rests this long before a sync (as the product's own cycle delay). */
    static final long SYNC_DELAY = 30;
    /** An idle app polls for others' changes this often (MobWrite's fastest poll). */
    static final long POLL = 1_000;
    /** A request without reply for this long is given up and the current text sent again. */
    static final long RETRY = 2_000;
    static final long TICK = 100;

    private record Pending(long seq, long sentAt) {}

    private final int index;
    private final LabContext ctx;
    private final Policy policy;
    private final Consumer<MergeMessage> network;
    private final List<Conflict> conflicts;

    private String text;
    private long baseId;
    private long seq;
    private Pending pending;
    private boolean dirty;
    private boolean syncScheduled;
    private long lastSyncAt;
    private boolean online = true;
    private boolean open = true;
    private int incarnation;

    MergeClient(int index, LabContext ctx, Policy policy, Consumer<MergeMessage> network, List<Conflict> conflicts) {
        this.index = index;
        this.ctx = ctx;
        this.policy = policy;
        this.network = network;
        this.conflicts = conflicts;
        this.text = ctx.initialText();
        scheduleTick();
    }

    @Override
    public String text() { return text; }

    /** Under {@link Policy#BLOCK} the editor is read-only while a request is out. */
    @Override
    public boolean mayEdit(int paragraph) { return policy == Policy.OVERWRITE || pending == null; }

    @Override
    public void edit(RandomEdits.Splice s) {
        text = text.substring(0, s.pos()) + s.inserted() + text.substring(s.pos() + s.deleted());
        dirty = true;
        if (!syncScheduled) {
            syncScheduled = true;
            int inc = incarnation;
            ctx.scheduler().after(SYNC_DELAY, () -> {
                if (inc != incarnation) return;
                syncScheduled = false;
                if (pending == null) sync();
            });
        }
    }

    void receive(MergeMessage m) {
        if (!open || !(m instanceof MergeMessage.Reply r) || pending == null || r.seq() != pending.seq()) return;
        pending = null;
        baseId = r.id();
        text = r.text(); // whatever was typed since the request went out is gone
        dirty = false;
        ctx.probe().arrived(index, r.text());
        for (RejectedHunk h : r.rejected()) {
            conflicts.add(ctx.surfaced(index, h.aimedAt(), h.contextBefore(), h.deleted(), h.inserted(), h.contextAfter(), h.reason()));
        }
    }

    private void sync() {
        if (!online || !open) return;
        pending = new Pending(++seq, ctx.now());
        lastSyncAt = ctx.now();
        network.accept(new MergeMessage.Request(seq, baseId, text));
    }

    private void scheduleTick() {
        int inc = incarnation;
        ctx.scheduler().after(TICK, () -> {
            if (inc != incarnation || !open) return;
            long now = ctx.now();
            if (pending != null ? now - pending.sentAt() >= RETRY : dirty || now - lastSyncAt >= POLL) sync();
            scheduleTick();
        });
    }

    /** The connection is gone: the request out is given up (it may still have been merged). */
    @Override
    public void disconnected() {
        online = false;
        pending = null;
    }

    @Override
    public void connected() {
        online = true;
        sync();
    }

    /** Saved to disk with its base version; what was out is given up. */
    @Override
    public void close() {
        open = false;
        pending = null;
        incarnation++;
    }

    @Override
    public void reopen() {
        open = true;
        incarnation++;
        syncScheduled = false;
        dirty = true;
        scheduleTick();
    }
}
