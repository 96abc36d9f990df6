package dev.tandem.cli.lab;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiConsumer;
import java.util.function.LongSupplier;

/**
 * The hub of the locking strategy: the sections of the document (one for a whole-document lock, one per paragraph
 * otherwise), each with a version, and the {@link LockManager}. A save is taken only if it was made on top of the
 * current version, by the lock's holder or while the lock is free: a save never overwrites another one.
 *
 * <p>Concurrency: single-threaded (the lab run's).
 */
final class LockHub {

    private final List<String> sections;
    private final long[] versions;
    private final LockManager locks;
    private final LongSupplier clock;
    /** Sends to one client (by index). */
    private final BiConsumer<Integer, LockMessage> send;
    private final boolean[] attached;
    /** The last answer to each session's saves of each key, so a retransmission gets the same answer. */
    private final Map<String, LockMessage.Saved> lastSaved = new HashMap<>();

    LockHub(List<String> sections, LockManager locks, int clients, LongSupplier clock, BiConsumer<Integer, LockMessage> send) {
        this.sections = new ArrayList<>(sections);
        this.versions = new long[sections.size()];
        this.locks = locks;
        this.clock = clock;
        this.send = send;
        this.attached = new boolean[clients];
        java.util.Arrays.fill(attached, true);
    }

    LockManager locks() { return locks; }

    List<String> sections() { return List.copyOf(sections); }

    /** The hub sends only to clients whose connection it knows is up. */
    void attached(int client, boolean up) { attached[client] = up; }

    void receive(int from, LockMessage m) {
        long now = clock.getAsLong();
        if (m instanceof LockMessage.Acquire a) {
            boolean granted = locks.acquire(a.key(), a.session(), now);
            String holder = locks.holder(a.key(), now).orElse("");
            reply(from, new LockMessage.Grant(a.key(), granted, holder, versions[a.key()], granted ? sections.get(a.key()) : ""));
        } else if (m instanceof LockMessage.Save s) {
            save(from, s, now);
        } else if (m instanceof LockMessage.Release r) {
            locks.release(r.key(), r.session());
        } else if (m instanceof LockMessage.Hello h) {
            locks.renew(h.session(), now);
            List<Integer> held = new ArrayList<>();
            List<LockMessage.Update> newer = new ArrayList<>();
            for (int k = 0; k < sections.size(); k++) {
                if (locks.holds(k, h.session(), now)) held.add(k);
                else if (k >= h.versions().size() || h.versions().get(k) != versions[k]) {
                    newer.add(new LockMessage.Update(k, versions[k], sections.get(k)));
                }
            }
            reply(from, new LockMessage.State(h.sentAt(), held, newer));
        } else {
            throw new IllegalArgumentException("a client does not send " + m.getClass().getSimpleName());
        }
    }

    private void save(int from, LockMessage.Save s, long now) {
        String id = s.session() + "/" + s.key();
        LockMessage.Saved last = lastSaved.get(id);
        if (last != null && s.seq() <= last.seq()) {
            if (s.seq() == last.seq()) reply(from, last); // its answer was lost: the same answer again
            return;
        }
        int k = s.key();
        // Saved on top of what the hub has, by the holder or while nobody holds the lock: nothing is overwritten.
        // A save on top of an older version would replace what someone else saved since, even from the holder (a
        // reopened app's leftover save may reach the hub after the same app took the lock again).
        boolean current = s.baseVersion() == versions[k];
        boolean mayWrite = locks.holds(k, s.session(), now) || locks.holder(k, now).isEmpty();
        // A session that comes back after closing the app resends what it may already have saved: same text, no harm.
        boolean unchanged = s.text().equals(sections.get(k));
        boolean accepted = unchanged || (current && mayWrite);
        if (accepted && !s.text().equals(sections.get(k))) {
            sections.set(k, s.text());
            versions[k]++;
            LockMessage.Update u = new LockMessage.Update(k, versions[k], s.text());
            for (int c = 0; c < attached.length; c++) if (c != from) reply(c, u);
        }
        // A holder whose save is refused is told so and lets the lock go: it must not stay with nobody typing.
        if (s.release() || !accepted) locks.release(k, s.session());
        LockMessage.Saved answer = new LockMessage.Saved(k, s.seq(), accepted, versions[k]);
        lastSaved.put(id, answer);
        reply(from, answer);
    }

    private void reply(int client, LockMessage m) {
        if (attached[client]) send.accept(client, m);
    }
}
