package dev.tandem.app.ui;

import dev.tandem.app.editor.DocumentViewModel;
import dev.tandem.engine.sync.Conflict;
import javafx.collections.ListChangeListener;
import javafx.collections.ObservableList;
import javafx.geometry.Insets;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.ListCell;
import javafx.scene.control.ListView;
import javafx.scene.input.Clipboard;
import javafx.scene.input.ClipboardContent;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.VBox;
import javafx.scene.text.Text;
import javafx.scene.text.TextFlow;

import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.function.Function;

/**
 * The current document's conflicts: edits the engine could not place, kept until the user re-applies (as a new edit at
 * the best current place), copies, or dismisses each. Nothing leaves the list without a click.
 */
final class ConflictsPanel extends VBox {

    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("d MMM HH:mm").withZone(ZoneId.systemDefault());

    private final ListView<Conflict> list = new ListView<>();
    private final Label header = new Label("Conflicts");
    private final Label empty = new Label("No conflicts. Edits that cannot be placed while merging appear here.");
    private DocumentViewModel model;
    private final Function<String, String> authorName;
    private final ListChangeListener<Conflict> onChange = c -> refreshHeader();

    ConflictsPanel(Function<String, String> authorName) {
        this.authorName = authorName;
        getStyleClass().add("conflicts-panel");
        setId("conflicts-panel");
        list.setId("conflicts-list");
        setPadding(new Insets(8));
        setSpacing(6);
        setPrefWidth(320);
        setMinWidth(260);
        header.getStyleClass().add("panel-title");
        empty.setWrapText(true);
        list.setPlaceholder(empty);
        VBox.setVgrow(list, Priority.ALWAYS);
        getChildren().addAll(header, list);
        list.setCellFactory(v -> new Cell());
    }

    void show(DocumentViewModel m) {
        if (model != null) model.conflicts().removeListener(onChange);
        model = m;
        if (m == null) {
            list.setItems(javafx.collections.FXCollections.observableArrayList());
        } else {
            ObservableList<Conflict> items = m.conflicts();
            list.setItems(items);
            items.addListener(onChange);
        }
        refreshHeader();
    }

    private void refreshHeader() {
        int n = model == null ? 0 : model.conflicts().size();
        header.setText(n == 0 ? "Conflicts" : "Conflicts (" + n + ")");
    }

    static String describe(Conflict c) {
        return switch (c.origin()) {
            case REMOTE_EDIT_REJECTED -> "A peer's edit did not fit your text";
            case LOCAL_EDIT_REJECTED_BY_HUB -> "Your edit did not fit the shared text";
            case RESET_MERGE -> "Part of your text could not be merged after reconnecting";
        };
    }

    private final class Cell extends ListCell<Conflict> {
        @Override
        protected void updateItem(Conflict c, boolean isEmpty) {
            super.updateItem(c, isEmpty);
            if (isEmpty || c == null) {
                setGraphic(null);
                setText(null);
                return;
            }
            setPrefWidth(0); // follow the list's width: cards wrap instead of scrolling sideways
            Label title = new Label(describe(c));
            title.setWrapText(true);
            title.getStyleClass().add("conflict-title");
            Label meta = new Label("by " + authorName.apply(c.author()) + " · " + TIME.format(Instant.ofEpochMilli(c.createdMillis())));
            meta.getStyleClass().add("conflict-meta");
            meta.setWrapText(true);
            Text before = new Text(tail(c.contextBefore()));
            Text del = new Text(c.deleted());
            del.getStyleClass().add("conflict-deleted");
            Text ins = new Text(c.inserted());
            ins.getStyleClass().add("conflict-inserted");
            Text after = new Text(head(c.contextAfter()));
            for (Text t : new Text[] {before, after}) t.getStyleClass().add("conflict-context");
            TextFlow flow = new TextFlow(before, del, ins, after);
            flow.getStyleClass().add("conflict-flow");
            flow.prefWidthProperty().bind(list.widthProperty().subtract(40));
            Label reason = new Label(c.reason());
            reason.setWrapText(true);
            reason.getStyleClass().add("conflict-meta");
            Button reapply = new Button("Re-apply");
            reapply.getStyleClass().add("reapply");
            Button copy = new Button("Copy");
            Button dismiss = new Button("Dismiss");
            reapply.setOnAction(e -> model.reapply(c.id()));
            copy.setOnAction(e -> {
                ClipboardContent cc = new ClipboardContent();
                cc.putString(c.inserted().isEmpty() ? c.deleted() : c.inserted());
                Clipboard.getSystemClipboard().setContent(cc);
            });
            dismiss.setOnAction(e -> model.dismiss(c.id()));
            HBox buttons = new HBox(6, reapply, copy, dismiss);
            VBox box = new VBox(3, title, meta, flow, reason, buttons);
            box.getStyleClass().add("conflict-card");
            setGraphic(box);
            setText(null);
        }
    }

    private static String tail(String s) {
        return s.length() <= 40 ? s : "…" + s.substring(s.length() - 40);
    }

    private static String head(String s) {
        return s.length() <= 40 ? s : s.substring(0, 40) + "…";
    }
}
