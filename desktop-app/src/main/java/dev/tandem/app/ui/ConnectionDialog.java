package dev.tandem.app.ui;

import dev.tandem.app.connection.ConnectionSettings;
import dev.tandem.app.connection.SyncConnection;
import dev.tandem.app.workspace.Workspace;
import javafx.beans.value.ChangeListener;
import javafx.event.ActionEvent;
import javafx.geometry.Insets;
import javafx.scene.control.Button;
import javafx.scene.control.ButtonBar;
import javafx.scene.control.ButtonType;
import javafx.scene.control.ColorPicker;
import javafx.scene.control.Dialog;
import javafx.scene.control.Label;
import javafx.scene.control.PasswordField;
import javafx.scene.control.TextField;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.paint.Color;
import javafx.stage.Window;

import java.util.Locale;

/**
 * Relay URL, workspace, token, display name and colour (and, for a relay with a self-signed certificate, that
 * certificate), or one pasted invite link. "Connect" validates first and shows
 * every problem in plain words; then it connects through the app's {@link SyncConnection} and stays open until the
 * connection is up (closes) or has failed (shows why).
 */
final class ConnectionDialog extends Dialog<ConnectionSettings> {

    final TextField invite = new TextField();
    final TextField relay = new TextField();
    final TextField workspace = new TextField();
    final PasswordField token = new PasswordField();
    final TextField name = new TextField();
    final ColorPicker colour = new ColorPicker();
    /** A self-signed relay's certificate file to trust (blank: the system's authorities). */
    final TextField certificate = new TextField();
    final Label error = new Label();
    private ChangeListener<SyncConnection.State> waiting;

    ConnectionDialog(Window owner, Workspace ws, ConnectionSettings initial, String defaultName) {
        initOwner(owner);
        setTitle("Connect to a relay");
        setHeaderText("Paste an invite link, or fill in the relay's details.");
        invite.setPromptText("tandem://join?relay=…&workspace=…&token=…");
        invite.setId("invite-field");
        relay.setId("relay-field");
        relay.setPromptText("wss://relay.example.org");
        workspace.setId("workspace-field");
        token.setId("token-field");
        name.setId("name-field");
        certificate.setId("certificate-field");
        certificate.setPromptText("self-signed relay only (.pem)");
        Button chooseCertificate = new Button("Choose…");
        chooseCertificate.setOnAction(e -> {
            javafx.stage.FileChooser chooser = new javafx.stage.FileChooser();
            chooser.setTitle("The relay's certificate");
            chooser.getExtensionFilters().addAll(
                    new javafx.stage.FileChooser.ExtensionFilter("Certificates", "*.pem", "*.crt", "*.cer", "*.der", "*.p12", "*.jks"),
                    new javafx.stage.FileChooser.ExtensionFilter("All files", "*"));
            java.io.File f = chooser.showOpenDialog(getDialogPane().getScene().getWindow());
            if (f != null) certificate.setText(f.getAbsolutePath());
        });
        HBox.setHgrow(certificate, Priority.ALWAYS);
        error.setId("connection-error");
        error.getStyleClass().add("form-error");
        error.setWrapText(true);
        error.setPrefWidth(420);
        error.setMinHeight(javafx.scene.layout.Region.USE_PREF_SIZE);
        Button useInvite = new Button("Use link");
        useInvite.setId("use-invite");
        HBox.setHgrow(invite, Priority.ALWAYS);
        if (initial != null) {
            relay.setText(initial.relayUrl());
            workspace.setText(initial.workspace());
            token.setText(initial.token());
            name.setText(initial.name());
            colour.setValue(Color.web(initial.colour()));
            certificate.setText(initial.trustCertificate());
        } else {
            name.setText(defaultName);
            colour.setValue(Color.web("#3a7bd5"));
        }
        GridPane g = new GridPane();
        g.setHgap(8);
        g.setVgap(8);
        g.setPadding(new Insets(12));
        g.addRow(0, new Label("Invite link"), new HBox(6, invite, useInvite));
        g.addRow(1, new Label("Relay URL"), relay);
        g.addRow(2, new Label("Workspace"), workspace);
        g.addRow(3, new Label("Token"), token);
        g.addRow(4, new Label("Your name"), name);
        g.addRow(5, new Label("Your colour"), colour);
        g.addRow(6, new Label("Certificate"), new HBox(6, certificate, chooseCertificate));
        g.add(error, 0, 7, 2, 1);
        g.setPrefWidth(520);
        getDialogPane().setContent(g);
        ButtonType connect = new ButtonType("Connect", ButtonBar.ButtonData.OK_DONE);
        getDialogPane().getButtonTypes().addAll(connect, ButtonType.CANCEL);
        useInvite.setOnAction(e -> applyInvite());
        invite.setOnAction(e -> applyInvite());
        Button ok = (Button) getDialogPane().lookupButton(connect);
        ok.setId("connect-button");
        ok.addEventFilter(ActionEvent.ACTION, e -> {
            e.consume();
            ConnectionSettings s = settings();
            if (s == null) return;
            error.setText("Connecting…");
            if (waiting != null) ws.connectionStateProperty().removeListener(waiting);
            waiting = (o, a, b) -> {
                if (b == SyncConnection.State.ONLINE) {
                    ws.connectionStateProperty().removeListener(waiting);
                    setResult(s);
                    close();
                } else if (b == SyncConnection.State.FAILED) {
                    error.setText(ws.connectionDetailProperty().get());
                }
            };
            ws.connectionStateProperty().addListener(waiting);
            ws.connect(s);
        });
        setResultConverter(b -> null);
        setOnHidden(e -> { if (waiting != null) ws.connectionStateProperty().removeListener(waiting); });
    }

    /** Fills the fields from the pasted invite link, or says what is wrong with it. */
    void applyInvite() {
        try {
            ConnectionSettings.Invite i = ConnectionSettings.parseInvite(invite.getText());
            relay.setText(i.relayUrl());
            workspace.setText(i.workspace());
            token.setText(i.token());
            error.setText("");
        } catch (IllegalArgumentException ex) {
            error.setText(ex.getMessage());
        }
    }

    /** The settings in the fields, or null after showing the first problem. */
    ConnectionSettings settings() {
        if (!invite.getText().isBlank() && relay.getText().isBlank()) applyInvite();
        String hex = toHex(colour.getValue());
        String problem = ConnectionSettings.check(relay.getText().trim(), workspace.getText().trim(), token.getText().trim(),
                name.getText().trim(), hex);
        if (problem == null) problem = ConnectionSettings.checkCertificate(certificate.getText());
        if (problem != null) {
            error.setText(problem);
            return null;
        }
        return new ConnectionSettings(relay.getText().trim(), workspace.getText().trim(), token.getText().trim(),
                name.getText().trim(), hex, certificate.getText().trim());
    }

    static String toHex(Color c) {
        return String.format(Locale.ROOT, "#%02x%02x%02x", Math.round(c.getRed() * 255), Math.round(c.getGreen() * 255),
                Math.round(c.getBlue() * 255));
    }
}
