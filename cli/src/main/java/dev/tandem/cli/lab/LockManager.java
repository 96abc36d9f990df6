package dev.tandem.cli.lab;

import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The hub's lock table for the locking strategy: which session holds which key (the whole document is key 0 when
 * locking whole documents; otherwise a paragraph's index), and, with leases, until when. A lease is extended by the
 * holder's heartbeats; a lock whose lease ran out is free again. Without leases a lock lasts until its holder says
 * "unlock" — and if that message is lost, for ever (Fraser §1: "the lock or unlock signals can get lost, leaving no
 * owner").
 *
 * <p>Concurrency: single-threaded (the hub's).
 */
final class LockManager {

    /** No lease: a lock lasts until it is released. */
    static final long NO_LEASE = 0;

    private record Lock(String session, long expiresAt) {}

    private final long leaseMillis;
    private final Map<Integer, Lock> locks = new TreeMap<>();

    /** @param leaseMillis how long a lock lives without a renewal, or {@link #NO_LEASE} */
    LockManager(long leaseMillis) {
        if (leaseMillis < 0) throw new IllegalArgumentException("negative lease " + leaseMillis);
        this.leaseMillis = leaseMillis;
    }

    boolean leased() { return leaseMillis != NO_LEASE; }

    /** Grants {@code key} to {@code session} if it is free (or already its own, then renewed). */
    boolean acquire(int key, String session, long now) {
        Optional<String> holder = holder(key, now);
        if (holder.isPresent() && !holder.get().equals(session)) return false;
        locks.put(key, new Lock(session, expiry(now)));
        return true;
    }

    /** Extends every lease {@code session} still holds; false if it holds none. */
    boolean renew(String session, long now) {
        boolean any = false;
        for (Map.Entry<Integer, Lock> e : locks.entrySet()) {
            Lock l = e.getValue();
            if (l.session().equals(session) && l.expiresAt() > now) {
                e.setValue(new Lock(session, expiry(now)));
                any = true;
            }
        }
        return any;
    }

    /** Frees {@code key} if {@code session} holds it. */
    void release(int key, String session) {
        Lock l = locks.get(key);
        if (l != null && l.session().equals(session)) locks.remove(key);
    }

    boolean holds(int key, String session, long now) {
        return holder(key, now).filter(session::equals).isPresent();
    }

    /** The session holding {@code key} at {@code now}: a lock past its lease has none. */
    Optional<String> holder(int key, long now) {
        Lock l = locks.get(key);
        if (l == null) return Optional.empty();
        if (l.expiresAt() <= now) {
            locks.remove(key);
            return Optional.empty();
        }
        return Optional.of(l.session());
    }

    private long expiry(long now) {
        return leaseMillis == NO_LEASE ? Long.MAX_VALUE : now + leaseMillis;
    }
}
