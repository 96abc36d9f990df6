package dev.tandem.engine.sync;

import dev.tandem.engine.protocol.Edit;
import dev.tandem.engine.protocol.RejectedHunk;
import dev.tandem.engine.text.Delta;
import dev.tandem.engine.text.DeltaOp;

import java.util.List;
import java.util.Objects;

/**
 * One of my edits not yet acknowledged by the other side: its version, the exact delta sent on the wire, the hunks of
 * the other side's edits I rejected just before it (sent along so that their author learns of them), and the ops
 * that undo it on my shadow (kept locally, never sent) so that the backup shadow can be derived as "the shadow with my
 * unacknowledged edits since the backup undone" instead of being copied at every receive.
 */
public record StackEntry(long version, Delta delta, List<DeltaOp> undo, List<RejectedHunk> rejected) {
    public StackEntry {
        if (version < 0) throw new IllegalArgumentException("negative version " + version);
        Objects.requireNonNull(delta, "delta");
        undo = List.copyOf(undo);
        rejected = List.copyOf(rejected);
    }

    public StackEntry(long version, Delta delta, List<DeltaOp> undo) {
        this(version, delta, undo, List.of());
    }

    /** The wire form. */
    public Edit edit() {
        return new Edit(version, delta, rejected);
    }
}
