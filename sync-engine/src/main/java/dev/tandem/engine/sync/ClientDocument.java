package dev.tandem.engine.sync;

import dev.tandem.engine.protocol.Edit;
import dev.tandem.engine.protocol.Message;
import dev.tandem.engine.protocol.RejectedHunk;
import dev.tandem.engine.text.TextDiff;
import dev.tandem.engine.text.TrackedText;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

/**
 * A document as one client holds it: the text the user edits, the link to the hub, and the conflicts kept for the
 * user. A pure state machine: it never blocks, sleeps or talks to a network; it returns the messages to send and the
 * changes to show, and reports every state change to its {@link DocumentJournal}.
 *
 * <p>The client drives its link (docs/protocol.md): at most one exchange is in flight; {@link #startExchange} diffs and
 * sends, {@link #retransmit} resends the same exchange after a timeout without diffing again, and the hub's reply (or
 * a {@link Message.Reset}) completes it.
 *
 * <p>Concurrency: not thread-safe. One owner (a document actor thread, or a test's single thread) makes every call,
 * and commits the store before it hands any returned message to a transport.
 */
public final class ClientDocument {

    /** The hub as this client's one link is named in the journal. */
    public static final String HUB = "hub";

    /** What a received message did, and what to do next. */
    public record Step(List<TextSplice> textSplices, List<Conflict> newConflicts, Optional<Message> reply,
                       boolean reset) {
        static Step nothing() { return new Step(List.of(), List.of(), Optional.empty(), false); }
    }

    private final String docId;
    private final DocumentJournal journal;
    private final EngineLimits limits;
    private final LongSupplier clockMillis;
    private final Supplier<String> ids;
    private final TrackedText text;
    private Link link;
    private final Map<String, Conflict> conflicts = new LinkedHashMap<>();
    private long nextSeq;
    private long awaitingSeq = -1;
    private boolean awaitingReset;
    /** The reset asked for is because the hub's store went back: merge by union (not persisted: see 0017). */
    private boolean hubWentBack;
    private boolean syncWanted;

    private ClientDocument(DocumentSnapshot snap, DocumentJournal journal, EngineLimits limits, LongSupplier clockMillis,
                           Supplier<String> ids) {
        this.docId = snap.docId();
        this.journal = Objects.requireNonNull(journal, "journal");
        this.limits = Objects.requireNonNull(limits, "limits");
        this.clockMillis = Objects.requireNonNull(clockMillis, "clockMillis");
        this.ids = Objects.requireNonNull(ids, "ids");
        // While it equals the shadow, the link's shadow is this text, and it keeps a checksum then (Link#aliasText).
        this.text = new TrackedText(snap.text(), false);
        LinkSnapshot ls = snap.links().stream().filter(l -> l.linkId().equals(HUB)).findFirst().orElse(null);
        if (ls == null) {
            // Epoch 0 means "never joined": the hub answers the first exchange with a reset carrying its text.
            this.link = Link.fresh(HUB, 0, "", text, journal, false);
        } else {
            this.link = new Link(ls, text, journal, false);
        }
        this.text.setSpliceListener((p, d, i) -> journal.append(new JournalEntry.Splice(null, p, d, i)));
        this.link.aliasText(text);
        for (Conflict c : snap.conflicts()) conflicts.put(c.id(), c);
        // Exchange numbers only need to differ from those of earlier runs still in flight: start from the clock.
        this.nextSeq = clockMillis.getAsLong() * 1000;
    }

    /** Opens a document from its stored state, or creates it empty. */
    public static ClientDocument open(String docId, Optional<DocumentSnapshot> stored, DocumentJournal journal,
                                      EngineLimits limits, LongSupplier clockMillis, Supplier<String> ids) {
        DocumentSnapshot snap = stored.orElseGet(() -> new DocumentSnapshot(docId, "", List.of(), List.of()));
        if (!snap.docId().equals(docId)) throw new IllegalArgumentException("snapshot of " + snap.docId() + ", not " + docId);
        return new ClientDocument(snap, journal, limits, clockMillis, ids);
    }

    public String docId() { return docId; }

    /** The current text (O(length): a copy). */
    public String text() { return text.toString(); }

    public int length() { return text.length(); }

    /** Local edits not yet acknowledged by the hub: stacked edits, plus one if the text changed since the last diff. */
    public int unacknowledgedEdits() {
        return link.stackSize() + (link.dirty() ? 1 : 0);
    }

    /** True while an exchange or a reset request is in flight. */
    public boolean awaitingReply() { return awaitingSeq >= 0 || awaitingReset; }

    /** Whether the link's shadow is this text now (they are equal, and the hub's edits are spliced once). */
    boolean shadowIsText() { return link.aliased(); }

    /** Whether the user typed into the text while it was the shadow, and the shadow's own chars are not made yet. */
    boolean shadowDetached() { return link.detached(); }

    /** True once the hub has accepted this client on the document (the first reset has happened). */
    public boolean joined() { return link.epoch() > 0; }

    public Collection<Conflict> conflicts() { return List.copyOf(conflicts.values()); }

    public DocumentSnapshot snapshot() {
        return new DocumentSnapshot(docId, text.toString(), List.of(link.snapshot()), List.copyOf(conflicts.values()));
    }

    // ---------------------------------------------------------------------------------------------------------------
    // Local editing

    /**
     * The user replaced {@code deleted} chars at {@code pos} with {@code inserted}.
     *
     * @throws IndexOutOfBoundsException if the range is outside the text
     * @throws LimitExceededException    if the document would grow past {@link EngineLimits#maxDocumentChars()}
     */
    public void edit(int pos, int deleted, String inserted) {
        if (pos < 0 || deleted < 0 || pos + deleted > text.length()) {
            throw new IndexOutOfBoundsException("edit " + pos + "+" + deleted + " outside 0.." + text.length());
        }
        long newLength = (long) text.length() - deleted + inserted.length();
        if (newLength > limits.maxDocumentChars()) {
            throw new LimitExceededException("document " + docId + " would be " + newLength + " chars; the limit is "
                    + limits.maxDocumentChars());
        }
        link.beforeLocalSplice(deleted);
        text.splice(pos, deleted, inserted);
        link.textSpliced(pos, deleted, inserted, text.length());
    }

    // ---------------------------------------------------------------------------------------------------------------
    // The exchange

    /**
     * Starts an exchange if none is in flight: diffs the text against the shadow and returns the message to send —
     * when there is something to send, or always if {@code force} (to fetch the hub's changes). While an exchange is in
     * flight it only remembers that a sync is wanted, and the reply starts the next one.
     */
    public Optional<Message> startExchange(boolean force) {
        if (awaitingReply()) {
            syncWanted |= force || link.dirty();
            return Optional.empty();
        }
        link.makeEdit(text);
        // Edits the hub has but has not yet made durable need no exchange of their own: the next one brings the ack.
        if (!force && !link.theyLackSome()) return Optional.empty();
        syncWanted = false;
        awaitingSeq = nextSeq++;
        return Optional.of(currentExchange());
    }

    /** The message in flight again (after a timeout), unchanged; empty if nothing is in flight. */
    public Optional<Message> retransmit() {
        if (awaitingReset) return Optional.of(new Message.ResetRequest(docId, link.epoch(), "retransmitted", hubWentBack));
        if (awaitingSeq < 0) return Optional.empty();
        return Optional.of(currentExchange());
    }

    /** Forgets the exchange in flight (the connection it went on is gone); the next one starts afresh. */
    public void connectionLost() {
        awaitingSeq = -1;
        if (awaitingReset) syncWanted = true;
        awaitingReset = false;
    }

    private Message.Sync currentExchange() {
        return new Message.Sync(docId, link.epoch(), awaitingSeq, link.ack(), link.outgoingEdits(true), link.theirsResult(),
                link.theirs());
    }

    /** Handles a message from the hub. */
    public Step receive(Message m) {
        if (!m.docId().equals(docId)) throw new IllegalArgumentException("message for " + m.docId() + " given to " + docId);
        if (m instanceof Message.Push p) return onPush(p);
        if (m instanceof Message.Reset r) return onReset(r);
        if (m instanceof Message.Sync s) return onSync(s);
        return Step.nothing(); // a client never receives a ResetRequest
    }

    private Step onSync(Message.Sync s) {
        if (awaitingReset || s.epoch() != link.epoch() || s.seq() != awaitingSeq) return Step.nothing(); // stale
        awaitingSeq = -1;
        long theirsBefore = link.theirs();
        List<Conflict> added = new ArrayList<>();
        Link.Received r = link.receive(s.ack(), s.got(), s.ackResult(), s.edits(), true, text, false, (by, p, d, i, n) -> { });
        noteRejections(s.edits(), theirsBefore, r, added);
        if (r.failed()) return askForReset(r, added);
        // The hub lacks some of my edits (it restarted without those it had not made durable), or I lack some of its:
        // the next exchange says where each side is, and the missing edits come again.
        boolean again = syncWanted || r.gap() || link.theyLackSome();
        Optional<Message> next = startExchange(again);
        return new Step(r.textSplices(), added, next, false);
    }

    /**
     * The hub's edits between exchanges: applied only when no exchange is in flight and they fit the shadow exactly;
     * otherwise an exchange fetches them (its reply carries all unacknowledged edits).
     *
     * <p>A push that crossed my exchange in flight (the hub made it before it handled that exchange: it says it had
     * seen an earlier one) is left to the reply, which the hub makes later and which carries every edit of its I lack.
     * Any other push I ignore asks for one more exchange after the reply. (That one was asked for every crossed push
     * too: under load, with a push crossing most exchanges, clients spent their time in exchanges that the next push
     * crossed again, ignoring 80% of the pushes they were sent. Decision 0025.)
     */
    private Step onPush(Message.Push p) {
        if (awaitingReset || p.epoch() != link.epoch()) return Step.nothing();
        if (awaitingReply()) {
            if (!crossedMyExchange(p)) syncWanted = true;
            return Step.nothing();
        }
        if (!link.fits(p.edits())) return new Step(List.of(), List.of(), startExchange(true), false);
        long theirsBefore = link.theirs();
        List<Conflict> added = new ArrayList<>();
        Link.Received r = link.receive(p.ack(), p.got(), p.ackResult(), p.edits(), false, text, false, (by, pos, d, i, n) -> { });
        noteRejections(p.edits(), theirsBefore, r, added);
        if (r.failed()) return askForReset(r, added);
        return new Step(r.textSplices(), added, p.ackWanted() ? startExchange(true) : Optional.empty(), false);
    }

    /** Whether the hub made {@code p} before it handled the exchange I am waiting for the reply to. */
    private boolean crossedMyExchange(Message.Push p) {
        return awaitingSeq >= 0 && p.seen() != null && p.seen() < awaitingSeq;
    }

    /** The link is broken: ask the hub for a reset, saying whether I found its store behind. */
    private Step askForReset(Link.Received r, List<Conflict> added) {
        awaitingReset = true;
        hubWentBack = r.breakage() == Link.Breakage.THEY_WENT_BACK;
        return new Step(r.textSplices(), added, Optional.of(new Message.ResetRequest(docId, link.epoch(), r.failure(), hubWentBack)), false);
    }

    private void noteRejections(List<Edit> edits, long theirsBefore, Link.Received r, List<Conflict> added) {
        // Hunks of my own edits that the hub could not place travel with the hub's next edit.
        for (Edit e : edits) {
            if (e.version() >= theirsBefore && e.version() < link.theirs()) {
                for (RejectedHunk h : e.rejected()) added.add(addConflict(h, "you", Conflict.Origin.LOCAL_EDIT_REJECTED_BY_HUB));
            }
        }
        for (RejectedHunk h : r.rejected()) added.add(addConflict(h, "hub", Conflict.Origin.REMOTE_EDIT_REJECTED));
    }

    /**
     * The hub restarted the link from its text: merge my changes since our last common text into it (three ways),
     * keep whatever cannot be placed as conflicts, and carry on from the hub's text. If the hub's store went back in
     * time (it says so, or I found it), its text may lack what we both had: then I keep all of mine and add what only
     * the hub's has ({@link UnionMerge}), and my next edit gives the hub back what it lost.
     */
    private Step onReset(Message.Reset r) {
        if (r.epoch() <= link.epoch()) return Step.nothing(); // a duplicate or an old one
        String mine = text.toString();
        List<Conflict> added = new ArrayList<>();
        String merged;
        List<TextSplice> fromHubs;
        // Edits of mine the hub says its text holds are not undone for the base: merged again, they would be doubled.
        long held = r.got() == null ? 0 : r.got();
        String base = r.behind() || hubWentBack ? null : link.commonBase(r.text(), held);
        if (base == null) {
            // The hub may lack what we both had (its store went back, or it lost edits of mine it had applied on
            // which it built): keep all of mine, add what only the hub has.
            UnionMerge.Result u = UnionMerge.of(mine, r.text());
            merged = u.text();
            fromHubs = u.fromTheirs();
        } else {
            // My changes as I made them where the link knows them; else a diff of base and mine.
            List<TextSplice> typed = link.splicesFromCommonBase(r.text(), held);
            ThreeWayMerge.Result m = typed != null && DiffSplices.lead(base, typed, mine)
                    ? ThreeWayMerge.merge(base, typed, r.text())
                    : ThreeWayMerge.merge(base, mine, r.text());
            for (RejectedHunk h : m.rejected()) added.add(addConflict(h, "you", Conflict.Origin.RESET_MERGE));
            merged = m.text();
            fromHubs = m.fromTheirs();
        }
        List<TextSplice> splices = replaceText(merged);
        // My next edit is the merge's own splices on the hub's text (and what I type after them), not a diff of the
        // two texts: a diff may match my chars with look-alikes of the hub's (seed 4621, decision 0019).
        link.reset(r.epoch(), r.text(), text, fromHubs);
        awaitingReset = false;
        hubWentBack = false;
        awaitingSeq = -1;
        Optional<Message> next = startExchange(true);
        return new Step(splices, added, next, true);
    }

    /** Turns the text into {@code target} by small splices (so that an editor keeps its caret), returning them. */
    private List<TextSplice> replaceText(String target) {
        List<TextSplice> splices = DiffSplices.of(TextDiff.minimal(text.toString(), target));
        link.beforeTextChange(); // the link is reset next: its shadow must not move with the text meanwhile
        for (TextSplice s : splices) text.splice(s.pos(), s.deleted(), s.inserted());
        return splices;
    }

    // ---------------------------------------------------------------------------------------------------------------
    // Conflicts

    private Conflict addConflict(RejectedHunk h, String author, Conflict.Origin origin) {
        Conflict c = new Conflict(ids.get(), docId, author, clockMillis.getAsLong(), origin, h.aimedAt(),
                h.contextBefore(), h.deleted(), h.inserted(), h.contextAfter(), h.reason());
        conflicts.put(c.id(), c);
        journal.append(new JournalEntry.ConflictAdded(c));
        return c;
    }

    /**
     * Re-applies a conflict as a new local edit at the best current place: where its context is found, else its
     * inserted text at the place it was aimed at. Returns the splice made; the conflict is gone.
     *
     * @throws IllegalArgumentException if there is no such conflict
     */
    public TextSplice reapply(String conflictId) {
        Conflict c = conflicts.get(conflictId);
        if (c == null) throw new IllegalArgumentException("no conflict " + conflictId + " in " + docId);
        HunkPlacer.Placement p = HunkPlacer.place(text, HunkPlacer.Target.ofConflict(c, text.length()));
        TextSplice splice = p.rejected()
                ? new TextSplice(Math.min(c.aimedAt(), text.length()), 0, c.inserted())
                : new TextSplice(p.at(), p.deleted(), p.inserted());
        edit(splice.pos(), splice.deleted(), splice.inserted());
        dismiss(conflictId);
        return splice;
    }

    /** Drops a conflict the user decided to let go. */
    public void dismiss(String conflictId) {
        if (conflicts.remove(conflictId) == null) throw new IllegalArgumentException("no conflict " + conflictId + " in " + docId);
        journal.append(new JournalEntry.ConflictRemoved(conflictId));
    }
}
