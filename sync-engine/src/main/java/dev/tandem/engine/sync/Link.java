package dev.tandem.engine.sync;

import dev.tandem.engine.protocol.Edit;
import dev.tandem.engine.protocol.RejectedHunk;
import dev.tandem.engine.text.Delta;
import dev.tandem.engine.text.DeltaMismatchException;
import dev.tandem.engine.text.DeltaOp;
import dev.tandem.engine.text.TextDiff;
import dev.tandem.engine.text.TrackedText;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

/**
 * One side of one document link in Fraser's guaranteed-delivery differential synchronization: the shadow, the
 * version counters, the backup shadow (derived, see {@link StackEntry}) and the stack of my unacknowledged edits.
 * The document's text is not owned here: the link is handed the text it syncs against.
 *
 * <p>O(edit) per cycle: the link tracks how far the text and the shadow are known to agree from the start
 * ({@code prefix}) and from the end ({@code suffix}); a diff only looks between the two, and a received hunk that lies
 * where they agree is spliced into the text at the same place (speedup) instead of being fuzzily located.
 *
 * <p>Concurrency: not thread-safe; owned by the single owner of its document (see {@link ClientDocument},
 * {@link HubDocument}).
 */
final class Link {

    /** Chars of context kept around a hunk that has to be located in a text that changed around it. */
    static final int CONTEXT = 32;

    final String linkId;
    private final DocumentJournal journal;
    private long epoch;
    private final TrackedText shadow;
    private long mine;
    private long theirs;
    private long backupMine;
    private final ArrayDeque<StackEntry> stack = new ArrayDeque<>();
    /** text[0, prefix) equals shadow[0, prefix). */
    private int prefix;
    /** The last {@code suffix} chars of text and shadow are equal. */
    private int suffix;
    /** Hunks of the other side's edits I rejected, to send with my next edit. */
    private final List<RejectedHunk> rejectedToReport = new ArrayList<>();

    Link(LinkSnapshot snap, CharSequence text, DocumentJournal journal) {
        this.linkId = snap.linkId();
        this.journal = journal;
        this.epoch = snap.epoch();
        this.shadow = new TrackedText(snap.shadow());
        this.mine = snap.mine();
        this.theirs = snap.theirs();
        this.backupMine = snap.backupMine();
        this.stack.addAll(snap.stack());
        this.shadow.setSpliceListener((p, d, i) -> journal.append(new JournalEntry.Splice(linkId, p, d, i)));
        recomputeAgreement(text);
    }

    /** A new link at {@code epoch} whose shadow is {@code shadowText} (journaled as a reset). */
    static Link fresh(String linkId, long epoch, String shadowText, CharSequence text, DocumentJournal journal) {
        journal.append(new JournalEntry.LinkReset(linkId, epoch, shadowText));
        return new Link(new LinkSnapshot(linkId, epoch, shadowText, 0, 0, 0, List.of()), text, journal);
    }

    long epoch() { return epoch; }
    long mine() { return mine; }
    long theirs() { return theirs; }
    int stackSize() { return stack.size(); }
    String shadowText() { return shadow.toString(); }

    LinkSnapshot snapshot() {
        return new LinkSnapshot(linkId, epoch, shadow.toString(), mine, theirs, backupMine, List.copyOf(stack));
    }

    /** True when the text may differ from the shadow (something to diff). */
    boolean dirty(CharSequence text) {
        return !(prefix == shadow.length() && prefix == text.length());
    }

    // ---------------------------------------------------------------------------------------------------------------
    // Agreement bookkeeping

    /** O(length): used on load and after a reset only. */
    private void recomputeAgreement(CharSequence text) {
        int n = Math.min(text.length(), shadow.length());
        int p = 0;
        while (p < n && text.charAt(p) == shadow.charAt(p)) p++;
        int s = 0;
        while (s < n - p && text.charAt(text.length() - 1 - s) == shadow.charAt(shadow.length() - 1 - s)) s++;
        prefix = p;
        suffix = s;
        clampAgreement(text.length());
    }

    /** The text was spliced (by the user or by another link's patch) without the shadow: agreement shrinks. */
    void textSpliced(int pos, int deleted, int insertedLength, int newTextLength) {
        prefix = Math.min(prefix, pos);
        suffix = Math.min(suffix, newTextLength - (pos + insertedLength));
        clampAgreement(newTextLength);
    }

    private void shadowSpliced(int pos, int insertedLength) {
        prefix = Math.min(prefix, pos);
        suffix = Math.min(suffix, shadow.length() - (pos + insertedLength));
        clampAgreement(-1);
    }

    /** Keeps prefix and suffix inside both texts, not overlapping, and off the middle of a surrogate pair. */
    private void clampAgreement(int textLength) {
        int lt = textLength < 0 ? Integer.MAX_VALUE : textLength;
        int min = Math.min(lt, shadow.length());
        if (prefix > min) prefix = min;
        if (prefix < 0) prefix = 0;
        if (suffix < 0) suffix = 0;
        if (suffix > min - prefix) suffix = min - prefix;
        if (prefix > 0 && prefix < shadow.length() && Character.isHighSurrogate(shadow.charAt(prefix - 1))) prefix--;
        int sEnd = shadow.length() - suffix;
        if (suffix > 0 && sEnd > 0 && Character.isLowSurrogate(shadow.charAt(sEnd))) suffix--;
    }

    // ---------------------------------------------------------------------------------------------------------------
    // Sending side

    /**
     * Fraser's steps 1–2: diffs the text against the shadow (only where they may differ), and if anything changed
     * pushes the delta on the stack and moves the shadow to the text. Returns whether an edit was made.
     */
    boolean makeEdit(CharSequence text) {
        clampAgreement(text.length());
        int endS = shadow.length() - suffix;
        int endT = text.length() - suffix;
        if (prefix == endS && prefix == endT && rejectedToReport.isEmpty()) return false;
        List<DeltaOp> ops = new ArrayList<>();
        if (prefix > 0) ops.add(new DeltaOp.Keep(prefix));
        int keptBefore = ops.size();
        ops.addAll(DeltaOp.fromDiffs(TextDiff.diff(shadow.substring(prefix, endS), text.subSequence(prefix, endT).toString())));
        boolean changes = ops.stream().anyMatch(op -> !(op instanceof DeltaOp.Keep));
        if (!changes && rejectedToReport.isEmpty()) {
            prefix = text.length();
            suffix = 0;
            clampAgreement(text.length());
            return false;
        }
        if (!changes) ops.subList(keptBefore, ops.size()).clear();
        int baseLength = shadow.length();
        long baseChecksum = shadow.checksum();
        List<DeltaOp> undo = spliceShadow(ops);
        Delta delta = new Delta(ops, baseLength, baseChecksum, shadow.length(), shadow.checksum());
        StackEntry entry = new StackEntry(mine, delta, undo, rejectedToReport);
        rejectedToReport.clear();
        stack.addLast(entry);
        journal.append(new JournalEntry.StackPush(linkId, entry));
        mine++;
        journal.append(new JournalEntry.Versions(linkId, mine, theirs, backupMine));
        prefix = text.length();
        suffix = 0;
        clampAgreement(text.length());
        return true;
    }

    /** The edits to send: every unacknowledged one, oldest first. */
    List<Edit> outgoingEdits() {
        List<Edit> edits = new ArrayList<>(stack.size());
        for (StackEntry e : stack) edits.add(e.edit());
        return edits;
    }

    private List<DeltaOp> spliceShadow(List<DeltaOp> ops) {
        List<DeltaOp> undo = new ArrayList<>(ops.size());
        int pos = 0;
        for (DeltaOp op : ops) {
            if (op instanceof DeltaOp.Keep k) {
                pos += k.count();
                undo.add(k);
            } else if (op instanceof DeltaOp.Delete d) {
                undo.add(new DeltaOp.Insert(shadow.substring(pos, pos + d.count())));
                shadow.splice(pos, d.count(), "");
            } else {
                String ins = ((DeltaOp.Insert) op).text();
                shadow.splice(pos, 0, ins);
                pos += ins.length();
                undo.add(new DeltaOp.Delete(ins.length()));
            }
        }
        return undo;
    }

    // ---------------------------------------------------------------------------------------------------------------
    // Receiving side

    /** What receiving a batch of edits did. */
    record Received(List<TextSplice> textSplices, List<RejectedHunk> rejected, String failure) {
        boolean failed() { return failure != null; }
    }

    /**
     * Fraser's steps 3–5: drops acknowledged edits, restores the backup on a lost reply (if {@code restoreOnLostReply}),
     * applies each new edit exactly to the shadow and fuzzily to the text. A version gap or a delta that does not fit
     * the shadow stops the batch: the link cannot recover by itself ({@link Received#failure()}).
     *
     * @param text        the document text to patch
     * @param textChanged told of every splice this makes to the text (to keep other links' agreement and the UI)
     */
    Received receive(long ack, List<Edit> edits, TrackedText text, boolean restoreOnLostReply, TextChangeSink textChanged) {
        List<TextSplice> splices = new ArrayList<>();
        List<RejectedHunk> rejected = new ArrayList<>();
        if (ack > mine) return new Received(splices, rejected, "acknowledgement " + ack + " is ahead of my version " + mine);
        boolean pruned = false;
        for (Iterator<StackEntry> it = stack.iterator(); it.hasNext(); ) {
            if (it.next().version() < ack) { it.remove(); pruned = true; }
        }
        if (pruned) journal.append(new JournalEntry.StackPrune(linkId, ack));
        if (restoreOnLostReply && ack < mine && ack == backupMine) restoreBackup();
        for (Edit edit : edits) {
            if (edit.version() < theirs) continue; // a duplicate: applied before
            if (edit.version() > theirs) {
                return finish(splices, rejected, "missing edits " + theirs + ".." + (edit.version() - 1));
            }
            String failure = applyEdit(edit.delta(), text, splices, rejected, textChanged);
            if (failure != null) return finish(splices, rejected, failure);
            theirs++;
        }
        return finish(splices, rejected, null);
    }

    private Received finish(List<TextSplice> splices, List<RejectedHunk> rejected, String failure) {
        backupMine = mine; // backup := shadow (derived: nothing since the backup to undo)
        journal.append(new JournalEntry.Versions(linkId, mine, theirs, backupMine));
        rejectedToReport.addAll(rejected);
        return new Received(splices, rejected, failure);
    }

    /** Lost reply: shadow := backup, by undoing my edits made since the backup; they will be recomputed. */
    private void restoreBackup() {
        List<StackEntry> since = new ArrayList<>();
        for (StackEntry e : stack) if (e.version() >= backupMine) since.add(e);
        for (int i = since.size() - 1; i >= 0; i--) {
            List<DeltaOp> undo = since.get(i).undo();
            int pos = 0;
            for (DeltaOp op : undo) {
                if (op instanceof DeltaOp.Keep k) pos += k.count();
                else if (op instanceof DeltaOp.Delete d) { shadow.splice(pos, d.count(), ""); shadowSpliced(pos, 0); }
                else {
                    String ins = ((DeltaOp.Insert) op).text();
                    shadow.splice(pos, 0, ins);
                    shadowSpliced(pos, ins.length());
                    pos += ins.length();
                }
            }
        }
        stack.removeIf(e -> e.version() >= backupMine);
        journal.append(new JournalEntry.StackTruncate(linkId, backupMine));
        mine = backupMine;
        journal.append(new JournalEntry.Versions(linkId, mine, theirs, backupMine));
    }

    /** One contiguous change of a delta, in the coordinates of its base. */
    private record Hunk(int at, int deleted, String inserted) {}

    private static List<Hunk> hunks(Delta delta) {
        List<Hunk> out = new ArrayList<>();
        int pos = 0;
        int start = -1;
        int del = 0;
        StringBuilder ins = new StringBuilder();
        for (DeltaOp op : delta.ops()) {
            if (op instanceof DeltaOp.Keep k) {
                if (start >= 0) { out.add(new Hunk(start, del, ins.toString())); start = -1; del = 0; ins.setLength(0); }
                pos += k.count();
            } else {
                if (start < 0) start = pos;
                if (op instanceof DeltaOp.Delete d) { del += d.count(); pos += d.count(); }
                else ins.append(((DeltaOp.Insert) op).text());
            }
        }
        if (start >= 0) out.add(new Hunk(start, del, ins.toString()));
        return out;
    }

    /**
     * Applies one edit: exactly to the shadow (verified by length and checksum), then each hunk to the text — spliced
     * at the same place where text and shadow agree, else located by {@link HunkPlacer}; a hunk that cannot be placed
     * is rejected (the text around it untouched) and reported.
     */
    private String applyEdit(Delta delta, TrackedText text, List<TextSplice> splices, List<RejectedHunk> rejected,
                             TextChangeSink textChanged) {
        if (delta.baseLength() != shadow.length() || delta.baseChecksum() != shadow.checksum()) {
            return "an edit does not fit my shadow (length " + shadow.length() + ", edit expects " + delta.baseLength() + ")";
        }
        List<Hunk> hunks = hunks(delta);
        int ls = shadow.length();
        int lt = text.length();
        // Capture what fuzzy placement needs before the shadow moves.
        List<HunkPlacer.Target> targets = new ArrayList<>(hunks.size());
        for (Hunk h : hunks) {
            boolean inPrefix = h.at() + h.deleted() <= prefix;
            boolean inSuffix = h.at() >= ls - suffix;
            targets.add(inPrefix || inSuffix ? null : HunkPlacer.Target.around(shadow, h.at(), h.deleted(), h.inserted(),
                    expectedTextPos(h.at(), ls, lt)));
        }
        try {
            delta.applyTo(shadow);
        } catch (DeltaMismatchException e) {
            return "an edit is corrupt: " + e.getMessage();
        }
        // Hunks are placed in descending order, so when a hunk is placed the text after it already holds the higher
        // hunks' results: its after-context must come from the shadow after the edit, not before (else two hunks
        // closer than the context reject each other).
        int shiftBelow = 0; // net length change of the hunks below the current one
        for (int i = 0; i < hunks.size(); i++) {
            Hunk h = hunks.get(i);
            HunkPlacer.Target t = targets.get(i);
            if (t != null) {
                int from = h.at() + h.inserted().length() + shiftBelow;
                int to = Math.min(shadow.length(), from + t.contextAfter().length());
                if (to < shadow.length() && to > from && Character.isHighSurrogate(shadow.charAt(to - 1))) to++;
                targets.set(i, new HunkPlacer.Target(t.expected(), t.contextBefore(), t.deleted(), t.inserted(),
                        shadow.substring(from, to)));
            }
            shiftBelow += h.inserted().length() - h.deleted();
        }
        final int none = Integer.MAX_VALUE;
        int shiftPrefix = 0;          // net length change of hunks inside the agreeing prefix
        int shiftSuffix = 0;          // net length change of hunks inside the agreeing suffix
        int shadowPrefixLimit = none; // lowest base position a located hunk changed in the shadow
        int textPrefixLimit = none;   // lowest text position a located hunk changed, before lower splices
        int shadowSuffixLimit = none; // least distance from the base's end of a located hunk's end
        int textSuffixLimit = none;   // least distance from the text's end of a located hunk's end (final)
        for (int i = hunks.size() - 1; i >= 0; i--) { // descending: lower positions stay valid
            Hunk h = hunks.get(i);
            HunkPlacer.Target target = targets.get(i);
            int netChange = h.inserted().length() - h.deleted();
            if (target == null) {
                boolean inPrefix = h.at() + h.deleted() <= prefix;
                int tpos = inPrefix ? h.at() : h.at() + (lt - ls);
                spliceText(text, tpos, h.deleted(), h.inserted(), splices, textChanged);
                if (inPrefix) shiftPrefix += netChange; else shiftSuffix += netChange;
                continue;
            }
            shadowPrefixLimit = Math.min(shadowPrefixLimit, h.at());
            shadowSuffixLimit = Math.min(shadowSuffixLimit, ls - (h.at() + h.deleted()));
            HunkPlacer.Placement p = HunkPlacer.place(text, target);
            if (p.rejected()) {
                rejected.add(new RejectedHunk(target.expected(), target.contextBefore(), target.deleted(),
                        target.inserted(), target.contextAfter(), p.reason()));
            } else {
                textPrefixLimit = Math.min(textPrefixLimit, p.at());
                spliceText(text, p.at(), p.deleted(), p.inserted(), splices, textChanged);
                textSuffixLimit = Math.min(textSuffixLimit, text.length() - (p.at() + p.inserted().length()));
            }
        }
        // Hunks inside the agreeing regions were made identically on both sides: the regions just grew or shrank.
        // Located hunks end the agreement where they touched: in the shadow exactly (only prefix hunks lie below the
        // lowest, only suffix hunks above the highest); in the text conservatively, as a landing may lie anywhere.
        long p = (long) prefix + shiftPrefix;
        if (shadowPrefixLimit != none) p = Math.min(p, (long) shadowPrefixLimit + shiftPrefix);
        if (textPrefixLimit != none) p = Math.min(p, (long) textPrefixLimit + Math.min(0, shiftPrefix));
        long s = (long) suffix + shiftSuffix;
        if (shadowSuffixLimit != none) s = Math.min(s, (long) shadowSuffixLimit + shiftSuffix);
        if (textSuffixLimit != none) s = Math.min(s, textSuffixLimit);
        prefix = (int) Math.max(0, p);
        suffix = (int) Math.max(0, s);
        clampAgreement(text.length());
        return null;
    }

    /** Where a hunk at shadow position {@code at} most likely is in the text. */
    private int expectedTextPos(int at, int ls, int lt) {
        if (at <= prefix) return at;
        if (at >= ls - suffix) return at + (lt - ls);
        // Inside the region that differs: interpolate between the two known anchors.
        int spanS = Math.max(1, ls - suffix - prefix);
        int spanT = lt - suffix - prefix;
        return prefix + (int) ((long) (at - prefix) * spanT / spanS);
    }

    private void spliceText(TrackedText text, int pos, int deleted, String inserted, List<TextSplice> splices,
                            TextChangeSink textChanged) {
        if (deleted == 0 && inserted.isEmpty()) return;
        text.splice(pos, deleted, inserted);
        splices.add(new TextSplice(pos, deleted, inserted));
        textChanged.spliced(this, pos, deleted, inserted.length(), text.length());
    }

    /** Told of each splice a link makes to the shared text, so that the other links on it can shrink agreement. */
    @FunctionalInterface
    interface TextChangeSink {
        void spliced(Link by, int pos, int deleted, int insertedLength, int newTextLength);
    }

    // ---------------------------------------------------------------------------------------------------------------
    // Reset

    /**
     * The last text both sides had in common as far as this side knows: the shadow with all my unacknowledged edits
     * undone. O(length): used only for a reset's three-way merge.
     */
    String commonBase() {
        TrackedText base = new TrackedText(shadow);
        List<StackEntry> entries = new ArrayList<>(stack);
        for (int i = entries.size() - 1; i >= 0; i--) {
            int pos = 0;
            for (DeltaOp op : entries.get(i).undo()) {
                if (op instanceof DeltaOp.Keep k) pos += k.count();
                else if (op instanceof DeltaOp.Delete d) base.splice(pos, d.count(), "");
                else {
                    String ins = ((DeltaOp.Insert) op).text();
                    base.splice(pos, 0, ins);
                    pos += ins.length();
                }
            }
        }
        return base.toString();
    }

    /** Starts the link again: shadow := {@code shadowText}, counters zero, stack empty, new epoch. */
    void reset(long newEpoch, String shadowText, CharSequence text) {
        journal.append(new JournalEntry.LinkReset(linkId, newEpoch, shadowText));
        epoch = newEpoch;
        shadow.setSpliceListener((p, d, i) -> { });
        shadow.setAll(shadowText);
        shadow.setSpliceListener((p, d, i) -> journal.append(new JournalEntry.Splice(linkId, p, d, i)));
        mine = 0;
        theirs = 0;
        backupMine = 0;
        stack.clear();
        rejectedToReport.clear();
        recomputeAgreement(text);
    }
}
