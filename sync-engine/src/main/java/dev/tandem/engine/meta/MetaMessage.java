package dev.tandem.engine.meta;

import java.util.List;
import java.util.Objects;

/**
 * What a client and the relay say to each other about metadata (docs/protocol.md, "Metadata protocol"). Plain
 * immutable values; {@link MetaCodec} gives their JSON form. Requests carry an {@code id} chosen by the client, which
 * the answer repeats; a request without an answer is sent again with the same id and contents (both are idempotent).
 */
public sealed interface MetaMessage {

    /** Client to relay: the change log (each field's latest unacknowledged local write). */
    record Push(long id, List<FieldChange> changes) implements MetaMessage {
        public Push {
            changes = List.copyOf(changes);
        }
    }

    /**
     * Relay to client: the writes it has taken (merged: stored, or already superseded by a later write it holds; either
     * way the client may forget them), those it refused and why (they stay in the client's change log), and the
     * relay's clock.
     */
    record Pushed(long id, List<FieldStamp> accepted, List<Refusal> refused, long relayMillis) implements MetaMessage {
        public Pushed {
            accepted = List.copyOf(accepted);
            refused = List.copyOf(refused);
        }
    }

    /** A write the relay did not take, in plain words. */
    record Refusal(FieldStamp write, String reason) {
        public Refusal {
            Objects.requireNonNull(write, "write");
            Objects.requireNonNull(reason, "reason");
        }
    }

    /** Client to relay: every field changed after {@code cursor} (the relay's own sequence number), please. */
    record Pull(long id, long cursor) implements MetaMessage {
        public Pull {
            if (cursor < 0) throw new IllegalArgumentException("a cursor must not be negative: " + cursor);
        }
    }

    /**
     * Relay to client: the current write of every field changed after the request's cursor (in sequence order), the
     * new cursor, and whether more remain (the client then pulls again at once).
     */
    record Changes(long id, long cursor, List<FieldChange> changes, boolean more) implements MetaMessage {
        public Changes {
            if (cursor < 0) throw new IllegalArgumentException("a cursor must not be negative: " + cursor);
            changes = List.copyOf(changes);
        }
    }

    /** Relay to client, unasked: the workspace's metadata changed up to {@code seq}; a client behind it pulls. */
    record Changed(long seq) implements MetaMessage { }
}
