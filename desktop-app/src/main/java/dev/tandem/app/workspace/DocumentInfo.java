package dev.tandem.app.workspace;

import java.util.Objects;

/** A document as the sidebar lists it. The id is stable and never shown; the title is the user's. */
public record DocumentInfo(String id, String title, long changedMillis) {
    public DocumentInfo {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(title, "title");
    }
}
