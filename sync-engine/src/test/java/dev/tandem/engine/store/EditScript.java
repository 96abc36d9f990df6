package dev.tandem.engine.store;

import dev.tandem.engine.sync.Conflict;
import dev.tandem.engine.sync.DocumentSnapshot;
import dev.tandem.engine.sync.JournalEntry;
import dev.tandem.engine.sync.SnapshotReplay;
import dev.tandem.engine.sync.StackEntry;
import dev.tandem.engine.text.Delta;
import dev.tandem.engine.text.DeltaMismatchException;
import dev.tandem.engine.text.DeltaOp;
import dev.tandem.engine.text.TrackedText;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * A deterministic, replay-valid stream of journal entries that looks like a client typing and syncing: keystrokes
 * (with astral characters) spliced into the text, and now and then a cycle that splices the shadow, pushes a real
 * delta, prunes the stack and adds or removes a conflict. Step {@code n} always ends with a Versions entry whose
 * {@code theirs} is {@code n}, so a loaded state says how many steps it holds. The same seed gives the same steps.
 *
 * <p>Concurrency: one thread.
 */
final class EditScript {

    static final String LINK = "hub";
    private static final String[] PIECES = {"a", "b", "e", " ", "\n", "é", "€", "😀", "𝄞", "tandem", "%\t"};

    private final String docId;
    private final Random rnd;
    private final SnapshotReplay model;
    private String text = "";
    private String shadow = "";
    private long mine;
    private long steps;
    private final List<String> openConflicts = new ArrayList<>();

    EditScript(String docId, long seed) {
        this.docId = docId;
        this.rnd = new Random(seed);
        this.model = new SnapshotReplay(empty(docId));
    }

    static DocumentSnapshot empty(String docId) {
        return new DocumentSnapshot(docId, "", List.of(), List.of());
    }

    /** The state after {@code n} steps of the script with this seed. */
    static DocumentSnapshot stateAfter(String docId, long seed, long n) {
        EditScript s = new EditScript(docId, seed);
        for (long i = 0; i < n; i++) s.next();
        return s.state();
    }

    long steps() {
        return steps;
    }

    /** The state after the steps so far (what a store must load after they were committed). */
    DocumentSnapshot state() {
        return model.result();
    }

    /** The entries of the next step, already applied to {@link #state()}. */
    List<JournalEntry> next() {
        List<JournalEntry> out = new ArrayList<>();
        steps++;
        if (steps == 1) out.add(new JournalEntry.LinkReset(LINK, 1, ""));
        // A keystroke: insert a piece, or delete a little.
        if (text.length() > 8 && rnd.nextInt(5) == 0) {
            int pos = rnd.nextInt(text.length() - 4);
            out.add(new JournalEntry.Splice(null, pos, 1 + rnd.nextInt(3), ""));
        } else {
            String piece = PIECES[rnd.nextInt(PIECES.length)];
            out.add(new JournalEntry.Splice(null, rnd.nextInt(text.length() + 1), 0, piece));
        }
        apply(out.get(out.size() - 1));
        long backupMine = mine;
        if (rnd.nextInt(4) == 0) {
            // A cycle: shadow := text, and the exact delta pushed on the stack (as one EditMade, or the old way: one
            // splice of the shadow and a StackPush).
            int prefix = 0;
            int max = Math.min(text.length(), shadow.length());
            while (prefix < max && text.charAt(prefix) == shadow.charAt(prefix)) prefix++;
            int suffix = 0;
            while (suffix < max - prefix && text.charAt(text.length() - 1 - suffix)
                    == shadow.charAt(shadow.length() - 1 - suffix)) suffix++;
            // The delta from the same prefix and suffix, not from Delta.between: a diff has a wall-clock budget, so
            // a slow moment in one process (a GC pause, a cold JIT) would make its delta coarser than the one the
            // checking process computes, and two correct stores would differ.
            String removed = shadow.substring(prefix, shadow.length() - suffix);
            String added = text.substring(prefix, text.length() - suffix);
            Delta delta = Delta.applyOps(new TrackedText(shadow), replace(prefix, removed, added, suffix));
            List<DeltaOp> undo = replace(prefix, added, removed, suffix);
            if (rnd.nextBoolean()) { // as journals written before session 14 say it
                out.add(new JournalEntry.Splice(LINK, prefix, removed.length(), added));
                out.add(new JournalEntry.StackPush(LINK, new StackEntry(mine, delta, undo)));
            } else {
                out.add(new JournalEntry.EditMade(LINK, new StackEntry(mine, delta, undo)));
            }
            mine++;
            if (rnd.nextInt(3) == 0) {
                out.add(new JournalEntry.StackPrune(LINK, mine - rnd.nextInt(2)));
                backupMine = mine;
            }
            if (rnd.nextInt(10) == 0) out.add(new JournalEntry.StackTruncate(LINK, mine + 1));
        }
        if (rnd.nextInt(15) == 0) {
            String id = "c" + steps;
            openConflicts.add(id);
            out.add(new JournalEntry.ConflictAdded(new Conflict(id, docId, "hub", 1_700_000_000_000L + steps,
                    Conflict.Origin.values()[rnd.nextInt(3)], rnd.nextInt(100), "before 😀", "gone", "new 𝄞",
                    "after", "did not fit")));
        } else if (!openConflicts.isEmpty() && rnd.nextInt(10) == 0) {
            out.add(new JournalEntry.ConflictRemoved(openConflicts.remove(0)));
        }
        out.add(new JournalEntry.Versions(LINK, mine, steps, backupMine));
        for (JournalEntry e : out) {
            if (!(e instanceof JournalEntry.Splice s && s.linkId() == null)) apply(e);
            model.apply(e);
        }
        return out;
    }

    /** Keep the prefix, replace {@code removed} by {@code added}, keep the suffix (empty runs left out). */
    private static List<DeltaOp> replace(int prefix, String removed, String added, int suffix) {
        List<DeltaOp> ops = new ArrayList<>();
        if (prefix > 0) ops.add(new DeltaOp.Keep(prefix));
        if (!removed.isEmpty()) ops.add(new DeltaOp.Delete(removed.length()));
        if (!added.isEmpty()) ops.add(new DeltaOp.Insert(added));
        if (suffix > 0) ops.add(new DeltaOp.Keep(suffix));
        return ops;
    }

    private void apply(JournalEntry e) {
        if (e instanceof JournalEntry.Splice s) {
            if (s.linkId() == null) {
                text = text.substring(0, s.pos()) + s.inserted() + text.substring(s.pos() + s.deleted());
            } else {
                shadow = shadow.substring(0, s.pos()) + s.inserted() + shadow.substring(s.pos() + s.deleted());
            }
        } else if (e instanceof JournalEntry.EditMade m) {
            try {
                shadow = m.entry().delta().applyTo(shadow);
            } catch (DeltaMismatchException ex) {
                throw new AssertionError("the script's own edit does not fit its shadow", ex);
            }
        }
    }
}
