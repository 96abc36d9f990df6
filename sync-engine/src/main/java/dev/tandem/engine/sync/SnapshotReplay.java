package dev.tandem.engine.sync;

import dev.tandem.engine.text.Delta;
import dev.tandem.engine.text.DeltaOp;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Rebuilds a document's state from its last snapshot and the journal entries written since, the way a store does it on
 * open. The same function serves every store, so that what is recovered never depends on which store wrote it.
 *
 * <p>Concurrency: a mutable builder used by one thread at a time.
 */
public final class SnapshotReplay {

    private final String docId;
    private final StringBuilder text;
    private final Map<String, MutableLink> links = new LinkedHashMap<>();
    private final Map<String, Conflict> conflicts = new LinkedHashMap<>();

    private static final class MutableLink {
        long epoch;
        StringBuilder shadow;
        long mine;
        long theirs;
        long backupMine;
        Long theirsResult;
        final List<StackEntry> stack = new ArrayList<>();
    }

    public SnapshotReplay(DocumentSnapshot start) {
        this.docId = start.docId();
        this.text = new StringBuilder(start.text());
        for (LinkSnapshot l : start.links()) {
            MutableLink m = new MutableLink();
            m.epoch = l.epoch();
            m.shadow = new StringBuilder(l.shadow());
            m.mine = l.mine();
            m.theirs = l.theirs();
            m.backupMine = l.backupMine();
            m.theirsResult = l.theirsResult();
            m.stack.addAll(l.stack());
            links.put(l.linkId(), m);
        }
        for (Conflict c : start.conflicts()) conflicts.put(c.id(), c);
    }

    /** Applies one journal entry. Throws IllegalStateException when the entry does not fit the state (corruption). */
    public void apply(JournalEntry entry) {
        if (entry instanceof JournalEntry.Splice s) {
            StringBuilder target = s.linkId() == null ? text : link(s.linkId()).shadow;
            if (s.pos() + s.deleted() > target.length()) {
                throw new IllegalStateException("journal splice outside the text: " + s.pos() + "+" + s.deleted()
                        + " of " + target.length());
            }
            target.replace(s.pos(), s.pos() + s.deleted(), s.inserted());
        } else if (entry instanceof JournalEntry.Versions v) {
            MutableLink l = link(v.linkId());
            l.mine = v.mine();
            l.theirs = v.theirs();
            l.backupMine = v.backupMine();
        } else if (entry instanceof JournalEntry.TheirsApplied t) {
            link(t.linkId()).theirsResult = t.resultChecksum();
        } else if (entry instanceof JournalEntry.StackPush p) {
            link(p.linkId()).stack.add(p.entry());
        } else if (entry instanceof JournalEntry.EditMade m) {
            MutableLink l = link(m.linkId());
            applyOps(l.shadow, m.entry().delta());
            l.stack.add(m.entry());
        } else if (entry instanceof JournalEntry.StackPrune p) {
            link(p.linkId()).stack.removeIf(e -> e.version() < p.belowVersion());
        } else if (entry instanceof JournalEntry.StackTruncate t) {
            link(t.linkId()).stack.removeIf(e -> e.version() >= t.fromVersion());
        } else if (entry instanceof JournalEntry.LinkReset r) {
            MutableLink m = new MutableLink();
            m.epoch = r.epoch();
            m.shadow = new StringBuilder(r.shadow());
            links.put(r.linkId(), m);
        } else if (entry instanceof JournalEntry.LinkRestarted r) {
            MutableLink m = new MutableLink();
            m.epoch = r.epoch();
            m.shadow = new StringBuilder(text);
            m.theirs = r.theirs();
            links.put(r.linkId(), m);
        } else if (entry instanceof JournalEntry.LinkRemoved r) {
            links.remove(r.linkId());
        } else if (entry instanceof JournalEntry.ConflictAdded c) {
            conflicts.put(c.conflict().id(), c.conflict());
        } else if (entry instanceof JournalEntry.ConflictRemoved c) {
            conflicts.remove(c.conflictId());
        }
    }

    /** The delta's ops, spliced into {@code shadow} in place; refused if the shadow is not the delta's base length. */
    private static void applyOps(StringBuilder shadow, Delta delta) {
        if (shadow.length() != delta.baseLength()) {
            throw new IllegalStateException("journal edit of a " + delta.baseLength() + "-char shadow applied to one of "
                    + shadow.length());
        }
        int pos = 0;
        for (DeltaOp op : delta.ops()) {
            if (op instanceof DeltaOp.Keep k) {
                pos += k.count();
            } else if (op instanceof DeltaOp.Delete d) {
                if (pos + d.count() > shadow.length()) throw new IllegalStateException("journal edit deletes past the shadow");
                shadow.delete(pos, pos + d.count());
            } else {
                String ins = ((DeltaOp.Insert) op).text();
                shadow.insert(pos, ins);
                pos += ins.length();
            }
            if (pos > shadow.length()) throw new IllegalStateException("journal edit keeps past the shadow");
        }
        if (shadow.length() != delta.resultLength()) {
            throw new IllegalStateException("journal edit left a " + shadow.length() + "-char shadow, not "
                    + delta.resultLength());
        }
    }

    private MutableLink link(String id) {
        MutableLink l = links.get(id);
        if (l == null) throw new IllegalStateException("journal names unknown link " + id);
        return l;
    }

    public DocumentSnapshot result() {
        List<LinkSnapshot> ls = new ArrayList<>();
        links.forEach((id, m) -> ls.add(new LinkSnapshot(id, m.epoch, m.shadow.toString(), m.mine, m.theirs,
                m.backupMine, m.stack, m.theirsResult)));
        return new DocumentSnapshot(docId, text.toString(), ls, new ArrayList<>(conflicts.values()));
    }
}
