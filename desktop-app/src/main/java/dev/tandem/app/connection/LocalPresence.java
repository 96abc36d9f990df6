package dev.tandem.app.connection;

/** Where the local user is: the open document (null: none), caret and selection anchor. */
public record LocalPresence(String docId, int caret, int anchor) {
    public LocalPresence {
        if (caret < 0 || anchor < 0) throw new IllegalArgumentException("negative caret or anchor");
    }
}
