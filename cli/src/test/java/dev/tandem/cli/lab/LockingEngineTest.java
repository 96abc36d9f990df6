package dev.tandem.cli.lab;

import org.junit.jupiter.api.Test;

import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class LockingEngineTest {

    private final LabFixture world = new LabFixture(2, 10);

    /** Asks for the lock of {@code paragraph} until granted (false if not within {@code millis}). */
    private boolean acquire(LockingEngine e, int client, int paragraph, long millis) {
        long until = world.scheduler.now() + millis;
        while (world.scheduler.now() < until) {
            if (e.mayEdit(client, paragraph)) return true;
            world.runFor(50);
        }
        return e.mayEdit(client, paragraph);
    }

    @Test
    void a_user_types_only_after_the_hub_granted_the_lock_and_the_others_see_the_saved_paragraph() {
        LockingEngine e = new LockingEngine(world.ctx, LockScope.PARAGRAPH, LockManager.NO_LEASE);
        assertFalse(e.mayEdit(0, 1), "no lock yet: the user waits for the hub");
        assertTrue(acquire(e, 0, 1, 1_000));
        LabFixture.type(e, 0, LabFixture.paragraphStart(e, 0, 1), "HELLO ");
        world.runFor(3_000);
        assertTrue(e.text(1).contains("HELLO "));
        assertEquals(e.hubText(), e.text(1));
    }

    @Test
    void a_paragraph_lock_leaves_the_other_paragraphs_free_but_a_document_lock_does_not() {
        LockingEngine para = new LockingEngine(world.ctx, LockScope.PARAGRAPH, LockManager.NO_LEASE);
        assertTrue(acquire(para, 0, 1, 1_000));
        assertTrue(acquire(para, 1, 2, 1_000));
        assertFalse(acquire(para, 1, 1, 1_000));

        LabFixture other = new LabFixture(2, 10);
        LockingEngine doc = new LockingEngine(other.ctx, LockScope.DOCUMENT, LockManager.NO_LEASE);
        assertFalse(doc.mayEdit(0, 1));
        other.runFor(100);
        assertTrue(doc.mayEdit(0, 1));
        assertFalse(doc.mayEdit(1, 5));
        other.runFor(100);
        assertFalse(doc.mayEdit(1, 5));
    }

    @Test
    void a_lock_left_alone_is_released_and_the_next_user_gets_it() {
        LockingEngine e = new LockingEngine(world.ctx, LockScope.DOCUMENT, LockManager.NO_LEASE);
        assertTrue(acquire(e, 0, 0, 1_000));
        LabFixture.type(e, 0, 0, "x");
        assertFalse(acquire(e, 1, 0, 1_000));
        assertTrue(acquire(e, 1, 0, LockClient.IDLE_RELEASE + 1_000));
    }

    @Test
    void an_unlock_lost_in_the_tunnel_leaves_the_lock_orphaned_without_a_lease() {
        LockingEngine e = new LockingEngine(world.ctx, LockScope.PARAGRAPH, LockManager.NO_LEASE);
        assertTrue(acquire(e, 0, 3, 1_000));
        LabFixture.type(e, 0, LabFixture.paragraphStart(e, 0, 3), "offline words ");
        e.disconnect(0);
        e.closeApp(0); // saves and closes in the tunnel: the unlock goes nowhere
        world.runFor(10 * 60_000);
        assertEquals(Optional.of("c0#1"), e.locks().holder(3, world.scheduler.now()));
        assertFalse(acquire(e, 1, 3, 60_000), "blocked for good");
        e.reopenApp(0);
        e.reconnect(0);
        assertFalse(acquire(e, 0, 3, 60_000), "even the same user, in a new session of the app, is locked out");
        assertEquals(1, e.conflicts().size(), "the offline words could not be saved; the user is told");
        assertTrue(e.conflicts().get(0).inserted().contains("offline words "));
    }

    @Test
    void with_a_lease_the_orphaned_lock_expires_and_the_next_user_gets_it() {
        LockingEngine e = new LockingEngine(world.ctx, LockScope.PARAGRAPH, LockingEngine.LEASE);
        assertTrue(acquire(e, 0, 3, 1_000));
        e.disconnect(0);
        e.closeApp(0);
        long closed = world.scheduler.now();
        assertFalse(acquire(e, 1, 3, LockingEngine.LEASE - 2_000), "the lease still runs");
        assertTrue(acquire(e, 1, 3, 5_000));
        assertTrue(world.scheduler.now() - closed >= LockingEngine.LEASE - 1_000);
    }

    @Test
    void with_a_lease_an_offline_holder_stops_typing_when_its_lease_runs_out() {
        LockingEngine e = new LockingEngine(world.ctx, LockScope.PARAGRAPH, LockingEngine.LEASE);
        assertTrue(acquire(e, 0, 3, 1_000));
        e.disconnect(0);
        long offline = world.scheduler.now();
        while (e.mayEdit(0, 3)) { // the user keeps typing, offline
            LabFixture.type(e, 0, LabFixture.paragraphStart(e, 0, 3), "w");
            world.runFor(1_000);
        }
        long typedFor = world.scheduler.now() - offline;
        assertTrue(typedFor >= LockingEngine.LEASE - 2_000 && typedFor <= LockingEngine.LEASE, "typed offline for " + typedFor);
    }

    @Test
    void a_save_on_top_of_a_replaced_version_is_refused_and_shown_not_lost() {
        LockingEngine e = new LockingEngine(world.ctx, LockScope.PARAGRAPH, LockingEngine.LEASE);
        assertTrue(acquire(e, 0, 2, 1_000));
        e.disconnect(0);
        LabFixture.type(e, 0, LabFixture.paragraphStart(e, 0, 2), "MINE ");
        assertTrue(acquire(e, 1, 2, LockingEngine.LEASE + 5_000));
        LabFixture.type(e, 1, LabFixture.paragraphStart(e, 1, 2), "THEIRS ");
        world.runFor(LockClient.IDLE_RELEASE + 2_000);
        e.reconnect(0);
        world.runFor(5_000);
        assertTrue(e.hubText().contains("THEIRS ") && !e.hubText().contains("MINE "));
        assertEquals(e.hubText(), e.text(0));
        assertEquals(1, e.conflicts().size());
        assertTrue(e.conflicts().get(0).inserted().contains("MINE "));
    }

    @Test
    void a_late_copy_of_a_grant_does_not_roll_back_what_the_holder_saved() {
        LockingEngine e = new LockingEngine(world.ctx, LockScope.PARAGRAPH, LockManager.NO_LEASE);
        String before = e.text(0).substring(Paragraphs.bounds(e.text(0), 1).start(), Paragraphs.bounds(e.text(0), 1).end());
        assertTrue(acquire(e, 0, 1, 1_000));
        LabFixture.type(e, 0, LabFixture.paragraphStart(e, 0, 1), "SAVED ");
        world.runFor(LockClient.SAVE_MAX_WAIT + 500);
        assertTrue(e.hubText().contains("SAVED "));
        e.client(0).receive(new LockMessage.Grant(1, true, "c0#1", 0, before)); // the answer to a retried request
        assertTrue(e.text(0).contains("SAVED "));
        world.runFor(LockClient.IDLE_RELEASE + 2_000);
        assertTrue(e.hubText().contains("SAVED ") && e.conflicts().isEmpty());
    }

    @Test
    void a_lock_granted_after_the_user_stopped_asking_is_given_back() {
        LockingEngine e = new LockingEngine(world.ctx, LockScope.PARAGRAPH, LockManager.NO_LEASE);
        assertTrue(acquire(e, 0, 1, 1_000));
        world.runFor(LockClient.IDLE_RELEASE + 1_000);
        assertEquals(Optional.empty(), e.locks().holder(1, world.scheduler.now()), "released when left alone");
        e.locks().acquire(1, "c0#1", world.scheduler.now()); // a retried request reaching the hub late
        world.runFor(2 * LockClient.HEARTBEAT + 500);
        assertEquals(Optional.empty(), e.locks().holder(1, world.scheduler.now()));
        assertTrue(acquire(e, 1, 1, 1_000));
    }
}
