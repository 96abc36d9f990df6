package dev.tandem.cli.lab;

import dev.tandem.cli.sim.FaultyNetwork;
import dev.tandem.cli.sim.RandomEdits;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class EventPassingEngineTest {

    private final LabFixture world = new LabFixture(3, 10);
    private final EventPassingEngine e = new EventPassingEngine(world.ctx);

    private void assertAllEqual() {
        for (int i = 0; i < 3; i++) assertEquals(e.hubText(), e.text(i), "c" + i);
    }

    @Test
    void edits_one_at_a_time_reach_everyone_unchanged() {
        LabFixture.type(e, 0, 0, "first ");
        world.runFor(100);
        LabFixture.type(e, 1, 6, "second ");
        world.runFor(100);
        e.edit(2, new RandomEdits.Splice(0, 6, ""));
        world.runFor(100);
        assertAllEqual();
        assertTrue(e.text(0).startsWith("second Paragraph 1"));
    }

    @Test
    void a_lost_event_forks_the_replicas_for_good() {
        e.network().setFaults(new FaultyNetwork.Faults(1, 0, 0));
        LabFixture.type(e, 0, 0, "LOST ");
        world.runFor(100);
        e.network().setFaults(FaultyNetwork.Faults.NONE);
        LabFixture.type(e, 1, 0, "KEPT ");
        world.runFor(60_000);
        assertTrue(e.text(0).contains("LOST "));
        assertTrue(!e.hubText().contains("LOST ") && !e.text(1).contains("LOST ") && !e.text(2).contains("LOST "));
        assertNotEquals(e.hubText(), e.text(0));
        assertEquals(0, e.conflicts().size(), "nobody is told");
    }

    @Test
    void concurrent_events_replayed_without_transformation_fork_the_replicas() {
        // Both type at the same moment: each replays the other's event at a position meant for a text without its own.
        LabFixture.type(e, 0, 0, "AAAA");
        e.edit(1, new RandomEdits.Splice(10, 3, "B"));
        world.runFor(100);
        assertNotEquals(e.text(0), e.text(1));
    }
}
