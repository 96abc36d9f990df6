package dev.tandem.app.ui;

import dev.tandem.app.workspace.DocumentInfo;
import javafx.collections.ObservableList;
import javafx.collections.transformation.FilteredList;
import javafx.geometry.Insets;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.ListCell;
import javafx.scene.control.ListView;
import javafx.scene.control.TextField;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.VBox;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.function.Consumer;

/** The workspace's documents: filter by title, open, create, rename, delete. */
final class Sidebar extends VBox {

    private static final DateTimeFormatter TODAY = DateTimeFormatter.ofPattern("HH:mm").withZone(ZoneId.systemDefault());
    private static final DateTimeFormatter OLDER = DateTimeFormatter.ofPattern("d MMM yyyy").withZone(ZoneId.systemDefault());

    final TextField filter = new TextField();
    final ListView<DocumentInfo> list = new ListView<>();
    final Button create = new Button("New");
    final Button rename = new Button("Rename");
    final Button delete = new Button("Delete");

    Sidebar(ObservableList<DocumentInfo> docs, Consumer<DocumentInfo> open, Runnable onNew, Runnable onRename, Runnable onDelete) {
        getStyleClass().add("sidebar");
        setPadding(new Insets(8));
        setSpacing(6);
        setPrefWidth(240);
        setMinWidth(200);
        Label title = new Label("Documents");
        title.getStyleClass().add("panel-title");
        filter.setPromptText("Filter by title");
        filter.setId("filter-field");
        list.setId("documents-list");
        create.setId("new-document");
        rename.setId("rename-document");
        delete.setId("delete-document");
        create.setTooltip(new Tooltip("New document (Ctrl+N)"));
        FilteredList<DocumentInfo> filtered = new FilteredList<>(docs, d -> true);
        filter.textProperty().addListener((o, a, b) -> {
            String q = b.toLowerCase(Locale.ROOT).trim();
            filtered.setPredicate(d -> q.isEmpty() || d.title().toLowerCase(Locale.ROOT).contains(q));
        });
        list.setItems(filtered);
        list.setPlaceholder(new Label("No documents"));
        list.setCellFactory(v -> new ListCell<>() {
            @Override
            protected void updateItem(DocumentInfo d, boolean empty) {
                super.updateItem(d, empty);
                if (empty || d == null) {
                    setGraphic(null);
                    setText(null);
                    return;
                }
                Label t = new Label(d.title());
                t.setMaxWidth(Double.MAX_VALUE);
                setPrefWidth(0); // cells follow the list's width (no horizontal scroll bar); long titles get an ellipsis
                t.getStyleClass().add("doc-title");
                Label when = new Label(changed(d.changedMillis()));
                when.getStyleClass().add("doc-changed");
                setGraphic(new VBox(1, t, when));
                setText(null);
            }
        });
        list.getSelectionModel().selectedItemProperty().addListener((o, a, b) -> { if (b != null) open.accept(b); });
        create.setOnAction(e -> onNew.run());
        rename.setOnAction(e -> onRename.run());
        delete.setOnAction(e -> onDelete.run());
        rename.disableProperty().bind(list.getSelectionModel().selectedItemProperty().isNull());
        delete.disableProperty().bind(list.getSelectionModel().selectedItemProperty().isNull());
        HBox buttons = new HBox(6, create, rename, delete);
        VBox.setVgrow(list, Priority.ALWAYS);
        getChildren().addAll(title, filter, list, buttons);
    }

    void select(String id) {
        for (DocumentInfo d : list.getItems()) {
            if (d.id().equals(id)) {
                if (list.getSelectionModel().getSelectedItem() != d) list.getSelectionModel().select(d);
                return;
            }
        }
    }

    static String changed(long millis) {
        if (millis == 0) return "not changed yet";
        Instant i = Instant.ofEpochMilli(millis);
        boolean today = LocalDate.ofInstant(i, ZoneId.systemDefault()).equals(LocalDate.now());
        return "changed " + (today ? "at " + TODAY.format(i) : OLDER.format(i));
    }
}
