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

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static dev.tandem.app.TestWaits.WAIT_SECONDS;
import static dev.tandem.app.ui.TwoEditors.waitUntil;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * The target: while a peer types 20 edits/s into an open 100 KB document, sync work never blocks the UI thread
 * for more than 8 ms at a time; opening a 1 MB document. An integration test (Failsafe, in {@code mvn verify}): it
 * measures and prints the figures for the closing note; its bounds are loose because the build machine is shared.
 *
 * <p>Ada's window is alone in this JVM. The peer and the relay run in another process ({@link RemotePeer}), as they do
 * in use: on another machine and a server. (Decision 0009 has the figures of both set-ups.)
 */
@ExtendWith(ApplicationExtension.class)
class UiPerformanceIT {

    /** How long the peer types before the measurement (20 edits/s); see the test. */
    private static final int WARM_UP_SECONDS = Integer.getInteger("tandem.ui.warmUpSeconds", 60);

    private Path dir;
    private Process peerProcess;
    private BufferedReader fromPeer;
    private PrintStream toPeer;
    private TwoEditors two;

    @Start
    void start(Stage stage) throws Exception {
        dir = Files.createTempDirectory("tandem-ui-perf-");
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        // Logback's start-up report would go to stdout, the peer's answers.
        peerProcess = new ProcessBuilder(java, "-Dlogback.statusListenerClass=ch.qos.logback.core.status.NopStatusListener",
                "-cp", System.getProperty("java.class.path"), RemotePeer.class.getName(), dir.toString())
                .redirectError(dir.resolve("peer.err").toFile())
                .start();
        fromPeer = new BufferedReader(new InputStreamReader(peerProcess.getInputStream(), StandardCharsets.UTF_8));
        toPeer = new PrintStream(peerProcess.getOutputStream(), true, StandardCharsets.UTF_8);
        String[] relay = expect("relay").split(" ");
        two = TwoEditors.adaAlone(stage, relay[1], relay[2], relay[3]);
    }

    @AfterEach
    void tearDown() throws Exception {
        two.close();
        toPeer.println("quit");
        if (!peerProcess.waitFor(WAIT_SECONDS, TimeUnit.SECONDS)) peerProcess.destroyForcibly();
        FxToolkit.cleanupStages();
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }

    /** Sends a command to the peer and returns its answer, which must start with {@code answer}. */
    private String tellPeer(String command, String answer) throws Exception {
        toPeer.println(command);
        // Typing takes 50 ms a character before the answer comes.
        return expect(answer, command.startsWith("type ") ? command.length() / 20 : 0);
    }

    private String expect(String answer) throws Exception {
        return expect(answer, 0);
    }

    private String expect(String answer, long moreSeconds) throws Exception {
        String line = CompletableFuture.supplyAsync(() -> {
            try {
                return fromPeer.readLine();
            } catch (java.io.IOException e) {
                return null;
            }
        }).get(WAIT_SECONDS + moreSeconds, TimeUnit.SECONDS);
        if (line == null || !line.startsWith(answer)) {
            fail("the peer answered " + line + " instead of " + answer + "; its log:\n" + Files.readString(dir.resolve("peer.err")));
        }
        return line;
    }

    /** Waits until Ada's text is the peer's (same length and hash). */
    private void converged() throws Exception {
        String[] peer = tellPeer("text", "text").split(" ");
        waitUntil(() -> two.ada.text().length() == Integer.parseInt(peer[1])
                && two.ada.text().hashCode() == Integer.parseInt(peer[2]));
        assertEquals(peer[1] + " " + peer[2], tellPeer("text", "text").substring("text ".length()), "the peer's text moved on its own");
    }

    private int adaPosition(int paragraph, int column) throws Exception {
        return WaitForAsyncUtils.asyncFx(() -> two.ada.area().getAbsolutePosition(paragraph, column)).get();
    }

    /** Opens the 100 KB document in Ada's window, connected; the peer has it too when this returns. */
    private String openShared() throws Exception {
        StringBuilder text = new StringBuilder();
        for (int i = 0; text.length() < 100_000; i++) text.append("Paragraph ").append(i).append(" with *some* **markdown** text.\n");
        two.ada.ws.create(TwoEditors.DOC, "Shared", text.toString()).get(WAIT_SECONDS, TimeUnit.SECONDS);
        WaitForAsyncUtils.asyncFx(() -> two.ada.ws.connect(two.ada.settings)).get(WAIT_SECONDS, TimeUnit.SECONDS);
        WaitForAsyncUtils.asyncFx(() -> two.ada.main.open(TwoEditors.DOC)).get(WAIT_SECONDS, TimeUnit.SECONDS)
                .get(WAIT_SECONDS, TimeUnit.SECONDS);
        tellPeer("open " + TwoEditors.DOC + " " + text.length(), "ready");
        return text.toString();
    }

    /**
     * Prints what the issue asks for: how long each remote batch takes on the FX thread; the longest single task the
     * app ran there for sync work (remote batches, presence, status, highlighting results...: every task posted
     * through the workspace's UI executor, by the place that posted it); the longest pulse (CSS, layout and scene
     * sync of the window); and the longest time a task posted every millisecond waited for the FX thread.
     */
    @Test
    void a_peer_typing_20_edits_per_second_into_100_kb_never_blocks_the_ui_thread_for_8_ms(FxRobot robot) throws Exception {
        robot.interact(two.fx::installPulseListeners);
        openShared();
        robot.interact(() -> two.ada.area().showParagraphAtTop(1000));
        WaitForAsyncUtils.waitForFxEvents();
        // A minute of the same typing first (WARM_UP_SECONDS), on Ada's screen too (paragraph 1020): a user's app has
        // been running for a while when a peer starts typing. Without it the JIT compilers took most of a core
        // throughout the measured seconds, compiling the paths of a visible change (RichTextFX, layout, text
        // rendering): a 1 s warm-up typed off screen left 2.3 s of compilation in the 3.5 s measured, a 10 s one on
        // screen 1.3-1.8 s (decision 0009).
        tellPeer("type " + adaPosition(1020, 0) + " " + "warming up the JIT compilers, ".repeat(WARM_UP_SECONDS * 20 / 30), "typed");
        converged();
        long warm = two.ada.main.currentEditor().model().remoteBatchesApplied();
        two.fx.phase("typing");
        two.fx.start();
        // Into the paragraphs Ada is looking at (paragraph 1000 is at the top of her window).
        tellPeer("type " + adaPosition(1010, 10) + " typed by a peer at twenty edits a second, for two seconds", "typed");
        converged();
        two.fx.phase("fence");
        // And a change that restyles many paragraphs: a code fence closed 40 lines below its opening, on Ada's screen.
        int open = adaPosition(1003, 0);
        tellPeer("insert " + open + " ```\\n", "inserted");
        converged();
        tellPeer("insert " + adaPosition(1043, 0) + " ```\\n", "inserted");
        waitUntil(() -> two.ada.area().getStyleOfChar(open + 20).contains("md-code-block"));
        Thread.sleep(300); // the last highlighting results
        WaitForAsyncUtils.waitForFxEvents();
        two.fx.stop();
        converged();
        List<Long> all = two.ada.main.currentEditor().model().recentRemoteApplyNanos();
        int count = (int) (two.ada.main.currentEditor().model().remoteBatchesApplied() - warm);
        assertTrue(count <= all.size(), "more batches than the view-model keeps: " + count);
        List<Long> measured = new ArrayList<>(all.subList(all.size() - count, all.size()));
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
        // Three documents of 1 MB, opened one after the other: the first open in this young JVM also loads and compiles
        // the code of opening (the bench measures the same at a cold start: decision 0014); the others are an app
        // in use. Opening means: until the whole text is in the editor and it takes keys.
        for (int doc = 1; doc <= 3; doc++) {
            StringBuilder text = new StringBuilder();
            for (int i = 0; text.length() < 1_000_000; i++) {
                text.append("Line ").append(i).append(" of large document ").append(doc).append(", *with* emphasis.\n");
            }
            String id = two.ada.ws.create("Big " + doc, text.toString()).get(WAIT_SECONDS, TimeUnit.SECONDS);
            long start = System.nanoTime();
            WaitForAsyncUtils.asyncFx(() -> two.ada.main.open(id)).get().get(WAIT_SECONDS, TimeUnit.SECONDS);
            long ms = (System.nanoTime() - start) / 1_000_000;
            System.out.printf("opening a %d-char document (%d of 3): %d ms until editable%n", text.length(), doc, ms);
            assertEquals(text.length(), two.ada.text().length(), "the whole document is in the editor");
            assertTrue(WaitForAsyncUtils.asyncFx(() -> two.ada.area().isEditable()).get(), "editable");
        }
    }
}
