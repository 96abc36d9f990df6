package dev.tandem.engine.sync;

import dev.tandem.engine.protocol.Message;
import org.junit.jupiter.api.Test;

import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Regression test for a bug found by the simulator (./tandem sim --clients 2 --edits 6 --seed 3): two hunks of one edit
 * less than 8 chars apart, placed fuzzily (the hub's text changed both before and after them since the author's
 * shadow), rejected each other. Link.applyEdit took every hunk's context from the shadow before the edit but placed the
 * hunks in descending order, so the after-context of a lower hunk already held the higher hunk's result in the text
 * and no longer matched, even shrunk to 8 chars. ThreeWayMerge mirrored it (ascending order, before-context). In random
 * runs this was the source of most conflict records and of markers lost as meaningless fragments such as
 * "replace '1' by '3'".
 */
class NearbyHunksOfOneEditTest {

    private final AtomicLong clock = new AtomicLong(1_000);
    private final AtomicLong ids = new AtomicLong();

    private ClientDocument client(String id) {
        return ClientDocument.open("d", Optional.empty(), DocumentJournal.NONE, EngineLimits.DEFAULTS, clock::incrementAndGet,
                () -> id + ids.incrementAndGet());
    }

    private HubDocument hub() {
        return HubDocument.open("d", Optional.empty(), DocumentJournal.NONE, EngineLimits.DEFAULTS, clock::incrementAndGet,
                () -> "h" + ids.incrementAndGet());
    }

    /** One client's exchanges with the hub until it has nothing more to say; pokes for others are not delivered. */
    private static void exchange(HubDocument hub, String id, ClientDocument c) {
        Optional<Message> out = c.startExchange(true);
        while (out.isPresent()) {
            Optional<Message> reply = hub.receive(id, out.get()).reply();
            out = reply.isPresent() ? c.receive(reply.get()).reply() : Optional.empty();
        }
    }

    /** The first client types {@code text}; both exchange with the hub until they hold it. */
    private static void bothHold(HubDocument hub, ClientDocument first, String firstId, ClientDocument second,
                                 String secondId, String text) {
        first.edit(0, 0, text);
        exchange(hub, firstId, first);
        exchange(hub, secondId, second);
        assertEquals(text, second.text());
    }

    @Test
    void two_nearby_changes_of_one_edit_both_land_when_the_text_changed_around_them() {
        HubDocument hub = hub();
        ClientDocument a = client("a");
        ClientDocument b = client("b");
        bothHold(hub, a, "a", b, "b", "The quick brown fox jumps over the lazy dog.");

        b.edit(b.length(), 0, ">>");  // the hub's text changes before and after a's coming change
        b.edit(0, 0, "<<");
        exchange(hub, "b", b);
        a.edit(6, 1, "a");            // quick -> quack
        a.edit(12, 1, "a");           // brown -> brawn: one edit, two hunks 6 chars apart
        exchange(hub, "a", a);

        assertEquals("<<The quack brawn fox jumps over the lazy dog.>>", hub.text());
        assertTrue(hub.conflicts().isEmpty(), hub.conflicts().toString());
    }

    @Test
    void a_reset_merge_places_two_nearby_changes_of_mine() {
        ThreeWayMerge.Result r = ThreeWayMerge.merge("The quick brown fox jumps.", "The quack brawn fox jumps.",
                "<<The quick brown fox jumps.>>");
        assertEquals("<<The quack brawn fox jumps.>>", r.text());
        assertTrue(r.rejected().isEmpty(), r.rejected().toString());
    }

    /**
     * Meeting notes, each writer on their own line: one writer's changes on the lines above and below another's are
     * two hunks, not one across the line between. Found with {@code ./tandem load --clients 300} (one line per
     * client): the hub kept 164 conflicts, each a hunk spanning the receiver's own line, where it had typed meanwhile
     * (decision 0022).
     */
    @Test
    void changes_on_the_lines_around_someone_elses_typing_both_land_without_a_conflict() {
        HubDocument hub = hub();
        ClientDocument ann = client("ann");
        ClientDocument bob = client("bob");
        bothHold(hub, ann, "ann", bob, "bob", "ann:\nbob:\ncat:\n");

        bob.edit(9, 0, " on call");            // bob types on his line; the hub has it before ann's edit
        exchange(hub, "bob", bob);
        // Offline, ann types a long while on her line and on cat's line below bob's (more keystrokes than the link
        // keeps one by one, so her edit is made from where text and shadow differ: one edit, two changes 10 chars
        // apart, with bob's line between them).
        for (int i = 0; i < Link.MAX_PENDING_SPLICES / 2 + 1; i++) {
            ann.edit(4 + i, 0, "a");
            int catLineEnd = ann.text().indexOf("cat:") + 4;
            ann.edit(catLineEnd + i, 0, "c");
        }
        exchange(hub, "ann", ann);

        String as = "a".repeat(Link.MAX_PENDING_SPLICES / 2 + 1);
        String cs = "c".repeat(Link.MAX_PENDING_SPLICES / 2 + 1);
        assertEquals("ann:" + as + "\nbob: on call\ncat:" + cs + "\n", hub.text());
        assertTrue(hub.conflicts().isEmpty(), hub.conflicts().toString());
        exchange(hub, "bob", bob);
        assertEquals(hub.text(), bob.text());
        assertEquals(hub.text(), ann.text());
        assertTrue(ann.conflicts().isEmpty(), ann.conflicts().toString());
    }
}
