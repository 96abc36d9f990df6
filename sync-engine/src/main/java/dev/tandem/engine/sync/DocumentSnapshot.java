package dev.tandem.engine.sync;

import java.util.List;
import java.util.Objects;

/**
 * The whole persisted state of one document at one side: its text, its links, its open conflicts.
 * A client has one link (to the hub); a hub has one per client view.
 */
public record DocumentSnapshot(String docId, String text, List<LinkSnapshot> links, List<Conflict> conflicts) {
    public DocumentSnapshot {
        Objects.requireNonNull(docId, "docId");
        Objects.requireNonNull(text, "text");
        links = List.copyOf(links);
        conflicts = List.copyOf(conflicts);
    }
}
