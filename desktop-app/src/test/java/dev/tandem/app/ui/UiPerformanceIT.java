package dev.tandem.app.ui;

import javafx.stage.Stage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.api.FxRobot;
import org.testfx.api.FxToolkit;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

import static dev.tandem.app.TestWaits.WAIT_SECONDS;
import static dev.tandem.app.ui.TwoEditors.waitUntil;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The target: while a peer types 20 edits/s into an open 100 KB document, sync work never blocks the UI thread
 * for more than 8 ms at a time; opening a 1 MB document. An integration test (Failsafe, in {@code mvn verify}): it
 * measures and prints the figures for the closing note; its bounds are loose because the build machine is shared.
 */
@ExtendWith(ApplicationExtension.class)
class UiPerformanceIT {

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

    private void peerTypes(int at, String text) throws InterruptedException {
        for (int i = 0; i < text.length(); i++) {
            int pos = at + i;
            String ch = String.valueOf(text.charAt(i));
            two.fx.execute(() -> two.grace.area().insertText(pos, ch)); // timed too: Grace's own typing
            Thread.sleep(50);
        }
    }

    /**
     * Prints what the issue asks for: how long each remote batch takes on the FX thread; the longest single task the
     * app ran there for sync work (remote batches, presence, status, highlighting results...: every task posted
     * through the workspace's UI executor, by the place that posted it); the longest pulse (CSS, layout and scene
     * sync of both windows); and the longest time a task posted every millisecond waited for the FX thread.
     */
    @Test
    void a_peer_typing_20_edits_per_second_into_100_kb_never_blocks_the_ui_thread_for_8_ms(FxRobot robot) throws Exception {
        StringBuilder text = new StringBuilder();
        for (int i = 0; text.length() < 100_000; i++) text.append("Paragraph ").append(i).append(" with *some* **markdown** text.\n");
        robot.interact(two.fx::installPulseListeners);
        two.openShared(text.toString());
        robot.interact(() -> two.ada.area().showParagraphAtTop(1000));
        WaitForAsyncUtils.waitForFxEvents();
        peerTypes(50_000, "warming up the JIT ");
        waitUntil(() -> two.ada.text().equals(two.grace.text()));
        int warm = two.ada.main.currentEditor().model().recentRemoteApplyNanos().size();
        two.fx.phase("typing");
        two.fx.start();
        // Into the paragraphs Ada is looking at (paragraph 1000 is at the top of her window).
        int at = WaitForAsyncUtils.asyncFx(() -> two.grace.area().getAbsolutePosition(1010, 10)).get();
        peerTypes(at, "typed by a peer at twenty edits a second, for two seconds");
        waitUntil(() -> two.ada.text().equals(two.grace.text()));
        two.fx.phase("fence");
        // And a change that restyles many paragraphs: a code fence closed 40 lines below its opening, on Ada's screen.
        int open = WaitForAsyncUtils.asyncFx(() -> two.grace.area().getAbsolutePosition(1003, 0)).get();
        robot.interact(() -> two.grace.area().insertText(open, "```\n"));
        Thread.sleep(200);
        int close = WaitForAsyncUtils.asyncFx(() -> two.grace.area().getAbsolutePosition(1043, 0)).get();
        robot.interact(() -> two.grace.area().insertText(close, "```\n"));
        waitUntil(() -> two.ada.area().getStyleOfChar(open + 20).contains("md-code-block"));
        Thread.sleep(300); // the last highlighting results
        WaitForAsyncUtils.waitForFxEvents();
        two.fx.stop();
        List<Long> all = two.ada.main.currentEditor().model().recentRemoteApplyNanos();
        List<Long> measured = new ArrayList<>(all.subList(warm, all.size()));
        Collections.sort(measured);
        long p50 = measured.get(measured.size() / 2);
        long p90 = measured.get(measured.size() * 9 / 10);
        long max = measured.get(measured.size() - 1);
        String report = WaitForAsyncUtils.asyncFx(two.fx::report).get();
        System.out.printf("remote batches %d: apply on the FX thread p50 %.2f ms, p90 %.2f ms, max %.2f ms; "
                + "longest FX stall seen by the probe %.2f ms%n%s", measured.size(), p50 / 1e6, p90 / 1e6, max / 1e6,
                two.fx.longestProbeWaitNanos() / 1e6, report);
        // Figures are printed, never asserted (a timed assertion fails on a busy machine, not on slow code); what is
        // asserted is that every remote batch was applied and measured.
        assertTrue(measured.size() > 0, "no remote batch was applied");
    }

    @Test
    void opening_a_1_mb_document_is_quick(FxRobot robot) throws Exception {
        StringBuilder text = new StringBuilder();
        for (int i = 0; text.length() < 1_000_000; i++) text.append("Line ").append(i).append(" of a *large* document.\n");
        String id = two.ada.ws.create("Big", text.toString()).get(WAIT_SECONDS, java.util.concurrent.TimeUnit.SECONDS);
        long start = System.nanoTime();
        WaitForAsyncUtils.asyncFx(() -> two.ada.main.open(id)).get().get(WAIT_SECONDS, java.util.concurrent.TimeUnit.SECONDS);
        long ms = (System.nanoTime() - start) / 1_000_000;
        System.out.printf("opening a %d-char document: %d ms until editable%n", text.length(), ms);
        assertTrue(two.ada.text().length() == text.length(), "the whole document is in the editor");
    }
}
