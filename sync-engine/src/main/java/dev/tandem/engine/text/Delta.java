package dev.tandem.engine.text;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * An exact delta: the change from one text (the base) to another, as keep/delete/insert ops, with the length and
 * {@link TextChecksum} of both so that it can only ever be applied to the base it was made from (Fraser's
 * "exact" patching of shadows). Applying it to any other text fails with {@link DeltaMismatchException}, never with a
 * wrong text.
 *
 * <p>The compact encoding ({@link #encodeOps()}) is Fraser's: tab-separated {@code =n} (keep), {@code -n} (delete),
 * {@code +text} (insert, with {@code %} and tab escaped as {@code %25} and {@code %09}); a trailing keep is implied
 * by the base length and left out.
 */
public record Delta(List<DeltaOp> ops, int baseLength, long baseChecksum, int resultLength, long resultChecksum) {

    public Delta {
        ops = List.copyOf(ops);
        if (baseLength < 0 || resultLength < 0) throw new IllegalArgumentException("negative length");
        int consumed = 0;
        int produced = 0;
        for (DeltaOp op : ops) {
            Objects.requireNonNull(op, "op");
            if (op instanceof DeltaOp.Keep k) { consumed += k.count(); produced += k.count(); }
            else if (op instanceof DeltaOp.Delete d) consumed += d.count();
            else produced += ((DeltaOp.Insert) op).text().length();
        }
        if (consumed > baseLength || baseLength - consumed != resultLength - produced) {
            throw new IllegalArgumentException("ops do not fit the lengths: consume " + consumed + " of " + baseLength
                    + ", produce " + produced + " of " + resultLength);
        }
    }

    /** True when the delta changes nothing. */
    public boolean isEmpty() {
        return ops.stream().allMatch(op -> op instanceof DeltaOp.Keep);
    }

    /** The smallest delta from {@code base} to {@code result} ({@link TextDiff#minimal}). O(length) for the checksums. */
    public static Delta between(String base, String result) {
        return applyDiffs(new TrackedText(base), TextDiff.minimal(base, result));
    }

    /**
     * Applies a diff of {@code shadow} (EQUAL and DELETE runs must spell the shadow's text) to the shadow in place and
     * returns the delta that records it. O(size of the change) besides the splice itself.
     */
    public static Delta applyDiffs(TrackedText shadow, List<Diff> diffs) {
        return applyOps(shadow, DeltaOp.fromDiffs(diffs));
    }

    /**
     * Applies ops to {@code shadow} in place (the sending side's "shadow := text") and returns the delta, with the
     * checksums before and after. The ops are trusted to fit the shadow (they come from a diff of it).
     */
    public static Delta applyOps(TrackedText shadow, List<DeltaOp> ops) {
        int baseLength = shadow.length();
        long baseChecksum = shadow.checksum();
        splice(shadow, ops);
        return new Delta(ops, baseLength, baseChecksum, shadow.length(), shadow.checksum());
    }

    /**
     * Applies this delta to {@code target} in place, after checking that the target is this delta's base.
     * On any mismatch the target is unchanged and {@link DeltaMismatchException} says why.
     */
    public void applyTo(TrackedText target) throws DeltaMismatchException {
        if (target.length() != baseLength) {
            throw new DeltaMismatchException("base length " + target.length() + ", delta expects " + baseLength);
        }
        if (target.checksum() != baseChecksum) {
            throw new DeltaMismatchException("base checksum differs: the delta was made for another text");
        }
        List<DeltaOp> undo = splice(target, ops);
        if (target.length() != resultLength || target.checksum() != resultChecksum) {
            splice(target, undo);
            throw new DeltaMismatchException("result checksum differs: the delta is corrupt");
        }
    }

    /** Applies this delta to a base string and returns the result. */
    public String applyTo(String base) throws DeltaMismatchException {
        TrackedText t = new TrackedText(base);
        applyTo(t);
        return t.toString();
    }

    /**
     * Splices ops into the text, unchecked, and returns the ops that undo it (to be applied to the result). For the
     * owner of a shadow that made the ops itself or keeps the undo of its own edits.
     */
    public static List<DeltaOp> splice(TrackedText text, List<DeltaOp> ops) {
        List<DeltaOp> undo = new ArrayList<>(ops.size());
        int pos = 0;
        for (DeltaOp op : ops) {
            if (op instanceof DeltaOp.Keep k) {
                pos += k.count();
                undo.add(k);
            } else if (op instanceof DeltaOp.Delete d) {
                String gone = text.substring(pos, pos + d.count());
                text.splice(pos, d.count(), "");
                undo.add(new DeltaOp.Insert(gone));
            } else {
                String ins = ((DeltaOp.Insert) op).text();
                text.splice(pos, 0, ins);
                pos += ins.length();
                undo.add(new DeltaOp.Delete(ins.length()));
            }
        }
        return undo;
    }

    /**
     * The ops that would undo {@code ops} after they were applied to {@code base}: what {@link #splice} returns, read
     * from the base without changing it (for an owner that moves its text to the result some other way).
     */
    public static List<DeltaOp> undoOf(CharSequence base, List<DeltaOp> ops) {
        List<DeltaOp> undo = new ArrayList<>(ops.size());
        int at = 0; // in the base
        for (DeltaOp op : ops) {
            if (op instanceof DeltaOp.Keep k) {
                at += k.count();
                undo.add(k);
            } else if (op instanceof DeltaOp.Delete d) {
                undo.add(new DeltaOp.Insert(base.subSequence(at, at + d.count()).toString()));
                at += d.count();
            } else {
                undo.add(new DeltaOp.Delete(((DeltaOp.Insert) op).text().length()));
            }
        }
        return undo;
    }

    /** Fraser's compact text form of the ops (a trailing keep left out). */
    public String encodeOps() {
        StringBuilder sb = new StringBuilder();
        appendOps(sb);
        return sb.toString();
    }

    /** {@link #encodeOps()} appended to {@code sb} (speedup: a writer of messages needs no intermediate string). */
    public void appendOps(StringBuilder sb) {
        int last = ops.size();
        while (last > 0 && ops.get(last - 1) instanceof DeltaOp.Keep) last--;
        for (int i = 0; i < last; i++) {
            if (i > 0) sb.append('\t');
            DeltaOp op = ops.get(i);
            if (op instanceof DeltaOp.Keep k) sb.append('=').append(k.count());
            else if (op instanceof DeltaOp.Delete d) sb.append('-').append(d.count());
            else {
                sb.append('+');
                String t = ((DeltaOp.Insert) op).text();
                for (int j = 0; j < t.length(); j++) {
                    char c = t.charAt(j);
                    if (c == '%') sb.append("%25");
                    else if (c == '\t') sb.append("%09");
                    else sb.append(c);
                }
            }
        }
    }

    /**
     * Parses the ops of {@link #encodeOps()}. Throws IllegalArgumentException with the reason for a malformed
     * encoding, or for ops that do not fit the given lengths.
     */
    public static Delta decode(String encoded, int baseLength, long baseChecksum, int resultLength, long resultChecksum) {
        List<DeltaOp> ops = new ArrayList<>();
        int consumed = 0;
        if (!encoded.isEmpty()) {
            for (String token : encoded.split("\t", -1)) {
                if (token.isEmpty()) throw new IllegalArgumentException("empty op in delta");
                char kind = token.charAt(0);
                String rest = token.substring(1);
                switch (kind) {
                    case '=' -> { int n = count(rest); ops.add(new DeltaOp.Keep(n)); consumed += n; }
                    case '-' -> { int n = count(rest); ops.add(new DeltaOp.Delete(n)); consumed += n; }
                    case '+' -> ops.add(new DeltaOp.Insert(unescape(rest)));
                    default -> throw new IllegalArgumentException("unknown delta op '" + kind + "'");
                }
            }
        }
        if (consumed < baseLength) ops.add(new DeltaOp.Keep(baseLength - consumed));
        return new Delta(ops, baseLength, baseChecksum, resultLength, resultChecksum);
    }

    private static int count(String digits) {
        try {
            int n = Integer.parseInt(digits);
            if (n <= 0) throw new IllegalArgumentException("delta count must be positive: " + digits);
            return n;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("bad delta count '" + digits + "'", e);
        }
    }

    private static String unescape(String s) {
        if (s.indexOf('%') < 0) return s;
        StringBuilder sb = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '%') {
                if (s.startsWith("25", i + 1)) sb.append('%');
                else if (s.startsWith("09", i + 1)) sb.append('\t');
                else throw new IllegalArgumentException("bad escape in delta insert at " + i);
                i += 2;
            } else {
                sb.append(c);
            }
        }
        return sb.toString();
    }
}
