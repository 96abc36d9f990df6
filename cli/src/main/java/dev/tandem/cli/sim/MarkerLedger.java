package dev.tandem.cli.sim;

import dev.tandem.engine.sync.Conflict;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Measures silent losses: every insert the simulated users type carries a unique marker such as {@code ⟦c3-17⟧},
 * made of characters the random text never produces. A marker that a deliberate delete touched (wholly or partly, on
 * its author's own text at the time of the delete) is deliberately deleted; every other marker must end up in the final
 * text or in the inserted text of some conflict record, or it was lost in silence.
 *
 * <p>Concurrency: single-threaded.
 */
public final class MarkerLedger {

    static final char OPEN = '\u27E6';  // ⟦
    static final char CLOSE = '\u27E7'; // ⟧
    /** No marker is longer than this (OPEN, 'c', two ints of up to 10 digits, '-', CLOSE). */
    static final int MAX_LENGTH = 24;

    private final Set<String> issued = new LinkedHashSet<>();
    private final Set<String> deliberatelyDeleted = new LinkedHashSet<>();

    /** A new marker for an insert by client {@code client}; its id is the text between the brackets. */
    String newMarker(int client) {
        String id = "c" + client + "-" + issued.size();
        issued.add(id);
        return OPEN + id + CLOSE;
    }

    public int issuedCount() { return issued.size(); }

    int deliberatelyDeletedCount() { return deliberatelyDeleted.size(); }

    /** Records the markers that a delete of {@code [pos, pos + deleted)} in {@code text} touches, wholly or partly. */
    void deleting(CharSequence text, int pos, int deleted) {
        if (deleted <= 0) return;
        int end = pos + deleted;
        int from = Math.max(0, pos - MAX_LENGTH);
        int to = Math.min(text.length(), end);
        for (int i = from; i < to; i++) {
            if (text.charAt(i) != OPEN) continue;
            int close = markerEnd(text, i);
            if (close < 0) continue;
            if (close >= pos && i < end) deliberatelyDeleted.add(text.subSequence(i + 1, close).toString());
        }
    }

    /** The index of the CLOSE of a well-formed marker starting at {@code open}, or -1. */
    private static int markerEnd(CharSequence s, int open) {
        int i = open + 1;
        int n = s.length();
        if (i >= n || s.charAt(i) != 'c') return -1;
        i++;
        int digits = 0;
        while (i < n && s.charAt(i) >= '0' && s.charAt(i) <= '9') { i++; digits++; }
        if (digits == 0 || i >= n || s.charAt(i) != '-') return -1;
        i++;
        digits = 0;
        while (i < n && s.charAt(i) >= '0' && s.charAt(i) <= '9') { i++; digits++; }
        if (digits == 0 || i >= n || s.charAt(i) != CLOSE) return -1;
        return i;
    }

    /** The ids of the well-formed markers in a text. */
    public static Set<String> markersIn(CharSequence s) {
        Set<String> out = new LinkedHashSet<>();
        for (int i = 0; i < s.length(); i++) {
            if (s.charAt(i) != OPEN) continue;
            int close = markerEnd(s, i);
            if (close >= 0) {
                out.add(s.subSequence(i + 1, close).toString());
                i = close;
            }
        }
        return out;
    }

    /**
     * Of some lost markers, those of which a piece is left in the final text or in a conflict record (its context
     * included): the insert was cut by a diff or a merge, and no place holds it whole. A piece is the marker's number
     * with its closing bracket ({@code -64⟧}: numbers are unique across clients) or its opening bracket with its whole
     * id, cut after it ({@code ⟦c0-64} not followed by {@code ⟧} or a digit). A shorter piece, such as {@code ⟦c}, is
     * in every marker and would tell nothing. Diagnosis only: such a marker still counts as lost.
     */
    static List<String> fragmented(Collection<String> lost, Collection<Conflict> conflicts, CharSequence finalText) {
        List<String> places = new ArrayList<>();
        places.add(finalText.toString());
        for (Conflict c : conflicts) places.add(c.contextBefore() + c.inserted() + c.contextAfter());
        List<String> out = new ArrayList<>();
        for (String id : lost) {
            for (String p : places) {
                if (p.contains(tail(id)) || cutAfter(p, head(id))) { out.add(id); break; }
            }
        }
        return out;
    }

    /** A marker's opening bracket and whole id ({@code ⟦c0-64}): a piece when not followed by its bracket. */
    static String head(String id) {
        return OPEN + id;
    }

    /** A marker's number and closing bracket ({@code -64⟧}): unique, as numbers are across clients. */
    static String tail(String id) {
        return id.substring(id.indexOf('-')) + CLOSE;
    }

    /** Whether {@code s} holds {@code head} followed by neither a digit nor {@link #CLOSE} (or by nothing). */
    private static boolean cutAfter(String s, String head) {
        for (int at = s.indexOf(head); at >= 0; at = s.indexOf(head, at + 1)) {
            int next = at + head.length();
            if (next >= s.length()) return true;
            char c = s.charAt(next);
            if (c != CLOSE && (c < '0' || c > '9')) return true;
        }
        return false;
    }

    /**
     * Markers neither deliberately deleted, nor in the final text, nor in a conflict record — in the record as the user
     * sees it: the rejected edit's inserted text between its context (a marker may straddle them, since a diff only
     * carries what changed).
     */
    public List<String> silentlyLost(CharSequence finalText, Collection<Conflict> conflicts) {
        Set<String> kept = markersIn(finalText);
        for (Conflict c : conflicts) kept.addAll(markersIn(c.contextBefore() + c.inserted() + c.contextAfter()));
        List<String> lost = new ArrayList<>();
        for (String id : issued) {
            if (!deliberatelyDeleted.contains(id) && !kept.contains(id)) lost.add(id);
        }
        return lost;
    }
}
