package dev.tandem.app.ui;

import dev.tandem.app.Settings;
import dev.tandem.app.connection.ConnectionSettings;
import dev.tandem.app.editor.DocumentViewModel;
import dev.tandem.app.editor.EditorPane;
import dev.tandem.app.editor.FindBar;
import dev.tandem.app.workspace.DocumentInfo;
import dev.tandem.app.workspace.Exporter;
import dev.tandem.app.workspace.Workspace;
import javafx.application.Platform;
import javafx.collections.ListChangeListener;
import javafx.collections.MapChangeListener;
import javafx.scene.Scene;
import javafx.scene.control.Alert;
import javafx.scene.control.ButtonType;
import javafx.scene.control.CheckMenuItem;
import javafx.scene.control.Label;
import javafx.scene.control.Menu;
import javafx.scene.control.MenuBar;
import javafx.scene.control.MenuItem;
import javafx.scene.control.RadioMenuItem;
import javafx.scene.control.SeparatorMenuItem;
import javafx.scene.control.SplitPane;
import javafx.scene.control.TextInputDialog;
import javafx.scene.control.ToggleButton;
import javafx.scene.control.ToggleGroup;
import javafx.scene.input.KeyCode;
import javafx.scene.input.KeyCodeCombination;
import javafx.scene.input.KeyCombination;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.StackPane;
import javafx.scene.layout.VBox;
import javafx.stage.FileChooser;
import javafx.stage.Stage;

import java.io.File;
import java.io.IOException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;

/**
 * One editor window over one {@link Workspace}: menu, sidebar, editor with find bar, conflicts panel, status bar.
 * Renders and forwards; the workspace and view-models hold the state.
 *
 * <p>Concurrency: FX thread only.
 */
public final class MainWindow {

    private final Stage stage;
    private final Workspace ws;
    private final Settings settings;
    private final Executor background;
    private final String displayName;
    private final BorderPane root = new BorderPane();
    private final StackPane editorHolder = new StackPane();
    private final FindBar findBar = new FindBar();
    private final Label docTitle = new Label();
    private final Label peersInDoc = new Label();
    /** Shown when the open document was deleted on another computer: its text is kept; restore or close. */
    final HBox deletedNotice = new HBox(8);
    private final Label deletedNoticeText = new Label();
    private final ConflictsPanel conflicts;
    private final ToggleButton conflictsToggle = new ToggleButton("Conflicts");
    private final Sidebar sidebar;
    private final StatusBar status;
    private final SplitPane split = new SplitPane();
    private final Map<String, EditorPane> editors = new HashMap<>();
    private EditorPane current;
    /** The peers the "Here:" chips show (names and colours), to rebuild them only when that changes. */
    private String peersShown;
    private boolean lineNumbers;
    private boolean wrap;
    private boolean mono;
    private boolean dark;
    private double zoom;

    public MainWindow(Stage stage, Workspace ws, Settings settings, Executor background, String displayName) {
        this.stage = stage;
        this.ws = ws;
        this.settings = settings;
        this.background = background;
        this.displayName = displayName;
        lineNumbers = settings.getBoolean("lineNumbers", false);
        wrap = settings.getBoolean("wrap", true);
        mono = settings.getBoolean("monospace", false);
        dark = settings.get("theme", "light").equals("dark");
        zoom = settings.getDouble("zoom", 1.0);

        conflicts = new ConflictsPanel(this::authorName);
        sidebar = new Sidebar(ws.documents(), ws.deletedDocuments(), new Sidebar.Actions() {
            @Override public void open(DocumentInfo d) { MainWindow.this.open(d.id()); }
            @Override public void create() { newDocument(); }
            @Override public void rename() { renameCurrent(); }
            @Override public void tags() { tagCurrent(); }
            @Override public void pin() { pinCurrent(); }
            @Override public void delete() { deleteCurrent(); }
            @Override public void restore(DocumentInfo d) { restoreDocument(d.id()); }
        });
        status = new StatusBar(ws, this::showConnectionDialog);

        docTitle.getStyleClass().add("doc-heading");
        docTitle.setId("doc-title");
        peersInDoc.getStyleClass().add("peers-in-doc");
        peersInDoc.setId("peers-in-doc");
        conflictsToggle.setId("conflicts-toggle");
        conflictsToggle.getStyleClass().add("badge-toggle");
        conflictsToggle.setMinWidth(javafx.scene.layout.Region.USE_PREF_SIZE);
        peersInDoc.setMinWidth(javafx.scene.layout.Region.USE_PREF_SIZE);
        conflictsToggle.setOnAction(e -> showConflicts(conflictsToggle.isSelected()));
        Region spacer = new Region();
        HBox.setHgrow(spacer, Priority.ALWAYS);
        HBox header = new HBox(10, docTitle, spacer, peersInDoc, conflictsToggle);
        header.getStyleClass().add("doc-header");
        deletedNotice.setId("deleted-notice");
        deletedNotice.getStyleClass().add("deleted-notice");
        deletedNotice.setPadding(new javafx.geometry.Insets(6, 10, 6, 10));
        deletedNoticeText.setWrapText(true);
        deletedNoticeText.setId("deleted-notice-text");
        javafx.scene.control.Button restoreDeleted = new javafx.scene.control.Button("Restore");
        restoreDeleted.setId("restore-deleted");
        javafx.scene.control.Button closeDeleted = new javafx.scene.control.Button("Close it");
        HBox.setHgrow(deletedNoticeText, Priority.ALWAYS);
        deletedNotice.getChildren().addAll(deletedNoticeText, restoreDeleted, closeDeleted);
        deletedNotice.setVisible(false);
        deletedNotice.setManaged(false);
        restoreDeleted.setOnAction(e -> {
            DocumentInfo d = ws.deletedWhileOpenProperty().get();
            if (d != null) restoreDocument(d.id());
        });
        closeDeleted.setOnAction(e -> {
            ws.deletedWhileOpenProperty().set(null);
            if (current != null && ws.documents().stream().noneMatch(d -> d.id().equals(current.model().docId()))) closeCurrent();
        });
        ws.deletedWhileOpenProperty().addListener((o, a, d) -> {
            boolean show = d != null && current != null && current.model().docId().equals(d.id());
            if (show) {
                deletedNoticeText.setText("“" + d.title() + "” was deleted on another computer. Your text is kept"
                        + " here; restore the document to go on working on it with the others.");
            }
            deletedNotice.setVisible(show);
            deletedNotice.setManaged(show);
        });
        VBox center = new VBox(header, deletedNotice, findBar, editorHolder);
        VBox.setVgrow(editorHolder, Priority.ALWAYS);
        split.getItems().addAll(sidebar, center);
        split.setDividerPositions(0.26);
        SplitPane.setResizableWithParent(sidebar, false);

        root.setTop(menu());
        root.setCenter(split);
        root.setBottom(status);
        editorHolder.getChildren().add(new Label("Create a document with New (Ctrl+N)."));

        javafx.geometry.Dimension2D size = WindowPlacement.fit(settings.getDouble("window.width", 1100),
                settings.getDouble("window.height", 720), javafx.stage.Screen.getPrimary().getVisualBounds());
        Scene scene = new Scene(root, size.getWidth(), size.getHeight());
        stage.setScene(scene);
        applyTheme();
        shortcuts(scene);
        stage.setTitle("Tandem");
        // The same picture as the menu entry's (installer/src/main/icons/tandem.png; DesktopPackageIT compares them).
        try (java.io.InputStream icon = MainWindow.class.getResourceAsStream("/dev/tandem/app/tandem.png")) {
            if (icon != null) stage.getIcons().setAll(new javafx.scene.image.Image(icon));
        } catch (IOException e) {
            // no window icon: the window manager shows its default
        }
        stage.setOnCloseRequest(e -> saveWindow());
        // Saved as they change (debounced), so that a crash or a kill keeps the window size and the last document.
        javafx.animation.PauseTransition debounce = new javafx.animation.PauseTransition(javafx.util.Duration.millis(700));
        debounce.setOnFinished(e -> saveWindowAsync());
        scene.widthProperty().addListener((o, a, b) -> debounce.playFromStart());
        scene.heightProperty().addListener((o, a, b) -> debounce.playFromStart());
        ws.documents().addListener((ListChangeListener<DocumentInfo>) c -> {
            if (current != null) {
                sidebar.select(current.model().docId());
                docTitle.setText(ws.title(current.model().docId()).orElse(""));
            }
        });
    }

    public Stage stage() { return stage; }

    public Workspace workspace() { return ws; }

    public EditorPane currentEditor() { return current; }

    public BorderPane root() { return root; }

    /** Loads the document list and opens the last document (or the first one). */
    public CompletableFuture<Void> start() {
        return ws.refreshDocuments().thenCompose(v -> {
            String last = settings.get("lastDocument", "");
            List<DocumentInfo> docs = ws.documents();
            String id = docs.stream().anyMatch(d -> d.id().equals(last)) ? last : docs.isEmpty() ? null : docs.get(0).id();
            return id == null ? CompletableFuture.completedFuture(null) : open(id);
        });
    }

    /** Shows a document (opening its editor on first use); completes when it is editable. */
    public CompletableFuture<Void> open(String docId) {
        if (current != null && current.model().docId().equals(docId)) return CompletableFuture.completedFuture(null);
        EditorPane pane = editors.get(docId);
        CompletableFuture<Void> ready;
        if (pane == null) {
            DocumentViewModel m = ws.model(docId);
            pane = new EditorPane(m, background, ws.uiExecutor());
            pane.setPresenceSink(ws::publishPresence);
            pane.setLineNumbers(lineNumbers);
            pane.setWrap(wrap);
            pane.setMonospace(mono);
            pane.setZoom(zoom);
            editors.put(docId, pane);
            m.peers().addListener((MapChangeListener<String, DocumentViewModel.Peer>) c -> refreshPeers());
            m.conflicts().addListener((ListChangeListener<? super dev.tandem.engine.sync.Conflict>) c -> refreshBadge());
            ready = pane.open();
        } else {
            ready = CompletableFuture.completedFuture(null);
        }
        current = pane;
        editorHolder.getChildren().setAll(pane);
        findBar.attach(pane.area());
        conflicts.show(pane.model());
        docTitle.setText(ws.title(docId).orElse(""));
        sidebar.select(docId);
        settings.put("lastDocument", docId);
        saveWindowAsync();
        refreshPeers();
        refreshBadge();
        EditorPane p = pane;
        return ready.thenRun(() -> p.area().requestFocus());
    }

    private void closeCurrent() {
        if (current == null) return;
        String id = current.model().docId();
        EditorPane closing = editors.remove(id);
        current = null;
        closing.model().close();
        List<DocumentInfo> docs = ws.documents();
        DocumentInfo next = docs.stream().filter(d -> !d.id().equals(id)).findFirst().orElse(null);
        if (next != null) open(next.id());
        else editorHolder.getChildren().setAll(new Label("No document open."));
    }

    private void switchDocument(int step) {
        List<DocumentInfo> docs = ws.documents();
        if (docs.isEmpty()) return;
        int i = 0;
        if (current != null) {
            for (int k = 0; k < docs.size(); k++) if (docs.get(k).id().equals(current.model().docId())) i = k;
        }
        open(docs.get(Math.floorMod(i + step, docs.size())).id());
    }

    private void newDocument() {
        TextInputDialog d = new TextInputDialog("Untitled");
        d.initOwner(stage);
        d.setTitle("New document");
        d.setHeaderText("Title of the new document");
        d.showAndWait().map(String::trim).filter(s -> !s.isEmpty())
                .ifPresent(title -> ws.create(title, "").thenAcceptAsync(this::open, Platform::runLater));
    }

    private void renameCurrent() {
        DocumentInfo d = sidebar.list.getSelectionModel().getSelectedItem();
        if (d == null) return;
        TextInputDialog dlg = new TextInputDialog(d.title());
        dlg.initOwner(stage);
        dlg.setTitle("Rename");
        dlg.setHeaderText("New title for \"" + d.title() + "\"");
        dlg.showAndWait().map(String::trim).filter(s -> !s.isEmpty()).ifPresent(t -> ws.rename(d.id(), t));
    }

    private void tagCurrent() {
        DocumentInfo d = sidebar.list.getSelectionModel().getSelectedItem();
        if (d == null) return;
        TextInputDialog dlg = new TextInputDialog(String.join(", ", d.tags()));
        dlg.initOwner(stage);
        dlg.setTitle("Tags");
        dlg.setHeaderText("Tags of \"" + d.title() + "\", separated by commas");
        dlg.showAndWait().ifPresent(text -> {
            List<String> tags = java.util.Arrays.stream(text.split(",")).map(String::trim).filter(t -> !t.isEmpty()).toList();
            ws.setTags(d.id(), tags).exceptionally(e -> {
                Platform.runLater(() -> ws.problemProperty().set("Could not set the tags: " + rootMessage(e)));
                return null;
            });
        });
    }

    private void pinCurrent() {
        DocumentInfo d = sidebar.list.getSelectionModel().getSelectedItem();
        if (d != null) ws.setPinned(d.id(), !d.pinned());
    }

    private void restoreDocument(String id) {
        ws.restore(id).thenRunAsync(() -> {
            ws.deletedWhileOpenProperty().set(null);
            sidebar.showDeleted.setSelected(false);
            open(id);
        }, Platform::runLater);
    }

    private static String rootMessage(Throwable e) {
        while (e.getCause() != null) e = e.getCause();
        return e.getMessage();
    }

    private void deleteCurrent() {
        DocumentInfo d = sidebar.list.getSelectionModel().getSelectedItem();
        if (d == null) return;
        Alert a = new Alert(Alert.AlertType.CONFIRMATION, "Delete \"" + d.title() + "\"? It leaves the list on every computer"
                + " of the workspace; it can be restored (with its text) for 30 days.",
                ButtonType.CANCEL, ButtonType.OK);
        a.initOwner(stage);
        a.setHeaderText("Delete document");
        if (a.showAndWait().filter(b -> b == ButtonType.OK).isEmpty()) return;
        if (current != null && current.model().docId().equals(d.id())) {
            editors.remove(d.id());
            current = null;
            editorHolder.getChildren().setAll(new Label("No document open."));
        }
        ws.delete(d.id()).thenRunAsync(() -> {
            if (current == null && !ws.documents().isEmpty()) open(ws.documents().get(0).id());
        }, Platform::runLater);
    }

    private void export(Exporter.Format f) {
        if (current == null) return;
        String title = ws.title(current.model().docId()).orElse("document");
        FileChooser fc = new FileChooser();
        fc.setTitle("Export as " + f.label);
        fc.setInitialFileName(Exporter.fileName(title, f));
        fc.getExtensionFilters().add(new FileChooser.ExtensionFilter(f.label, "*." + f.extension));
        File file = fc.showSaveDialog(stage);
        if (file == null) return;
        String text = current.area().getText();
        CompletableFuture.runAsync(() -> {
            try {
                Exporter.write(file.toPath(), text, title, f);
            } catch (IOException e) {
                Platform.runLater(() -> ws.problemProperty().set("Could not export: " + e.getMessage()));
            }
        }, background);
    }

    void showConnectionDialog() {
        ConnectionSettings initial = ws.lastSettings().orElse(null);
        ConnectionDialog d = new ConnectionDialog(stage, ws, initial, displayName);
        lastDialog = d;
        d.show();
    }

    /** The connection dialog shown last (for tests). */
    ConnectionDialog lastDialog;

    private void showConflicts(boolean show) {
        conflictsToggle.setSelected(show);
        if (show && !split.getItems().contains(conflicts)) {
            split.getItems().add(conflicts);
            split.setDividerPosition(1, 0.66);
        } else if (!show) {
            split.getItems().remove(conflicts);
        }
    }

    private void refreshBadge() {
        int n = current == null ? 0 : current.model().conflicts().size();
        conflictsToggle.setText(n == 0 ? "Conflicts" : "Conflicts  " + n);
        conflictsToggle.getStyleClass().remove("has-conflicts");
        if (n > 0) {
            conflictsToggle.getStyleClass().add("has-conflicts");
            if (!conflictsToggle.isSelected()) showConflicts(true);
        }
    }

    private void refreshPeers() {
        // Peers' entries change at every caret move; the chips only when someone comes, goes or is renamed.
        String shown = current == null ? "" : current.model().peers().values().stream()
                .map(p -> p.name() + "\u0000" + p.colour()).sorted().collect(java.util.stream.Collectors.joining("\u0001"));
        if (shown.equals(peersShown)) return;
        peersShown = shown;
        if (current == null || current.model().peers().isEmpty()) {
            peersInDoc.setText("");
            peersInDoc.setGraphic(null);
            return;
        }
        HBox dots = new HBox(6);
        for (DocumentViewModel.Peer p : current.model().peers().values()) {
            Label l = new Label(p.name());
            l.getStyleClass().add("peer-chip");
            l.setStyle("-fx-background-color: " + p.colour() + ";");
            dots.getChildren().add(l);
        }
        peersInDoc.setText("Here: ");
        peersInDoc.setGraphic(dots);
        peersInDoc.setContentDisplay(javafx.scene.control.ContentDisplay.RIGHT);
    }

    private String authorName(String clientId) {
        // The engine names the local user "you" and edits that came from the hub "hub".
        if (clientId.equals(ws.clientId()) || clientId.equals("you")) return "you";
        if (clientId.equals("hub")) return "a peer, through the shared copy";
        for (EditorPane p : editors.values()) {
            DocumentViewModel.Peer peer = p.model().peers().get(clientId);
            if (peer != null) return peer.name();
        }
        return "a peer (" + clientId.substring(0, Math.min(8, clientId.length())) + ")";
    }

    private MenuBar menu() {
        MenuItem newDoc = item("New document", new KeyCodeCombination(KeyCode.N, KeyCombination.SHORTCUT_DOWN), this::newDocument);
        MenuItem rename = item("Rename…", null, this::renameCurrent);
        MenuItem delete = item("Delete…", null, this::deleteCurrent);
        Menu export = new Menu("Export as");
        for (Exporter.Format f : Exporter.Format.values()) export.getItems().add(item(f.label + "…", null, () -> export(f)));
        MenuItem close = item("Close document", new KeyCodeCombination(KeyCode.W, KeyCombination.SHORTCUT_DOWN), this::closeCurrent);
        MenuItem next = item("Next document", new KeyCodeCombination(KeyCode.PAGE_DOWN, KeyCombination.SHORTCUT_DOWN), () -> switchDocument(1));
        MenuItem prev = item("Previous document", new KeyCodeCombination(KeyCode.PAGE_UP, KeyCombination.SHORTCUT_DOWN), () -> switchDocument(-1));
        MenuItem quit = item("Quit", new KeyCodeCombination(KeyCode.Q, KeyCombination.SHORTCUT_DOWN), () -> {
            saveWindow();
            stage.close();
        });
        Menu file = new Menu("File", null, newDoc, rename, delete, new SeparatorMenuItem(), export, new SeparatorMenuItem(),
                next, prev, close, new SeparatorMenuItem(), quit);

        MenuItem undo = item("Undo (your edits)", new KeyCodeCombination(KeyCode.Z, KeyCombination.SHORTCUT_DOWN), () -> { if (current != null) current.model().undo(); });
        MenuItem redo = item("Redo", new KeyCodeCombination(KeyCode.Y, KeyCombination.SHORTCUT_DOWN), () -> { if (current != null) current.model().redo(); });
        MenuItem find = item("Find…", new KeyCodeCombination(KeyCode.F, KeyCombination.SHORTCUT_DOWN), () -> findBar.show(false));
        MenuItem replace = item("Replace…", new KeyCodeCombination(KeyCode.H, KeyCombination.SHORTCUT_DOWN), () -> findBar.show(true));
        Menu edit = new Menu("Edit", null, undo, redo, new SeparatorMenuItem(), find, replace);

        CheckMenuItem numbers = new CheckMenuItem("Line numbers");
        numbers.setSelected(lineNumbers);
        numbers.setOnAction(e -> { lineNumbers = numbers.isSelected(); editors.values().forEach(p -> p.setLineNumbers(lineNumbers)); settings.put("lineNumbers", lineNumbers); saveWindowAsync(); });
        CheckMenuItem wrapItem = new CheckMenuItem("Word wrap");
        wrapItem.setSelected(wrap);
        wrapItem.setOnAction(e -> { wrap = wrapItem.isSelected(); editors.values().forEach(p -> p.setWrap(wrap)); settings.put("wrap", wrap); saveWindowAsync(); });
        ToggleGroup fonts = new ToggleGroup();
        RadioMenuItem prop = new RadioMenuItem("Proportional font");
        RadioMenuItem monoItem = new RadioMenuItem("Monospace font");
        prop.setToggleGroup(fonts);
        monoItem.setToggleGroup(fonts);
        (mono ? monoItem : prop).setSelected(true);
        prop.setOnAction(e -> setMono(false));
        monoItem.setOnAction(e -> setMono(true));
        ToggleGroup themes = new ToggleGroup();
        RadioMenuItem light = new RadioMenuItem("Light theme");
        RadioMenuItem darkItem = new RadioMenuItem("Dark theme");
        light.setToggleGroup(themes);
        darkItem.setToggleGroup(themes);
        (dark ? darkItem : light).setSelected(true);
        light.setOnAction(e -> { dark = false; applyTheme(); });
        darkItem.setOnAction(e -> { dark = true; applyTheme(); });
        MenuItem zoomIn = item("Zoom in", new KeyCodeCombination(KeyCode.EQUALS, KeyCombination.SHORTCUT_DOWN), () -> setZoom(zoom * 1.1));
        MenuItem zoomOut = item("Zoom out", new KeyCodeCombination(KeyCode.MINUS, KeyCombination.SHORTCUT_DOWN), () -> setZoom(zoom / 1.1));
        MenuItem zoomReset = item("Actual size", new KeyCodeCombination(KeyCode.DIGIT0, KeyCombination.SHORTCUT_DOWN), () -> setZoom(1.0));
        MenuItem showConflicts = item("Conflicts panel", null, () -> showConflicts(!conflictsToggle.isSelected()));
        Menu view = new Menu("View", null, numbers, wrapItem, new SeparatorMenuItem(), prop, monoItem, new SeparatorMenuItem(),
                light, darkItem, new SeparatorMenuItem(), zoomIn, zoomOut, zoomReset, new SeparatorMenuItem(), showConflicts);

        MenuItem connect = item("Connect…", null, this::showConnectionDialog);
        MenuItem offline = item("Work offline", null, ws::disconnect);
        MenuItem reconnect = item("Reconnect", null, () -> ws.lastSettings().ifPresentOrElse(ws::connect, this::showConnectionDialog));
        Menu connection = new Menu("Connection", null, connect, offline, reconnect);
        return new MenuBar(file, edit, view, connection);
    }

    private void shortcuts(Scene scene) {
        // Ctrl+Tab is taken by focus traversal in some controls; accept it here too.
        scene.getAccelerators().put(new KeyCodeCombination(KeyCode.TAB, KeyCombination.SHORTCUT_DOWN), () -> switchDocument(1));
        scene.getAccelerators().put(new KeyCodeCombination(KeyCode.TAB, KeyCombination.SHORTCUT_DOWN, KeyCombination.SHIFT_DOWN), () -> switchDocument(-1));
        scene.getAccelerators().put(new KeyCodeCombination(KeyCode.ADD, KeyCombination.SHORTCUT_DOWN), () -> setZoom(zoom * 1.1));
        scene.getAccelerators().put(new KeyCodeCombination(KeyCode.SUBTRACT, KeyCombination.SHORTCUT_DOWN), () -> setZoom(zoom / 1.1));
    }

    private static MenuItem item(String text, KeyCombination key, Runnable action) {
        MenuItem m = new MenuItem(text);
        if (key != null) m.setAccelerator(key);
        m.setOnAction(e -> action.run());
        return m;
    }

    private void setMono(boolean m) {
        mono = m;
        editors.values().forEach(p -> p.setMonospace(mono));
        settings.put("monospace", mono); saveWindowAsync();
    }

    private void setZoom(double z) {
        zoom = Math.max(0.5, Math.min(3.0, z));
        editors.values().forEach(p -> p.setZoom(zoom));
        settings.put("zoom", zoom); saveWindowAsync();
    }

    private void applyTheme() {
        Scene s = stage.getScene();
        s.getStylesheets().setAll(
                MainWindow.class.getResource("/dev/tandem/app/base.css").toExternalForm(),
                MainWindow.class.getResource(dark ? "/dev/tandem/app/dark.css" : "/dev/tandem/app/light.css").toExternalForm());
        settings.put("theme", dark ? "dark" : "light"); saveWindowAsync();
    }

    private void saveWindowAsync() {
        if (stage.getScene() != null) {
            settings.put("window.width", stage.getScene().getWidth());
            settings.put("window.height", stage.getScene().getHeight());
        }
        settings.saveAsync(background);
    }

    /** Remembers the window size and the preferences (blocking; at exit). */
    public void saveWindow() {
        if (stage.getScene() != null) {
            settings.put("window.width", stage.getScene().getWidth());
            settings.put("window.height", stage.getScene().getHeight());
        }
        settings.save();
    }
}
