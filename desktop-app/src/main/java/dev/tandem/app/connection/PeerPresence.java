package dev.tandem.app.connection;

import java.util.Objects;

/**
 * Where a peer is: in which document, caret and selection anchor (offsets in the peer's text), with name and colour.
 *
 * @param colour a CSS hex colour such as {@code #e0457b}
 */
public record PeerPresence(String peerId, String name, String colour, String docId, int caret, int anchor) {
    public PeerPresence {
        Objects.requireNonNull(peerId, "peerId");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(colour, "colour");
        if (caret < 0 || anchor < 0) throw new IllegalArgumentException("negative caret or anchor");
    }
}
