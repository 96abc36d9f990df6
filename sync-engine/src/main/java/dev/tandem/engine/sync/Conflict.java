package dev.tandem.engine.sync;

import java.util.Objects;

/**
 * An edit that could not be applied cleanly and was kept for the user instead of being dropped: a rejected hunk of a
 * fuzzy patch, or a part of a three-way merge after a link reset. It stays until the user re-applies or dismisses it.
 *
 * @param id            stable id (unique per store)
 * @param docId         the document
 * @param author        whose edit it was (a client id, or "hub" for edits that came from the hub)
 * @param createdMillis wall-clock time of the rejection, for display
 * @param origin        how it arose
 * @param aimedAt       where in the text it was meant to go when it was rejected
 * @param contextBefore text expected just before the change
 * @param deleted       text the edit meant to delete
 * @param inserted      text the edit meant to insert
 * @param contextAfter  text expected just after the change
 * @param reason        why it could not apply, in plain words
 */
public record Conflict(String id, String docId, String author, long createdMillis, Origin origin, int aimedAt,
                       String contextBefore, String deleted, String inserted, String contextAfter, String reason) {

    public enum Origin {
        /** The other side's edit did not fit my text. */
        REMOTE_EDIT_REJECTED,
        /** My edit did not fit the hub's text; the hub told me. */
        LOCAL_EDIT_REJECTED_BY_HUB,
        /** A part of my text that a link reset's three-way merge could not place. */
        RESET_MERGE
    }

    public Conflict {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(docId, "docId");
        Objects.requireNonNull(author, "author");
        Objects.requireNonNull(origin, "origin");
        Objects.requireNonNull(contextBefore, "contextBefore");
        Objects.requireNonNull(deleted, "deleted");
        Objects.requireNonNull(inserted, "inserted");
        Objects.requireNonNull(contextAfter, "contextAfter");
        Objects.requireNonNull(reason, "reason");
    }
}
