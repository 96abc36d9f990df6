package dev.tandem.app.ui;

import dev.tandem.app.Settings;
import dev.tandem.app.connection.ConnectionSettings;
import dev.tandem.app.connection.InProcessHub;
import dev.tandem.app.workspace.Workspace;
import dev.tandem.engine.session.SystemTimer;
import dev.tandem.engine.store.MemoryDocumentStore;
import javafx.scene.Node;
import javafx.stage.Stage;
import org.fxmisc.richtext.CodeArea;
import org.testfx.util.WaitForAsyncUtils;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import static dev.tandem.app.TestWaits.WAIT_SECONDS;

/**
 * Two editor windows in one JVM, each with its own store and engine, connected through an in-process hub or (with
 * {@link #TwoEditors(Stage, String, String, String)}) a relay; or Ada's window alone ({@link #adaAlone}), whose peer is
 * in another process.
 */
final class TwoEditors implements AutoCloseable {

    static final String DOC = "shared";

    final InProcessHub hub;
    final String url;
    final String workspace;
    final String token;
    final List<ExecutorService> executors = new ArrayList<>();
    final List<SystemTimer> timers = new ArrayList<>();
    final ExecutorService background = Executors.newFixedThreadPool(2);
    /** Both windows' UI executor: posts to the FX thread, and times the tasks once started (UiPerformanceIT). */
    final FxWorkMeter fx = new FxWorkMeter();
    final Window ada;
    /** Null when Ada is alone. */
    final Window grace;

    final class Window {
        final Workspace ws;
        final MainWindow main;
        final ConnectionSettings settings;

        Window(Stage stage, String name, String colour, double x) throws Exception {
            ExecutorService engine = Executors.newSingleThreadExecutor();
            SystemTimer timer = new SystemTimer();
            executors.add(engine);
            timers.add(timer);
            ws = new Workspace(new MemoryDocumentStore(), engine, timer, fx);
            Settings s = Settings.load(null);
            s.put("window.width", 620);
            s.put("window.height", 560);
            main = new MainWindow(stage, ws, s, background, name);
            stage.setX(x);
            stage.setY(0);
            stage.show();
            settings = new ConnectionSettings(url, workspace, token, name, colour);
        }

        CodeArea area() { return main.currentEditor().area(); }

        Node root() { return main.root(); }

        String text() { return area().getText(); }
    }

    /** Call on the FX thread (from a TestFX @Start method). */
    TwoEditors(Stage first) throws Exception {
        this(first, InProcessHub.start("ui-" + UUID.randomUUID().toString().substring(0, 8), "token"), null, "test", "token");
    }

    /** Call on the FX thread: two windows that connect to this relay URL, workspace and token. */
    TwoEditors(Stage first, String url, String workspace, String token) throws Exception {
        this(first, null, url, workspace, token);
    }

    /** Call on the FX thread: Ada's window alone, to connect to this relay URL, workspace and token. */
    static TwoEditors adaAlone(Stage stage, String url, String workspace, String token) throws Exception {
        return new TwoEditors(stage, null, url, workspace, token, false);
    }

    private TwoEditors(Stage first, InProcessHub hub, String url, String workspace, String token) throws Exception {
        this(first, hub, url, workspace, token, true);
    }

    private TwoEditors(Stage first, InProcessHub hub, String url, String workspace, String token, boolean withGrace)
            throws Exception {
        this.hub = hub;
        this.url = hub != null ? hub.url() : url;
        this.workspace = workspace;
        this.token = token;
        ada = new Window(first, "Ada", "#d6336c", 0);
        grace = withGrace ? new Window(new Stage(), "Grace", "#1c7ed6", 640) : null;
    }

    private List<Window> windows() {
        return grace == null ? List.of(ada) : List.of(ada, grace);
    }

    /** Creates the shared document in both, connects both, opens it; waits until both are editable and joined. */
    void openShared(String initialText) throws Exception {
        ada.ws.create(DOC, "Shared", initialText).get(WAIT_SECONDS, TimeUnit.SECONDS);
        grace.ws.create(DOC, "Shared", "").get(WAIT_SECONDS, TimeUnit.SECONDS);
        for (Window w : List.of(ada, grace)) {
            WaitForAsyncUtils.asyncFx(() -> w.ws.connect(w.settings)).get(WAIT_SECONDS, TimeUnit.SECONDS);
            WaitForAsyncUtils.asyncFx(() -> w.main.open(DOC)).get(WAIT_SECONDS, TimeUnit.SECONDS).get(WAIT_SECONDS, TimeUnit.SECONDS);
        }
        waitUntil(() -> ada.text().equals(initialText) && grace.text().equals(initialText));
    }

    static void waitUntil(Callable<Boolean> condition) throws Exception {
        WaitForAsyncUtils.waitFor(WAIT_SECONDS, TimeUnit.SECONDS, () -> {
            WaitForAsyncUtils.waitForFxEvents();
            return WaitForAsyncUtils.asyncFx(condition).get();
        });
    }

    @Override
    public void close() {
        for (Window w : windows()) w.ws.close();
        if (hub != null) hub.close();
        timers.forEach(SystemTimer::close);
        executors.forEach(ExecutorService::shutdownNow);
        background.shutdownNow();
    }
}
