package dev.tandem.engine.sync;

import dev.tandem.engine.protocol.Message;
import dev.tandem.engine.protocol.RejectedHunk;
import dev.tandem.engine.text.TrackedText;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

/**
 * A document as the hub holds it: the one server text, and one view (a {@link Link}) per client. A pure state machine
 * like {@link ClientDocument}: it answers each client message with the reply to send and the other clients to poke.
 *
 * <p>The hub only replies (docs/protocol.md): to a client's Sync it applies the client's edits to that client's shadow
 * exactly and to the server text fuzzily, diffs the server text against the shadow, and replies with its own edits.
 * Other clients whose view now differs are named in the step; their host {@link #push}es to them (coalescing as it
 * sees fit: one push carries every change made since the last).
 *
 * <p>Concurrency: not thread-safe. Exactly one owner at a time (the relay's per-document executor, a test's thread)
 * performs the read-patch-write of the server text, and commits the store before sending the returned messages.
 */
public final class HubDocument {

    /**
     * What one client message did: the reply for its sender, the other clients whose view of the text changed (to
     * {@link #push} to, now or coalesced a little later), the server text's changes, the conflicts recorded, and
     * whether the sender's link was reset. {@code commitFirst}: the reply carries edits of the hub that are not durable
     * yet, so an owner that sends before it commits ({@link HubDocument#sendBeforeCommit}) commits before it sends it.
     */
    public record Step(Optional<Message> reply, List<String> changed, List<TextSplice> textSplices,
                       List<Conflict> newConflicts, boolean reset, boolean commitFirst) {
        Step(Optional<Message> reply, List<String> changed, List<TextSplice> textSplices, List<Conflict> newConflicts,
             boolean reset) {
            this(reply, changed, textSplices, newConflicts, reset, false);
        }
    }

    /** Unacknowledged edits for one client past which a push asks it for an exchange. */
    public static final int ACK_WANTED_AFTER = 32;
    /** How long other clients' resets wait for a client to give back what this hub lost (see {@link #held}). */
    public static final long GIVE_BACK_WAIT_MILLIS = 10_000;
    /** Views from which the text keeps its checksum, for views to catch up by sharing chunks (see checksumWhenBusy). */
    static final int CATCH_UP_VIEWS = 16;

    private final String docId;
    private final DocumentJournal journal;
    /** See {@link #sendBeforeCommit}. */
    private boolean sendsBeforeCommit;
    private final EngineLimits limits;
    private final LongSupplier clockMillis;
    private final Supplier<String> ids;
    private final TrackedText text;
    private final Map<String, Link> views = new LinkedHashMap<>();
    private final Map<String, Conflict> conflicts = new LinkedHashMap<>();
    /** The last exchange number seen per client: a repeat is a retransmission, answered without side effects. */
    private final Map<String, Long> lastSeq = new HashMap<>();
    /**
     * Per client sent a reset that said which of its edits the hub held ({@link Message.Reset#got()}): the epoch it had
     * come back with, and that count. Until the client shows it has the reset (a sync of the view's epoch), a client
     * back with that epoch again (the reset was lost, or it crashed before storing it) is told again: its view restarted
     * once more and counts from zero. In memory only: a hub restart in between forgets it, and that client's merge
     * then reads its applied edits as unacknowledged.
     */
    private final Map<String, long[]> resetGot = new HashMap<>();
    /**
     * The client last reset as behind, until its first exchange in the new epoch arrives: that exchange gives back
     * what this hub lost (its union merge). Null when none is awaited. In memory only: after a restart nothing is held.
     */
    private String givingBack;
    private long givingBackEpoch;
    private long givingBackSince;
    /**
     * Clients whose reset as behind came while {@link #givingBack} was awaited, and was not answered: reset from the
     * text as it is now, each would give back the same lost text again, and the fuzzy patch of the second would put it
     * in twice. Their next message (the retransmission, at most one timeout later) is answered with the reset, from a
     * text that by then holds what the first gave back, where their union merge finds it.
     */
    private final Set<String> held = new HashSet<>();
    /** Views told of the text's splices late, in one go ({@link ParkedViews}). */
    private final ParkedViews parked = new ParkedViews();
    /**
     * The edits the last view to catch up from a parked state made, from its mark to the text's version then: any
     * other view parked at that mark adopts them while the text has not changed since (one composition for all the
     * views pushed in one batch that were parked together, not one each).
     */
    private CatchUp lastCatchUp;

    private record CatchUp(long from, long to, List<StackEntry> made) {}

    private HubDocument(DocumentSnapshot snap, DocumentJournal journal, EngineLimits limits, LongSupplier clockMillis,
                        Supplier<String> ids) {
        this.docId = snap.docId();
        this.journal = Objects.requireNonNull(journal, "journal");
        this.limits = Objects.requireNonNull(limits, "limits");
        this.clockMillis = Objects.requireNonNull(clockMillis, "clockMillis");
        this.ids = Objects.requireNonNull(ids, "ids");
        this.text = new TrackedText(snap.text(), false);
        this.text.setSpliceListener((p, d, i) -> journal.append(new JournalEntry.Splice(null, p, d, i)));
        for (LinkSnapshot l : snap.links()) views.put(l.linkId(), new Link(l, text, journal, true));
        checksumWhenBusy();
        for (Conflict c : snap.conflicts()) conflicts.put(c.id(), c);
    }

    public static HubDocument open(String docId, Optional<DocumentSnapshot> stored, DocumentJournal journal,
                                   EngineLimits limits, LongSupplier clockMillis, Supplier<String> ids) {
        DocumentSnapshot snap = stored.orElseGet(() -> new DocumentSnapshot(docId, "", List.of(), List.of()));
        if (!snap.docId().equals(docId)) throw new IllegalArgumentException("snapshot of " + snap.docId() + ", not " + docId);
        return new HubDocument(snap, journal, limits, clockMillis, ids);
    }

    public String docId() { return docId; }

    public String text() { return text.toString(); }

    public int length() { return text.length(); }

    /** How many clients' views the hub keeps for this document. */
    public int viewCount() { return views.size(); }

    /**
     * From {@link #CATCH_UP_VIEWS} views on, the text keeps its checksum (one update per keystroke of the document),
     * so that a view can catch up by sharing its chunks and taking its checksum instead of splicing every other
     * writer's keystrokes into its shadow (Link#pushEditCatchingUp). With few views a view has few keystrokes to catch
     * up on, and the update would only add to each one: a replay of seph-blog1 through one writer and one observer ran
     * 5 to 10% slower with it.
     */
    private void checksumWhenBusy() {
        if (views.size() >= CATCH_UP_VIEWS) text.keepChecksum();
    }

    public Collection<String> clients() { return List.copyOf(views.keySet()); }

    public Collection<Conflict> conflicts() { return List.copyOf(conflicts.values()); }

    /**
     * The text as a string, made once per version of it: every reset until the next edit carries the same string.
     * Clients that come back to a large document together would otherwise each hold a copy in their reset while it
     * waits for the group commit (500 writers: 347 resets of a 1.2-million-char text at once).
     */
    private String textString() {
        if (textStringVersion != parked.head() || textString == null) {
            textString = text.toString();
            textStringVersion = parked.head();
        }
        return textString;
    }

    private String textString;
    private long textStringVersion = -1;

    /** Chars a {@link #snapshot} makes at once: the text, and a string of its own for each view that differs from it. */
    public long snapshotChars() {
        long differing = 0;
        for (Link v : views.values()) if (dirty(v)) differing++;
        return (long) text.length() * (1 + differing);
    }

    /** The document's state now: {@link #freeze} and its snapshot at once. */
    public DocumentSnapshot snapshot() {
        return freeze().snapshot();
    }

    /**
     * What {@link #snapshot} would return, taken now in O(views + chunks) and made later, on any thread: the text and
     * the shadows that differ from it are frozen copies sharing their chunks ({@link TrackedText#frozenCopy}), the
     * rest is immutable. The owner goes on at once; a checkpoint's strings, encoding and write happen elsewhere
     * (at 200 writers they had stalled the owner for 0.4 to 1.2 s every 20 s or so). The cost moves to the owner's
     * next write of each chunk, which copies it first: spread over the keystrokes that follow, not all at once.
     */
    public Frozen freeze() {
        TrackedText now = text.frozenCopy();
        List<Link.Frozen> ls = new ArrayList<>(views.size());
        for (Link l : views.values()) ls.add(l.freeze(!dirty(l)));
        return new Frozen(docId, now, ls, List.copyOf(conflicts.values()));
    }

    /** A hub document's state as of a {@link #freeze}; {@link #snapshot()} may be called from any thread, once. */
    public static final class Frozen {
        private final String docId;
        private final TrackedText text;
        private final List<Link.Frozen> views;
        private final List<Conflict> conflicts;

        private Frozen(String docId, TrackedText text, List<Link.Frozen> views, List<Conflict> conflicts) {
            this.docId = docId;
            this.text = text;
            this.views = views;
            this.conflicts = conflicts;
        }

        public DocumentSnapshot snapshot() {
            String now = text.toString();
            // A view whose shadow is the text shares the text's string: a document of 4 million chars with 200 readers
            // would otherwise make 200 copies of it at every checkpoint (1.6 GB), all at once.
            List<LinkSnapshot> ls = new ArrayList<>(views.size());
            for (Link.Frozen v : views) ls.add(v.snapshot(now));
            return new DocumentSnapshot(docId, now, ls, conflicts);
        }
    }

    /**
     * Group commit (decision 0013): the owner sends before it commits, and commits a group of steps at once. Then each
     * view acknowledges only what the journal holds durably; the hub's own edits go out in a push only once durable,
     * and a reply that carries edits not durable yet says {@link Step#commitFirst}. Off by default: the owner commits
     * before it sends anything.
     */
    public void sendBeforeCommit(boolean value) {
        sendsBeforeCommit = value;
        for (Link l : views.values()) l.sendBeforeCommit(value);
    }

    /**
     * Makes each view's edit of what changed in the server text since, without sending it: for an owner that sends
     * before it commits, whose own edits leave only once durable, so that the next reply or push after its commit
     * carries them.
     */
    public void stageEdits() {
        for (Link v : views.values()) {
            if (dirty(v) && !held.contains(v.linkId)) makeEdit(v);
        }
    }

    /** Whether the text may differ from the view's shadow. */
    private boolean dirty(Link view) {
        return view.dirty() || parked.behind(view);
    }

    /**
     * {@link Link#makeEdit} for a view, parked or not, which is parked afterwards if it can be. A view parked where the
     * previous one to catch up was, with the text unchanged since, adopts that view's edits instead of composing them.
     */
    private void makeEdit(Link view) {
        long mark = parked.markOf(view);
        if (mark >= 0) {
            if (mark == parked.head()) return; // parked: nothing to send until the text changes
            CatchUp c = lastCatchUp;
            if (c != null && c.from == mark && c.to == parked.head() && view.adopt(c.made, text)) {
                parked.park(view);
                return;
            }
        }
        parked.unpark(view);
        long before = view.mine();
        view.makeEdit(text);
        if (mark >= 0 && text.checksummed()) lastCatchUp = new CatchUp(mark, parked.head(), view.entriesFrom(before));
        if (view.parkable()) parked.park(view);
    }

    /** Handles one message from {@code clientId}. */
    public Step receive(String clientId, Message m) {
        if (!m.docId().equals(docId)) throw new IllegalArgumentException("message for " + m.docId() + " given to " + docId);
        if (held.remove(clientId)) {
            // Its reset waited for another client's give-back; whatever it sends now is answered with it.
            long epoch = m instanceof Message.Sync s ? s.epoch() : m instanceof Message.ResetRequest r ? r.epoch() : 0;
            return reset(clientId, epoch, true);
        }
        if (m instanceof Message.Sync s) return onSync(clientId, s);
        if (m instanceof Message.ResetRequest r) {
            // Behind if the client found so, or if it had joined and I do not know it (I lost its view).
            return resetOrHold(clientId, r.epoch(), r.behind() || (views.get(clientId) == null && r.epoch() > 0));
        }
        return new Step(Optional.empty(), List.of(), List.of(), List.of(), false); // a hub never receives Push or Reset
    }

    private Step onSync(String clientId, Message.Sync s) {
        Link view = views.get(clientId);
        // A client that had joined but that I do not know: I lost its view (a store that went back, or a lost row).
        if (view == null) return resetOrHold(clientId, s.epoch(), s.epoch() > 0);
        parked.unpark(view);
        if (view.epoch() != s.epoch()) return reset(clientId, s.epoch(), false);
        resetGot.remove(clientId); // it has its reset, if it had one
        Long previous = lastSeq.get(clientId);
        if (previous != null && s.seq() < previous) {
            return new Step(Optional.empty(), List.of(), List.of(), List.of(), false); // an old exchange, delayed
        }
        if (previous != null && previous == s.seq()) {
            // A retransmission: its edits were applied already; answer with what is unacknowledged, change nothing.
            Message.Sync again = reply(view, s.seq(), !s.edits().isEmpty());
            return new Step(Optional.of(again), List.of(), List.of(), List.of(), false, !view.durable(again.edits()));
        }
        lastSeq.put(clientId, s.seq());
        if (clientId.equals(givingBack) && s.epoch() == givingBackEpoch) givingBack = null; // applied below
        if (s.edits().size() > limits.maxEditsPerMessage()) return reset(clientId, s.epoch(), false);
        Link.Received r = view.receive(s.ack(), s.got(), s.ackResult(), s.edits(), true, text, true, (by, p, d, i, n) -> {
            for (Link other : views.values()) {
                if (other != by && parked.markOf(other) < 0) other.textSpliced(p, d, i, n);
            }
            // After the others: a view this unparks is told of this splice with those it missed.
            parked.spliced(p, d, i, n);
        });
        List<Conflict> added = new ArrayList<>();
        for (RejectedHunk h : r.rejected()) {
            Conflict c = new Conflict(ids.get(), docId, clientId, clockMillis.getAsLong(),
                    Conflict.Origin.REMOTE_EDIT_REJECTED, h.aimedAt(), h.contextBefore(), h.deleted(), h.inserted(),
                    h.contextAfter(), h.reason());
            conflicts.put(c.id(), c);
            journal.append(new JournalEntry.ConflictAdded(c));
            added.add(c);
        }
        if (r.failed()) {
            Step reset = resetOrHold(clientId, s.epoch(), r.breakage() == Link.Breakage.I_WENT_BACK);
            return new Step(reset.reply(), changedOthers(r, clientId), r.textSplices(), added, reset.reset());
        }
        makeEdit(view);
        Message.Sync reply = reply(view, s.seq(), !s.edits().isEmpty());
        return new Step(Optional.of(reply), changedOthers(r, clientId), r.textSplices(), added, false,
                !view.durable(reply.edits()));
    }

    private List<String> changedOthers(Link.Received r, String sender) {
        if (r.textSplices().isEmpty()) return List.of();
        List<String> out = new ArrayList<>();
        for (Link other : views.values()) {
            if (!other.linkId.equals(sender) && dirty(other)) out.add(other.linkId);
        }
        return out;
    }

    /**
     * The hub's new edits for a client between exchanges: diffs the server text against the client's view and returns
     * a {@link Message.Push} of the edits not sent before — or empty if there are none, or no such client.
     */
    public Optional<Message> push(String clientId) {
        Link view = views.get(clientId);
        if (view == null || held.contains(clientId)) return Optional.empty(); // a held client's view is to be reset
        makeEdit(view);
        List<dev.tandem.engine.protocol.Edit> edits = view.unsentEdits();
        if (edits.isEmpty()) return Optional.empty();
        return Optional.of(new Message.Push(docId, view.epoch(), view.ack(), edits,
                view.stackSize() > ACK_WANTED_AFTER, view.theirsResult(), view.theirs(), lastSeq.get(clientId)));
    }

    /**
     * {@code toWriter}: the client sent edits. Then the reply carries even my edits that are not durable yet (its owner
     * commits first: {@link Step#commitFirst}). Held back for a push after the commit, they would be undone by the
     * writer's next exchange, which is based on a shadow without them; a writer that keeps typing would never get them
     * (./tandem sim seed 14 with the hub's group commit diverged for 5 s that way). A reader's reply needs no commit:
     * its edits follow in the push after the next group commit.
     */
    private Message.Sync reply(Link view, long seq, boolean toWriter) {
        return new Message.Sync(docId, view.epoch(), seq, view.ack(), view.outgoingEdits(toWriter),
                view.theirsResult(), view.theirs());
    }

    /**
     * {@link #reset}, except that a reset as behind while another client's give-back is awaited is held: no reply now,
     * the client's retransmission gets it (see {@link #held}).
     */
    private Step resetOrHold(String clientId, long clientEpoch, boolean behind) {
        if (behind && givingBack != null && !givingBack.equals(clientId)
                && clockMillis.getAsLong() - givingBackSince < GIVE_BACK_WAIT_MILLIS) {
            held.add(clientId);
            return new Step(Optional.empty(), List.of(), List.of(), List.of(), false);
        }
        return reset(clientId, clientEpoch, behind);
    }

    /**
     * Starts the client's view again from the server text, at an epoch above any the client has seen; {@code behind}:
     * the hub found it lacks what it had acknowledged to the client (see {@link Message.Reset#behind()}).
     */
    private Step reset(String clientId, long clientEpoch, boolean behind) {
        Link view = views.get(clientId);
        // A view let go of while its client was gone still counts the client's edits of the epoch it is back with.
        Long got = view != null && !behind && view.epoch() == clientEpoch + 1 ? view.keptTheirs() : null;
        long[] told = resetGot.remove(clientId);
        if (got == null && view != null && !behind && told != null && told[0] == clientEpoch) got = told[1];
        if (got != null) resetGot.put(clientId, new long[] {clientEpoch, got});
        long epoch = Math.max(view == null ? 0 : view.epoch(), clientEpoch) + 1;
        String current = textString();
        if (view == null) {
            view = Link.fresh(clientId, epoch, current, text, journal, true);
            view.sendBeforeCommit(sendsBeforeCommit);
            views.put(clientId, view);
            checksumWhenBusy();
        }
        else {
            parked.forget(view);
            // Its shadow shares the text's chunks, and the journal says so in a small entry: a reset of a view used
            // to copy the whole text into both, for every client that came back to a large document at once.
            view.restartFromText(epoch, text, 0);
            if (view.parkable()) parked.park(view);
        }
        lastSeq.remove(clientId);
        if (behind) {
            givingBack = clientId;
            givingBackEpoch = epoch;
            givingBackSince = clockMillis.getAsLong();
        }
        return new Step(Optional.of(new Message.Reset(docId, epoch, current, behind, got)), List.of(), List.of(), List.of(), true);
    }

    /**
     * Lets go of what a client's view holds (its own copy of an older text, stacked edits and their undo, pending
     * splices): the view starts again from the text at a new epoch, sharing its chunks. For a relay short of memory,
     * on clients it has closed (decision 0023). Nothing is lost: the text holds every edit the hub acknowledged, and the
     * client's next exchange, still of the old epoch, gets a reset and merges its unacknowledged work three ways.
     * False if there is no such view, its reset is held, or it holds nothing of its own: parked where the text is now.
     * (One parked behind holds the chunks the text had then.)
     */
    public boolean evict(String clientId) {
        Link view = views.get(clientId);
        if (view == null || held.contains(clientId) || (parked.markOf(view) >= 0 && !parked.behind(view))) return false;
        parked.forget(view);
        view.restartFromText(view.epoch() + 1, text);
        lastSeq.remove(clientId);
        if (view.parkable()) parked.park(view);
        return true;
    }

    /** Forgets a client's view (the client left the workspace for good). */
    public void removeClient(String clientId) {
        Link view = views.remove(clientId);
        if (view != null) {
            parked.forget(view);
            journal.append(new JournalEntry.LinkRemoved(clientId));
        }
        lastSeq.remove(clientId);
        resetGot.remove(clientId);
        held.remove(clientId);
        if (clientId.equals(givingBack)) givingBack = null;
    }

    /** Dismisses a conflict record kept on the hub. */
    public void dismiss(String conflictId) {
        if (conflicts.remove(conflictId) == null) throw new IllegalArgumentException("no conflict " + conflictId);
        journal.append(new JournalEntry.ConflictRemoved(conflictId));
    }
}
