package dev.tandem.app;

/** The first document a new user sees, and the demo's shared one. */
final class Welcome {

    private Welcome() { }

    static final String TEXT = """
            # Welcome to Tandem

            Tandem is a **collaborative** Markdown editor that keeps working *offline*.
            Everything you type is saved on this computer first, then synced through your team's relay.

            ## Getting around
            - `Ctrl+N` new document, `Ctrl+PageDown` next document, `Ctrl+W` close
            - `Ctrl+F` find, `Ctrl+H` replace, `Ctrl+Z` undo *your own* edits
            - `Ctrl+=` / `Ctrl+-` zoom; themes, fonts and line numbers in the View menu

            ## Working together
            Use **Connection…** in the status bar, or paste an invite link. Edits that cannot be
            merged automatically are kept in the [conflicts panel](#conflicts), never dropped.
            """;

    static final String DEMO_TEXT = """
            # Tandem demo

            Two people, **Ada** and **Grace**, edit this document at the same time.
            Type in one window and watch the other; each sees the other's caret in colour.

            ## Try this
            1. Type here in Ada's window, then in Grace's.
            2. Press *Work offline* in both status bars, edit both windows, then reconnect:
               the edits merge, and anything that cannot be placed shows up under **Conflicts**.
            3. `Ctrl+Z` undoes only your own edits, never your peer's.

            > Each window has its own local store (see the window titles), like two computers would.

            ```
            ./tandem demo
            ```
            """;
}
