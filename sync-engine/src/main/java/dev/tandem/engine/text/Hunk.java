package dev.tandem.engine.text;

import java.util.List;
import java.util.Objects;

/**
 * One hunk of a {@link Patch}: the diffs of one edited region together with unchanged context on both sides, and
 * where it sits in the two texts it was made from.
 *
 * <p>{@link #before()} (EQUAL and DELETE runs) is exactly {@code base.substring(start1, start1 + length1)} and
 * {@link #after()} (EQUAL and INSERT runs) is exactly {@code edited.substring(start2, start2 + length2)}. The first
 * and last runs are the leading and trailing context (EQUAL, possibly absent at the ends of the text); a hunk always
 * changes something. Everything needed to re-apply a rejected hunk later is here: its text, its context, its aim.
 *
 * <p>No run boundary falls inside a surrogate pair (checked by {@link Patch#make(String, List, PatchOptions)}).
 */
public record Hunk(List<Diff> diffs, int start1, int length1, int start2, int length2) {

    public Hunk {
        diffs = List.copyOf(diffs);
        if (start1 < 0 || start2 < 0) throw new IllegalArgumentException("negative hunk start: " + start1 + ", " + start2);
        int l1 = 0;
        int l2 = 0;
        boolean changes = false;
        for (Diff d : diffs) {
            Objects.requireNonNull(d, "diff");
            if (d.text().isEmpty()) throw new IllegalArgumentException("empty diff run in hunk");
            if (d.op() != Diff.Op.INSERT) l1 += d.text().length();
            if (d.op() != Diff.Op.DELETE) l2 += d.text().length();
            if (d.op() != Diff.Op.EQUAL) changes = true;
        }
        if (!changes) throw new IllegalArgumentException("a hunk must change something");
        if (l1 != length1 || l2 != length2) {
            throw new IllegalArgumentException("hunk lengths " + length1 + "/" + length2 + " do not fit its diffs ("
                    + l1 + "/" + l2 + ")");
        }
    }

    /** The text this hunk expects to find: context, deleted and kept text. */
    public String before() {
        StringBuilder sb = new StringBuilder(length1);
        for (Diff d : diffs) if (d.op() != Diff.Op.INSERT) sb.append(d.text());
        return sb.toString();
    }

    /** The text this hunk leaves in its place: context, inserted and kept text. */
    public String after() {
        StringBuilder sb = new StringBuilder(length2);
        for (Diff d : diffs) if (d.op() != Diff.Op.DELETE) sb.append(d.text());
        return sb.toString();
    }

    /** Unchanged text before the first change ("" at the start of the text). */
    public String contextBefore() {
        Diff first = diffs.get(0);
        return first.op() == Diff.Op.EQUAL ? first.text() : "";
    }

    /** Unchanged text after the last change ("" at the end of the text). */
    public String contextAfter() {
        Diff last = diffs.get(diffs.size() - 1);
        return last.op() == Diff.Op.EQUAL ? last.text() : "";
    }

    /** {@link #before()} without the context: the span this hunk rewrites, as the base had it. */
    public String changedBefore() {
        String b = before();
        return b.substring(contextBefore().length(), b.length() - contextAfter().length());
    }

    /** {@link #after()} without the context: what this hunk writes in place of {@link #changedBefore()}. */
    public String changedAfter() {
        String a = after();
        return a.substring(contextBefore().length(), a.length() - contextAfter().length());
    }

    /** GNU-diff-like header and runs, for logs and messages: {@code @@ -start1,length1 +start2,length2 @@}. */
    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder("@@ -").append(start1).append(',').append(length1)
                .append(" +").append(start2).append(',').append(length2).append(" @@");
        for (Diff d : diffs) sb.append(' ').append(d);
        return sb.toString();
    }
}
