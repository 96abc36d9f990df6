package dev.tandem.engine.sync;

import dev.tandem.engine.text.Delta;
import dev.tandem.engine.text.DeltaOp;

import java.util.List;
import java.util.Objects;

/**
 * One of my edits not yet acknowledged by the other side: its version, the exact delta sent on the wire, and the
 * ops that undo it on my shadow (kept locally, never sent) so that the backup shadow can be derived as
 * "the shadow with my unacknowledged edits since the backup undone" instead of being copied at every receive.
 */
public record StackEntry(long version, Delta delta, List<DeltaOp> undo) {
    public StackEntry {
        if (version < 0) throw new IllegalArgumentException("negative version " + version);
        Objects.requireNonNull(delta, "delta");
        undo = List.copyOf(undo);
    }
}
