package dev.tandem.cli.replay;

import dev.tandem.engine.sync.ClientDocument;
import dev.tandem.engine.text.Diff;
import dev.tandem.engine.text.TextDiff;

import java.util.ArrayList;
import java.util.List;

/**
 * Replays a {@link Trace} through clients, a hub and an observer ({@link ReplayRig}).
 *
 * <p>Sequential traces: {@code authors} clients take turns in blocks of {@code turn} transactions; each transaction is
 * applied to the current author as {@code edit(pos, del, ins)} per patch and followed by a sync cycle (author exchange,
 * hub, pushes to the others, their exchanges); at each change of author every client syncs fully. One more client only
 * observes. Every site must end with {@code endContent} exactly.
 *
 * <p>Concurrent traces: one client per agent plus an observer. Before a transaction whose parent another agent wrote,
 * the parent's author syncs and then the transaction's author (traces README); only the observer follows pushes. Each
 * patch is turned into a context patch on the text its author saw ({@link ReferenceMerge}) and applied to the author's
 * actual text where its context is found nearest the same position. At the end every site syncs; all texts must agree,
 * and the distance (chars inserted plus deleted by a diff) to {@code endContent} is reported.
 *
 * <p>Concurrency: single-threaded.
 */
public final class Replayer {

    /** Chars of context kept on each side of a concurrent trace's patch. */
    static final int CONTEXT = 24;
    /** How far from the expected position a context patch is looked for, in chars. */
    static final int SEARCH_DISTANCE = 5_000;

    private Replayer() {}

    public static ReplayResult replay(Trace trace, int authors, int turn) {
        return replay(trace, authors, turn, false);
    }

    /** Replays with each side's state in a SQLite file ({@code durable}) or in memory only. */
    public static ReplayResult replay(Trace trace, int authors, int turn, boolean durable) {
        return replay(trace, authors, turn, durable, 1);
    }

    /**
     * Replays with a sync cycle after every {@code cycleEvery} transactions of a sequential trace (1: after each); the
     * author still syncs fully at each change of author and at the end. A concurrent trace follows its causal schedule
     * whatever {@code cycleEvery} says.
     */
    public static ReplayResult replay(Trace trace, int authors, int turn, boolean durable, int cycleEvery) {
        return replay(trace, authors, turn, durable, false, cycleEvery);
    }

    /** {@link #replay(Trace, int, int, boolean, int)}, the durable stores with group commit if {@code groupCommit}. */
    public static ReplayResult replay(Trace trace, int authors, int turn, boolean durable, boolean groupCommit,
                                      int cycleEvery) {
        if (cycleEvery < 1) throw new IllegalArgumentException("--cycle-every must be at least 1: " + cycleEvery);
        try (ReplayStores stores = durable ? ReplayStores.sqlite(groupCommit) : ReplayStores.memory()) {
            return trace.concurrent() ? concurrent(trace, stores) : sequential(trace, authors, turn, cycleEvery, stores);
        }
    }

    /**
     * The first {@code n} transactions of a sequential trace, its end text computed by a plain replay (for short
     * benchmark runs); the trace itself when it has no more than {@code n}.
     */
    public static Trace prefix(Trace trace, int n) {
        if (trace.concurrent()) throw new IllegalArgumentException(trace.name() + ": a concurrent trace cannot be cut");
        if (n >= trace.txns().size()) return trace;
        List<Trace.Txn> txns = trace.txns().subList(0, n);
        StringBuilder doc = new StringBuilder(trace.startContent());
        for (Trace.Txn t : txns) {
            for (Trace.Patch p : t.patches()) doc.replace(p.pos(), p.pos() + p.del(), p.ins());
        }
        return new Trace(trace.name(), false, 1, trace.startContent(), doc.toString(), List.copyOf(txns));
    }

    /**
     * The reference figure to compare {@code ms} with, measured in the same run (the machines are shared and noisy):
     * milliseconds to apply a sequential trace's patches to a plain StringBuilder, without any sync.
     */
    public static long plainMillis(Trace trace) {
        if (trace.concurrent()) return -1;
        long t0 = System.nanoTime();
        StringBuilder doc = new StringBuilder(trace.startContent());
        for (Trace.Txn t : trace.txns()) {
            for (Trace.Patch p : t.patches()) doc.replace(p.pos(), p.pos() + p.del(), p.ins());
        }
        if (doc.length() != trace.endContent().length()) throw new IllegalStateException("plain replay differs in length");
        return (System.nanoTime() - t0) / 1_000_000;
    }

    static ReplayResult sequential(Trace trace, int authors, int turn, int cycleEvery, ReplayStores stores) {
        if (authors < 1) throw new IllegalArgumentException("--authors must be at least 1: " + authors);
        if (turn < 1) throw new IllegalArgumentException("--turn must be at least 1: " + turn);
        long t0 = System.nanoTime();
        int sites = authors + 1;
        boolean[] followsPushes = new boolean[sites];
        java.util.Arrays.fill(followsPushes, true);
        ReplayRig rig = new ReplayRig(sites, followsPushes, trace.startContent(), stores);
        int author = 0;
        int edits = 0;
        List<Trace.Txn> txns = trace.txns();
        for (int i = 0; i < txns.size(); i++) {
            int next = (i / turn) % authors;
            if (next != author) {
                rig.syncAll();
                author = next;
            }
            ClientDocument doc = rig.client(author);
            for (Trace.Patch p : txns.get(i).patches()) {
                if (p.pos() + p.del() > doc.length()) {
                    throw new IllegalArgumentException(trace.name() + ": txn " + i + ": patch [" + p.pos() + ", " + p.del()
                            + "] lies outside the text (" + doc.length() + " chars)");
                }
                doc.edit(p.pos(), p.del(), p.ins());
                edits++;
            }
            if ((i + 1) % cycleEvery == 0) rig.syncCycle(author);
        }
        rig.syncAll();
        rig.commitAll();
        long ms = (System.nanoTime() - t0) / 1_000_000;
        return finish(trace, rig, edits, ms, 0);
    }

    static ReplayResult concurrent(Trace trace, ReplayStores stores) {
        long t0 = System.nanoTime();
        int agents = trace.numAgents();
        boolean[] followsPushes = new boolean[agents + 1];
        followsPushes[agents] = true; // the observer follows every change; agents sync only when the schedule says so
        ReplayRig rig = new ReplayRig(agents + 1, followsPushes, trace.startContent(), stores);
        List<Trace.Txn> txns = trace.txns();
        int n = txns.size();
        int[] seqOf = new int[n];
        int[][] versionBefore = new int[n][];
        int[] counts = new int[agents];
        ReferenceMerge ref = new ReferenceMerge(CONTEXT);
        int edits = 0;
        int unplaced = 0;
        for (int i = 0; i < n; i++) {
            Trace.Txn t = txns.get(i);
            int a = t.agent();
            seqOf[i] = counts[a]++;
            int[] v = new int[agents];
            for (int p : t.parents()) {
                int[] pv = versionBefore[p];
                for (int k = 0; k < agents; k++) v[k] = Math.max(v[k], pv[k]);
                int pa = txns.get(p).agent();
                v[pa] = Math.max(v[pa], seqOf[p] + 1);
            }
            versionBefore[i] = v;
            for (int p : t.parents()) {
                int pa = txns.get(p).agent();
                if (pa != a) {
                    rig.syncCycle(pa);
                    rig.hubCommits(); // a hub sends its own edits once durable: a's reply carries pa's edit
                    rig.syncCycle(a);
                }
            }
            int[] own = v.clone();
            own[a] = seqOf[i] + 1;
            ClientDocument doc = rig.client(a);
            for (Trace.Patch p : t.patches()) {
                ReferenceMerge.ContextPatch cp;
                try {
                    cp = ref.apply(a, seqOf[i], own, p.pos(), p.del(), p.ins());
                } catch (IllegalArgumentException e) {
                    throw new IllegalArgumentException(trace.name() + ": txn " + i + ": " + e.getMessage(), e);
                }
                if (!place(doc, cp)) unplaced++;
                edits++;
            }
        }
        rig.syncAll();
        rig.commitAll();
        long ms = (System.nanoTime() - t0) / 1_000_000;
        return finish(trace, rig, edits, ms, unplaced);
    }

    /** Applies a context patch to the client's text where it fits nearest its position; false if it fits nowhere. */
    static boolean place(ClientDocument doc, ReferenceMerge.ContextPatch cp) {
        String text = doc.text();
        int[] keeps = {Integer.MAX_VALUE, 12, 6, 3, 0};
        for (int keep : keeps) {
            String b = cp.before().length() > keep ? cp.before().substring(cp.before().length() - keep) : cp.before();
            String a = cp.after().length() > keep ? cp.after().substring(0, keep) : cp.after();
            if (keep == 0 && cp.deleted().isEmpty()) {
                doc.edit(Math.min(cp.pos(), text.length()), 0, cp.inserted());
                return true;
            }
            int at = nearest(text, b + cp.deleted() + a, cp.pos() - b.length());
            if (at >= 0) {
                doc.edit(at + b.length(), cp.deleted().length(), cp.inserted());
                return true;
            }
        }
        return false;
    }

    private static int nearest(String text, String pattern, int expected) {
        if (expected >= 0 && text.startsWith(pattern, expected)) return expected;
        int from = Math.max(0, expected - SEARCH_DISTANCE);
        int to = Math.min(text.length(), expected + SEARCH_DISTANCE + pattern.length());
        int best = -1;
        int bestDistance = Integer.MAX_VALUE;
        for (int i = text.indexOf(pattern, from); i >= 0 && i + pattern.length() <= to; i = text.indexOf(pattern, i + 1)) {
            int d = Math.abs(i - expected);
            if (d < bestDistance) { best = i; bestDistance = d; }
            if (i > expected) break;
        }
        return best;
    }

    private static ReplayResult finish(Trace trace, ReplayRig rig, int edits, long ms, int unplaced) {
        String hubText = rig.hub.text();
        List<String> texts = new ArrayList<>();
        for (ClientDocument c : rig.clients) texts.add(c.text());
        boolean converged = texts.stream().allMatch(hubText::equals);
        boolean matches = converged && hubText.equals(trace.endContent());
        int distance = matches ? 0 : distance(hubText, trace.endContent());
        return new ReplayResult(trace.name(), edits, matches, converged, distance, ms, rig.wireBytes(), rig.payloadBytes(),
                rig.messages(), rig.conflicts(), rig.resets(), unplaced);
    }

    /** Chars inserted plus deleted by a diff of the two texts. */
    static int distance(String a, String b) {
        int d = 0;
        for (Diff x : TextDiff.diff(a, b)) if (x.op() != Diff.Op.EQUAL) d += x.text().length();
        return d;
    }
}
