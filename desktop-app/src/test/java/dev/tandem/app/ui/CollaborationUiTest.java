package dev.tandem.app.ui;

import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.ListView;
import javafx.scene.control.ToggleButton;
import javafx.scene.input.KeyCode;
import javafx.stage.Stage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.api.FxRobot;
import org.testfx.api.FxToolkit;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

import static dev.tandem.app.ui.TwoEditors.waitUntil;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Two real editor windows (headless Monocle) connected through an in-process hub, driven by keyboard and mouse. */
@ExtendWith(ApplicationExtension.class)
class CollaborationUiTest {

    private TwoEditors two;

    @Start
    void start(Stage stage) throws Exception {
        two = new TwoEditors(stage);
    }

    @AfterEach
    void tearDown() throws Exception {
        two.close();
        FxToolkit.cleanupStages();
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

    @Test
    void text_typed_in_one_window_appears_in_the_other_with_its_caret_kept_in_place(FxRobot robot) throws Exception {
        two.openShared("world");
        robot.interact(() -> two.ada.area().moveTo(3));
        typeInto(robot, two.grace, 0, "hello ");
        waitUntil(() -> two.ada.text().equals("hello world"));
        assertEquals(3 + 6, (int) WaitForAsyncUtils.asyncFx(() -> two.ada.area().getCaretPosition()).get(),
                "Ada's caret stays between 'wor' and 'ld'");
    }

    @Test
    void going_offline_editing_both_and_reconnecting_converges(FxRobot robot) throws Exception {
        two.openShared("The middle.");
        robot.clickOn(robot.from(two.ada.root()).lookup("#work-offline").queryAs(ToggleButton.class));
        robot.clickOn(robot.from(two.grace.root()).lookup("#work-offline").queryAs(ToggleButton.class));
        waitUntil(() -> label(robot, two.ada, "#status-state").startsWith("Offline")
                && label(robot, two.grace, "#status-state").startsWith("Offline"));
        typeInto(robot, two.ada, 0, "Start. ");
        typeInto(robot, two.grace, "The middle.".length(), " End.");
        waitUntil(() -> label(robot, two.ada, "#status-unsynced").matches("\\d+ unsynced edits?"));
        assertEquals("Start. The middle.", two.ada.text());
        robot.clickOn(robot.from(two.ada.root()).lookup("#work-offline").queryAs(ToggleButton.class));
        robot.clickOn(robot.from(two.grace.root()).lookup("#work-offline").queryAs(ToggleButton.class));
        waitUntil(() -> two.ada.text().equals("Start. The middle. End.") && two.grace.text().equals(two.ada.text()));
        waitUntil(() -> label(robot, two.ada, "#status-unsynced").equals("All edits synced"));
        assertEquals("Online", label(robot, two.ada, "#status-state"));
    }

    @Test
    void the_status_bar_shows_the_unsynced_count_while_offline(FxRobot robot) throws Exception {
        two.openShared("");
        robot.clickOn(robot.from(two.ada.root()).lookup("#work-offline").queryAs(ToggleButton.class));
        typeInto(robot, two.ada, 0, "offline words");
        waitUntil(() -> label(robot, two.ada, "#status-unsynced").equals("1 unsynced edit"));
    }

    @Test
    void undo_does_not_undo_a_peers_edit(FxRobot robot) throws Exception {
        two.openShared("");
        typeInto(robot, two.ada, 0, "mine");
        waitUntil(() -> two.grace.text().equals("mine"));
        typeInto(robot, two.grace, 0, "theirs ");
        waitUntil(() -> two.ada.text().equals("theirs mine"));
        robot.interact(() -> {
            two.ada.main.stage().toFront();
            two.ada.area().requestFocus();
        });
        robot.clickOn(two.ada.area());
        robot.press(KeyCode.CONTROL, KeyCode.Z).release(KeyCode.Z, KeyCode.CONTROL);
        waitUntil(() -> two.ada.text().equals("theirs ") && two.grace.text().equals("theirs "));
    }

    @Test
    void a_rejected_edit_appears_in_the_conflicts_panel_and_reapplies(FxRobot robot) throws Exception {
        two.openShared("The quick brown fox jumps over the lazy dog.");
        robot.clickOn(robot.from(two.ada.root()).lookup("#work-offline").queryAs(ToggleButton.class));
        robot.clickOn(robot.from(two.grace.root()).lookup("#work-offline").queryAs(ToggleButton.class));
        robot.interact(() -> two.ada.area().replaceText("Completely different words now stand here instead."));
        robot.interact(() -> {
            int at = two.grace.text().indexOf("lazy");
            two.grace.area().replaceText(at, at + 4, "sleepy");
        });
        robot.clickOn(robot.from(two.ada.root()).lookup("#work-offline").queryAs(ToggleButton.class));
        waitUntil(() -> label(robot, two.ada, "#status-unsynced").equals("All edits synced"));
        robot.clickOn(robot.from(two.grace.root()).lookup("#work-offline").queryAs(ToggleButton.class));
        ListView<?> list = robot.from(two.grace.root()).lookup("#conflicts-list").queryAs(ListView.class);
        // The list, the toggle's count and the text reach the UI thread as separate tasks: wait for all three.
        waitUntil(() -> list.getItems().size() == 1
                && robot.from(two.grace.root()).lookup("#conflicts-toggle").queryAs(ToggleButton.class).getText().contains("1")
                && two.ada.text().equals(two.grace.text()));
        robot.clickOn(robot.from(list).lookup(".reapply").queryAs(Button.class));
        waitUntil(() -> list.getItems().isEmpty() && two.ada.text().contains("sleep") && two.ada.text().equals(two.grace.text()));
    }

    @Test
    void lines_a_peer_adds_above_the_viewport_do_not_scroll_the_view(FxRobot robot) throws Exception {
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < 300; i++) text.append("line ").append(i).append('\n');
        two.openShared(text.toString());
        robot.interact(() -> two.ada.area().showParagraphAtTop(150));
        // The visible paragraphs change at a layout pulse, which waitForFxEvents does not promise: poll for them.
        waitUntil(() -> two.ada.area().firstVisibleParToAllParIndex() > 100);
        int before = WaitForAsyncUtils.asyncFx(() -> two.ada.area().firstVisibleParToAllParIndex()).get();
        robot.interact(() -> two.grace.area().insertText(0, "new 1\nnew 2\nnew 3\n"));
        waitUntil(() -> two.ada.text().startsWith("new 1"));
        waitUntil(() -> two.ada.area().firstVisibleParToAllParIndex() == before + 3); // the same line stays at the top
        WaitForAsyncUtils.waitForFxEvents();
        assertEquals(before + 3, WaitForAsyncUtils.asyncFx(() -> two.ada.area().firstVisibleParToAllParIndex()).get(),
                "the same line stays at the top, and stays there");
    }

    @Test
    void a_peers_edit_in_a_large_document_is_highlighted_where_it_lands_and_far_paragraphs_once_scrolled_to(FxRobot robot)
            throws Exception {
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < 3000; i++) text.append("Paragraph ").append(i).append(" with *some* text.\n");
        two.openShared(text.toString());
        robot.interact(() -> two.ada.area().showParagraphAtTop(1000));
        int at = WaitForAsyncUtils.asyncFx(() -> two.ada.area().getAbsolutePosition(1005, 0)).get();
        robot.interact(() -> two.grace.area().insertText(at, "# "));
        waitUntil(() -> two.ada.area().getStyleOfChar(at + 4).contains("md-heading"));
        robot.interact(() -> two.grace.area().deleteText(at, at + 2));
        waitUntil(() -> two.ada.area().getStyleOfChar(at + 4).isEmpty());
        int em = WaitForAsyncUtils.asyncFx(() -> two.ada.area().getAbsolutePosition(2950, 21)).get();
        robot.interact(() -> two.ada.area().showParagraphAtTop(2940));
        waitUntil(() -> two.ada.area().getStyleOfChar(em).contains("md-em"));
    }

    private static String label(FxRobot robot, TwoEditors.Window w, String id) {
        return robot.from(w.root()).lookup(id).queryAs(Label.class).getText();
    }
}
