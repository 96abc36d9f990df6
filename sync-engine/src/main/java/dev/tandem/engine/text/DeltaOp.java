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
}
