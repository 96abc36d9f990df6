package dev.tandem.engine.text;

import com.github.difflib.DiffUtils;
import com.github.difflib.patch.AbstractDelta;
import com.github.difflib.patch.Patch;

import java.util.ArrayList;
import java.util.List;

/**
 * Character diffs of two texts: common prefix and suffix trimmed (speedup), java-diff-utils' Myers on the rest.
 * Never splits a surrogate pair.
 */
public final class TextDiff {

    private TextDiff() {}

    public static List<Diff> diff(String a, String b) {
        List<Diff> out = new ArrayList<>();
        int prefix = commonPrefix(a, b);
        int suffix = commonSuffix(a, b, prefix);
        if (prefix > 0) out.add(Diff.equal(a.substring(0, prefix)));
        String midA = a.substring(prefix, a.length() - suffix);
        String midB = b.substring(prefix, b.length() - suffix);
        if (midA.isEmpty()) {
            if (!midB.isEmpty()) out.add(Diff.insert(midB));
        } else if (midB.isEmpty()) {
            out.add(Diff.delete(midA));
        } else {
            myers(midA, midB, out);
        }
        if (suffix > 0) out.add(Diff.equal(a.substring(a.length() - suffix)));
        return out;
    }

    /** Length of the common prefix, backed off so that it never ends between a high and a low surrogate. */
    static int commonPrefix(CharSequence a, CharSequence b) {
        int n = Math.min(a.length(), b.length());
        int i = 0;
        while (i < n && a.charAt(i) == b.charAt(i)) i++;
        if (i > 0 && Character.isHighSurrogate(a.charAt(i - 1))) i--;
        return i;
    }

    /** Length of the common suffix not overlapping {@code prefix}, never starting on a low surrogate. */
    static int commonSuffix(CharSequence a, CharSequence b, int prefix) {
        int n = Math.min(a.length(), b.length()) - prefix;
        int i = 0;
        while (i < n && a.charAt(a.length() - 1 - i) == b.charAt(b.length() - 1 - i)) i++;
        if (i > 0 && Character.isLowSurrogate(a.charAt(a.length() - i))) i--;
        return i;
    }

    /** Myers on code points, so that a pair is always one unit. */
    private static void myers(String a, String b, List<Diff> out) {
        List<Integer> ca = a.codePoints().boxed().toList();
        List<Integer> cb = b.codePoints().boxed().toList();
        Patch<Integer> patch = DiffUtils.diff(ca, cb);
        int ia = 0;
        for (AbstractDelta<Integer> d : patch.getDeltas()) {
            int pos = d.getSource().getPosition();
            if (pos > ia) out.add(Diff.equal(codePoints(ca, ia, pos)));
            List<Integer> src = d.getSource().getLines();
            List<Integer> tgt = d.getTarget().getLines();
            if (!src.isEmpty()) out.add(Diff.delete(codePoints(src, 0, src.size())));
            if (!tgt.isEmpty()) out.add(Diff.insert(codePoints(tgt, 0, tgt.size())));
            ia = pos + src.size();
        }
        if (ia < ca.size()) out.add(Diff.equal(codePoints(ca, ia, ca.size())));
    }

    private static String codePoints(List<Integer> cps, int from, int to) {
        StringBuilder sb = new StringBuilder(to - from);
        for (int i = from; i < to; i++) sb.appendCodePoint(cps.get(i));
        return sb.toString();
    }
}
