package dev.tandem.cli.lab;

import org.junit.jupiter.api.Test;

import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class LockManagerTest {

    @Test
    void a_lease_expires_and_the_lock_goes_to_the_next_asker() {
        LockManager locks = new LockManager(1_000);
        assertTrue(locks.acquire(3, "a", 0));
        assertFalse(locks.acquire(3, "b", 999));
        assertEquals(Optional.of("a"), locks.holder(3, 999));
        assertEquals(Optional.empty(), locks.holder(3, 1_000));
        assertTrue(locks.acquire(3, "b", 1_000));
        assertFalse(locks.holds(3, "a", 1_000));
    }

    @Test
    void without_a_lease_a_lock_lasts_until_its_holder_releases_it() {
        LockManager locks = new LockManager(LockManager.NO_LEASE);
        assertTrue(locks.acquire(0, "a", 0));
        assertFalse(locks.acquire(0, "b", Long.MAX_VALUE / 2));
        locks.release(0, "b"); // only the holder can
        assertFalse(locks.acquire(0, "b", Long.MAX_VALUE / 2));
        locks.release(0, "a");
        assertTrue(locks.acquire(0, "b", Long.MAX_VALUE / 2));
    }

    @Test
    void a_heartbeat_renews_every_lease_of_its_session_but_cannot_revive_an_expired_one() {
        LockManager locks = new LockManager(1_000);
        locks.acquire(1, "a", 0);
        locks.acquire(2, "a", 0);
        assertTrue(locks.renew("a", 900));
        assertTrue(locks.holds(1, "a", 1_800));
        assertTrue(locks.holds(2, "a", 1_899));
        assertFalse(locks.renew("a", 1_900));
        assertFalse(locks.holds(1, "a", 1_900));
    }

    @Test
    void a_holder_asking_again_keeps_its_lock_and_locks_of_other_keys_are_independent() {
        LockManager locks = new LockManager(LockManager.NO_LEASE);
        assertTrue(locks.acquire(1, "a", 0));
        assertTrue(locks.acquire(1, "a", 5));
        assertTrue(locks.acquire(2, "b", 5));
        assertEquals(Optional.of("b"), locks.holder(2, 10));
    }
}
