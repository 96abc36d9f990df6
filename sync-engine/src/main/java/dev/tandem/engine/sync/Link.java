package dev.tandem.engine.sync;

import dev.tandem.engine.protocol.Edit;
import dev.tandem.engine.protocol.RejectedHunk;
import dev.tandem.engine.text.Delta;
import dev.tandem.engine.text.DeltaMismatchException;
import dev.tandem.engine.text.DeltaOp;
import dev.tandem.engine.text.Diff;
import dev.tandem.engine.text.EditBoundaries;
import dev.tandem.engine.text.TextChecksum;
import dev.tandem.engine.text.TextDiff;
import dev.tandem.engine.text.TrackedText;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Set;

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
    /** Equal chars a gap must run on beyond a change, on one side, for the change to be spliced there exactly. */
    static final int GAP_MARGIN = 8;

    final String linkId;
    /** Whether hunks I reject are sent back with my next edit (the hub tells authors; a client keeps them itself). */
    private final boolean reportsRejections;
    private final DocumentJournal journal;
    private long epoch;
    /**
     * The shadow: {@link #ownShadow}, or, while a client's link is clean, the document text itself ({@link #aliasText}).
     * A client in a busy document then splices each edit of the hub's once, not into two equal texts.
     */
    private TrackedText shadow;
    /** The shadow's own chars, journaled as the shadow's; older than the text's once the text changed while aliased. */
    private final TrackedText ownShadow;
    /** The text this link's shadow may be while the two are equal (a client's one document text); null on a hub. */
    private TrackedText aliasable;
    /**
     * While aliased: the splices that take {@link #ownShadow} to the text, in order (none: it holds the text's chars),
     * as long as replaying them costs less than copying the text; null past that ({@link #beforeTextChange} copies).
     */
    private List<TextSplice> sinceAliased;
    /**
     * The text was typed into while it was the shadow, and the shadow has no chars of its own yet: it is the text with
     * the pending splices (insertions only) taken out, {@link #detachedLength} chars long, with {@link
     * #detachedChecksum}. {@link #shadow} is null meanwhile. A client typing in a busy document mostly sends what it
     * typed at once, and the shadow is the text again: making the shadow's chars first (replaying into {@link
     * #ownShadow} every splice of the hub's since it was last made) was half of what a client did per keystroke of
     * others, for chars nothing read. They are made only when something reads the shadow ({@link #materialize}).
     */
    private boolean detached;
    private int detachedLength;
    private long detachedChecksum;
    /** A detached link with this many pending splices makes its shadow's chars: one edit composes at most as many. */
    static final int MAX_DETACHED_SPLICES = 256;
    private long mine;
    private long theirs;
    private long backupMine;
    private final ArrayDeque<StackEntry> stack = new ArrayDeque<>();
    /** The text equals the shadow (then prefix and suffix are not used). */
    private boolean clean;
    /**
     * When not null: the text is exactly the shadow with these splices applied in order (nothing else has diverged
     * them since they were last equal), so the next edit is made from the splices themselves, without a diff
     * (speedup: the delta comes from the edit). Null once anything else touched either side.
     */
    private List<TextSplice> pendingSplices;
    /**
     * Past this many pending splices the next edit is made by a diff instead. A hub's view a few seconds behind
     * hundreds of writers has thousands: at 256, such views fell to diffs of regions spanning most of the document, and
     * a relay 300 writers had put behind spent four fifths of its owner's time in Myers' diff (decision 0020, session
     * 18 addendum). The splices cost some 80 bytes each, so a view holds at most about 330 KB of them.
     */
    static final int MAX_PENDING_SPLICES = 4096;
    /** text[0, prefix) equals shadow[0, prefix). */
    private int prefix;
    /** The last {@code suffix} chars of text and shadow are equal; prefix + suffix never exceeds either length. */
    private int suffix;
    /**
     * Where text and shadow may differ, region by region (finer than prefix and suffix): an edit made by a diff
     * diffs only these regions. On a hub, other writers change a view's text all over the document between its
     * exchanges, and one window from the lowest change to the highest would make every reply diff most of it.
     */
    private final Divergence divergence = new Divergence();
    /** Chars typed into the text that the other side has not seen: a deletion of theirs spares them. */
    private final ForeignText foreign = new ForeignText();
    /** The changes of the run of pending splices being composed (reused: {@link #makeEditsFromSplices}). */
    private final RunRanges runRanges = new RunRanges(CONTEXT);
    /** My edits from this version on have not been sent in a push or a reply yet (not persisted: a restart resends). */
    private long pushedUpTo;
    /** Hunks of the other side's edits I rejected, to send with my next edit. */
    private final List<RejectedHunk> rejectedToReport = new ArrayList<>();
    /** The result checksum of the other side's edit I applied last (version theirs - 1), or null if unknown. */
    private Long theirsResult;
    /** {@link #theirsResult} changed since it was last journaled. */
    private boolean theirsResultUnsaved;
    /**
     * How many of their edits I may acknowledge: those whose application my journal holds durably. {@link #theirs}
     * ({@code got}) may be ahead while a group commit is pending; a crash then loses those, and the other side, which
     * keeps every edit I have not acknowledged, sends them again.
     */
    private long durableTheirs;
    /** Journal positions at which {@link #theirs} grew, oldest first, until they are durable: {position, theirs}. */
    private final ArrayDeque<long[]> theirsMarks = new ArrayDeque<>();
    /**
     * How many of my edits the other side has applied, as it last said ({@code got}): a sync sends my edits from there
     * on, not the whole stack (the stack still holds those it has not made durable). Not persisted: after a restart I
     * send the whole stack once.
     */
    private long theirGot;
    /**
     * Group commit: the owner sends before it commits. Then my own edits leave only once durable (a crash must not let
     * me give a sent version number to another edit, nor the other side build on an edit I could lose), while
     * acknowledgements run as far as the journal is durable ({@link #ack()}).
     */
    private boolean sendsBeforeCommit;
    /**
     * In {@link #sendsBeforeCommit} mode: {version, journal position} of each stack entry not yet known durable, oldest
     * first (versions and positions both grow, so the first one that is not durable bounds what may be sent).
     */
    private final ArrayDeque<long[]> notDurable = new ArrayDeque<>();

    Link(LinkSnapshot snap, CharSequence text, DocumentJournal journal, boolean reportsRejections) {
        this.reportsRejections = reportsRejections;
        this.linkId = snap.linkId();
        this.journal = journal;
        this.epoch = snap.epoch();
        this.ownShadow = new TrackedText(snap.shadow());
        this.shadow = ownShadow;
        this.mine = snap.mine();
        this.theirs = snap.theirs();
        this.backupMine = snap.backupMine();
        this.theirsResult = snap.theirsResult();
        this.stack.addAll(snap.stack());
        this.pushedUpTo = snap.stack().isEmpty() ? snap.mine() : snap.stack().get(0).version();
        this.theirGot = pushedUpTo;
        this.durableTheirs = snap.theirs(); // a link is built from stored state, or fresh at zero
        this.ownShadow.setSpliceListener(this::shadowSplicedForJournal);
        recomputeAgreement(text);
    }

    /** A new link at {@code epoch} whose shadow is {@code shadowText} (journaled as a reset). */
    static Link fresh(String linkId, long epoch, String shadowText, CharSequence text, DocumentJournal journal,
                      boolean reportsRejections) {
        journal.append(new JournalEntry.LinkReset(linkId, epoch, shadowText));
        return new Link(new LinkSnapshot(linkId, epoch, shadowText, 0, 0, 0, List.of()), text, journal, reportsRejections);
    }

    long epoch() { return epoch; }
    long mine() { return mine; }
    long theirs() { return theirs; }

    /** See {@link #sendsBeforeCommit}; off by default (the owner commits before it sends anything). */
    void sendBeforeCommit(boolean value) {
        sendsBeforeCommit = value;
        if (!value) notDurable.clear();
    }

    /**
     * My stack entries below this version may be sent: all of them, unless the owner sends before commits and some are
     * not durable yet.
     */
    private long sendableBelow() {
        if (notDurable.isEmpty()) return Long.MAX_VALUE;
        long durable = journal.durablePosition();
        while (!notDurable.isEmpty() && notDurable.peekFirst()[1] <= durable) notDurable.pollFirst();
        return notDurable.isEmpty() ? Long.MAX_VALUE : notDurable.peekFirst()[0];
    }

    /**
     * My stack's edits from version {@code from} on that may be sent, oldest first. Walks the stack from its newest
     * end: on a hub that holds a client's acknowledgements back, the older entries are many and already sent.
     */
    private List<Edit> sendableFrom(long from) {
        return editsFrom(from, Math.min(sendableBelow(), mine));
    }

    /** My stack's edits with versions in [{@code from}, {@code below}), oldest first. */
    private List<Edit> editsFrom(long from, long below) {
        if (from >= below) return new ArrayList<>(0);
        ArrayList<Edit> edits = new ArrayList<>((int) Math.min(below - from, stack.size()));
        var it = stack.descendingIterator();
        while (it.hasNext()) {
            StackEntry e = it.next();
            if (e.version() < from) break;
            if (e.version() < below) edits.add(e.edit());
        }
        java.util.Collections.reverse(edits);
        return edits;
    }

    /** How many of their edits I acknowledge: the durable part of {@link #theirs()}. */
    long ack() {
        if (!theirsMarks.isEmpty()) {
            long durable = journal.durablePosition();
            while (!theirsMarks.isEmpty() && theirsMarks.peekFirst()[0] <= durable) {
                durableTheirs = theirsMarks.pollFirst()[1];
            }
        }
        return durableTheirs;
    }

    /** The result checksum of the last of the other side's edits I applied (edit {@code theirs-1}), or null. */
    Long theirsResult() { return theirsResult; }
    int stackSize() { return stack.size(); }
    String shadowText() {
        materialize();
        return shadow.toString();
    }

    LinkSnapshot snapshot() {
        materialize();
        return new LinkSnapshot(linkId, epoch, shadow.toString(), mine, theirs, backupMine, List.copyOf(stack), theirsResult);
    }

    /**
     * What {@link #snapshot()} would record, as of now, with the shadow's chars frozen ({@link TrackedText#frozenCopy},
     * O(chunks)) or, with {@code shadowIsText}, left to be the owner's text: the snapshot is made later, elsewhere.
     */
    Frozen freeze(boolean shadowIsText) {
        materialize();
        return new Frozen(linkId, epoch, shadowIsText ? null : shadow.frozenCopy(), mine, theirs, backupMine,
                List.copyOf(stack), theirsResult);
    }

    /** A link's state as of a {@link #freeze}: immutable but for the frozen shadow, which nobody writes. */
    record Frozen(String linkId, long epoch, TrackedText shadow, long mine, long theirs, long backupMine,
                  List<StackEntry> stack, Long theirsResult) {
        /** The snapshot, given the text's chars as of the freeze (the shadow's when it was left to be the text). */
        LinkSnapshot snapshot(String textChars) {
            return new LinkSnapshot(linkId, epoch, shadow == null ? textChars : shadow.toString(), mine, theirs,
                    backupMine, stack, theirsResult);
        }
    }

    /** True when the text may differ from the shadow (something to diff). */
    boolean dirty() {
        return !clean;
    }

    // ---------------------------------------------------------------------------------------------------------------
    // The shadow as the text (a client's link)

    /**
     * Lets the shadow be {@code text} itself whenever the two are equal: a client's link, whose text changes only
     * through its owner, who calls {@link #beforeTextChange} first. The hub's edits are then spliced once, into the
     * text, while the journal is still told of both (decision 0020, session 20 addendum). The text keeps a checksum only
     * while it is the shadow (taken from the shadow's own: the chars are the same).
     */
    void aliasText(TrackedText text) {
        aliasable = text;
        aliasIfClean();
    }

    /** Whether the shadow is the text now. */
    boolean aliased() {
        return shadow != null && shadow != ownShadow;
    }

    /** Whether the shadow is {@link #detached}: the text typed into, the shadow's own chars not made. */
    boolean detached() {
        return detached;
    }

    /**
     * Must be called before the user's splice of the text that deletes {@code deleted} chars: an insertion into a text
     * that is the shadow leaves the shadow {@link #detached} (O(1)); anything else gives the shadow its own chars.
     */
    void beforeLocalSplice(int deleted) {
        if (detached) {
            if (deleted > 0 || pendingSplices == null || pendingSplices.size() >= MAX_DETACHED_SPLICES) materialize();
            return;
        }
        if (deleted == 0 && aliased() && pendingSplices != null && pendingSplices.isEmpty()) {
            detach();
            return;
        }
        beforeTextChange();
    }

    /** The text, which is the shadow, is about to change: the shadow is it as it is now, its own chars not made yet. */
    private void detach() {
        detached = true;
        detachedLength = shadow.length();
        detachedChecksum = shadow.checksum(); // the text keeps its checksum: after insertions, the next edit's result
        shadow = null;
    }

    /**
     * Makes a {@link #detached} shadow's chars: the splices since it was last made replayed into {@link #ownShadow},
     * or the text copied with the pending insertions taken out again. Called by everything that reads the shadow, and
     * before the text changes other than by an insertion.
     */
    private void materialize() {
        if (!detached) return;
        makingEdit = true; // journaled already: the hub's splices when the text took them, the user's as the text's
        try {
            if (sinceAliased != null) {
                for (TextSplice t : sinceAliased) ownShadow.splice(t.pos(), t.deleted(), t.inserted());
            } else {
                ownShadow.copyFrom(aliasable);
                for (int i = pendingSplices.size() - 1; i >= 0; i--) {
                    TextSplice t = pendingSplices.get(i);
                    ownShadow.splice(t.pos(), t.inserted().length(), "");
                }
            }
        } finally {
            makingEdit = false;
        }
        assert ownShadow.length() == detachedLength && ownShadow.checksum() == detachedChecksum
                : "the detached shadow was not made back";
        detached = false;
        aliasable.dropChecksum(); // the text's own splices need none: the shadow keeps its own
        sinceAliased = null;
        shadow = ownShadow;
        clampAgreement(aliasable.length()); // its surrogate steps read the shadow's chars
    }

    /** Must be called before the owner changes the text: the shadow gets its own chars back (O(length) if stale). */
    void beforeTextChange() {
        if (aliased()) detach();
        materialize();
    }

    /**
     * Splices worth replaying into a stale {@link #ownShadow} instead of copying the text: a splice (its chunk found,
     * moved, its checksum windows) costs about what copying two chunks costs.
     */
    private boolean worthReplaying(int splices) {
        return 2 * splices <= aliasable.chunkCount();
    }

    /** Clean, the shadow's chars are the text's: the shadow may be the text. */
    private void aliasIfClean() {
        if (!clean || aliasable == null || aliased() || detached) return;
        aliasable.keepChecksum(ownShadow.checksum());
        assert TextChecksum.of(aliasable) == ownShadow.checksum() : "a clean link's text is not its shadow";
        shadow = aliasable;
        sinceAliased = new ArrayList<>();
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
        divergence.reset(p, shadow.length() - s, text.length() - s);
        foreign.clear(); // unknown after a scan: the patcher's alignment decides
        clean = p == text.length() && p == shadow.length();
        pendingSplices = clean ? new ArrayList<>() : null;
        clampAgreement(text.length());
    }

    /** The text was spliced (by the user or by another link's patch) without the shadow: agreement shrinks. */
    void textSpliced(int pos, int deleted, String inserted, int newTextLength) {
        if (aliased()) throw new IllegalStateException("the text changed while it was the shadow (see beforeTextChange)");
        int insertedLength = inserted.length();
        divergence.textSpliced(pos, deleted, insertedLength);
        foreign.spliced(pos, deleted, insertedLength, true);
        if (pendingSplices != null) {
            if (pendingSplices.size() < MAX_PENDING_SPLICES) pendingSplices.add(new TextSplice(pos, deleted, inserted));
            else pendingSplices = null;
        }
        if (clean) {
            clean = false;
            prefix = pos;
            suffix = newTextLength - (pos + insertedLength);
        } else {
            int p = Math.min(prefix, pos);
            int s = Math.min(suffix, newTextLength - (pos + insertedLength));
            // Unmoved bounds that were valid stay valid (the shadow did not change, and the splice lies between
            // them): skip the clamp, which reads the shadow (speedup: a hub calls this for every view per keystroke).
            if (p == prefix && s == suffix) return;
            prefix = p;
            suffix = s;
        }
        clampAgreement(newTextLength);
    }

    /** The shadow was spliced without the text; {@code textLength} is the text's (unchanged) length. */
    private void shadowSpliced(int pos, int insertedLength, int textLength) {
        pendingSplices = null;
        if (clean) {
            clean = false;
            prefix = pos;
            suffix = shadow.length() - (pos + insertedLength);
        } else {
            prefix = Math.min(prefix, pos);
            suffix = Math.min(suffix, shadow.length() - (pos + insertedLength));
        }
        clampAgreement(textLength);
    }

    /** Keeps prefix and suffix inside both texts, not overlapping, and off the middle of a surrogate pair. */
    private void clampAgreement(int textLength) {
        int min = Math.min(textLength, detached ? detachedLength : shadow.length());
        if (prefix > min) prefix = min;
        if (prefix < 0) prefix = 0;
        if (suffix < 0) suffix = 0;
        if (suffix > min - prefix) suffix = min - prefix;
        if (detached) return; // no chars to read: materialize clamps again
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
        if (clean && rejectedToReport.isEmpty()) return false;
        if (detached && text == aliasable && makeEditDetached()) return true;
        beforeTextChange();
        boolean made = makeEditUnaliased(text);
        aliasIfClean();
        return made;
    }

    private boolean makeEditUnaliased(CharSequence text) {
        if (!clean && pendingSplices != null && !pendingSplices.isEmpty()) return makeEditsFromSplices(text);
        List<DeltaOp> ops = new ArrayList<>();
        boolean changes = false;
        int done = 0;    // shadow chars covered by ops so far
        int lastS = -1;  // the current span, widened off surrogate pairs and merged with its neighbours
        int lastSEnd = -1;
        int lastT = -1;
        int lastTEnd = -1;
        boolean lastExact = false;
        boolean lastReplaced = false;
        Set<Integer> exactAt = new HashSet<>(); // shadow positions of changes made where typed
        for (Divergence.Region r : divergence.regions()) {
            int s0 = r.s();
            int t0 = r.t();
            int s1 = r.sEnd();
            int t1 = r.tEnd();
            boolean exact = r.exact();
            boolean replaced = r.replaced();
            // Around a region text and shadow are equal, so widening both alike keeps a pair whole in the diff.
            if (s0 > 0 && Character.isHighSurrogate(shadow.charAt(s0 - 1))) { s0--; t0--; exact = false; replaced = false; }
            if (s1 < shadow.length() && Character.isLowSurrogate(shadow.charAt(s1))) { s1++; t1++; exact = false; replaced = false; }
            if (lastS >= 0 && s0 <= lastSEnd) {
                lastSEnd = Math.max(lastSEnd, s1);
                lastTEnd = Math.max(lastTEnd, t1);
                lastExact = false;
                lastReplaced = false;
                continue;
            }
            if (lastS >= 0) {
                changes |= diffSpan(text, lastS, lastSEnd, lastT, lastTEnd, done, lastReplaced, ops);
                if (lastExact || lastReplaced) exactAt.add(lastS);
                done = lastSEnd;
            }
            lastS = s0; lastSEnd = s1; lastT = t0; lastTEnd = t1; lastExact = exact; lastReplaced = replaced;
        }
        if (lastS >= 0) {
            changes |= diffSpan(text, lastS, lastSEnd, lastT, lastTEnd, done, lastReplaced, ops);
            if (lastExact || lastReplaced) exactAt.add(lastS);
        }
        if (!changes && rejectedToReport.isEmpty()) {
            markClean();
            return false;
        }
        if (!changes) ops.clear();
        // A region made by one change (Divergence.Region#exact), or by the text's changes alone (#replaced), is where
        // those changes were made: its edit stays there.
        // Other regions' bounds are where a scan's greedy common prefix and suffix stopped, or a diff of several
        // changes chose: an insertion among equal chars may sit rotated there, so it goes where a user would have
        // typed it (EditBoundaries says why).
        pushEdit(EditBoundaries.slide(ops, shadow, exactAt::contains));
        markClean();
        return true;
    }

    /**
     * {@link #makeEditsFromSplices} for a {@link #detached} shadow whose pending insertions make one run: the edit is
     * made from the splices and the checksums alone (the text's, kept through them, is the result), and the shadow is
     * the text again, its own chars still not made. False, having changed nothing, for anything else.
     */
    private boolean makeEditDetached() {
        int n = pendingSplices.size();
        if (n == 0 || !rejectedToReport.isEmpty() || runEnd(0) != n) return false;
        List<DeltaOp> ops = SpliceComposition.ops(detachedLength, pendingSplices);
        List<DeltaOp> undo = new ArrayList<>(ops.size());
        boolean changes = false;
        for (DeltaOp op : ops) {
            if (op instanceof DeltaOp.Keep) {
                undo.add(op);
            } else if (op instanceof DeltaOp.Insert i) {
                undo.add(new DeltaOp.Delete(i.text().length()));
                changes = true;
            } else {
                return false; // insertions compose to insertions; made the usual way if ever not
            }
        }
        if (!changes) return false;
        stackEdit(ops, detachedLength, detachedChecksum, aliasable.length(), aliasable.checksum(), undo);
        if (sinceAliased != null) {
            if (worthReplaying(sinceAliased.size() + n)) sinceAliased.addAll(pendingSplices);
            else sinceAliased = null;
        }
        markClean();
        detached = false;
        shadow = aliasable;
        return true;
    }

    /**
     * Whether this view may be parked ({@link ParkedViews}): its shadow equals the text, with no splices pending and
     * no rejected hunks to report, so that until the text changes it has nothing to send.
     */
    boolean parkable() {
        return clean && rejectedToReport.isEmpty() && pendingSplices != null && pendingSplices.isEmpty();
    }

    /** My stack entries from {@code version} on (those a {@link #makeEdit} that started there made), oldest first. */
    List<StackEntry> entriesFrom(long version) {
        List<StackEntry> out = new ArrayList<>();
        for (Iterator<StackEntry> it = stack.descendingIterator(); it.hasNext(); ) {
            StackEntry e = it.next();
            if (e.version() < version) break;
            out.add(e);
        }
        java.util.Collections.reverse(out);
        return out;
    }

    /**
     * Makes the edits another view made from the same shadow to the same text, instead of making them again: a parked
     * view catching up on the text's splices since its mark makes exactly the edits any other view parked at that mark
     * makes ({@link HubDocument}). Each is stacked under my own version, with its delta and undo shared; then my
     * shadow is the text. Returns false, changing nothing, if my shadow is not the edits' base, or they do not end at
     * the text (checked by length and checksum): then I make my own.
     */
    boolean adopt(List<StackEntry> made, TrackedText text) {
        if (!parkable() || !text.checksummed()) return false;
        beforeTextChange();
        long length = shadow.length();
        long checksum = shadow.checksum();
        int ops = 0;
        for (StackEntry e : made) {
            if (!e.rejected().isEmpty() || e.delta().baseLength() != length || e.delta().baseChecksum() != checksum) return false;
            length = e.delta().resultLength();
            checksum = e.delta().resultChecksum();
            ops += e.delta().ops().size();
        }
        if (length != text.length() || checksum != text.checksum()) return false;
        // As makeEditsFromSplices chooses: a few splices into the shadow, or the text's chunks lent, whichever costs less.
        if (ops * SPLICES_PER_CHUNK_REFERENCE >= text.chunkCount()) {
            shadow.become(text);
        } else {
            makingEdit = true;
            try {
                for (StackEntry e : made) Delta.splice(shadow, e.delta().ops());
            } finally {
                makingEdit = false;
            }
        }
        for (StackEntry e : made) stack(new StackEntry(mine, e.delta(), e.undo(), List.of()));
        markClean();
        return true;
    }

    /** Text and shadow are equal now (an edit made them so). */
    private void markClean() {
        clean = true;
        pendingSplices = new ArrayList<>();
        divergence.clear();
        foreign.clear();
    }

    /**
     * Appends the ops for one span: a keep up to it, then the smallest diff of the span, or if {@code replaced}
     * ({@link Divergence.Region#replaced}: no char of its shadow side is in its text side) a delete of the one and an
     * insert of the other, as the splices made it. Returns whether it differs.
     */
    private boolean diffSpan(CharSequence text, int s0, int s1, int t0, int t1, int done, boolean replaced,
                             List<DeltaOp> ops) {
        String before = shadow.substring(s0, s1);
        String after = text.subSequence(t0, t1).toString();
        if (before.equals(after)) { // changed back (typed, then deleted): nothing to send here
            if (s1 > done) keep(ops, s1 - done);
            return false;
        }
        if (s0 > done) keep(ops, s0 - done);
        if (before.isEmpty()) ops.add(new DeltaOp.Insert(after));
        else if (after.isEmpty()) ops.add(new DeltaOp.Delete(before.length()));
        else if (replaced) {
            // A diff would pair chars the two sides share by chance: an old marker's ⟦c deleted here with the head of
            // a new one inserted here, so that the new marker's edit on the other side needs the old ⟦c to land whole.
            ops.add(new DeltaOp.Delete(before.length()));
            ops.add(new DeltaOp.Insert(after));
        }
        else for (DeltaOp op : DeltaOp.fromDiffs(TextDiff.minimal(before, after))) {
            if (op instanceof DeltaOp.Keep k) keep(ops, k.count()); else ops.add(op);
        }
        return true;
    }

    /** Adds a keep, joined with a keep just before it (the wire form has no two keeps in a row). */
    private static void keep(List<DeltaOp> ops, int count) {
        if (!ops.isEmpty() && ops.get(ops.size() - 1) instanceof DeltaOp.Keep k) ops.set(ops.size() - 1, new DeltaOp.Keep(k.count() + count));
        else ops.add(new DeltaOp.Keep(count));
    }

    /** One stacked edit per pending splice, in order: each is exactly that splice on the shadow (O(splice)). */
    /**
     * One stacked edit composed from the pending splices (O(edit): the delta comes from the splices, no diff), or none
     * if they cancel out. One edit per exchange, not one per splice: each edit costs its version, checksums, journal
     * entries and wire framing, which with a push every few ms to each of hundreds of views was most of a hub's sending.
     */
    private boolean makeEditsFromSplices(CharSequence text) {
        boolean made = false;
        int n = pendingSplices.size();
        // Splices become one edit while each touches the one before (typing, backspacing at one place) or lies at
        // least 2 x CONTEXT chars from every change already in the edit (on a hub: other writers' paragraphs). Nearby
        // changes in one edit would be grouped by the receiver into one hunk replacing the text between them, where
        // someone may be typing. Runs are also capped (COMPOSED_SPLICES).
        for (int from = 0; from < n; ) {
            int to = runEnd(from);
            List<DeltaOp> ops = SpliceComposition.ops(shadow.length(), pendingSplices.subList(from, to));
            boolean all = from == 0 && to == n;
            from = to;
            boolean changes = false;
            for (DeltaOp op : ops) changes |= !(op instanceof DeltaOp.Keep);
            if (!changes) continue;
            // One run of all the pending splices leaves the shadow equal to the text: a text that keeps its checksum
            // (a hub's) lends its chunks instead, when that costs less than the splices. Not after earlier runs: they
            // would have spliced, chunk by chunk, copies of chunks shared since the last catch-up, only for the last
            // run to drop them (at 200 writers, three fifths of the relay's allocation).
            // (Not a client's text its shadow may be: its few splices leave the shadow's own chars equal to the text, so
            // that the next keystroke finds them ready instead of copying the text.)
            if (all && text instanceof TrackedText t && t.checksummed() && t != aliasable
                    && n * SPLICES_PER_CHUNK_REFERENCE >= t.chunkCount()) {
                pushEditCatchingUp(ops, t);
            } else {
                pushEdit(ops);
            }
            made = true;
        }
        if (!made && !rejectedToReport.isEmpty()) {
            pushEdit(new ArrayList<>());
            made = true;
        }
        markClean();
        return made;
    }

    /** Where the run of pending splices that starts at {@code from} ends (exclusive): the splices one edit composes. */
    private int runEnd(int from) {
        int n = pendingSplices.size();
        int to = from + 1;
        runRanges.start(pendingSplices.get(from));
        while (to < n && to - from < COMPOSED_SPLICES && runRanges.joins(pendingSplices.get(to - 1), pendingSplices.get(to))) to++;
        return to;
    }

    /**
     * At most this many pending splices are composed into one edit: a run costs O(splices²) in moves of
     * {@link SpliceComposition}'s and {@link RunRanges}' arrays, a few microseconds at this size. A hub's view a quarter of a second
     * behind 200 writers has about this many to catch up on, in one edit.
     */
    static final int COMPOSED_SPLICES = 256;
    /**
     * A shadow splice (checksum windows, its chunk found and moved, on a shadow the cache has long forgotten) costs
     * about what taking this many chunk references from the text costs ({@link TrackedText#become}).
     */
    static final int SPLICES_PER_CHUNK_REFERENCE = 64;

    /**
     * Journals one splice of the shadow, unless {@link #pushEdit} is making it: its {@link JournalEntry.EditMade} holds
     * the same change as ops. (A hub journaled every view's edit twice, as splices and as the stacked delta: with a
     * push to each of 200 views every 10 ms, most of its journal.)
     */
    private void shadowSplicedForJournal(int pos, int deleted, String inserted) {
        if (!makingEdit) journal.append(new JournalEntry.Splice(linkId, pos, deleted, inserted));
    }

    /** True while {@link #pushEdit} splices the shadow (see {@link #shadowSplicedForJournal}). */
    private boolean makingEdit;

    private void pushEdit(List<DeltaOp> ops) {
        int baseLength = shadow.length();
        long baseChecksum = shadow.checksum();
        List<DeltaOp> undo;
        makingEdit = true;
        try {
            undo = spliceShadow(ops);
        } finally {
            makingEdit = false;
        }
        stackEdit(ops, baseLength, baseChecksum, undo);
    }

    /**
     * {@link #pushEdit} for ops that take the shadow to {@code text} exactly: the shadow becomes a copy of the text
     * that shares its chunks (O(chunks), not O(splices)), and takes its checksum. A hub's view of a client catches up
     * so with every other writer's keystrokes since its last push, 200 views a few hundred times a second.
     */
    private void pushEditCatchingUp(List<DeltaOp> ops, TrackedText text) {
        int baseLength = shadow.length();
        long baseChecksum = shadow.checksum();
        List<DeltaOp> undo = Delta.undoOf(shadow, ops);
        assert spliced(shadow, ops).equals(text.toString()) : "the pending splices do not lead from the shadow to the text";
        shadow.become(text);
        stackEdit(ops, baseLength, baseChecksum, undo);
    }

    /** The shadow with {@code ops} applied, as a string (for an assertion: O(length)). */
    private static String spliced(TrackedText shadow, List<DeltaOp> ops) {
        TrackedText copy = new TrackedText(shadow);
        Delta.splice(copy, ops);
        return copy.toString();
    }

    /** Pushes my edit, made from {@code ops} on a shadow of that base, now spliced, on the stack, and journals it. */
    private void stackEdit(List<DeltaOp> ops, int baseLength, long baseChecksum, List<DeltaOp> undo) {
        stackEdit(ops, baseLength, baseChecksum, shadow.length(), shadow.checksum(), undo);
    }

    private void stackEdit(List<DeltaOp> ops, int baseLength, long baseChecksum, int resultLength, long resultChecksum,
                           List<DeltaOp> undo) {
        Delta delta = new Delta(ops, baseLength, baseChecksum, resultLength, resultChecksum);
        StackEntry entry = new StackEntry(mine, delta, undo, rejectedToReport);
        rejectedToReport.clear();
        stack(entry);
    }

    /** Pushes {@code entry}, my edit under version {@link #mine}, on the stack, journals it, and counts it. */
    private void stack(StackEntry entry) {
        stack.addLast(entry);
        journal.append(new JournalEntry.EditMade(linkId, entry));
        if (sendsBeforeCommit) notDurable.addLast(new long[] {mine, journal.position()});
        mine++;
        journal.append(new JournalEntry.Versions(linkId, mine, theirs, backupMine));
    }

    /**
     * The edits to send in an exchange: those the other side has not applied as far as I know ({@code got} on), oldest
     * first. The older ones stay on the stack until it acknowledges them durably. {@code evenNotDurable}: include edits
     * not durable yet, which the owner must commit before it sends them ({@link #durable}).
     */
    List<Edit> outgoingEdits(boolean evenNotDurable) {
        List<Edit> edits = evenNotDurable ? editsFrom(theirGot, mine) : sendableFrom(theirGot);
        pushedUpTo = edits.isEmpty() ? Math.min(theirGot, mine) : edits.get(edits.size() - 1).version() + 1;
        return edits;
    }

    /** Whether every one of these edits of mine is durable (so that they may leave before the next commit). */
    boolean durable(List<Edit> edits) {
        return edits.isEmpty() || edits.get(edits.size() - 1).version() < sendableBelow();
    }

    /**
     * The other side has not applied all my edits that may be sent (it said so: a lost exchange, or it restarted
     * without some): an exchange is due.
     */
    boolean theyLackSome() {
        if (theirGot >= mine || stack.isEmpty()) return false;
        long first = Math.max(theirGot, stack.peekFirst().version());
        return first < sendableBelow();
    }

    /** The edits to send in a push: those not sent before, oldest first. */
    List<Edit> unsentEdits() {
        List<Edit> edits = sendableFrom(pushedUpTo);
        if (!edits.isEmpty()) pushedUpTo = edits.get(edits.size() - 1).version() + 1;
        return edits;
    }

    /**
     * Whether a batch of the other side's edits can be applied as it is: its first new edit is the next version and
     * fits my shadow exactly. A push that does not fit is not an error — an exchange will bring what is missing.
     */
    boolean fits(List<Edit> edits) {
        materialize();
        for (Edit e : edits) {
            if (e.version() < theirs) continue;
            return e.version() == theirs && e.delta().baseLength() == shadow.length()
                    && e.delta().baseChecksum() == shadow.checksum();
        }
        return true;
    }

    private List<DeltaOp> spliceShadow(List<DeltaOp> ops) {
        return Delta.splice(shadow, ops);
    }

    // ---------------------------------------------------------------------------------------------------------------
    // Receiving side

    /**
     * Why a link cannot go on by versions.
     * <ul>
     *   <li>{@link #I_WENT_BACK}: the other side has what I no longer have (my acknowledged edits, or edits of theirs I
     *       acknowledged): my store went back in time (restored from a backup, or a state that was lost). The other
     *       side's text is ahead of my shadow; my common base is older than theirs.</li>
     *   <li>{@link #THEY_WENT_BACK}: the other side lacks what it had acknowledged, or reuses a version I applied for
     *       another edit: its store went back. Its text may lack what both of us had, so a merge must not read that as
     *       deleted.</li>
     *   <li>{@link #MISMATCH}: an edit does not fit my shadow, or is corrupt.</li>
     * </ul>
     */
    enum Breakage { I_WENT_BACK, THEY_WENT_BACK, MISMATCH }

    /** What receiving a batch of edits did. */
    record Received(List<TextSplice> textSplices, List<RejectedHunk> rejected, String failure, Breakage breakage,
                    boolean gap) {
        Received(List<TextSplice> textSplices, List<RejectedHunk> rejected, String failure, Breakage breakage) {
            this(textSplices, rejected, failure, breakage, false);
        }

        boolean failed() { return failure != null; }
    }

    /**
     * Fraser's steps 3–5: drops acknowledged edits, restores the backup on a lost reply (if {@code restoreOnLostReply}),
     * applies each new edit exactly to the shadow and fuzzily to the text. A version gap or a delta that does not fit
     * the shadow stops the batch: the link cannot recover by itself ({@link Received#failure()}).
     *
     * <p>A message that is known to be the other side's latest ({@code latest}: an exchange the hub has not seen an
     * older one after, a reply to the client's exchange in flight — not a push, which may be an old one delayed) is
     * also checked for a store that went back in time: an acknowledgement below one received before, edits that end
     * before the versions I applied, or an edit under the version I applied last with another result. Such a message
     * is not applied: the link is broken ({@link Breakage#THEY_WENT_BACK}) and has to be reset.
     *
     * <p>Any message may also say the result of the last of my edits it applied ({@code ackResult}, null if it does not
     * say): if my edit under that version, still on my stack, had another result, I lost the edit it applied and reused
     * its version (my store went back: {@link Breakage#I_WENT_BACK}); its acknowledgement must not prune the edit that
     * took the number.
     *
     * @param text        the document text to patch
     * @param textChanged told of every splice this makes to the text (to keep other links' agreement and the UI)
     */
    Received receive(long ack, long got, Long ackResult, List<Edit> edits, boolean latest, TrackedText text,
                     boolean restoreOnLostReply, TextChangeSink textChanged) {
        materialize();
        List<TextSplice> splices = new ArrayList<>();
        List<RejectedHunk> rejected = new ArrayList<>();
        if (got > mine) {
            return new Received(splices, rejected, "the other side applied " + got + " of my edits; I have " + mine,
                    Breakage.I_WENT_BACK);
        }
        if (ackResult != null) {
            for (StackEntry e : stack) {
                if (e.version() != got - 1) continue;
                if (e.delta().resultChecksum() != ackResult) {
                    return new Received(splices, rejected, "the other side acknowledges my edit " + e.version()
                            + " with another result than mine: my store went back", Breakage.I_WENT_BACK);
                }
                break;
            }
        }
        if (latest) {
            String wentBack = wentBack(ack, edits);
            if (wentBack != null) return new Received(splices, rejected, wentBack, Breakage.THEY_WENT_BACK);
        }
        boolean pruned = false;
        for (Iterator<StackEntry> it = stack.iterator(); it.hasNext(); ) {
            if (it.next().version() < ack) { it.remove(); pruned = true; }
        }
        if (pruned) journal.append(new JournalEntry.StackPrune(linkId, ack));
        theirGot = got;
        // Lost reply: it lacks my edits from got on. Fraser's answer: my shadow goes back to where it is (backup
        // shadow) and the next diff makes my changes again, as one edit. When I send before I commit, the edits made
        // again cannot leave before my next commit, while a push of the old ones may still be on its way and fit a
        // client that got nothing newer: so then, unless its message brings new edits (made on a shadow without mine,
        // which an old push no longer fits), my stacked edits are simply sent again under their versions.
        boolean newEdits = !edits.isEmpty() && edits.get(edits.size() - 1).version() >= theirs;
        if (restoreOnLostReply && got < mine && (newEdits || !sendsBeforeCommit)) {
            if (!undoable(got)) {
                // It had applied those edits of mine and I applied edits of its made on top of them: it lost them (a
                // side that sends before it commits, then crashed), so our shadows cannot meet again by versions.
                return new Received(splices, rejected, "the other side applied " + got + " of my edits after applying "
                        + "more, and I built on those: it lost them", Breakage.THEY_WENT_BACK);
            }
            restoreTo(got, text.length());
        }
        for (Edit edit : edits) {
            if (edit.version() < theirs) continue; // a duplicate: applied before
            if (edit.version() > theirs) {
                // The other side believes I applied more of its edits than I have: I restarted without some I had
                // not made durable (so not acknowledged: it still has them). My next message says where I am and it
                // sends them again. (A store restored from an old backup also lands here; the other side sees my
                // acknowledgement go down and resets the link.)
                Received r = finish(splices, rejected, null, null);
                return new Received(r.textSplices(), r.rejected(), null, null, true);
            }
            String failure = applyEdit(edit.delta(), text, splices, rejected, textChanged);
            aliasIfClean();
            if (failure != null) return finish(splices, rejected, failure, Breakage.MISMATCH);
            theirs++;
            theirsResult = edit.delta().resultChecksum();
            theirsResultUnsaved = true;
        }
        return finish(splices, rejected, null, null);
    }

    /**
     * Why the latest message of the other side shows that its store went back in time, or null. The other side's
     * acknowledgements only grow, and its stack holds every edit of its I have not acknowledged, up to its newest:
     * so an acknowledgement below the lowest version on my stack (the last it gave), a batch that ends before the
     * versions I applied, or a batch whose edit under my last applied version has another result than the one I
     * applied, all mean it lost state it had sent. (A store that simply restarted sends nothing it had not committed.)
     */
    private String wentBack(long ack, List<Edit> edits) {
        long acked = stack.isEmpty() ? mine : stack.peekFirst().version();
        if (ack < acked) {
            return "the other side acknowledges " + ack + " of my edits after acknowledging " + acked + ": its store went back";
        }
        if (edits.isEmpty()) return null;
        long last = edits.get(edits.size() - 1).version();
        if (last + 1 < theirs) {
            return "the other side's edits end at version " + last + " but I applied up to " + (theirs - 1)
                    + ": its store went back";
        }
        if (theirsResult != null) {
            for (Edit e : edits) {
                if (e.version() == theirs - 1 && e.delta().resultChecksum() != theirsResult) {
                    return "the other side's edit " + e.version() + " is not the one I applied under that version: "
                            + "its store went back";
                }
            }
        }
        return null;
    }

    private Received finish(List<TextSplice> splices, List<RejectedHunk> rejected, String failure, Breakage breakage) {
        backupMine = mine; // backup := shadow (derived: nothing since the backup to undo)
        journal.append(new JournalEntry.Versions(linkId, mine, theirs, backupMine));
        if (theirsResultUnsaved) { // once per batch, with the versions it goes with
            journal.append(new JournalEntry.TheirsApplied(linkId, theirsResult));
            theirsResultUnsaved = false;
        }
        if (theirs > durableTheirs) {
            long at = journal.position();
            if (at <= journal.durablePosition()) { // a journal that does not buffer, or a commit ran meanwhile
                theirsMarks.clear();
                durableTheirs = theirs;
            } else {
                theirsMarks.addLast(new long[] {at, theirs});
            }
        }
        if (reportsRejections) rejectedToReport.addAll(rejected);
        return new Received(splices, rejected, failure, breakage);
    }

    /**
     * Lost reply: the other side's new exchange acknowledges only {@code version} of my edits, so it never saw the
     * later ones (a lost reply or push, or it restarted): shadow := the shadow as it was at that version, by undoing
     * my stack entries from it on, newest first. Fraser's backup shadow is the case {@code version == backupMine};
     * since every unacknowledged edit keeps its undo ops, any acknowledged version can be restored. The undone edits
     * are recomputed by the next diff, since the text still has them.
     */
    private void restoreTo(long version, int textLength) {
        beforeTextChange();
        List<StackEntry> since = new ArrayList<>();
        for (StackEntry e : stack) if (e.version() >= version) since.add(e);
        // Undone, my edits are again changes of the text the shadow lacks: they come first among the pending splices.
        List<TextSplice> carried = pendingSplices;
        List<List<TextSplice>> redoOf = new ArrayList<>(java.util.Collections.nCopies(since.size(), List.<TextSplice>of()));
        for (int i = since.size() - 1; i >= 0; i--) {
            int pos = 0;
            for (DeltaOp op : since.get(i).undo()) {
                if (op instanceof DeltaOp.Keep k) pos += k.count();
                else if (op instanceof DeltaOp.Delete d) {
                    // The undone edit sent chars of the text the other side never got: they are unseen again.
                    int[] inText = divergence.textRangeCovering(pos, pos + d.count());
                    foreign.mark(inText[0], Math.min(inText[1], textLength));
                    shadow.splice(pos, d.count(), "");
                    divergence.shadowRestored(pos, d.count(), 0);
                    shadowSpliced(pos, 0, textLength);
                }
                else {
                    String ins = ((DeltaOp.Insert) op).text();
                    shadow.splice(pos, 0, ins);
                    divergence.shadowRestored(pos, 0, ins.length());
                    shadowSpliced(pos, ins.length(), textLength);
                    pos += ins.length();
                }
            }
            // The shadow is this edit's base now: its changes are redone as the hunks the other side would have placed
            // (changes closer than CONTEXT joined, though not across a line break, on which the other side may have
            // typed: decision 0022), not char by char. An edit made by a minimal diff can rebuild a new
            // word out of an old one's chars; split into separate one-char edits it was placed piecemeal among the other
            // side's typing and partly rejected, and that side's next edit deleted the rest (sim seed 4413).
            if (carried != null) redoOf.set(i, asSplices(hunks(since.get(i).delta(), shadow, GapJoin.NOT_ACROSS_LINES)));
        }
        List<RejectedHunk> unreported = new ArrayList<>();
        for (StackEntry e : since) unreported.addAll(e.rejected());
        rejectedToReport.addAll(0, unreported); // they still have to reach the other side
        if (carried != null && !since.isEmpty()) {
            List<TextSplice> redo = new ArrayList<>();
            for (List<TextSplice> r : redoOf) redo.addAll(r);
            redo.addAll(carried);
            pendingSplices = redo.size() <= MAX_PENDING_SPLICES ? redo : null;
        }
        stack.removeIf(e -> e.version() >= version);
        notDurable.removeIf(m -> m[0] >= version);
        journal.append(new JournalEntry.StackTruncate(linkId, version));
        mine = version;
        backupMine = Math.min(backupMine, version);
        pushedUpTo = Math.min(pushedUpTo, version);
        journal.append(new JournalEntry.Versions(linkId, mine, theirs, backupMine));
    }

    /** One contiguous change of a delta, in the coordinates of its base. */
    private record Hunk(int at, int deleted, String inserted) {}

    /**
     * The delta's changes as hunks in base coordinates. Changes closer together than {@link #CONTEXT} chars form one
     * hunk (the text kept between them is deleted and inserted again), so that they are placed or rejected together:
     * otherwise half of a word-level replacement could land next to someone else's word ("Smith & Weintoshesson").
     */
    private static List<Hunk> hunks(Delta delta, CharSequence base, GapJoin acrossLines) {
        return grouped(changes(delta), base, acrossLines);
    }

    /** Whether two nearby hunks may be joined over shadow range {@code [from, to)}, which holds a line break. */
    @FunctionalInterface
    private interface GapJoin {
        boolean mayJoin(int from, int to);

        GapJoin NOT_ACROSS_LINES = (from, to) -> false;
    }

    /**
     * For a receiver: over a line break, only where its text still agrees with the shadow, so that the joined hunk
     * lands whole there. Where it does not (the receiver typed on the line between), the hunks are placed apart.
     */
    private GapJoin whereTextAgrees() {
        return clean ? (from, to) -> true : (from, to) -> divergence.gapTextPosition(from, to) >= 0;
    }

    /** The delta's changes, one hunk per contiguous change, in base coordinates. */
    private static List<Hunk> changes(Delta delta) {
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

    /** Hunks in base coordinates, lowest first, as splices applied one after the other. */
    private static List<TextSplice> asSplices(List<Hunk> hunks) {
        List<TextSplice> out = new ArrayList<>(hunks.size());
        int shift = 0;
        for (Hunk h : hunks) {
            out.add(new TextSplice(h.at() + shift, h.deleted(), h.inserted()));
            shift += h.inserted().length() - h.deleted();
        }
        return out;
    }

    /**
     * Joins hunks closer than {@link #CONTEXT} chars in {@code base} into one, so they are placed or kept together;
     * across a line break only if {@code acrossLines} allows. A hunk joined over a line spans text the receiver may be
     * typing in: with one writer a line (a meeting's notes, each under their name), the writers above and below one's
     * line made a single hunk across it, which that writer's unsent typing made unplaceable. Both sides kept conflicts,
     * and the writer's next edit took the rejected hunk back out ({@code ./tandem load --clients 300}: 164 conflicts on
     * the hub; {@code NearbyHunksOfOneEditTest}).
     */
    private static List<Hunk> grouped(List<Hunk> hunks, CharSequence base, GapJoin acrossLines) {
        if (hunks.size() < 2) return hunks;
        List<Hunk> grouped = new ArrayList<>(hunks.size());
        Hunk current = hunks.get(0);
        for (int i = 1; i < hunks.size(); i++) {
            Hunk next = hunks.get(i);
            int gapStart = current.at() + current.deleted();
            if (next.at() - gapStart < CONTEXT
                    && (!hasLineBreak(base, gapStart, next.at()) || acrossLines.mayJoin(gapStart, next.at()))) {
                String gap = base.subSequence(gapStart, next.at()).toString();
                current = new Hunk(current.at(), next.at() + next.deleted() - current.at(),
                        current.inserted() + gap + next.inserted());
            } else {
                grouped.add(current);
                current = next;
            }
        }
        grouped.add(current);
        return grouped;
    }

    private static boolean hasLineBreak(CharSequence s, int from, int to) {
        for (int i = from; i < to; i++) if (s.charAt(i) == '\n') return true;
        return false;
    }

    /**
     * A hunk inside the agreeing prefix or suffix that inserts at the agreement's inner edge, continuing a word whose
     * other part lies beyond that edge, where text and shadow may differ: {@code word} is that part in the shadow,
     * before the hunk ({@code before}) or after it. A marker's tail {@code 2-52⟧…} replaced the whole agreed suffix
     * after the shadow's {@code ⟦c}, where the text had an {@code i}, and the marker lost its head ({@code ./tandem sim}
     * seed 1460 with the hub's group commit).
     */
    private record EdgeWord(String word, boolean before) {

        /** The hunk's edge word, or null if it does not insert at an inner edge across a word. */
        static EdgeWord of(Hunk h, CharSequence base, int prefix, int suffixStart, int nextHunk) {
            String ins = h.inserted();
            if (ins.isEmpty()) return null;
            int at = h.at();
            int end = at + h.deleted();
            if (at == suffixStart && !Character.isWhitespace(ins.charAt(0))) {
                int from = wordStart(base, at, 0);
                return from < at ? new EdgeWord(base.subSequence(from, at).toString(), true) : null;
            }
            if (end == prefix && !Character.isWhitespace(ins.charAt(ins.length() - 1))) {
                int to = wordEnd(base, end, nextHunk);
                return to > end ? new EdgeWord(base.subSequence(end, to).toString(), false) : null;
            }
            return null;
        }

        /** Whether the text holds the word beside the hunk's place {@code tpos} (it deletes {@code deleted} there). */
        boolean foundIn(CharSequence text, int tpos, int deleted) {
            int from = before ? tpos - word.length() : tpos + deleted;
            int to = from + word.length();
            return from >= 0 && to <= text.length() && text.subSequence(from, to).toString().equals(word);
        }
    }

    /** How far {@link #wordAligned} and {@link EdgeWord} reach into a word beside a hunk, at most. */
    static final int WORD_REACH = 16;

    /**
     * Where the word that goes on from {@code end} in {@code base} ends: at whitespace, at {@code ceiling}, or
     * {@link #WORD_REACH} chars on, whichever comes first, and never inside a surrogate pair.
     */
    private static int wordEnd(CharSequence base, int end, int ceiling) {
        int to = end;
        while (to < ceiling && to - end < WORD_REACH && !Character.isWhitespace(base.charAt(to))) to++;
        if (to > end && to < base.length() && Character.isLowSurrogate(base.charAt(to))) to--;
        return to;
    }

    /** As {@link #wordEnd}, backwards: where the word that ends at {@code start} begins, not below {@code floor}. */
    private static int wordStart(CharSequence base, int start, int floor) {
        int from = start;
        while (from > floor && start - from < WORD_REACH && !Character.isWhitespace(base.charAt(from - 1))) from--;
        if (from < start && Character.isLowSurrogate(base.charAt(from))) from++;
        return from;
    }

    /**
     * Widens each hunk whose inserted text begins or ends inside a word over the rest of that word in the base (up to
     * whitespace, at most {@link #WORD_REACH} chars, never into a neighbour), deleting and inserting it again. A
     * semantic diff may keep an old word's last chars as the end of a new one: from {@code ⟦c2-0⟧} to
     * {@code ⟦c2-0⟧👍🏽⟦c2-33⟧} it kept the old {@code ⟧} as the new marker's. Placed where another writer had changed
     * that char, the new marker lost its end, and nobody had deleted it ({@code ./tandem sim} seed 1067 with the hub's
     * group commit). Widened, the hunk carries the whole word, or is rejected whole and kept as a conflict.
     */
    private static List<Hunk> wordAligned(List<Hunk> hunks, CharSequence base) {
        List<Hunk> out = new ArrayList<>(hunks.size());
        int floor = 0; // the previous hunk's end, as widened
        for (int i = 0; i < hunks.size(); i++) {
            Hunk h = hunks.get(i);
            int ceiling = i + 1 < hunks.size() ? hunks.get(i + 1).at() : base.length();
            int start = h.at();
            int end = h.at() + h.deleted();
            String ins = h.inserted();
            if (!ins.isEmpty()) {
                int to = Character.isWhitespace(ins.charAt(ins.length() - 1)) ? end : wordEnd(base, end, ceiling);
                int from = Character.isWhitespace(ins.charAt(0)) ? start : wordStart(base, start, floor);
                if (from < start || to > end) {
                    ins = base.subSequence(from, start) + ins + base.subSequence(end, to);
                    start = from;
                    end = to;
                }
            }
            out.add(new Hunk(start, end - start, ins));
            floor = end;
        }
        return out;
    }

    /**
     * The hunks that will need fuzzy placement (those outside the regions where text and shadow agree) are re-derived
     * from a semantic diff of the span they cover: an exact delta is the smallest diff, but merging wants changes that
     * follow words, or a word replaced on one side and edited on the other comes out as pieces of both.
     */
    private List<Hunk> semanticMiddle(List<Hunk> hunks, int ls) {
        int first = -1;
        int last = -1;
        for (int i = 0; i < hunks.size(); i++) {
            Hunk h = hunks.get(i);
            if (h.at() + h.deleted() <= prefix || h.at() >= ls - suffix) continue;
            if (first < 0) first = i;
            last = i;
        }
        if (first < 0) return hunks;
        int lo = hunks.get(first).at();
        int hi = hunks.get(last).at() + hunks.get(last).deleted();
        String old = shadow.substring(lo, hi);
        StringBuilder neu = new StringBuilder();
        int pos = lo;
        for (int i = first; i <= last; i++) {
            Hunk h = hunks.get(i);
            neu.append(shadow, pos, h.at()).append(h.inserted());
            pos = h.at() + h.deleted();
        }
        neu.append(shadow, pos, hi);
        List<Hunk> middle = new ArrayList<>();
        int basePos = lo;
        List<Diff> diffs = TextDiff.diff(old, neu.toString());
        int i = 0;
        while (i < diffs.size()) {
            Diff d = diffs.get(i);
            if (d.op() == Diff.Op.EQUAL) { basePos += d.text().length(); i++; continue; }
            int at = basePos;
            int deleted = 0;
            StringBuilder ins = new StringBuilder();
            while (i < diffs.size() && diffs.get(i).op() != Diff.Op.EQUAL) {
                Diff x = diffs.get(i++);
                if (x.op() == Diff.Op.DELETE) deleted += x.text().length(); else ins.append(x.text());
            }
            basePos += deleted;
            middle.add(new Hunk(at, deleted, ins.toString()));
        }
        List<Hunk> out = new ArrayList<>(hunks.subList(0, first));
        out.addAll(grouped(wordAligned(middle, shadow), shadow, whereTextAgrees()));
        out.addAll(hunks.subList(last + 1, hunks.size()));
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
        List<Hunk> hunks = hunks(delta, shadow, whereTextAgrees());
        if (clean && aliased()) return applyAliased(delta, hunks, text, splices, textChanged);
        if (clean) {
            // Text and shadow are equal: every hunk goes to the same place in both, and they stay equal (speedup).
            try {
                delta.applyTo(shadow);
            } catch (DeltaMismatchException e) {
                return "an edit is corrupt: " + e.getMessage();
            }
            for (int i = hunks.size() - 1; i >= 0; i--) {
                Hunk h = hunks.get(i);
                spliceText(text, h.at(), h.deleted(), h.inserted(), splices, textChanged);
            }
            return null;
        }
        int ls = shadow.length();
        int lt = text.length();
        // Hunks where text and shadow are known to be equal go to the same place in both; only the others need a
        // fuzzy placement, and for those merging wants word-level hunks.
        boolean allInGaps = true;
        for (Hunk h : hunks) allInGaps &= divergence.gapTextPosition(h.at(), h.at() + h.deleted()) >= 0;
        if (!allInGaps) hunks = semanticMiddle(hunks, ls);
        // What fuzzy placement needs, in two phases. Hunks are placed highest first, so when a hunk is placed the
        // text below it is as it was and the text above it already holds the higher hunks: its base is the shadow
        // before the edit up to the hunk, then the shadow after the edit from the hunk's end on.
        String[] beforeParts = new String[hunks.size()];
        String[] deletedParts = new String[hunks.size()];
        EdgeWord[] edgeWords = new EdgeWord[hunks.size()];
        boolean any = false;
        boolean[] locatedOnlyIfOverrun = new boolean[hunks.size()];
        for (int i = 0; i < hunks.size(); i++) {
            Hunk h = hunks.get(i);
            if (h.at() + h.deleted() <= prefix || h.at() >= ls - suffix) {
                edgeWords[i] = EdgeWord.of(h, shadow, prefix, ls - suffix, i + 1 < hunks.size() ? hunks.get(i + 1).at() : ls);
                // A located hunk lands at most 2 x WINDOW below the agreeing prefix's end (HunkPlacer's reach): a
                // prefix hunk that near may find its text changed by one, and then needs a placement of its own.
                int end = h.at() + h.deleted();
                locatedOnlyIfOverrun[i] = end <= prefix && end > prefix - 2 * HunkPlacer.WINDOW;
                continue;
            }
            beforeParts[i] = windowBefore(h.at());
            deletedParts[i] = shadow.substring(h.at(), h.at() + h.deleted());
            any = true;
        }
        for (int i = 0; any && i < hunks.size(); i++) {
            if (!locatedOnlyIfOverrun[i]) continue;
            Hunk h = hunks.get(i);
            beforeParts[i] = windowBefore(h.at());
            deletedParts[i] = shadow.substring(h.at(), h.at() + h.deleted());
        }
        try {
            delta.applyTo(shadow);
        } catch (DeltaMismatchException e) {
            return "an edit is corrupt: " + e.getMessage();
        }
        List<HunkPlacer.Target> targets = new ArrayList<>(hunks.size());
        HunkPlacer.Target[] overrunTargets = new HunkPlacer.Target[hunks.size()];
        int netThrough = 0; // net length change of this hunk and every hunk below it
        for (int i = 0; i < hunks.size(); i++) {
            Hunk h = hunks.get(i);
            netThrough += h.inserted().length() - h.deleted();
            if (!any || beforeParts[i] == null) {
                targets.add(null);
                continue;
            }
            int afterFrom = h.at() + h.deleted() + netThrough;
            int afterTo = HunkPlacer.safeEnd(shadow, Math.min(shadow.length(), afterFrom + HunkPlacer.WINDOW));
            HunkPlacer.Target t = HunkPlacer.Target.of(expectedTextPos(h.at(), ls, lt), beforeParts[i], deletedParts[i],
                    h.inserted(), shadow.substring(afterFrom, afterTo));
            if (locatedOnlyIfOverrun[i]) {
                overrunTargets[i] = t;
                targets.add(null);
            } else {
                targets.add(t);
            }
        }
        // What this edit's hunks wrote into the text so far. Hunks are disjoint in the shadow, so no hunk of the edit
        // may delete what another wrote; yet where text and shadow differ much, a located hunk may land on another's
        // chars (./tandem sim --clients 17 --edits 40 --seed 5353: one hunk inserted a marker, a lower one landed over
        // it and deleted its head). A located hunk's deletion spares them, as it spares foreign chars.
        ForeignText written = new ForeignText();
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
            if (overrunTargets[i] != null && textPrefixLimit != none && h.at() + h.deleted() > textPrefixLimit) {
                // A located hunk of this edit landed inside the agreeing prefix, below this hunk's end: the text there
                // is no longer the shadow's, and spliced by its shadow position this hunk would cut what that one
                // wrote (./tandem sim --clients 17 --edits 40 --seed 5353: a marker's head). It is placed instead.
                target = overrunTargets[i];
            }
            int netChange = h.inserted().length() - h.deleted();
            int gap = divergence.gapTextPosition(h.at(), h.at() + h.deleted());
            if (gap >= 0 && target != null && !divergence.gapReaches(h.at(), h.at() + h.deleted(), ls, GAP_MARGIN)) {
                gap = -1; // a gap too short to be sure it is the same text: placed by context (Divergence#gapReaches)
            }
            if (target == null) {
                boolean inPrefix = h.at() + h.deleted() <= prefix;
                int tpos = inPrefix ? h.at() : h.at() + (lt - ls);
                EdgeWord edge = edgeWords[i];
                if (edge != null && !edge.foundIn(text, tpos, h.deleted())) {
                    // The word it continues beyond the agreement is not there in the text: the hunk brings that part
                    // along, so that the word arrives whole (those chars may then appear twice, which a user can see
                    // and delete; a cut word could not be put back).
                    String inserted = edge.before() ? edge.word() + h.inserted() : h.inserted() + edge.word();
                    spliceText(text, tpos, h.deleted(), inserted, splices, textChanged, written);
                    divergence.shadowSpliced(h.at(), h.deleted(), h.inserted().length());
                    divergence.textSpliced(tpos, h.deleted(), inserted.length());
                    pendingSplices = null;
                    foreign.spliced(tpos, h.deleted(), inserted.length(), false);
                    shadowPrefixLimit = Math.min(shadowPrefixLimit, h.at());
                    shadowSuffixLimit = Math.min(shadowSuffixLimit, ls - (h.at() + h.deleted()));
                    textPrefixLimit = Math.min(textPrefixLimit, tpos);
                    textSuffixLimit = Math.min(textSuffixLimit, text.length() - (tpos + inserted.length()));
                    continue;
                }
                spliceText(text, tpos, h.deleted(), h.inserted(), splices, textChanged, written);
                if (gap == tpos) {
                    divergence.bothSpliced(h.at(), h.deleted(), h.inserted().length());
                    pendingSplices = PendingSplices.over(pendingSplices, h.at(), h.deleted(), h.inserted().length(), tpos);
                } else if (h.deleted() == 0 && divergence.insertedInBoth(h.at(), tpos, h.inserted().length())) {
                    pendingSplices = null; // before or after a pending splice at that point: not known
                } else {
                    divergence.shadowSpliced(h.at(), h.deleted(), h.inserted().length());
                    divergence.textSpliced(tpos, h.deleted(), h.inserted().length());
                    pendingSplices = null;
                }
                foreign.spliced(tpos, h.deleted(), h.inserted().length(), false);
                if (inPrefix) shiftPrefix += netChange; else shiftSuffix += netChange;
                continue;
            }
            shadowPrefixLimit = Math.min(shadowPrefixLimit, h.at());
            shadowSuffixLimit = Math.min(shadowSuffixLimit, ls - (h.at() + h.deleted()));
            if (gap >= 0) {
                // Text and shadow are equal there: the same change in both, no placement, and the pending splices
                // (the text's own changes) still say how the shadow becomes the text.
                textPrefixLimit = Math.min(textPrefixLimit, gap);
                spliceText(text, gap, h.deleted(), h.inserted(), splices, textChanged, written);
                divergence.bothSpliced(h.at(), h.deleted(), h.inserted().length());
                foreign.spliced(gap, h.deleted(), h.inserted().length(), false);
                pendingSplices = PendingSplices.over(pendingSplices, h.at(), h.deleted(), h.inserted().length(), gap);
                textSuffixLimit = Math.min(textSuffixLimit, text.length() - (gap + h.inserted().length()));
                continue;
            }
            pendingSplices = null; // the shadow moved on its own: the next edit is made by a diff
            HunkPlacer.Placement p = HunkPlacer.place(text, target, pos -> foreign.contains(pos) || written.contains(pos));
            if (!p.rejected() && h.deleted() == 0 && p.deleted() == 0 && p.inserted().equals(h.inserted())
                    && divergence.insertedInBoth(h.at(), p.at(), h.inserted().length())) {
                // Typed beside the other side's change and landed beside it: the same chars at the same point of both.
                textPrefixLimit = Math.min(textPrefixLimit, p.at());
                spliceText(text, p.at(), 0, p.inserted(), splices, textChanged, written);
                foreign.spliced(p.at(), 0, p.inserted().length(), false);
                textSuffixLimit = Math.min(textSuffixLimit, text.length() - (p.at() + p.inserted().length()));
                continue;
            }
            divergence.shadowSpliced(h.at(), h.deleted(), h.inserted().length());
            if (p.rejected()) {
                rejected.add(new RejectedHunk(target.expected(), target.contextBefore(), target.deleted(),
                        target.inserted(), target.contextAfter(), p.reason()));
            } else {
                textPrefixLimit = Math.min(textPrefixLimit, p.at());
                spliceText(text, p.at(), p.deleted(), p.inserted(), splices, textChanged, written);
                divergence.textSpliced(p.at(), p.deleted(), p.inserted().length());
                // A pure deletion's landing writes back only chars it spared: typed here, still unseen over there.
                boolean spared = target.inserted().isEmpty();
                foreign.spliced(p.at(), p.deleted(), p.inserted().length(), spared);
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

    /**
     * {@link #applyEdit} on a clean link whose shadow is the text: the delta is applied once, exactly, and that is the
     * text's change and the shadow's. The splices are reported (and journaled as the shadow's) as the unaliased path
     * makes them in the text: hunk by hunk, highest first, in the base's coordinates.
     */
    private String applyAliased(Delta delta, List<Hunk> hunks, TrackedText text, List<TextSplice> splices,
                                TextChangeSink textChanged) {
        assert shadow == text : "the shadow is not this text";
        try {
            delta.applyTo(text);
        } catch (DeltaMismatchException e) {
            return "an edit is corrupt: " + e.getMessage();
        }
        int length = delta.baseLength();
        int reported = splices.size();
        for (int i = hunks.size() - 1; i >= 0; i--) {
            Hunk h = hunks.get(i);
            if (h.deleted() == 0 && h.inserted().isEmpty()) continue;
            length += h.inserted().length() - h.deleted();
            journal.append(new JournalEntry.Splice(linkId, h.at(), h.deleted(), h.inserted()));
            splices.add(new TextSplice(h.at(), h.deleted(), h.inserted()));
            textChanged.spliced(this, h.at(), h.deleted(), h.inserted(), length);
        }
        if (sinceAliased != null) {
            if (worthReplaying(sinceAliased.size() + splices.size() - reported)) sinceAliased.addAll(splices.subList(reported, splices.size()));
            else sinceAliased = null;
        }
        return null;
    }

    /** The shadow's chars before {@code at} that a placement matches: up to {@link HunkPlacer#WINDOW} of them. */
    private String windowBefore(int at) {
        return shadow.substring(HunkPlacer.safeStart(shadow, Math.max(0, at - HunkPlacer.WINDOW)), at);
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

    /** {@link #spliceText}, recording the inserted chars in {@code written}. */
    private void spliceText(TrackedText text, int pos, int deleted, String inserted, List<TextSplice> splices,
                            TextChangeSink textChanged, ForeignText written) {
        spliceText(text, pos, deleted, inserted, splices, textChanged);
        written.spliced(pos, deleted, inserted.length(), true);
    }

    private void spliceText(TrackedText text, int pos, int deleted, String inserted, List<TextSplice> splices,
                            TextChangeSink textChanged) {
        if (deleted == 0 && inserted.isEmpty()) return;
        text.splice(pos, deleted, inserted);
        splices.add(new TextSplice(pos, deleted, inserted));
        textChanged.spliced(this, pos, deleted, inserted, text.length());
    }

    /** Told of each splice a link makes to the shared text, so that the other links on it can shrink agreement. */
    @FunctionalInterface
    interface TextChangeSink {
        void spliced(Link by, int pos, int deleted, String inserted, int newTextLength);
    }

    // ---------------------------------------------------------------------------------------------------------------
    // Reset

    /**
     * The last text both sides had in common as far as this side knows: the shadow with all my unacknowledged edits
     * undone. O(length): used only for a reset's three-way merge.
     */
    String commonBase() {
        materialize();
        TrackedText base = undone(0);
        return base == null ? null : base.toString();
    }

    /**
     * The last text both sides had in common, given the other side's text now: if that text is my shadow as it was
     * after one of my unacknowledged edits (it applied them, and its acknowledgement was lost), that state; else
     * {@link #commonBase()}. An older base would make a three-way merge take my acknowledged insert, which their text
     * holds, for text of the base, and re-insert the rest of it after its first chars ({@code ./tandem sim} seed 9943:
     * the head {@code ⟦c} of my marker was read as the base's {@code ⟦c}). O(length × stack): for resets only.
     */
    String commonBase(String theirs) {
        return commonBase(theirs, 0);
    }

    /** {@link #commonBase(String)}, my edits below {@code held} kept: the other side says its text holds them. */
    String commonBase(String theirs, long held) {
        materialize();
        TrackedText base = undone(held, theirs);
        return base == null ? null : base.toString();
    }

    /**
     * How my text came from {@link #commonBase(String) the common base} with {@code theirs}, as it was made: my
     * unacknowledged edits' ops in order, then the pending splices. Null when that is not known: no common base, or a
     * text whose changes are not known as splices (after a restart, or a hunk placed where text and shadow differ). A
     * reset's merge then diffs base and text, and a diff may pair typed chars with look-alikes beside them.
     */
    List<TextSplice> splicesFromCommonBase(String theirs) {
        return splicesFromCommonBase(theirs, 0);
    }

    /** {@link #splicesFromCommonBase(String)} from {@link #commonBase(String, long)}. */
    List<TextSplice> splicesFromCommonBase(String theirs, long held) {
        materialize();
        if (pendingSplices == null) return null;
        Undo undo = undo(held, theirs);
        if (undo == null) return null;
        List<StackEntry> entries = undo.entries();
        int first = undo.oldestUndone();
        List<TextSplice> splices = new ArrayList<>();
        for (int i = first; i < entries.size(); i++) DiffSplices.appendOps(splices, entries.get(i).delta().ops());
        splices.addAll(pendingSplices);
        return splices;
    }

    /**
     * Whether my stack entries from {@code version} on can be undone exactly (nothing of theirs applied on top): the
     * shadow is the result of my newest edit, and each edit's base is the result of the one before it. Checked on the
     * edits' lengths and checksums, which is what {@link #undone} checks after each undo, since an undo turns an edit's
     * exact result into its exact base. O(stack), not O(length) (speedup: with 200 writers a hub restores on nearly
     * every message, and copying a view's shadow to check it was an eighth of the owner's time).
     */
    private boolean undoable(long version) {
        long length = shadow.length();
        long checksum = shadow.checksum();
        for (Iterator<StackEntry> it = stack.descendingIterator(); it.hasNext(); ) {
            StackEntry e = it.next();
            if (e.version() < version) break;
            if (length != e.delta().resultLength() || checksum != e.delta().resultChecksum()) return false;
            length = e.delta().baseLength();
            checksum = e.delta().baseChecksum();
        }
        return true;
    }

    /**
     * A copy of the shadow with my stack entries from {@code version} on undone, newest first, each checked to give
     * back the exact base it was made on; null if one does not: edits of the other side were applied on top of it
     * (possible only while it had applied but not yet acknowledged them). O(length): for recoveries only.
     */
    private TrackedText undone(long version) {
        return undone(version, null);
    }

    /** As {@link #undone(long)}, but stops at the first state (the shadow included) that equals {@code stopAt}. */
    private TrackedText undone(long version, String stopAt) {
        Undo undo = undo(version, stopAt);
        return undo == null ? null : undo.base();
    }

    /** The shadow with stack entries undone: {@code entries} is the stack, those from {@code oldestUndone} on undone. */
    private record Undo(TrackedText base, List<StackEntry> entries, int oldestUndone) {}

    /** See {@link #undone(long, String)}; null where an entry cannot be undone exactly. */
    private Undo undo(long version, String stopAt) {
        TrackedText base = new TrackedText(shadow);
        List<StackEntry> entries = new ArrayList<>(stack);
        int oldest = entries.size();
        for (int i = entries.size() - 1; i >= 0; i--) {
            if (stopAt != null && base.length() == stopAt.length() && base.toString().equals(stopAt)) break;
            StackEntry e = entries.get(i);
            if (e.version() < version) break;
            if (base.length() != e.delta().resultLength() || base.checksum() != e.delta().resultChecksum()) return null;
            try {
                Delta.splice(base, e.undo());
            } catch (RuntimeException outside) {
                return null;
            }
            if (base.length() != e.delta().baseLength() || base.checksum() != e.delta().baseChecksum()) return null;
            oldest = i;
        }
        return new Undo(base, entries, oldest);
    }

    /**
     * Starts the link again (shadow := {@code shadowText}, counters zero, stack empty, new epoch), told how the text
     * came from the new shadow:
     * those splices are pending, so that my next edit sends them as they are, not as a diff of the two texts. Splices
     * that do not lead from the shadow to the text are not trusted (checked, O(length): resets are rare); the next
     * edit is then made by a diff.
     */
    void reset(long newEpoch, String shadowText, CharSequence text, List<TextSplice> shadowToText) {
        resetState(newEpoch, shadowText, text);
        if (clean || shadowToText.size() > MAX_PENDING_SPLICES || !DiffSplices.lead(shadowText, shadowToText, text)) {
            aliasIfClean();
            return;
        }
        markClean();
        int length = shadow.length();
        for (TextSplice s : shadowToText) {
            length += s.inserted().length() - s.deleted();
            textSpliced(s.pos(), s.deleted(), s.inserted(), length);
        }
    }

    /**
     * Starts the link again at {@code newEpoch} with the text as its shadow, sharing the text's chunks until one of
     * them writes a chunk: a hub letting go of what a gone client's view held (decision 0023). Nothing of the client's
     * is lost by it: what the hub acknowledged is in the text, and the client, back with its old epoch, is reset and
     * merges its unacknowledged work three ways, as after a version gap.
     */
    void restartFromText(long newEpoch, TrackedText text) {
        restartFromText(newEpoch, text, theirs);
    }

    /**
     * {@link #restartFromText(long, TrackedText)} with {@code theirs} set to {@code kept}: zero for a reset, whose new
     * epoch starts counting the client's edits again.
     */
    void restartFromText(long newEpoch, TrackedText text, long kept) {
        materialize();
        journal.append(new JournalEntry.LinkRestarted(linkId, newEpoch, kept));
        if (!text.checksummed() && shadow.checksummed()) {
            // A text that keeps no checksum cannot lend its chunks to a shadow that does: copy it (rare: the hub's text
            // keeps one whenever it has many views, which is when memory runs short).
            setState(newEpoch, () -> shadow.setAll(text));
        } else {
            // Shared, not copied: the point is that this view holds no chars of its own.
            setState(newEpoch, () -> shadow.become(text));
        }
        theirs = kept; // see keptTheirs
        // Equal by construction: no need to scan for where they differ.
        int n = text.length();
        prefix = n;
        suffix = 0;
        divergence.reset(n, n, n);
        foreign.clear();
        clean = true;
        pendingSplices = new ArrayList<>();
        clampAgreement(n);
    }

    /**
     * How many of the client's edits of the epoch before this one the text holds, for a link {@link #restartFromText
     * restarted} while its client was gone, before anything happened on it since; else null. The client, back with
     * that epoch, may not have heard that they were applied: its reset says so ({@link Message.Reset#got()}).
     */
    Long keptTheirs() {
        return mine == 0 && stack.isEmpty() && theirs > 0 ? theirs : null;
    }

    private void resetState(long newEpoch, String shadowText, CharSequence text) {
        journal.append(new JournalEntry.LinkReset(linkId, newEpoch, shadowText));
        setState(newEpoch, () -> shadow.setAll(shadowText));
        recomputeAgreement(text);
    }

    /** New epoch, shadow set by {@code setShadow} (not journaled: the caller journals it), counters zero, stack empty. */
    private void setState(long newEpoch, Runnable setShadow) {
        epoch = newEpoch;
        beforeTextChange();
        shadow.setSpliceListener((p, d, i) -> { });
        setShadow.run();
        shadow.setSpliceListener(this::shadowSplicedForJournal);
        mine = 0;
        theirs = 0;
        backupMine = 0;
        theirsResult = null;
        pushedUpTo = 0;
        theirGot = 0;
        durableTheirs = 0;
        theirsMarks.clear();
        notDurable.clear();
        stack.clear();
        rejectedToReport.clear();
    }
}
