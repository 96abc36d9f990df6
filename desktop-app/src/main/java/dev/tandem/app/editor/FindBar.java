package dev.tandem.app.editor;

import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.control.Button;
import javafx.scene.control.CheckBox;
import javafx.scene.control.Label;
import javafx.scene.control.TextField;
import javafx.scene.input.KeyCode;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.VBox;
import org.fxmisc.richtext.CodeArea;

import java.util.Locale;

/**
 * Find (Ctrl+F) and replace (Ctrl+H) over the current editor. Replacing goes through the area like typing does, so it
 * is a local edit: it syncs and can be undone.
 */
public final class FindBar extends VBox {

    private final TextField find = new TextField();
    private final TextField replace = new TextField();
    private final CheckBox matchCase = new CheckBox("Match case");
    private final Label info = new Label();
    private final HBox replaceRow;
    private CodeArea area;

    public FindBar() {
        getStyleClass().add("find-bar");
        setPadding(new Insets(4, 8, 4, 8));
        setSpacing(4);
        find.setPromptText("Find");
        find.setId("find-field");
        replace.setPromptText("Replace with");
        replace.setId("replace-field");
        Button next = new Button("Next");
        Button prev = new Button("Previous");
        Button close = new Button("✕");
        close.getStyleClass().add("flat");
        Button one = new Button("Replace");
        one.setId("replace-one");
        Button all = new Button("Replace all");
        all.setId("replace-all");
        HBox.setHgrow(find, Priority.ALWAYS);
        HBox.setHgrow(replace, Priority.ALWAYS);
        HBox findRow = new HBox(6, find, prev, next, matchCase, info, close);
        findRow.setAlignment(Pos.CENTER_LEFT);
        replaceRow = new HBox(6, replace, one, all);
        replaceRow.setAlignment(Pos.CENTER_LEFT);
        getChildren().addAll(findRow, replaceRow);
        next.setOnAction(e -> findNext(true));
        prev.setOnAction(e -> findNext(false));
        one.setOnAction(e -> replaceOne());
        all.setOnAction(e -> replaceAll());
        close.setOnAction(e -> hide());
        find.setOnAction(e -> findNext(true));
        replace.setOnAction(e -> replaceOne());
        find.textProperty().addListener((o, a, b) -> updateInfo());
        setOnKeyPressed(e -> { if (e.getCode() == KeyCode.ESCAPE) hide(); });
        setVisible(false);
        setManaged(false);
    }

    public void attach(CodeArea a) {
        this.area = a;
        updateInfo();
    }

    public void show(boolean withReplace) {
        setVisible(true);
        setManaged(true);
        replaceRow.setVisible(withReplace);
        replaceRow.setManaged(withReplace);
        if (area != null && !area.getSelectedText().isEmpty() && !area.getSelectedText().contains("\n")) {
            find.setText(area.getSelectedText());
        }
        find.requestFocus();
        find.selectAll();
    }

    public void hide() {
        setVisible(false);
        setManaged(false);
        if (area != null) area.requestFocus();
    }

    private String norm(String s) {
        return matchCase.isSelected() ? s : s.toLowerCase(Locale.ROOT);
    }

    /** Selects the next (or previous) match after the caret, wrapping around. */
    public boolean findNext(boolean forward) {
        String q = find.getText();
        if (area == null || q.isEmpty()) return false;
        String text = norm(area.getText());
        String nq = norm(q);
        int from = forward ? area.getSelection().getEnd() : area.getSelection().getStart() - 1;
        int at = forward ? text.indexOf(nq, from) : (from < 0 ? -1 : text.lastIndexOf(nq, from));
        if (at < 0) at = forward ? text.indexOf(nq) : text.lastIndexOf(nq);
        if (at < 0) {
            info.setText("No match");
            return false;
        }
        area.selectRange(at, at + q.length());
        area.requestFollowCaret();
        updateInfo();
        return true;
    }

    private void replaceOne() {
        if (area == null || find.getText().isEmpty()) return;
        if (norm(area.getSelectedText()).equals(norm(find.getText()))) {
            area.replaceSelection(replace.getText());
        }
        findNext(true);
    }

    private void replaceAll() {
        if (area == null || find.getText().isEmpty()) return;
        String q = norm(find.getText());
        int n = 0;
        // From the end, so earlier offsets stay valid; each replacement is one local edit.
        String text = norm(area.getText());
        int at = text.lastIndexOf(q);
        while (at >= 0) {
            area.replaceText(at, at + q.length(), replace.getText());
            n++;
            at = at - q.length() < 0 ? -1 : text.lastIndexOf(q, at - q.length());
        }
        info.setText(n + " replaced");
    }

    private void updateInfo() {
        if (area == null || find.getText().isEmpty()) {
            info.setText("");
            return;
        }
        String text = norm(area.getText());
        String q = norm(find.getText());
        int n = 0;
        for (int i = text.indexOf(q); i >= 0; i = text.indexOf(q, i + q.length())) n++;
        info.setText(n == 1 ? "1 match" : n + " matches");
    }
}
