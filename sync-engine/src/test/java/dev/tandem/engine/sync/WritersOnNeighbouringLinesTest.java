package dev.tandem.engine.sync;

import dev.tandem.engine.protocol.Message;
import org.junit.jupiter.api.Test;

import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Meeting notes, each writer on their own line: one writer's changes on the lines above and below another's are two
 * changes, not one hunk across the line between. Found with {@code ./tandem load --clients 300} (one line per client):
 * the hub kept 164 conflicts, each a hunk that spanned the receiver's own line, where it had typed meanwhile.
 */
class WritersOnNeighbouringLinesTest {

    private final AtomicLong clock = new AtomicLong(1_000);
    private final AtomicLong ids = new AtomicLong();

    private ClientDocument client(String id) {
        return ClientDocument.open("d", Optional.empty(), DocumentJournal.NONE, EngineLimits.DEFAULTS, clock::incrementAndGet,
                () -> id + ids.incrementAndGet());
    }

    private static void exchange(HubDocument hub, String id, ClientDocument c) {
        Optional<Message> out = c.startExchange(true);
        while (out.isPresent()) {
            Optional<Message> reply = hub.receive(id, out.get()).reply();
            out = reply.isPresent() ? c.receive(reply.get()).reply() : Optional.empty();
        }
    }

    @Test
    void changes_on_the_lines_around_someone_elses_typing_both_land_without_a_conflict() {
        HubDocument hub = HubDocument.open("d", Optional.empty(), DocumentJournal.NONE, EngineLimits.DEFAULTS,
                clock::incrementAndGet, () -> "h" + ids.incrementAndGet());
        ClientDocument ann = client("ann");
        ClientDocument bob = client("bob");
        ann.edit(0, 0, "ann:\nbob:\ncat:\n");
        exchange(hub, "ann", ann);
        exchange(hub, "bob", bob);

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
