package dev.tandem.engine.sync;

import dev.tandem.engine.protocol.Edit;
import dev.tandem.engine.text.DeltaOp;
import dev.tandem.engine.text.TrackedText;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Where a view's text was changed by other writers alone, its next edit says what they did: the old chars deleted,
 * the new ones inserted. A diff of the two sides pairs chars they share by chance: the {@code ⟦c} of a fragment one
 * writer deleted with the head of a marker another inserted in its place, and the edit then said "keep {@code ⟦c},
 * insert {@code 2-2⟧…} after it". Where the receiver no longer had that {@code ⟦c}, the marker arrived headless, and
 * the receiver's next edit deleted its head on the hub ({@code ./tandem sim} seed 9943, decision 0019).
 */
class ReplacedRegionsTest {

    private static final Link.TextChangeSink NOBODY = (by, p, d, i, n) -> { };
    private static final String MINE = "中ur, ⟦c1-1⟧, ";

    /** A hub view of a client whose shadow and the hub's text are {@code a⟦c}; the client is away. */
    private record Scene(TrackedText hubText, Link view, TrackedText clientText, Link client) {
        static Scene start() {
            TrackedText hubText = new TrackedText("a⟦c");
            TrackedText clientText = new TrackedText("a⟦c");
            return new Scene(hubText, Link.fresh("c1", 1, "a⟦c", hubText, DocumentJournal.NONE, true),
                    clientText, Link.fresh("hub", 1, "a⟦c", clientText, DocumentJournal.NONE, true));
        }

        void hubSplice(int pos, int deleted, String inserted) {
            hubText.splice(pos, deleted, inserted);
            view.textSpliced(pos, deleted, inserted, hubText.length());
        }

        void clientSplice(int pos, int deleted, String inserted) {
            clientText.splice(pos, deleted, inserted);
            client.textSpliced(pos, deleted, inserted, clientText.length());
        }

        /** The other writer types its marker before the old {@code ⟦c} and deletes that. */
        void anotherWriterReplacesTheFragment() {
            hubSplice(1, 0, "⟦c2-2⟧ hi ");
            hubSplice(1 + "⟦c2-2⟧ hi ".length(), 2, "");
        }

        /** The client's edit reaches the hub, acknowledging none of the hub's; returns the hub's reply edits. */
        List<Edit> clientSyncs() {
            client.makeEdit(clientText);
            Link.Received r = view.receive(0, 0, null, client.outgoingEdits(true), true, hubText, true, NOBODY);
            assertFalse(r.failed(), r::failure);
            view.makeEdit(hubText);
            return view.outgoingEdits(true);
        }
    }

    @Test
    void another_writers_replacement_is_sent_as_a_replacement() {
        Scene scene = Scene.start();
        scene.anotherWriterReplacesTheFragment();
        scene.clientSplice(1, 0, MINE);

        List<Edit> reply = scene.clientSyncs();

        assertEquals("a" + MINE + "⟦c2-2⟧ hi ", scene.hubText().toString());
        assertEquals(1, reply.size());
        int at = 1 + MINE.length();
        assertEquals(List.of(new DeltaOp.Keep(at), new DeltaOp.Delete(2), new DeltaOp.Insert("⟦c2-2⟧ hi ")),
                reply.get(0).delta().ops(), "not: keep ⟦c, insert 2-2⟧ hi after it");
    }

    @Test
    void the_replacement_survives_a_lost_push_and_its_restore() {
        Scene scene = Scene.start();
        scene.anotherWriterReplacesTheFragment();
        scene.view().makeEdit(scene.hubText()); // pushed to the client, and lost on the way
        scene.clientSplice(1, 0, MINE);

        List<Edit> reply = scene.clientSyncs(); // acknowledges none of the hub's edits: the view restores its shadow

        List<DeltaOp> ops = reply.get(reply.size() - 1).delta().ops();
        assertTrue(ops.contains(new DeltaOp.Insert("⟦c2-2⟧ hi ")), "the marker is sent whole: " + ops);
    }
}
