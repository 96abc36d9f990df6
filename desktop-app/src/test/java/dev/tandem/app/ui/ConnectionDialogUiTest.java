package dev.tandem.app.ui;

import dev.tandem.app.Settings;
import dev.tandem.app.connection.InProcessHub;
import dev.tandem.app.connection.SyncConnection;
import dev.tandem.app.workspace.Workspace;
import dev.tandem.engine.session.SystemTimer;
import dev.tandem.engine.store.MemoryDocumentStore;
import javafx.application.Platform;
import javafx.scene.control.Button;
import javafx.stage.Stage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.api.FxRobot;
import org.testfx.api.FxToolkit;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import static dev.tandem.app.ui.TwoEditors.waitUntil;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The connection dialog: validation messages, invite links, a refused token, and a successful connect. */
@ExtendWith(ApplicationExtension.class)
class ConnectionDialogUiTest {

    private final ExecutorService engine = Executors.newSingleThreadExecutor();
    private final ExecutorService background = Executors.newSingleThreadExecutor();
    private final SystemTimer timer = new SystemTimer();
    private final InProcessHub hub = InProcessHub.start("dialog-test", "right-token");
    private Workspace ws;
    private MainWindow main;

    @Start
    void start(Stage stage) throws Exception {
        ws = new Workspace(new MemoryDocumentStore(), engine, timer, Platform::runLater);
        main = new MainWindow(stage, ws, Settings.load(null), background, "Me");
        stage.show();
    }

    @AfterEach
    void tearDown() throws Exception {
        ws.close();
        hub.close();
        timer.close();
        engine.shutdownNow();
        background.shutdownNow();
        FxToolkit.cleanupStages();
    }

    private ConnectionDialog open(FxRobot robot) {
        robot.clickOn(robot.lookup("#connection-button").queryAs(Button.class));
        return main.lastDialog;
    }

    @Test
    void a_malformed_invite_link_gets_a_plain_message(FxRobot robot) {
        ConnectionDialog d = open(robot);
        robot.interact(() -> {
            d.invite.setText("https://example.org/join");
            d.applyInvite();
        });
        assertTrue(d.error.getText().startsWith("An invite link starts with tandem://join?"), d.error.getText());
    }

    @Test
    void a_refused_token_is_shown_in_the_dialog(FxRobot robot) throws Exception {
        ConnectionDialog d = open(robot);
        robot.interact(() -> d.invite.setText("tandem://join?relay=inproc%3A%2F%2Fdialog-test&workspace=team&token=wrong"));
        robot.clickOn(robot.lookup("#use-invite").queryAs(Button.class));
        robot.clickOn(robot.lookup("#connect-button").queryAs(Button.class));
        waitUntil(() -> d.error.getText().contains("refused the token"));
        assertEquals(SyncConnection.State.FAILED, ws.connectionStateProperty().get());
    }

    @Test
    void a_good_invite_link_connects_and_closes_the_dialog(FxRobot robot) throws Exception {
        ConnectionDialog d = open(robot);
        robot.interact(() -> d.invite.setText("tandem://join?relay=inproc%3A%2F%2Fdialog-test&workspace=team&token=right-token"));
        robot.clickOn(robot.lookup("#use-invite").queryAs(Button.class));
        assertEquals("inproc://dialog-test", d.relay.getText());
        robot.clickOn(robot.lookup("#connect-button").queryAs(Button.class));
        waitUntil(() -> !d.isShowing() && ws.connectionStateProperty().get() == SyncConnection.State.ONLINE);
    }

    @Test
    void a_relay_nobody_listens_on_is_reported_as_unreachable(FxRobot robot) throws Exception {
        int port;
        try (java.net.ServerSocket free = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            port = free.getLocalPort();
        }
        ConnectionDialog d = open(robot);
        String url = "ws://127.0.0.1:" + port;
        robot.interact(() -> {
            d.relay.setText(url);
            d.workspace.setText("team");
            d.token.setText("t");
        });
        robot.clickOn(robot.lookup("#connect-button").queryAs(Button.class));
        waitUntil(() -> d.error.getText().startsWith("Cannot reach the relay at 127.0.0.1:" + port));
        assertEquals(SyncConnection.State.FAILED, ws.connectionStateProperty().get());
    }
}
