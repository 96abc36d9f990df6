package dev.tandem.engine.protocol;

import java.util.Objects;

/**
 * A hunk of a sender's edit that the receiver's fuzzy patch could not place, sent back so that the author can see it
 * and restore it. Everything needed to re-apply it travels with it.
 *
 * @param aimedAt       where in the receiver's text it was aimed
 * @param contextBefore text the hunk expected just before the change
 * @param deleted       text the hunk meant to delete
 * @param inserted      text the hunk meant to insert
 * @param contextAfter  text the hunk expected just after the change
 * @param reason        why it could not be placed, in plain words
 */
public record RejectedHunk(int aimedAt, String contextBefore, String deleted, String inserted, String contextAfter,
                           String reason) {
    public RejectedHunk {
        Objects.requireNonNull(contextBefore, "contextBefore");
        Objects.requireNonNull(deleted, "deleted");
        Objects.requireNonNull(inserted, "inserted");
        Objects.requireNonNull(contextAfter, "contextAfter");
        Objects.requireNonNull(reason, "reason");
    }
}
