package dev.tandem.app.ui;

import dev.tandem.app.connection.SyncConnection;
import dev.tandem.app.workspace.Workspace;
import dev.tandem.engine.session.ClientSession;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.ToggleButton;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.shape.Circle;

import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.List;

/**
 * Always visible at the bottom: online / offline / syncing, local edits not yet acknowledged, time of the last sync,
 * the "Work offline" toggle and the connection dialog button; problems in plain words.
 */
final class StatusBar extends HBox {

    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm:ss").withZone(ZoneId.systemDefault());

    final Label state = new Label();
    final Label unsynced = new Label();
    final Label lastSync = new Label();
    final Label problem = new Label();
    final Label peers = new Label();
    final ToggleButton offline = new ToggleButton("Work offline");
    final Button connection = new Button("Connection…");
    private final Circle dot = new Circle(5);
    private final Tooltip stateTip = new Tooltip();
    private final Workspace ws;

    StatusBar(Workspace ws, Runnable openDialog) {
        this.ws = ws;
        getStyleClass().add("status-bar");
        setAlignment(Pos.CENTER_LEFT);
        setSpacing(14);
        setPadding(new Insets(3, 10, 3, 10));
        state.setId("status-state");
        unsynced.setId("status-unsynced");
        lastSync.setId("status-last-sync");
        offline.setId("work-offline");
        connection.setId("connection-button");
        problem.getStyleClass().add("status-problem");
        state.setGraphic(dot);
        state.setTooltip(stateTip);
        Region spacer = new Region();
        HBox.setHgrow(spacer, Priority.ALWAYS);
        getChildren().addAll(state, unsynced, lastSync, peers, problem, spacer, offline, connection);
        offline.setTooltip(new Tooltip("Stop syncing; keep editing. Click again to reconnect."));
        offline.setOnAction(e -> {
            if (offline.isSelected()) ws.disconnect();
            else ws.lastSettings().ifPresentOrElse(ws::connect, openDialog);
        });
        connection.setOnAction(e -> openDialog.run());
        ws.statusProperty().addListener((o, a, b) -> refresh());
        ws.connectionStateProperty().addListener((o, a, b) -> refresh());
        ws.connectionDetailProperty().addListener((o, a, b) -> refresh());
        ws.problemProperty().addListener((o, a, b) -> problem.setText(b));
        refresh();
    }

    void refresh() {
        ClientSession.Status s = ws.statusProperty().get();
        SyncConnection.State c = ws.connectionStateProperty().get();
        String text;
        String cls;
        switch (c) {
            case ONLINE -> {
                boolean syncing = s.unacknowledgedEdits() > 0;
                text = syncing ? "Syncing" : "Online";
                cls = syncing ? "syncing" : "online";
            }
            case CONNECTING -> { text = "Connecting…"; cls = "syncing"; }
            case FAILED -> { text = "Offline (connection failed)"; cls = "failed"; }
            default -> { text = "Offline"; cls = "offline"; }
        }
        state.setText(text);
        // One tooltip, its text updated: a new Tooltip per refresh built a popup window on the FX thread at every
        // exchange (it showed up as the FX thread's largest cost while a peer typed).
        String detail = ws.connectionDetailProperty().get();
        if (!detail.equals(stateTip.getText())) stateTip.setText(detail);
        // (speedup) setAll, even with the same classes, makes the dot's CSS be computed again: only on a change.
        if (!dot.getStyleClass().equals(List.of("state-dot", cls))) dot.getStyleClass().setAll("state-dot", cls);
        int n = s.unacknowledgedEdits();
        unsynced.setText(n == 0 ? "All edits synced" : n + (n == 1 ? " unsynced edit" : " unsynced edits"));
        if (c != SyncConnection.State.ONLINE && n == 0) unsynced.setText("No unsynced edits");
        lastSync.setText(s.lastSyncMillis() == 0 ? "Never synced" : "Last sync " + TIME.format(Instant.ofEpochMilli(s.lastSyncMillis())));
        offline.setSelected(c == SyncConnection.State.OFFLINE && ws.lastSettings().isPresent());
        // Before the first connection there is nothing to go offline from: the toggle waits for a connection.
        offline.setDisable(ws.lastSettings().isEmpty());
        if (c == SyncConnection.State.FAILED) problem.setText(ws.connectionDetailProperty().get());
        else if (problem.getText().equals(ws.connectionDetailProperty().get())) problem.setText("");
    }
}
