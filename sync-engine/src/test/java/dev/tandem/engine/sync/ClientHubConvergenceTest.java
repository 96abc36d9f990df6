package dev.tandem.engine.sync;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ClientHubConvergenceTest {

    @Test
    void text_typed_on_one_client_reaches_the_other() {
        LoopbackNetwork net = new LoopbackNetwork("d", "a", "b");
        net.syncAll();
        net.client("a").edit(0, 0, "hello world");
        net.sync("a");
        assertEquals("hello world", net.hub.text());
        assertEquals("hello world", net.client("b").text());
    }

    @Test
    void concurrent_edits_in_different_places_both_survive() {
        LoopbackNetwork net = new LoopbackNetwork("d", "a", "b");
        net.client("a").edit(0, 0, "The quick brown fox jumps over the lazy dog.");
        net.syncAll();
        net.client("a").edit(4, 5, "slow");             // quick -> slow
        net.client("b").edit(40, 4, "cat.");            // dog. -> cat.
        net.syncAll();
        assertEquals("The slow brown fox jumps over the lazy cat.", net.client("a").text());
        assertEquals(net.client("a").text(), net.client("b").text());
        assertEquals(net.client("a").text(), net.hub.text());
    }

    @Test
    void offline_text_created_on_both_sides_is_kept_by_both() {
        LoopbackNetwork net = new LoopbackNetwork("d", "a", "b");
        net.client("a").edit(0, 0, "alpha ");
        net.client("b").edit(0, 0, "beta ");
        net.syncAll();
        String merged = net.client("a").text();
        assertEquals(merged, net.client("b").text());
        assertTrue(merged.contains("alpha ") && merged.contains("beta "), merged);
    }

    @Test
    void an_edit_whose_text_was_deleted_elsewhere_becomes_a_conflict_not_a_loss() {
        LoopbackNetwork net = new LoopbackNetwork("d", "a", "b");
        net.client("a").edit(0, 0, "Macs had the original point and click UI.");
        net.syncAll();
        net.client("a").edit(0, 4, "Macintoshes");
        net.client("b").edit(0, 4, "Smith & Wesson");
        net.sync("b");
        net.sync("a");
        net.syncAll();
        assertEquals(net.client("a").text(), net.client("b").text());
        // One of the two replacements wins the text; the other is kept as a conflict record, not dropped.
        String all = net.client("a").text() + net.client("a").conflicts() + net.client("b").conflicts() + net.hub.conflicts();
        assertTrue(all.contains("intoshe"), all);
        assertTrue(all.contains("Smith & Wesson"), all);
        assertTrue(!net.client("a").conflicts().isEmpty() || !net.client("b").conflicts().isEmpty(), all);
    }
}
