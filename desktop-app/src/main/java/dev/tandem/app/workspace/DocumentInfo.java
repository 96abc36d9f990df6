package dev.tandem.app.workspace;

import java.util.List;
import java.util.Objects;

/**
 * A document as the sidebar lists it: its synced metadata (title, tags, pinned, folder, deleted) and when this
 * computer last saw its text change. The id is stable and never shown; the title is the user's.
 */
public record DocumentInfo(String id, String title, long changedMillis, List<String> tags, boolean pinned, String folder,
                           boolean deleted) {
    public DocumentInfo {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(title, "title");
        tags = List.copyOf(tags);
        Objects.requireNonNull(folder, "folder");
    }

    /** The same document, its text changed at {@code millis}. */
    public DocumentInfo changedAt(long millis) {
        return new DocumentInfo(id, title, millis, tags, pinned, folder, deleted);
    }
}
