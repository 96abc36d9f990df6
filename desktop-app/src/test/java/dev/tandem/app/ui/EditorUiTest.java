package dev.tandem.app.ui;

import dev.tandem.app.Settings;
import dev.tandem.app.workspace.Workspace;
import dev.tandem.engine.session.SystemTimer;
import dev.tandem.engine.store.MemoryDocumentStore;
import javafx.application.Platform;
import javafx.scene.control.Button;
import javafx.scene.control.TextField;
import javafx.scene.input.KeyCode;
import javafx.stage.Stage;
import org.fxmisc.richtext.CodeArea;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.api.FxRobot;
import org.testfx.api.FxToolkit;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import static dev.tandem.app.TestWaits.WAIT_SECONDS;
import static dev.tandem.app.ui.TwoEditors.waitUntil;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** One editor window, offline: typing, editing keys, undo/redo, find and replace, highlighting. */
@ExtendWith(ApplicationExtension.class)
class EditorUiTest {

    private final ExecutorService engine = Executors.newSingleThreadExecutor();
    private final ExecutorService background = Executors.newSingleThreadExecutor();
    private final SystemTimer timer = new SystemTimer();
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
        timer.close();
        engine.shutdownNow();
        background.shutdownNow();
        FxToolkit.cleanupStages();
    }

    private CodeArea openNew(FxRobot robot) throws Exception {
        String id = ws.create("Notes", "").get(WAIT_SECONDS, TimeUnit.SECONDS);
        WaitForAsyncUtils.asyncFx(() -> main.open(id)).get(WAIT_SECONDS, TimeUnit.SECONDS).get(WAIT_SECONDS, TimeUnit.SECONDS);
        CodeArea area = main.currentEditor().area();
        robot.clickOn(area);
        return area;
    }

    private String engineText() throws Exception {
        return ws.session().text(main.currentEditor().model().docId()).get(WAIT_SECONDS, TimeUnit.SECONDS);
    }

    @Test
    void typing_and_editing_keys_change_the_text_and_reach_the_engine(FxRobot robot) throws Exception {
        CodeArea area = openNew(robot);
        robot.write("Hello wrold");
        for (int i = 0; i < 4; i++) robot.type(KeyCode.BACK_SPACE); // "Hello w"
        WaitForAsyncUtils.waitForFxEvents();
        robot.write("orld");
        waitUntil(() -> area.getText().equals("Hello world"));
        waitUntil(() -> engineText().equals("Hello world"));
        robot.press(KeyCode.CONTROL, KeyCode.Z).release(KeyCode.Z, KeyCode.CONTROL);
        waitUntil(() -> !area.getText().equals("Hello world"));
        robot.press(KeyCode.CONTROL, KeyCode.Y).release(KeyCode.Y, KeyCode.CONTROL);
        waitUntil(() -> area.getText().equals("Hello world") && engineText().equals("Hello world"));
    }

    @Test
    void replace_all_replaces_every_match_as_a_local_edit(FxRobot robot) throws Exception {
        CodeArea area = openNew(robot);
        robot.write("teh cat and teh dog");
        robot.press(KeyCode.CONTROL, KeyCode.H).release(KeyCode.H, KeyCode.CONTROL);
        robot.clickOn(robot.lookup("#find-field").queryAs(TextField.class)).write("teh");
        robot.clickOn(robot.lookup("#replace-field").queryAs(TextField.class)).write("the");
        robot.clickOn(robot.lookup("#replace-all").queryAs(Button.class));
        waitUntil(() -> area.getText().equals("the cat and the dog"));
        waitUntil(() -> engineText().equals("the cat and the dog"));
    }

    @Test
    void markdown_headings_and_emphasis_are_highlighted(FxRobot robot) throws Exception {
        CodeArea area = openNew(robot);
        robot.interact(() -> area.replaceText("# Title\nsome **bold** text"));
        waitUntil(() -> area.getStyleOfChar(2).contains("md-heading") && area.getStyleOfChar(16).contains("md-strong"));
        assertTrue(area.getStyleOfChar(10).isEmpty());
        assertEquals("# Title\nsome **bold** text", engineText());
    }
}
