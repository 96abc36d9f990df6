package dev.tandem.engine.sync;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A hub's views that are told of the server text's splices late, in one go, instead of one by one as they happen.
 *
 * <p>A view whose shadow equals the server text, with nothing else to send, is <em>parked</em> at the text's current
 * version. While it is parked nobody touches it, and the splices the text receives meanwhile are kept here, once for
 * all parked views. Before anything reads or changes a parked view, {@link #unpark} hands it those splices in order,
 * exactly as {@link Link#textSpliced} would have had them as they happened: the view's state is then the same as if it
 * had never been parked. With 200 writers each writer's keystroke was news to 199 views, each call cheap but together
 * a sixth of the relay owner's time; most views are parked nearly all the time (a push or a reply leaves them so),
 * and views parked at the same version can share the edit that catches them up ({@link HubDocument}).
 *
 * <p>The kept splices are bounded: a view parked for longer than {@link #MAX_BEHIND} splices (a client that left
 * without saying so, and is pushed no more) is unparked then, and told of later splices as they happen.
 *
 * <p>Concurrency: not thread-safe; owned by its {@link HubDocument}'s owner.
 */
final class ParkedViews {

    /**
     * Splices a parked view may fall behind before it is unparked: as many as a view keeps as pending splices
     * ({@link Link#MAX_PENDING_SPLICES}), beyond which it makes its next edit by a diff anyway.
     */
    static final int MAX_BEHIND = Link.MAX_PENDING_SPLICES;

    /** How many splices the text has had since this document was opened: its version here. */
    private long head;
    /** The version of {@code splices.get(0)}: splices from {@code base} to {@code head} are kept. */
    private long base;
    private final List<TextSplice> splices = new ArrayList<>();
    /** The text's length after each kept splice (what {@link Link#textSpliced} is told). */
    private int[] lengths = new int[64];
    /** Each parked view and the version it was parked at. */
    private final Map<Link, Long> marks = new HashMap<>();

    /** The text's current version: how many splices it has had. */
    long head() {
        return head;
    }

    /** The version {@code view} is parked at, or -1 if it is not parked. */
    long markOf(Link view) {
        Long mark = marks.get(view);
        return mark == null ? -1 : mark;
    }

    /** Whether {@code view} is parked and the text has changed since. */
    boolean behind(Link view) {
        Long mark = marks.get(view);
        return mark != null && mark < head;
    }

    /** The server text was spliced: kept for the parked views, if there are any. */
    void spliced(int pos, int deleted, String inserted, int newLength) {
        head++;
        if (marks.isEmpty()) {
            base = head;
            return;
        }
        if (splices.size() == lengths.length) lengths = java.util.Arrays.copyOf(lengths, lengths.length * 2);
        lengths[splices.size()] = newLength;
        splices.add(new TextSplice(pos, deleted, inserted));
        if (splices.size() > 2 * MAX_BEHIND) unparkOlderThan(head - MAX_BEHIND);
    }

    /** Parks {@code view} at the current version (a view whose shadow equals the text: {@link Link#parkable}). */
    void park(Link view) {
        if (marks.isEmpty()) {
            splices.clear();
            base = head;
        }
        marks.put(view, head);
    }

    /** Tells {@code view} of the splices since it was parked, in order, and unparks it; nothing if it is not parked. */
    void unpark(Link view) {
        Long mark = marks.remove(view);
        if (mark == null) return;
        for (long v = mark; v < head; v++) {
            int i = (int) (v - base);
            TextSplice s = splices.get(i);
            view.textSpliced(s.pos(), s.deleted(), s.inserted(), lengths[i]);
        }
        trim();
    }

    /** Forgets {@code view} (removed, or reset from the text: what it missed no longer matters). */
    void forget(Link view) {
        if (marks.remove(view) != null) trim();
    }

    private void unparkOlderThan(long version) {
        List<Link> old = new ArrayList<>();
        for (Map.Entry<Link, Long> e : marks.entrySet()) if (e.getValue() < version) old.add(e.getKey());
        for (Link view : old) unpark(view);
    }

    /** Drops the splices every parked view has been told of. */
    private void trim() {
        long oldest = head;
        for (long mark : marks.values()) oldest = Math.min(oldest, mark);
        int drop = (int) (oldest - base);
        if (drop <= 0) return;
        // Not on every unpark: a parked view's turn comes with its next push, and the list stays short.
        if (drop < splices.size() && drop < 64) return;
        splices.subList(0, drop).clear();
        System.arraycopy(lengths, drop, lengths, 0, splices.size());
        base = oldest;
    }
}
