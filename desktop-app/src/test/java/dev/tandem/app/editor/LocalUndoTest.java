package dev.tandem.app.editor;

import dev.tandem.engine.sync.TextSplice;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;

class LocalUndoTest {

    @Test
    void typing_within_a_second_is_one_undo_step() {
        LocalUndo u = new LocalUndo();
        u.recordEdit(0, "", "a", 0);
        u.recordEdit(1, "", "b", 300);
        u.recordEdit(2, "", "c", 600);
        assertEquals(new LocalUndo.Change(0, "", "abc", 600), u.peekUndo());
    }

    @Test
    void a_pause_starts_a_new_step() {
        LocalUndo u = new LocalUndo();
        u.recordEdit(0, "", "a", 0);
        u.recordEdit(1, "", "b", 5_000);
        assertEquals(1, u.peekUndo().pos());
    }

    @Test
    void a_peers_insert_before_my_edit_moves_it() {
        LocalUndo u = new LocalUndo();
        u.recordEdit(5, "", "mine", 0);
        u.remoteChanged(List.of(new TextSplice(0, 0, "peer ")));
        assertEquals(10, u.peekUndo().pos());
    }

    @Test
    void a_peers_insert_after_my_edit_leaves_it() {
        LocalUndo u = new LocalUndo();
        u.recordEdit(5, "old", "new", 0);
        u.remoteChanged(List.of(new TextSplice(20, 0, "later")));
        assertEquals(new LocalUndo.Change(5, "old", "new", 0), u.peekUndo());
    }

    @Test
    void an_edit_a_peer_rewrote_is_dropped_not_undone_wrongly() {
        LocalUndo u = new LocalUndo();
        u.recordEdit(0, "", "hello", 0);
        u.remoteChanged(List.of(new TextSplice(1, 3, "ipp")));
        assertNull(u.peekUndo());
        assertFalse(u.canUndo());
    }

    @Test
    void undoing_my_delete_survives_a_peer_edit_elsewhere() {
        LocalUndo u = new LocalUndo();
        u.recordEdit(10, "gone", "", 0);
        u.remoteChanged(List.of(new TextSplice(2, 2, "")));
        assertEquals(new LocalUndo.Change(8, "gone", "", 0), u.peekUndo());
    }

    @Test
    void undone_edits_can_be_redone_and_a_new_edit_clears_redo() {
        LocalUndo u = new LocalUndo();
        u.recordEdit(0, "", "x", 0);
        u.undone();
        assertEquals(new LocalUndo.Change(0, "x", "", 0), u.peekRedo());
        u.redone();
        assertEquals(new LocalUndo.Change(0, "", "x", 0), u.peekUndo());
        u.undone();
        u.recordEdit(0, "", "y", 10_000);
        assertFalse(u.canRedo());
    }
}
