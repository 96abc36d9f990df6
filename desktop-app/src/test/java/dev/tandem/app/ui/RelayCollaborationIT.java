package dev.tandem.app.ui;

import dev.tandem.app.connection.ConnectionSettings;
import dev.tandem.app.connection.SyncConnection;
import dev.tandem.app.editor.DocumentViewModel;
import dev.tandem.relay.Relay;
import dev.tandem.relay.RelayConfig;
import dev.tandem.relay.TokenStore;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.ToggleButton;
import javafx.stage.Stage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.api.FxRobot;
import org.testfx.api.FxToolkit;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static dev.tandem.app.TestWaits.WAIT_SECONDS;
import static dev.tandem.app.ui.TwoEditors.waitUntil;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Two real editor windows (headless Monocle), each with its own store and engine, connected as two clients through a
 * real relay ({@link Relay}, Tyrus, SQLite) on 127.0.0.1 with an OS-chosen port — through {@code RelaySyncConnection},
 * the app's adapter of the relay client.
 */
@ExtendWith(ApplicationExtension.class)
class RelayCollaborationIT {

    private Path dir;
    private Relay relay;
    private RelayConfig config;
    private String token;
    private TwoEditors two;

    @Start
    void start(Stage stage) throws Exception {
        dir = Files.createTempDirectory("tandem-relay-it-");
        config = RelayConfig.defaults(dir.resolve("relay"));
        try (TokenStore t = TokenStore.open(config.dataDir())) {
            token = t.create("team", false);
        }
        relay = Relay.start(config);
        two = new TwoEditors(stage, relay.url(), "team", token);
    }

    @AfterEach
    void tearDown() throws Exception {
        two.close();
        if (relay != null) relay.close();
        FxToolkit.cleanupStages();
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }

    private void typeInto(FxRobot robot, TwoEditors.Window w, int caret, String text) {
        robot.interact(() -> {
            w.main.stage().toFront();
            w.area().requestFocus();
            w.area().moveTo(caret);
        });
        robot.clickOn(w.area());
        robot.interact(() -> w.area().moveTo(caret));
        robot.write(text);
    }

    private static String label(FxRobot robot, TwoEditors.Window w, String id) {
        return robot.from(w.root()).lookup(id).queryAs(Label.class).getText();
    }

    private static void waitLong(Callable<Boolean> condition) throws Exception {
        WaitForAsyncUtils.waitFor(WAIT_SECONDS, TimeUnit.SECONDS, () -> {
            WaitForAsyncUtils.waitForFxEvents();
            return WaitForAsyncUtils.asyncFx(condition).get();
        });
    }

    private static DocumentViewModel.Peer peer(TwoEditors.Window w, String name) {
        return w.ws.model(TwoEditors.DOC).peers().values().stream().filter(p -> p.name().equals(name)).findFirst().orElseThrow();
    }

    private static boolean seesPeer(TwoEditors.Window w, String name) {
        DocumentViewModel m = w.ws.model(TwoEditors.DOC);
        return m.peers().values().stream().anyMatch(p -> p.name().equals(name));
    }

    @Test
    void two_windows_edit_see_each_other_go_offline_and_converge_through_the_relay(FxRobot robot) throws Exception {
        assertTrue(relay.url().startsWith("ws://127.0.0.1:"), relay.url());
        two.openShared("world");
        waitUntil(() -> label(robot, two.ada, "#status-state").equals("Online")
                && label(robot, two.grace, "#status-state").equals("Online"));

        // Typing in one window shows in the other; the peer's caret arrives as presence (name and colour).
        typeInto(robot, two.grace, 0, "hello ");
        waitUntil(() -> two.ada.text().equals("hello world"));
        // Grace was seen before she typed: wait for the presence her typing sent, not just for her name.
        waitUntil(() -> seesPeer(two.ada, "Grace") && peer(two.ada, "Grace").caret() == "hello ".length());
        assertEquals("#1c7ed6", WaitForAsyncUtils.asyncFx(() -> peer(two.ada, "Grace")).get().colour());
        typeInto(robot, two.ada, "hello world".length(), "!");
        waitUntil(() -> two.grace.text().equals("hello world!") && seesPeer(two.grace, "Ada"));

        // Ada goes offline: Grace sees her leave; both edit; Ada reconnects; both converge.
        robot.clickOn(robot.from(two.ada.root()).lookup("#work-offline").queryAs(ToggleButton.class));
        waitUntil(() -> label(robot, two.ada, "#status-state").startsWith("Offline") && !seesPeer(two.grace, "Ada"));
        typeInto(robot, two.ada, 0, "Start. ");
        typeInto(robot, two.grace, "hello world!".length(), " End.");
        waitUntil(() -> two.grace.text().equals("hello world! End."));
        waitUntil(() -> label(robot, two.ada, "#status-unsynced").matches("\\d+ unsynced edits?"));
        assertEquals("Start. hello world!", two.ada.text());
        robot.clickOn(robot.from(two.ada.root()).lookup("#work-offline").queryAs(ToggleButton.class));
        waitUntil(() -> two.ada.text().equals("Start. hello world! End.") && two.grace.text().equals(two.ada.text()));
        waitUntil(() -> label(robot, two.ada, "#status-unsynced").equals("All edits synced"));
        assertEquals("Online", label(robot, two.ada, "#status-state"));
        String hub = relay.hub().inspect("team/" + TwoEditors.DOC, d -> d.text()).get(WAIT_SECONDS, TimeUnit.SECONDS);
        assertEquals("Start. hello world! End.", hub, "the relay stores the document under workspace/id");
    }

    @Test
    void the_windows_reconnect_by_themselves_when_the_relay_comes_back(FxRobot robot) throws Exception {
        two.openShared("before");
        int port = relay.port();
        relay.close();
        relay = null;
        waitLong(() -> label(robot, two.ada, "#status-state").equals("Connecting…")
                && label(robot, two.grace, "#status-state").equals("Connecting…"));
        typeInto(robot, two.ada, "before".length(), " during");
        relay = Relay.start(config.withPort(port));
        waitLong(() -> label(robot, two.ada, "#status-state").equals("Online")
                && label(robot, two.grace, "#status-state").equals("Online"));
        waitLong(() -> two.grace.text().equals("before during") && two.ada.text().equals("before during"));
    }

    @Test
    void a_wrong_token_fails_with_a_plain_reason_in_the_dialog(FxRobot robot) throws Exception {
        robot.clickOn(robot.from(two.ada.root()).lookup("#connection-button").queryAs(Button.class));
        ConnectionDialog d = two.ada.main.lastDialog;
        robot.interact(() -> {
            d.relay.setText(relay.url());
            d.workspace.setText("team");
            d.token.setText("not-the-token");
        });
        robot.clickOn(robot.lookup("#connect-button").queryAs(Button.class));
        waitUntil(() -> d.error.getText().startsWith("The relay refused the token for workspace \"team\""));
        assertEquals(SyncConnection.State.FAILED, two.ada.ws.connectionStateProperty().get());
        robot.interact(d::close);
    }

    @Test
    void a_token_of_another_workspace_is_named_in_the_failure(FxRobot robot) throws Exception {
        robot.interact(() -> two.grace.ws.connect(new ConnectionSettings(relay.url(), "elsewhere", token, "Grace", "#1c7ed6")));
        waitUntil(() -> two.grace.ws.connectionStateProperty().get() == SyncConnection.State.FAILED);
        String detail = WaitForAsyncUtils.asyncFx(() -> two.grace.ws.connectionDetailProperty().get()).get();
        assertTrue(detail.contains("belongs to workspace \"team\""), detail);
    }
}
