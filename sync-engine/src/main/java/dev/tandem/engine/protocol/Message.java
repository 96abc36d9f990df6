package dev.tandem.engine.protocol;

import java.util.List;
import java.util.Objects;

/**
 * What the two sides of a document link say to each other. Plain immutable values; {@link MessageCodec} gives their
 * versioned JSON form (docs/protocol.md).
 *
 * <p>A client drives its link: it sends a {@link Sync} and waits for the hub's {@link Sync} reply with the same
 * {@code seq} (retransmitting the same message on a timeout). Between exchanges the hub sends a client its new edits
 * as a {@link Push}, which the client applies only if it fits its shadow exactly (else it starts an exchange, whose
 * reply carries everything). A link that cannot recover by versions is reset: the client sends
 * {@link ResetRequest}, the hub answers {@link Reset} with its text, and the client merges three ways.
 */
public sealed interface Message {

    String docId();

    /**
     * This message as sent after its sender committed everything it had done when it made it: it acknowledges all it
     * got ({@code ack = got}). A side that commits before it sends (the sessions) sends this; one that sends first
     * (group commit) sends the message as made, whose {@code ack} counts only what was durable then.
     */
    default Message afterCommit() {
        return this;
    }

    /**
     * The differential-sync exchange: the sender's edits the receiver has not applied (as far as the sender knows),
     * oldest first, and the sender's acknowledgements: {@code ack} = how many of the receiver's edits it holds durably
     * (the receiver may drop them from its stack), {@code got} = how many it has applied ({@code got >= ack}; the
     * receiver sends its edits from version {@code got} on, and keeps those from {@code ack} on in case the sender
     * restarts without the ones it had not made durable yet).
     *
     * @param epoch     the link's incarnation; a message of another epoch is not applied
     * @param seq       the exchange number, chosen by the client; the hub's reply repeats it
     * @param ackResult the result checksum of the last of the receiver's edits the sender applied (edit {@code got-1}),
     *                  or null if it applied none since the link (re)started: a receiver whose own edit under that
     *                  version had another result lost it and reused the version (its store went back in time)
     */
    record Sync(String docId, long epoch, long seq, long ack, List<Edit> edits, Long ackResult, long got)
            implements Message {
        public Sync {
            Objects.requireNonNull(docId, "docId");
            edits = List.copyOf(edits);
            if (ack < 0) throw new IllegalArgumentException("negative ack");
            if (got < ack) throw new IllegalArgumentException("got " + got + " is below ack " + ack);
        }

        @Override
        public Sync afterCommit() {
            return got == ack ? this : new Sync(docId, epoch, seq, got, edits, ackResult, got);
        }

        /** A sync whose sender holds durably every edit it applied ({@code got == ack}). */
        public Sync(String docId, long epoch, long seq, long ack, List<Edit> edits, Long ackResult) {
            this(docId, epoch, seq, ack, edits, ackResult, ack);
        }

        /** A sync that does not say which result it acknowledges. */
        public Sync(String docId, long epoch, long seq, long ack, List<Edit> edits) {
            this(docId, epoch, seq, ack, edits, null);
        }
    }

    /**
     * Hub to client, between exchanges: the hub's edits not sent before, oldest first. With no edits it only says
     * "the document changed, sync". {@code ackWanted}: the hub holds many unacknowledged edits for this client and
     * asks for an exchange to acknowledge them. {@code ack}, {@code got} and {@code ackResult} as in {@link Sync}.
     * {@code seen}: the last exchange ({@link Sync#seq()}) of this client the hub had handled when it made the push, or
     * null if it handled none since it last reset or restarted. A client waiting for the reply to a later exchange
     * knows that reply will carry this push's edits.
     */
    record Push(String docId, long epoch, long ack, List<Edit> edits, boolean ackWanted, Long ackResult, long got,
                Long seen) implements Message {
        public Push {
            Objects.requireNonNull(docId, "docId");
            edits = List.copyOf(edits);
            if (ack < 0) throw new IllegalArgumentException("negative ack");
            if (got < ack) throw new IllegalArgumentException("got " + got + " is below ack " + ack);
        }

        @Override
        public Push afterCommit() {
            return got == ack ? this : new Push(docId, epoch, got, edits, ackWanted, ackResult, got, seen);
        }

        /** A push that does not say which exchange the hub handled last. */
        public Push(String docId, long epoch, long ack, List<Edit> edits, boolean ackWanted, Long ackResult, long got) {
            this(docId, epoch, ack, edits, ackWanted, ackResult, got, null);
        }

        /** A push whose sender holds durably every edit it applied ({@code got == ack}). */
        public Push(String docId, long epoch, long ack, List<Edit> edits, boolean ackWanted, Long ackResult) {
            this(docId, epoch, ack, edits, ackWanted, ackResult, ack);
        }

        /** A push that does not say which result it acknowledges ({@link Sync#ackResult()}). */
        public Push(String docId, long epoch, long ack, List<Edit> edits, boolean ackWanted) {
            this(docId, epoch, ack, edits, ackWanted, null);
        }
    }

    /**
     * Client to hub: the link cannot recover by versions (why, for the log); please reset it.
     *
     * @param behind the client found that the hub's store went back in time (the hub's edits reuse versions the client
     *               had applied): the hub's {@link Reset} then says {@code behind}, so that the client that merges it
     *               keeps all of its own text even if it restarted in between and no longer remembers what it found
     */
    record ResetRequest(String docId, long epoch, String reason, boolean behind) implements Message {
        public ResetRequest {
            Objects.requireNonNull(docId, "docId");
            Objects.requireNonNull(reason, "reason");
        }

        /** A request that does not say the hub is behind. */
        public ResetRequest(String docId, long epoch, String reason) {
            this(docId, epoch, reason, false);
        }
    }

    /**
     * Hub to client: the link starts again at {@code epoch} from the hub's {@code text}.
     *
     * @param behind the hub found that it lacks what it had acknowledged to this client (its store went back in time,
     *               or it lost the client's view): its text may lack what both sides had, so the client keeps all of
     *               its own text and adds what only the hub's has, instead of reading what the hub lacks as deleted
     * @param got    how many of the client's edits of its current epoch the hub's text holds, or null if the hub does
     *               not say: then the client merges from its shadow with all its unacknowledged edits undone. Said
     *               by a hub that let go of the client's view while it was gone (decision 0023): the client may not
     *               have heard that the hub applied its last edits, and must not merge them in a second time.
     */
    record Reset(String docId, long epoch, String text, boolean behind, Long got) implements Message {
        public Reset {
            Objects.requireNonNull(docId, "docId");
            Objects.requireNonNull(text, "text");
            if (got != null && got < 0) throw new IllegalArgumentException("negative got");
        }

        /** A reset that does not say how many of the client's edits the hub holds. */
        public Reset(String docId, long epoch, String text, boolean behind) {
            this(docId, epoch, text, behind, null);
        }

        /** A reset of a hub that is not known to be behind. */
        public Reset(String docId, long epoch, String text) {
            this(docId, epoch, text, false);
        }
    }
}
