package dev.tandem.cli.lab;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class DiffSyncEngineTest {

    @Test
    void the_product_engine_syncs_a_users_edit_to_the_others() {
        LabFixture world = new LabFixture(2, 10);
        DiffSyncEngine e = new DiffSyncEngine(world.ctx);
        world.runFor(1_000); // both join
        assertEquals(world.ctx.initialText(), e.text(1));
        String hello = "HELLO \u27E6c0-0\u27E7 "; // with a marker, so the latency probe sees it arrive
        world.ctx.probe().typed(0, hello);
        LabFixture.type(e, 0, 0, hello);
        world.runFor(1_000);
        assertTrue(e.text(1).startsWith(hello));
        assertEquals(1, world.ctx.probe().samples().size());
        long latency = world.ctx.probe().samples().get(0);
        assertTrue(latency >= 20 && latency < 1_000, "two hops of 10 ms and the product's debounce: " + latency);
    }

    @Test
    void offline_edits_saved_in_a_closed_app_arrive_when_it_reopens() {
        LabFixture world = new LabFixture(2, 10);
        DiffSyncEngine e = new DiffSyncEngine(world.ctx);
        world.runFor(1_000);
        e.disconnect(0);
        LabFixture.type(e, 0, LabFixture.paragraphStart(e, 0, 2), "IN THE TUNNEL ");
        world.runFor(1_000);
        e.closeApp(0);
        LabFixture.type(e, 1, 0, "MEANWHILE ");
        world.runFor(5 * 60_000);
        e.reopenApp(0);
        e.reconnect(0);
        world.runFor(10_000);
        for (String text : new String[] {e.hubText(), e.text(0), e.text(1)}) {
            assertTrue(text.contains("IN THE TUNNEL ") && text.contains("MEANWHILE "), text);
        }
        assertEquals(e.hubText(), e.text(0));
        assertEquals(e.hubText(), e.text(1));
    }
}
