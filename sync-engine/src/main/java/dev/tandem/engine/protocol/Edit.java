package dev.tandem.engine.protocol;

import dev.tandem.engine.text.Delta;

import java.util.List;
import java.util.Objects;

/**
 * One versioned edit of a link's sender: an exact delta on the receiver's shadow, plus the hunks of the receiver's own
 * earlier edits that the sender could not place (the hub tells an author this way; the delta that follows a rejection
 * takes the rejected text out of the author's shadow, so the two travel together and are acknowledged together).
 */
public record Edit(long version, Delta delta, List<RejectedHunk> rejected) {
    public Edit {
        if (version < 0) throw new IllegalArgumentException("negative version " + version);
        Objects.requireNonNull(delta, "delta");
        rejected = List.copyOf(rejected);
    }

    public Edit(long version, Delta delta) {
        this(version, delta, List.of());
    }
}
