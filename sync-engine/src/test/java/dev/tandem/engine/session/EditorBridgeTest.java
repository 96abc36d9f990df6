package dev.tandem.engine.session;

import dev.tandem.engine.store.MemoryDocumentStore;
import dev.tandem.engine.sync.EngineLimits;
import dev.tandem.engine.sync.TextSplice;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The editor bridge of {@link ClientSession}: remote batches are numbered for the editor, and an edit typed on a text
 * that lacks batches the session already applied is moved over them.
 */
class EditorBridgeTest {

    private final ManualTimer time = new ManualTimer(1_000_000);
    private final HubSession hub = new HubSession(new MemoryDocumentStore(), new HubSession.Options(5, 20_000,
            EngineLimits.DEFAULTS), time, time);
    private final List<Long> batches = new ArrayList<>();
    private final ClientSession editor = session(true);
    private final ClientSession peer = session(false);

    private ClientSession session(boolean record) {
        return ClientSession.start(new MemoryDocumentStore(), ClientSession.Options.DEFAULTS, time, time,
                new ClientSession.Listener() {
                    @Override
                    public void remoteChanges(String docId, long applied, long batch, List<TextSplice> splices) {
                        if (record) batches.add(batch);
                    }
                });
    }

    private void connect(String id, ClientSession s) {
        hub.attach(id, s::receive);
        s.connected(m -> hub.receive(id, m));
    }

    private <T> T join(CompletableFuture<T> f) {
        time.runUntilIdle();
        return f.join();
    }

    @Test
    void an_edit_typed_before_the_editor_saw_a_remote_batch_lands_where_the_user_meant() {
        ClientSession.EditorView v = join(editor.openEditor("d"));
        assertEquals(new ClientSession.EditorView("", 0, 0), v);
        join(peer.open("d"));
        connect("editor", editor);
        connect("peer", peer);
        time.advance(200);
        editor.edit("d", 0, 0, 0, "The cat sat.");
        time.advance(500);
        peer.edit("d", 4, 0, "black ");
        time.advance(500);
        assertEquals(List.of(1L), batches, "one remote batch, numbered 1");
        // The editor's screen still shows "The cat sat." and the user types " down" before the final ".".
        editor.edit("d", 0, 11, 0, " down");
        time.advance(500);
        assertEquals("The black cat sat down.", join(editor.text("d")));
        assertEquals("The black cat sat down.", join(peer.text("d")));
    }

    @Test
    void an_edit_made_after_the_editor_applied_the_batch_is_taken_as_it_is() {
        join(editor.openEditor("d"));
        join(peer.open("d"));
        connect("editor", editor);
        connect("peer", peer);
        time.advance(200);
        editor.edit("d", 0, 0, 0, "ab");
        time.advance(500);
        peer.edit("d", 0, 0, "X");
        time.advance(500);
        editor.remoteSeen("d", 1);
        editor.edit("d", 1, 3, 0, "!");
        time.advance(500);
        assertEquals("Xab!", join(editor.text("d")));
    }
}
