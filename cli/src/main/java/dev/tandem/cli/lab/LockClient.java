package dev.tandem.cli.lab;

import dev.tandem.cli.sim.RandomEdits;
import dev.tandem.engine.sync.Conflict;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Consumer;

/**
 * One user's app under the locking strategy. The user may type only into a section whose lock this session holds
 * (and, with leases, whose lease it still believes valid); anything else blocks them while the app asks the hub for
 * the lock. Typing is autosaved to the hub section by section; a section left alone for {@link #IDLE_RELEASE} is saved
 * one last time with its lock released. Closing the app keeps on disk the text and what was not saved, but not the
 * locks: the next run of the app is a new session.
 *
 * <p>Concurrency: single-threaded (the lab run's).
 */
final class LockClient implements LabClient {

    /** Housekeeping period: heartbeats, autosave, release, retries. */
    static final long TICK = 250;
    static final long HEARTBEAT = 1_000;
    /** Typing is saved once it has rested this long, or has waited {@link #SAVE_MAX_WAIT} unsaved. */
    static final long SAVE_DELAY = 250;
    static final long SAVE_MAX_WAIT = 1_000;
    static final long SAVE_RETRY = 1_000;
    static final long ACQUIRE_RETRY = 500;
    /** A section nobody typed into for this long is released. */
    static final long IDLE_RELEASE = 3_000;

    private record PendingSave(long seq, long baseVersion, String text, boolean release, long sentAt) {
        PendingSave sentAgain(long now) { return new PendingSave(seq, baseVersion, text, release, now); }
    }

    /** What the app keeps on disk across a close. */
    private record Disk(String text, long[] versions, Set<Integer> unsaved) {}

    private final int index;
    private final LabContext ctx;
    private final LockScope scope;
    private final long leaseMillis;
    private final Consumer<LockMessage> network;
    private final List<Conflict> conflicts;

    private int incarnation = 1;
    private boolean open = true;
    private boolean online = true;
    private String text;
    private long[] versions;
    private long seq;
    private long lastHello = Long.MIN_VALUE / 2;
    private int lastKey;
    /** Key → until when this session may type into it (its own view of the lease). */
    private final Map<Integer, Long> held = new TreeMap<>();
    private final Map<Integer, Long> acquireSentAt = new TreeMap<>();
    private final Map<Integer, PendingSave> pending = new TreeMap<>();
    /** Sections typed into since their last save, with when that typing began. */
    private final Map<Integer, Long> dirtySince = new TreeMap<>();
    private final Set<Integer> dirty = dirtySince.keySet();
    private final Map<Integer, Long> lastEditAt = new LinkedHashMap<>();
    private Disk disk;

    LockClient(int index, LabContext ctx, LockScope scope, long leaseMillis, Consumer<LockMessage> network,
               List<Conflict> conflicts) {
        this.index = index;
        this.ctx = ctx;
        this.scope = scope;
        this.leaseMillis = leaseMillis;
        this.network = network;
        this.conflicts = conflicts;
        this.text = ctx.initialText();
        this.versions = new long[scope.keys()];
        scheduleTick();
    }

    @Override
    public String text() { return text; }

    String session() { return LabContext.node(index) + "#" + incarnation; }

    boolean holds(int key) { return held.containsKey(key) && ctx.now() < held.get(key); }

    @Override
    public boolean mayEdit(int paragraph) {
        int key = scope.key(paragraph);
        lastKey = key;
        long now = ctx.now();
        if (holds(key)) return true;
        held.remove(key); // its lease ran out as far as this app knows: typing stops
        if (pending.containsKey(key)) return false; // a release is on its way; ask again after it
        Long asked = acquireSentAt.get(key);
        if (online && (asked == null || now - asked >= ACQUIRE_RETRY)) {
            acquireSentAt.put(key, now);
            send(new LockMessage.Acquire(session(), key));
        }
        return false;
    }

    @Override
    public void edit(RandomEdits.Splice s) {
        text = text.substring(0, s.pos()) + s.inserted() + text.substring(s.pos() + s.deleted());
        lastEditAt.put(lastKey, ctx.now());
        dirtySince.putIfAbsent(lastKey, ctx.now());
    }

    void receive(LockMessage m) {
        if (!open) return;
        if (m instanceof LockMessage.Grant g) granted(g);
        else if (m instanceof LockMessage.Saved s) saved(s);
        else if (m instanceof LockMessage.Update u) update(u);
        else if (m instanceof LockMessage.State st) state(st);
    }

    private void granted(LockMessage.Grant g) {
        int k = g.key();
        if (!g.granted() || !acquireSentAt.containsKey(k)) return; // refused, or a late copy of an old grant
        boolean renewal = held.containsKey(k);
        held.put(k, leaseUntil(acquireSentAt.getOrDefault(k, ctx.now())));
        if (renewal) return; // a second answer to the same request: its text may be older than mine
        lastEditAt.put(k, ctx.now()); // idle time counts from the grant, not from an earlier hold
        if (pending.containsKey(k)) return;
        if (dirty.contains(k) && g.version() != versions[k]) {
            // Typed offline on top of a version someone has since replaced: the user is told, the hub's text wins.
            surface(k, "someone else saved this paragraph while you were offline; your version was not saved");
        } else if (dirty.contains(k)) {
            return; // what I typed is newer than the hub's, and the section is mine now: the next save sends it
        }
        replace(k, g.version(), g.text());
    }

    private void saved(LockMessage.Saved s) {
        PendingSave p = pending.get(s.key());
        if (p == null || p.seq() != s.seq()) return;
        pending.remove(s.key());
        if (s.accepted()) {
            versions[s.key()] = s.version();
            return;
        }
        held.remove(s.key());
        acquireSentAt.remove(s.key()); // the hub let the lock go with its refusal
        surface(s.key(), "the paragraph is locked by someone else; your changes could not be saved");
        versions[s.key()] = -1; // the next heartbeat brings the hub's text
    }

    private void update(LockMessage.Update u) {
        int k = u.key();
        if (held.containsKey(k) || pending.containsKey(k) || dirty.contains(k) || u.version() == versions[k]) return;
        replace(k, u.version(), u.text());
    }

    private void state(LockMessage.State st) {
        for (Integer k : new ArrayList<>(held.keySet())) {
            if (st.held().contains(k)) held.put(k, Math.max(held.get(k), leaseUntil(st.sentAt())));
            else if (acquireSentAt.getOrDefault(k, Long.MAX_VALUE) < st.sentAt()) held.remove(k); // the hub let it go
        }
        for (Integer k : st.held()) {
            // Granted to me after I stopped asking (a retransmitted request answered late): give it back.
            if (!held.containsKey(k) && !pending.containsKey(k) && !acquireSentAt.containsKey(k)) {
                send(new LockMessage.Release(session(), k));
            }
        }
        for (LockMessage.Update u : st.sections()) update(u);
    }

    /** The rejected text of section {@code k} goes to a conflict record; the user sees it and can re-apply it. */
    private void surface(int k, String reason) {
        Paragraphs.Range r = scope.region(text, k);
        conflicts.add(ctx.surfaced(index, r.start(), "", text.substring(r.start(), r.end()), reason));
        dirty.remove(k);
    }

    private void replace(int k, long version, String section) {
        Paragraphs.Range r = scope.region(text, k);
        text = text.substring(0, r.start()) + section + text.substring(r.end());
        versions[k] = version;
        ctx.probe().arrived(index, section);
    }

    private long leaseUntil(long from) {
        return leaseMillis == LockManager.NO_LEASE ? Long.MAX_VALUE : from + leaseMillis;
    }

    private void scheduleTick() {
        int inc = incarnation;
        ctx.scheduler().after(TICK, () -> {
            if (inc != incarnation || !open) return;
            tick();
            scheduleTick();
        });
    }

    private void tick() {
        long now = ctx.now();
        if (online && now - lastHello >= HEARTBEAT) {
            lastHello = now;
            List<Long> v = new ArrayList<>();
            for (long x : versions) v.add(x);
            send(new LockMessage.Hello(session(), now, v));
        }
        for (Integer k : new ArrayList<>(dirty)) {
            boolean rested = now - lastEditAt.getOrDefault(k, 0L) >= SAVE_DELAY;
            if (!pending.containsKey(k) && (rested || now - dirtySince.get(k) >= SAVE_MAX_WAIT)) save(k, false);
        }
        for (Integer k : new ArrayList<>(held.keySet())) {
            boolean idle = now - lastEditAt.getOrDefault(k, 0L) >= IDLE_RELEASE;
            if (idle && !dirty.contains(k) && !pending.containsKey(k)) {
                held.remove(k);
                acquireSentAt.remove(k);
                save(k, true);
            }
        }
        for (Map.Entry<Integer, PendingSave> e : pending.entrySet()) {
            PendingSave p = e.getValue();
            if (online && now - p.sentAt() >= SAVE_RETRY) {
                e.setValue(p.sentAgain(now));
                send(new LockMessage.Save(session(), e.getKey(), p.seq(), p.baseVersion(), p.text(), p.release()));
            }
        }
    }

    private void save(int k, boolean release) {
        Paragraphs.Range r = scope.region(text, k);
        PendingSave p = new PendingSave(++seq, versions[k], text.substring(r.start(), r.end()), release, ctx.now());
        pending.put(k, p);
        dirty.remove(k);
        send(new LockMessage.Save(session(), k, p.seq(), p.baseVersion(), p.text(), release));
    }

    private void send(LockMessage m) {
        if (online) network.accept(m); // an app that knows it is offline does not talk
    }

    @Override
    public void disconnected() { online = false; }

    @Override
    public void connected() { online = true; }

    /**
     * Save to disk and quit: the unlock goes with the last saves, and nowhere if the app is offline (the tunnel). What
     * the hub has not confirmed stays on disk for the next run of the app.
     */
    @Override
    public void close() {
        for (Integer k : new ArrayList<>(held.keySet())) if (!pending.containsKey(k)) save(k, true);
        Set<Integer> unsaved = new HashSet<>(dirty);
        unsaved.addAll(pending.keySet());
        disk = new Disk(text, versions.clone(), unsaved);
        open = false;
        incarnation++;
    }

    /** A new session from what is on disk: no locks, and the unsaved sections still to save. */
    @Override
    public void reopen() {
        text = disk.text();
        versions = disk.versions().clone();
        held.clear();
        acquireSentAt.clear();
        pending.clear();
        dirtySince.clear();
        for (Integer k : disk.unsaved()) dirtySince.put(k, 0L);
        seq = 0;
        lastHello = Long.MIN_VALUE / 2;
        open = true;
        incarnation++;
        scheduleTick();
    }
}
