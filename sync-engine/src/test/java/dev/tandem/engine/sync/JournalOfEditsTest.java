package dev.tandem.engine.sync;

import dev.tandem.engine.protocol.Message;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.atomic.AtomicLong;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * An edit a side makes is journaled once, as {@link JournalEntry.EditMade}: the shadow's splices are the edit's ops,
 * and replay applies them. What the journal holds still rebuilds the live state exactly.
 */
class JournalOfEditsTest {

    private final AtomicLong clock = new AtomicLong(1);
    private final AtomicLong ids = new AtomicLong();
    private final List<JournalEntry> hubJournal = new ArrayList<>();
    private final HubDocument hub = HubDocument.open("d", Optional.empty(), hubJournal::add, EngineLimits.DEFAULTS,
            clock::get, () -> "k" + ids.incrementAndGet());

    private ClientDocument client(List<JournalEntry> journal) {
        return ClientDocument.open("d", Optional.empty(), journal::add, EngineLimits.DEFAULTS, clock::incrementAndGet,
                () -> "k" + ids.incrementAndGet());
    }

    private void exchange(ClientDocument c, String name) {
        Optional<Message> m = c.startExchange(true);
        for (int i = 0; i < 10 && m.isPresent(); i++) {
            Message reply = hub.receive(name, m.get()).reply().orElseThrow();
            m = c.receive(reply).reply();
        }
    }

    private static DocumentSnapshot replayed(List<JournalEntry> journal) {
        SnapshotReplay r = new SnapshotReplay(new DocumentSnapshot("d", "", List.of(), List.of()));
        journal.forEach(r::apply);
        return r.result();
    }

    @Test
    void a_hub_view_edit_is_one_entry_not_one_splice_per_change() {
        ClientDocument ada = client(new ArrayList<>());
        ClientDocument grace = client(new ArrayList<>());
        exchange(ada, "ada");
        exchange(grace, "grace");
        ada.edit(0, 0, "Hello, ");
        exchange(ada, "ada");
        ada.edit(7, 0, "world");
        ada.edit(0, 0, "> ");
        exchange(ada, "ada");
        int from = hubJournal.size();

        Message push = hub.push("grace").orElseThrow();

        List<JournalEntry> made = hubJournal.subList(from, hubJournal.size());
        assertTrue(made.stream().anyMatch(e -> e instanceof JournalEntry.EditMade m && m.linkId().equals("grace")), made::toString);
        assertFalse(made.stream().anyMatch(e -> e instanceof JournalEntry.Splice s && "grace".equals(s.linkId())),
                "the view's shadow splices are in the edit, not journaled again: " + made);
        grace.receive(push);
        assertEquals("> Hello, world", grace.text());
    }

    @Test
    void replaying_the_journals_of_a_busy_exchange_gives_each_side_its_live_state() {
        List<JournalEntry> adaJournal = new ArrayList<>();
        List<JournalEntry> graceJournal = new ArrayList<>();
        ClientDocument ada = client(adaJournal);
        ClientDocument grace = client(graceJournal);
        Random rnd = new Random(14);
        String[] pieces = {"a", "bc", " ", "\n", "é", "😀", "tandem "};
        for (int round = 0; round < 200; round++) {
            ClientDocument c = rnd.nextBoolean() ? ada : grace;
            String name = c == ada ? "ada" : "grace";
            String t = c.text();
            if (t.length() > 6 && rnd.nextInt(4) == 0) {
                int at = rnd.nextInt(t.length() - 3);
                if (Character.isLowSurrogate(t.charAt(at))) at--;
                int n = 1 + rnd.nextInt(2);
                if (Character.isHighSurrogate(t.charAt(at + n - 1))) n++;
                c.edit(at, n, "");
            } else {
                int at = rnd.nextInt(t.length() + 1);
                if (at > 0 && at < t.length() && Character.isLowSurrogate(t.charAt(at))) at--;
                c.edit(at, 0, pieces[rnd.nextInt(pieces.length)]);
            }
            if (rnd.nextInt(3) == 0) exchange(c, name);
            if (rnd.nextInt(4) == 0) hub.push(c == ada ? "grace" : "ada").ifPresent(p -> (c == ada ? grace : ada).receive(p));
        }
        exchange(ada, "ada");
        exchange(grace, "grace");
        exchange(ada, "ada");

        assertEquals(ada.text(), grace.text());
        assertTrue(hubJournal.stream().anyMatch(e -> e instanceof JournalEntry.EditMade));
        assertEquals(hub.snapshot(), replayed(hubJournal));
        assertEquals(ada.snapshot(), replayed(adaJournal));
        assertEquals(grace.snapshot(), replayed(graceJournal));
    }

    @Test
    void an_edit_that_does_not_fit_the_journaled_shadow_is_refused_as_corruption() {
        SnapshotReplay r = new SnapshotReplay(new DocumentSnapshot("d", "",
                List.of(new LinkSnapshot("v", 1, "abc", 0, 0, 0, List.of())), List.of()));
        StackEntry longer = new StackEntry(0, dev.tandem.engine.text.Delta.between("abcd", "abXd"),
                dev.tandem.engine.text.Delta.between("abXd", "abcd").ops());
        assertThrows(IllegalStateException.class, () -> r.apply(new JournalEntry.EditMade("v", longer)));
    }
}
