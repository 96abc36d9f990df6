package dev.tandem.app.editor;

import dev.tandem.engine.sync.SpliceTransform;
import dev.tandem.engine.sync.TextSplice;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.Iterator;
import java.util.List;

/**
 * Undo and redo of the local user's own edits only. Remote changes never enter it; instead every remembered edit is
 * moved over them (RichTextFX's own undo manager cannot do that: skipping a remote change there leaves the later
 * entries at stale offsets). An entry whose own text a peer has changed is dropped rather than undone wrongly.
 *
 * <p>Algorithm: the stack holds edits e1..en, each positioned on the text after e1..e(i-1). A remote splice R on the
 * current text is moved down the stack: at each entry, R and the entry's inverse are transformed against each other
 * ({@link SpliceTransform}); the inverse that comes out is the entry's new form, R' continues below.
 *
 * <p>Concurrency: not thread-safe; FX thread only (owned by a {@link DocumentViewModel}).
 */
public final class LocalUndo {

    /** Typing pauses longer than this start a new undo step. */
    public static final long MERGE_WINDOW_MILLIS = 1_000;
    public static final int MAX_ENTRIES = 500;

    /** An edit: {@code removed} at {@code pos} replaced by {@code inserted}. */
    public record Change(int pos, String removed, String inserted, long atMillis) {
        TextSplice inverse() { return new TextSplice(pos, inserted.length(), removed); }
    }

    private final Deque<Change> undo = new ArrayDeque<>();
    private final Deque<Change> redo = new ArrayDeque<>();

    /** A local edit by the user (not an undo or redo): it may merge with the previous typing. */
    public void recordEdit(int pos, String removed, String inserted, long nowMillis) {
        redo.clear();
        Change top = undo.peekFirst();
        if (top != null && removed.isEmpty() && top.removed().isEmpty() && !inserted.contains("\n")
                && nowMillis - top.atMillis() <= MERGE_WINDOW_MILLIS && top.pos() + top.inserted().length() == pos) {
            undo.pollFirst();
            undo.push(new Change(top.pos(), "", top.inserted() + inserted, nowMillis));
            return;
        }
        push(undo, new Change(pos, removed, inserted, nowMillis));
    }

    /** The edit undo would make now (to the current text), or null. Call {@link #undone} once it is made. */
    public Change peekUndo() { return undo.peekFirst(); }

    public Change peekRedo() { return redo.peekFirst(); }

    /** The top undo entry was reverted by an edit: it moves to redo. */
    public void undone() {
        Change c = undo.pollFirst();
        if (c != null) push(redo, new Change(c.pos(), c.inserted(), c.removed(), 0));
    }

    /** The top redo entry was re-made: it moves back to undo. */
    public void redone() {
        Change c = redo.pollFirst();
        if (c != null) push(undo, new Change(c.pos(), c.inserted(), c.removed(), 0));
    }

    public boolean canUndo() { return !undo.isEmpty(); }

    public boolean canRedo() { return !redo.isEmpty(); }

    /** Moves every entry over remote splices made to the current text (applied in order). */
    public void remoteChanged(List<TextSplice> remote) {
        moveOver(undo, remote);
        moveOver(redo, remote);
    }

    public void clear() {
        undo.clear();
        redo.clear();
    }

    private static void moveOver(Deque<Change> stack, List<TextSplice> remote) {
        List<TextSplice> r = remote;
        List<Change> kept = new ArrayList<>(stack.size());
        for (Iterator<Change> it = stack.iterator(); it.hasNext(); ) {
            Change c = it.next();
            if (r.isEmpty()) { kept.add(c); continue; }
            SpliceTransform.Pair t = SpliceTransform.transform(List.of(c.inverse()), r, false);
            Change moved = fromInverse(t.a(), c);
            if (moved != null) kept.add(moved);
            // Below this entry the text is as before it: R moves past the entry's inverse.
            r = t.b();
        }
        stack.clear();
        stack.addAll(kept);
    }

    /** Rebuilds an entry from its transformed inverse, or null if a peer touched the entry's own text. */
    private static Change fromInverse(List<TextSplice> inv, Change c) {
        int removeLen = c.inserted().length();
        if (removeLen == 0 && inv.size() == 1 && inv.get(0).inserted().equals(c.removed())) {
            return new Change(inv.get(0).pos(), c.removed(), "", c.atMillis());
        }
        TextSplice del = null;
        TextSplice ins = null;
        for (TextSplice s : inv) {
            if (s.deleted() > 0) { if (del != null) return null; del = s; } else { if (ins != null) return null; ins = s; }
        }
        if (del == null || del.deleted() != removeLen) return null;
        if (!c.removed().isEmpty() && (ins == null || ins.pos() != del.pos())) return null;
        return new Change(del.pos(), c.removed(), c.inserted(), c.atMillis());
    }

    private static void push(Deque<Change> stack, Change c) {
        stack.push(c);
        while (stack.size() > MAX_ENTRIES) stack.pollLast();
    }
}
