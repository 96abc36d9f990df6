package dev.tandem.engine.text;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/** One step of an exact {@link Delta}: keep n chars of the base, delete n chars of it, or insert text. */
public sealed interface DeltaOp {

    record Keep(int count) implements DeltaOp {
        public Keep {
            if (count <= 0) throw new IllegalArgumentException("keep count must be positive: " + count);
        }
    }

    record Delete(int count) implements DeltaOp {
        public Delete {
            if (count <= 0) throw new IllegalArgumentException("delete count must be positive: " + count);
        }
    }

    record Insert(String text) implements DeltaOp {
        public Insert {
            Objects.requireNonNull(text, "text");
            if (text.isEmpty()) throw new IllegalArgumentException("insert text must not be empty");
        }
    }

    /** The ops of a diff: EQUAL becomes Keep, DELETE Delete, INSERT Insert; empty runs are dropped. */
    public static List<DeltaOp> fromDiffs(List<Diff> diffs) {
        List<DeltaOp> ops = new ArrayList<>(diffs.size());
        for (Diff d : diffs) {
            if (d.text().isEmpty()) continue;
            ops.add(switch (d.op()) {
                case EQUAL -> new Keep(d.text().length());
                case DELETE -> new Delete(d.text().length());
                case INSERT -> new Insert(d.text());
            });
        }
        return ops;
    }

    /** The diff of ops on {@code base}, the inverse of {@link #fromDiffs}: the kept and deleted runs with their text. */
    public static List<Diff> toDiffs(String base, List<DeltaOp> ops) {
        List<Diff> diffs = new ArrayList<>(ops.size() + 1);
        int pos = 0;
        for (DeltaOp op : ops) {
            if (op instanceof Keep k) diffs.add(Diff.equal(base.substring(pos, pos += k.count())));
            else if (op instanceof Delete d) diffs.add(Diff.delete(base.substring(pos, pos += d.count())));
            else diffs.add(Diff.insert(((Insert) op).text()));
        }
        if (pos < base.length()) diffs.add(Diff.equal(base.substring(pos))); // the trailing keep the wire form omits
        return diffs;
    }
}
