package dev.tandem.cli.replay;

import java.util.ArrayList;
import java.util.List;

/**
 * The text each transaction of a concurrent trace was written against ("the merge of everything reachable through
 * its parents"), rebuilt without a sync engine, so that a transaction's patches can be turned into context patches
 * (what its author saw around the change) and applied to a site's actual text.
 *
 * <p>How: every character ever inserted is one item in a single sequence, tagged with the (agent, agent-sequence) of
 * the transaction that inserted it and of those that deleted it. A transaction's version is a vector of how many of
 * each agent's transactions it has seen (an agent's transactions are totally ordered, and ancestors are closed
 * downwards, so a vector describes the set exactly). The text of a version is the items it has seen inserted and not
 * seen deleted, in sequence order. A new item goes right after the item visible just before its position; as no two
 * concurrent inserts land at the same position (the traces README), the order of live items is the same for every
 * version. Cost: one scan of the sequence per patch.
 *
 * <p>Concurrency: single-threaded.
 */
final class ReferenceMerge {

    /** What a patch meant, in its author's text: the change and the text around it. */
    record ContextPatch(int pos, String before, String deleted, String inserted, String after) {}

    private static final class Item {
        final char c;
        final int agent;
        final int seq;
        int delAgent = -1;
        int delSeq;
        List<int[]> moreDeleters; // rare: deleted concurrently by several transactions

        Item(char c, int agent, int seq) { this.c = c; this.agent = agent; this.seq = seq; }
    }

    private final int contextChars;
    private final List<Item> items = new ArrayList<>();

    ReferenceMerge(int contextChars) { this.contextChars = contextChars; }

    private static boolean seen(int agent, int seq, int[] version) { return seq < version[agent]; }

    private static boolean visible(Item it, int[] version) {
        if (!seen(it.agent, it.seq, version)) return false;
        if (it.delAgent >= 0 && seen(it.delAgent, it.delSeq, version)) return false;
        if (it.moreDeleters != null) for (int[] d : it.moreDeleters) if (seen(d[0], d[1], version)) return false;
        return true;
    }

    /**
     * Applies a patch of transaction (agent, seq) written against {@code version} (which must already count the
     * transaction itself, so that its earlier patches are visible), and returns it as a context patch.
     *
     * @throws IllegalArgumentException if the patch lies outside the text it was written against
     */
    ContextPatch apply(int agent, int seq, int[] version, int pos, int del, String ins) {
        StringBuilder before = new StringBuilder();
        StringBuilder deleted = new StringBuilder(del);
        StringBuilder after = new StringBuilder();
        int visibleSeen = 0;
        int insertAt = pos == 0 ? 0 : -1;
        List<Item> toDelete = new ArrayList<>(del);
        int n = items.size();
        for (int i = 0; i < n; i++) {
            Item it = items.get(i);
            if (!visible(it, version)) continue;
            if (visibleSeen < pos) {
                if (pos - visibleSeen <= contextChars) before.append(it.c);
                if (visibleSeen == pos - 1) insertAt = i + 1;
            } else if (visibleSeen < pos + del) {
                deleted.append(it.c);
                toDelete.add(it);
            } else {
                after.append(it.c);
                if (after.length() >= contextChars) { visibleSeen++; break; }
            }
            visibleSeen++;
        }
        if (insertAt < 0 || toDelete.size() < del) {
            throw new IllegalArgumentException("patch [" + pos + ", " + del + "] lies outside the text it was written against ("
                    + visibleSeen + "+ chars)");
        }
        for (Item it : toDelete) {
            if (it.delAgent < 0) { it.delAgent = agent; it.delSeq = seq; }
            else {
                if (it.moreDeleters == null) it.moreDeleters = new ArrayList<>(1);
                it.moreDeleters.add(new int[]{agent, seq});
            }
        }
        List<Item> fresh = new ArrayList<>(ins.length());
        for (int k = 0; k < ins.length(); k++) fresh.add(new Item(ins.charAt(k), agent, seq));
        items.addAll(insertAt, fresh);
        return new ContextPatch(pos, before.toString(), deleted.toString(), ins, after.toString());
    }

    /** The text of a version (O(items)). */
    String text(int[] version) {
        StringBuilder sb = new StringBuilder();
        for (Item it : items) if (visible(it, version)) sb.append(it.c);
        return sb.toString();
    }
}
