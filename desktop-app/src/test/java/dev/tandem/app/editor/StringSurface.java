package dev.tandem.app.editor;

/** A text area stand-in for view-model tests: a string, a caret and an anchor; reports changes like the view does. */
final class StringSurface implements DocumentViewModel.Surface {
    private final StringBuilder text = new StringBuilder();
    private DocumentViewModel model;
    int caret;
    int anchor;

    void bind(DocumentViewModel m) { this.model = m; }

    /** The user types at the caret. */
    void type(String s) {
        replace(caret, 0, s);
        caret += s.length();
        anchor = caret;
    }

    void moveTo(int pos) {
        caret = pos;
        anchor = pos;
    }

    @Override
    public String text() { return text.toString(); }

    @Override
    public void replace(int pos, int deleted, String inserted) {
        String removed = text.substring(pos, pos + deleted);
        text.replace(pos, pos + deleted, inserted);
        if (!model.applyingRemote() && !(removed.equals(inserted))) model.localEdit(pos, removed, inserted);
    }

    @Override
    public int caret() { return caret; }

    @Override
    public int anchor() { return anchor; }

    @Override
    public void select(int a, int c) {
        anchor = a;
        caret = c;
    }
}
