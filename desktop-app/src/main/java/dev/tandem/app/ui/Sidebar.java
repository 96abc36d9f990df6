package dev.tandem.app.ui;

import dev.tandem.app.workspace.DocumentInfo;
import javafx.beans.binding.Bindings;
import javafx.collections.ObservableList;
import javafx.collections.transformation.FilteredList;
import javafx.geometry.Insets;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.ListCell;
import javafx.scene.control.ListView;
import javafx.scene.control.TextField;
import javafx.scene.control.ToggleButton;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.FlowPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.VBox;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.function.Consumer;

/**
 * The workspace's documents as the synced metadata has them (pinned first, then by title, with their tags): filter by
 * title or tag, open, create, rename, tag, pin, delete; and the deleted ones, which can be restored while their text is
 * kept. Renders the workspace's lists and forwards the user's actions; holds no state of its own.
 */
final class Sidebar extends VBox {

    private static final DateTimeFormatter TODAY = DateTimeFormatter.ofPattern("HH:mm").withZone(ZoneId.systemDefault());
    private static final DateTimeFormatter OLDER = DateTimeFormatter.ofPattern("d MMM yyyy").withZone(ZoneId.systemDefault());

    /** What the sidebar's buttons ask the window to do (the window asks the user, then the workspace). */
    interface Actions {
        void open(DocumentInfo d);

        void create();

        void rename();

        void tags();

        void pin();

        void delete();

        void restore(DocumentInfo d);
    }

    final TextField filter = new TextField();
    final ListView<DocumentInfo> list = new ListView<>();
    final Button create = new Button("New");
    final Button rename = new Button("Rename");
    final Button tags = new Button("Tags");
    final Button pin = new Button("Pin");
    final Button delete = new Button("Delete");
    final ToggleButton showDeleted = new ToggleButton("Deleted");
    final Button restore = new Button("Restore");
    private final FilteredList<DocumentInfo> live;
    private final FilteredList<DocumentInfo> deleted;

    Sidebar(ObservableList<DocumentInfo> docs, ObservableList<DocumentInfo> deletedDocs, Actions actions) {
        getStyleClass().add("sidebar");
        setPadding(new Insets(8));
        setSpacing(6);
        setPrefWidth(240);
        setMinWidth(200);
        Label title = new Label("Documents");
        title.getStyleClass().add("panel-title");
        filter.setPromptText("Filter by title or #tag");
        filter.setId("filter-field");
        list.setId("documents-list");
        create.setId("new-document");
        rename.setId("rename-document");
        tags.setId("tag-document");
        pin.setId("pin-document");
        delete.setId("delete-document");
        showDeleted.setId("show-deleted");
        restore.setId("restore-document");
        create.setTooltip(new Tooltip("New document (Ctrl+N)"));
        showDeleted.setTooltip(new Tooltip("Documents deleted here or on another computer; their text is kept for 30 days"));
        live = new FilteredList<>(docs, d -> true);
        deleted = new FilteredList<>(deletedDocs, d -> true);
        filter.textProperty().addListener((o, a, b) -> {
            String q = b.toLowerCase(Locale.ROOT).trim();
            live.setPredicate(d -> matches(d, q));
            deleted.setPredicate(d -> matches(d, q));
        });
        list.setItems(live);
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
                Label t = new Label((d.pinned() ? "\u2605 " : "") + d.title());
                t.setMaxWidth(Double.MAX_VALUE);
                setPrefWidth(0); // cells follow the list's width (no horizontal scroll bar); long titles get an ellipsis
                t.getStyleClass().add("doc-title");
                String line = d.deleted() ? "deleted" : changed(d.changedMillis());
                if (!d.tags().isEmpty()) line += "  \u00b7  #" + String.join(" #", d.tags());
                Label when = new Label(line);
                when.getStyleClass().add("doc-changed");
                setGraphic(new VBox(1, t, when));
                setText(null);
            }
        });
        list.getSelectionModel().selectedItemProperty().addListener((o, a, b) -> {
            if (b != null && !showDeleted.isSelected()) actions.open(b);
        });
        showDeleted.textProperty().bind(Bindings.concat("Deleted (", Bindings.size(deletedDocs), ")"));
        showDeleted.selectedProperty().addListener((o, a, b) -> {
            list.setItems(b ? deleted : live);
            list.setPlaceholder(new Label(b ? "Nothing deleted" : "No documents"));
        });
        create.setOnAction(e -> actions.create());
        rename.setOnAction(e -> actions.rename());
        tags.setOnAction(e -> actions.tags());
        pin.setOnAction(e -> actions.pin());
        delete.setOnAction(e -> actions.delete());
        restore.setOnAction(e -> {
            DocumentInfo d = list.getSelectionModel().getSelectedItem();
            if (d != null && d.deleted()) actions.restore(d);
        });
        var none = list.getSelectionModel().selectedItemProperty().isNull();
        for (Button b : new Button[] {rename, tags, pin, delete}) b.disableProperty().bind(none.or(showDeleted.selectedProperty()));
        restore.disableProperty().bind(none.or(showDeleted.selectedProperty().not()));
        restore.visibleProperty().bind(showDeleted.selectedProperty());
        restore.managedProperty().bind(showDeleted.selectedProperty());
        // Buttons wrap onto more rows rather than shrink to "..." in a narrow sidebar.
        FlowPane buttons = new FlowPane(6, 6, create, rename, delete, tags, pin);
        for (javafx.scene.Node n : buttons.getChildren()) ((Button) n).setMinWidth(javafx.scene.layout.Region.USE_PREF_SIZE);
        HBox deletedRow = new HBox(6, showDeleted, restore);
        VBox.setVgrow(list, Priority.ALWAYS);
        getChildren().addAll(title, filter, list, buttons, deletedRow);
    }

    private static boolean matches(DocumentInfo d, String q) {
        if (q.isEmpty()) return true;
        if (q.startsWith("#")) return d.tags().stream().anyMatch(t -> t.toLowerCase(Locale.ROOT).contains(q.substring(1)));
        return d.title().toLowerCase(Locale.ROOT).contains(q);
    }

    void select(String id) {
        if (showDeleted.isSelected()) return;
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
