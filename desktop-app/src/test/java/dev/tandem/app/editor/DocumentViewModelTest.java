package dev.tandem.app.editor;

import dev.tandem.engine.session.ClientSession;
import dev.tandem.engine.session.HubSession;
import dev.tandem.engine.session.ManualTimer;
import dev.tandem.engine.store.MemoryDocumentStore;
import dev.tandem.engine.sync.EngineLimits;
import dev.tandem.engine.sync.TextSplice;
import org.junit.jupiter.api.Test;

import java.util.ArrayDeque;
import java.util.List;
import java.util.Queue;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The view-model between a text surface and the engine, without a Stage: two editors, their engines and a hub on
 * virtual time; the "UI thread" is a queue the test drains, so races between typing and remote changes are explicit.
 */
class DocumentViewModelTest {

    private static final String DOC = "doc";
    private final ManualTimer time = new ManualTimer(1_000_000);
    private final HubSession hub = new HubSession(new MemoryDocumentStore(), new HubSession.Options(5, 20_000, EngineLimits.DEFAULTS), time, time);

    private final class Editor {
        final String id;
        final Queue<Runnable> ui = new ArrayDeque<>();
        final StringSurface surface = new StringSurface();
        final ClientSession session;
        DocumentViewModel model;
        boolean online;

        Editor(String id) {
            this.id = id;
            session = ClientSession.start(new MemoryDocumentStore(), ClientSession.Options.DEFAULTS, time, time,
                    new ClientSession.Listener() {
                        @Override
                        public void remoteChanges(String docId, long applied, long batch, List<TextSplice> splices) {
                            model.remoteFromEngine(applied, batch, splices);
                        }

                        @Override
                        public void conflictsChanged(String docId, List<dev.tandem.engine.sync.Conflict> conflicts) {
                            model.conflictsFromEngine(conflicts);
                        }
                    });
            model = new DocumentViewModel(DOC, session, ui::add, time::nowMillis);
            surface.bind(model);
            model.open(surface);
            time.advance(10);
            drainUi();
        }

        void connect() {
            online = true;
            hub.attach(id, m -> { if (online) session.receive(m); });
            session.connected(m -> { if (online) hub.receive(id, m); });
        }

        void disconnect() {
            online = false;
            hub.detach(id);
            session.disconnected();
        }

        void drainUi() {
            Runnable r;
            while ((r = ui.poll()) != null) r.run();
        }

        String engineText() {
            var f = session.text(DOC);
            time.runUntilIdle();
            return f.join();
        }
    }

    private void settle(Editor... editors) {
        for (int i = 0; i < 20; i++) {
            time.advance(100);
            for (Editor e : editors) e.drainUi();
        }
    }

    private String hubText() {
        var f = hub.inspect(DOC, d -> d.text() + " conflicts=" + d.conflicts());
        time.runUntilIdle();
        return f.join();
    }

    @Test
    void text_typed_in_one_editor_appears_in_the_other_with_its_caret_kept_in_place() {
        Editor a = new Editor("a");
        Editor b = new Editor("b");
        a.connect();
        b.connect();
        settle(a, b);
        b.surface.type("world");
        settle(a, b);
        a.surface.moveTo(0);
        a.surface.type("hello ");
        b.surface.moveTo(3);
        settle(a, b);
        assertEquals("hello world", b.surface.text());
        assertEquals("hello world", a.surface.text());
        assertEquals(3 + "hello ".length(), b.surface.caret(), "b's caret stays between 'wor' and 'ld'");
    }

    @Test
    void a_peers_caret_that_overtakes_the_text_it_stands_in_keeps_its_offset() {
        Editor a = new Editor("a");
        a.model.peerFromConnection(new dev.tandem.app.connection.PeerPresence("b", "Grace", "#1c7ed6", DOC, 6, 6));
        a.drainUi();
        // a's text is still empty: the editor draws the caret at the end for now, and where it belongs once the
        // text arrives; the offset itself must not be cut to the text a had when the presence came.
        assertEquals(6, a.model.peers().get("b").caret());
        assertEquals(6, a.model.peers().get("b").anchor());
    }

    @Test
    void typing_while_a_remote_change_is_on_its_way_lands_where_the_user_meant() {
        Editor a = new Editor("a");
        Editor b = new Editor("b");
        a.connect();
        b.connect();
        a.surface.type("The cat sat.");
        settle(a, b);
        a.surface.moveTo(4);
        a.surface.type("black ");
        time.advance(500); // b's engine has the change; b's screen does not yet
        b.surface.moveTo(11);
        b.surface.type(" down"); // typed on the old text: "The cat sat down."
        b.drainUi();
        settle(a, b);
        assertEquals("The black cat sat down.", b.surface.text());
        assertEquals(b.surface.text(), b.engineText());
        assertEquals(b.surface.text(), a.surface.text());
    }

    @Test
    void undo_does_not_undo_a_peers_edit() {
        Editor a = new Editor("a");
        Editor b = new Editor("b");
        a.connect();
        b.connect();
        a.surface.type("mine");
        settle(a, b);
        b.surface.moveTo(0);
        b.surface.type("theirs ");
        settle(a, b);
        assertEquals("theirs mine", a.surface.text());
        a.model.undo();
        settle(a, b);
        assertEquals("theirs ", a.surface.text(), "only a's own typing is undone");
        assertEquals("theirs ", b.surface.text());
        a.model.redo();
        settle(a, b);
        assertEquals("theirs mine", b.surface.text());
    }

    @Test
    void offline_edits_on_both_sides_converge_after_reconnecting() {
        Editor a = new Editor("a");
        Editor b = new Editor("b");
        a.connect();
        b.connect();
        a.surface.type("The middle.");
        settle(a, b);
        a.disconnect();
        b.disconnect();
        a.surface.moveTo(0);
        a.surface.type("Start. ");
        b.surface.moveTo(b.surface.text().length());
        b.surface.type(" End.");
        settle(a, b);
        a.connect();
        b.connect();
        settle(a, b);
        settle(a, b);
        assertEquals("Start. The middle. End.", a.surface.text());
        assertEquals(a.surface.text(), b.surface.text());
    }

    @Test
    void random_concurrent_typing_keeps_every_screen_equal_to_its_engine() {
        for (int seed = 0; seed < 15; seed++) {
            Random r = new Random(seed);
            Editor a = new Editor("a" + seed);
            Editor b = new Editor("b" + seed);
            a.connect();
            b.connect();
            for (int step = 0; step < 60; step++) {
                Editor e = r.nextBoolean() ? a : b;
                String t = e.surface.text();
                int pos = r.nextInt(t.length() + 1);
                int del = r.nextInt(4) == 0 ? r.nextInt(Math.min(3, t.length() - pos) + 1) : 0;
                e.surface.replace(pos, del, r.nextInt(5) == 0 ? "" : String.valueOf((char) ('a' + r.nextInt(26))));
                time.advance(r.nextInt(80));
                if (r.nextInt(3) == 0) a.drainUi();
                if (r.nextInt(3) == 0) b.drainUi();
            }
            settle(a, b);
            settle(a, b);
            assertEquals(a.engineText(), a.surface.text(), "seed " + seed);
            assertEquals(b.engineText(), b.surface.text(), "seed " + seed);
            assertEquals(a.surface.text(), b.surface.text(), "seed " + seed);
        }
    }

    @Test
    void an_edit_the_shared_text_rejects_becomes_a_conflict_that_reapplies() {
        Editor a = new Editor("a");
        Editor b = new Editor("b");
        a.connect();
        b.connect();
        a.surface.type("The quick brown fox jumps over the lazy dog.");
        settle(a, b);
        a.disconnect();
        b.disconnect();
        a.surface.replace(0, a.surface.text().length(), "Completely different words now stand here instead.");
        String t = b.surface.text();
        b.surface.replace(t.indexOf("lazy"), 4, "sleepy");
        settle(a, b);
        a.connect();
        settle(a, b);
        b.connect();
        settle(a, b);
        settle(a, b);
        assertEquals(a.surface.text(), b.surface.text());
        assertEquals(1, b.model.conflicts().size() + a.model.conflicts().size(), "b edit kept as a conflict: " + a.surface.text() + " | " + b.surface.text() + " | " + hubText());
        Editor owner = b.model.conflicts().isEmpty() ? a : b;
        owner.model.reapply(owner.model.conflicts().get(0).id());
        settle(a, b);
        settle(a, b);
        assertEquals(0, owner.model.conflicts().size());
        assertEquals(a.surface.text(), b.surface.text());
        org.junit.jupiter.api.Assertions.assertTrue(a.surface.text().contains("sleep"), a.surface.text());
        assertEquals(a.engineText(), a.surface.text());
    }
}
