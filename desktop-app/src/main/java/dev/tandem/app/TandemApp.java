package dev.tandem.app;

import dev.tandem.app.connection.ConnectionSettings;
import dev.tandem.app.connection.Connections;
import dev.tandem.app.ui.MainWindow;
import dev.tandem.app.ui.WindowPlacement;
import dev.tandem.app.workspace.Workspace;
import dev.tandem.app.workspace.WorkspaceException;
import dev.tandem.engine.session.SystemTimer;
import dev.tandem.engine.store.SqliteDocumentStore;
import dev.tandem.engine.store.SqliteMetaStore;
import dev.tandem.engine.store.StoreException;
import dev.tandem.engine.store.StoreOptions;
import javafx.application.Application;
import javafx.application.Platform;
import javafx.scene.control.Alert;
import javafx.stage.Stage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * The JavaFX application: one window on the user's workspace (optionally importing a file first, see
 * {@link AppOptions}), or ({@code demo --relay URL --token T}) two windows with their own stores in temporary folders,
 * connected as Ada and Grace through that relay ({@code ./tandem demo} starts one on 127.0.0.1 and creates the token).
 *
 * <p>Concurrency: the FX thread renders; each workspace's engine runs on its own single thread; highlighting and
 * exports on a small background pool. All are shut down in {@link #stop()} after the stores are flushed.
 */
public final class TandemApp extends Application {

    private static final Logger LOG = LoggerFactory.getLogger(TandemApp.class);

    /** The demo's workspace on the relay (the token {@code ./tandem demo} creates is for it) and shared document. */
    static final String DEMO_WORKSPACE = "demo";
    static final String WELCOME_ID = "welcome";

    private final List<Workspace> workspaces = new ArrayList<>();
    private final List<ExecutorService> engines = new ArrayList<>();
    private final List<SystemTimer> timers = new ArrayList<>();
    private final List<MainWindow> windows = new ArrayList<>();
    private final List<Path> demoDirs = new ArrayList<>();
    private final ExecutorService background = Executors.newFixedThreadPool(2, r -> {
        Thread t = new Thread(r, "tandem-background");
        t.setDaemon(true);
        return t;
    });
    @Override
    public void start(Stage stage) {
        Connections.useRelay(Connections.RelayPlug.RELAY_CLIENT);
        AppOptions options;
        try {
            options = AppOptions.parse(getParameters().getRaw());
        } catch (AppOptions.UsageException e) {
            fail(options(), "tandem: " + e.getMessage(), e);
            return;
        }
        try {
            if (options.demo()) {
                if (options.relay().isEmpty() || options.token().isEmpty()) {
                    throw new IOException("the demo needs a relay: run ./tandem demo, which starts one and creates a token"
                            + " (or pass demo --relay URL --token TOKEN for workspace \"" + DEMO_WORKSPACE + "\")");
                }
                startDemo(stage, options.relay().get(), options.token().get());
            } else {
                // Read before anything else, so that an unreadable file is reported at once and nothing is created.
                String imported = null;
                if (options.open().isPresent()) {
                    try {
                        imported = readImport(options.open().get());
                    } catch (IOException e) {
                        fail(options, "tandem: " + e.getMessage(), null);
                        return;
                    }
                }
                startNormal(stage, options, imported);
            }
        } catch (WorkspaceException | StoreException | IOException | IllegalArgumentException e) {
            fail(options, "Tandem could not open its local data: " + e.getMessage(), e);
        }
    }

    /** The options as far as they can be read (for how to report a usage error: no dialog when headless). */
    private AppOptions options() {
        List<String> raw = getParameters().getRaw();
        return new AppOptions(false, null, null, null, raw.contains("--exit-after-open"), raw.contains("--headless"));
    }

    /**
     * Reports a failure to start and quits with status 1: in a dialog for a person at a screen, on stderr alone when
     * the app runs headless or unattended (a dialog would wait there for ever).
     */
    private static void fail(AppOptions options, String message, Throwable e) {
        if (e != null) LOG.error("could not start", e);
        exitStatus = 1;
        if (options.headless() || options.exitAfterOpen()) {
            System.err.println(message);
        } else {
            Alert a = new Alert(Alert.AlertType.ERROR, message);
            a.setHeaderText("Could not start");
            a.showAndWait();
        }
        Platform.exit();
    }

    /** 0 unless the app could not start or open what it was asked to (read by {@link Launcher} after JavaFX exits). */
    static int exitStatus() {
        return exitStatus;
    }

    private static volatile int exitStatus;

    private void startNormal(Stage stage, AppOptions options, String imported)
            throws WorkspaceException, StoreException, IOException {
        Path data = AppPaths.dataDir(System.getenv(), System.getProperty("user.home"));
        Path config = AppPaths.configDir(System.getenv(), System.getProperty("user.home"));
        Files.createDirectories(data);
        Settings settings = Settings.load(config.resolve("settings.properties"));
        Workspace ws = workspace(data.resolve("tandem.db"));
        MainWindow w = new MainWindow(stage, ws, settings, background, System.getProperty("user.name", "me"));
        windows.add(w);
        stage.show();
        ws.reconnectAtStart(); // the relay of the last session, unless its user chose to work offline
        if (imported != null) {
            String title = AppOptions.titleOf(options.open().get());
            ws.create(title, imported)
                    .thenComposeAsync(w::open, Platform::runLater)
                    .whenComplete((v, e) -> {
                        if (e == null) opened(w, options);
                        else Platform.runLater(() -> fail(options,
                                "Tandem could not import " + options.open().get() + ": " + e.getMessage(), e));
                    });
            return;
        }
        ws.refreshDocuments().thenRun(() -> {
            if (ws.documents().isEmpty()) {
                ws.create("Welcome", Welcome.TEXT).thenRun(() -> Platform.runLater(() -> w.start().thenRun(() -> opened(w, options))));
            } else {
                w.start().thenRun(() -> opened(w, options));
            }
        });
    }

    private static String readImport(Path file) throws IOException {
        try {
            return Files.readString(file, java.nio.charset.StandardCharsets.UTF_8);
        } catch (java.nio.charset.MalformedInputException e) {
            throw new IOException("cannot open " + file + ": it is not UTF-8 text", e);
        } catch (java.nio.file.NoSuchFileException e) {
            throw new IOException("cannot open " + file + ": no such file", e);
        } catch (IOException e) {
            throw new IOException("cannot open " + file + ": " + e.getMessage(), e);
        }
    }

    /** The first document is editable: say so on stdout (scripts and the installer's test read it), quit if asked. */
    private void opened(MainWindow w, AppOptions options) {
        logReady();
        Platform.runLater(() -> {
            if (w.currentEditor() != null) {
                String id = w.currentEditor().model().docId();
                System.out.println("tandem: opened \"" + w.workspace().title(id).orElse("Untitled") + "\" ("
                        + w.currentEditor().area().getLength() + " characters)");
            } else {
                System.out.println("tandem: no document to open");
            }
            System.out.flush();
            if (options.exitAfterOpen()) {
                w.saveWindow();
                Platform.exit();
            }
        });
    }

    private void startDemo(Stage first, String relayUrl, String token) throws WorkspaceException, StoreException, IOException {
        String[][] people = {{"Ada", "#d6336c"}, {"Grace", "#1c7ed6"}};
        for (int i = 0; i < 2; i++) {
            Path dir = Files.createTempDirectory("tandem-demo-" + people[i][0].toLowerCase(java.util.Locale.ROOT) + "-");
            demoDirs.add(dir);
            Workspace ws = workspace(dir.resolve("tandem.db"));
            Stage stage = i == 0 ? first : new Stage();
            Settings settings = Settings.load(null);
            javafx.geometry.Rectangle2D place = WindowPlacement.sideBySide(
                    javafx.stage.Screen.getPrimary().getVisualBounds(), i, people.length, 820, 640);
            settings.put("window.width", place.getWidth());
            settings.put("window.height", place.getHeight());
            MainWindow w = new MainWindow(stage, ws, settings, background, people[i][0]);
            windows.add(w);
            stage.setTitle("Tandem demo — " + people[i][0] + " (store: " + dir + ")");
            stage.setX(place.getMinX());
            stage.setY(place.getMinY());
            stage.show();
            String text = i == 0 ? Welcome.DEMO_TEXT : "";
            ConnectionSettings s = new ConnectionSettings(relayUrl, DEMO_WORKSPACE, token, people[i][0], people[i][1]);
            ws.create(WELCOME_ID, "Welcome to the demo", text)
                    .thenRun(() -> Platform.runLater(() -> {
                        ws.connect(s);
                        w.start();
                    }));
        }
    }

    private static void logReady() {
        long sinceJvmStart = System.currentTimeMillis() - java.lang.management.ManagementFactory.getRuntimeMXBean().getStartTime();
        LOG.info("editable {} ms after the JVM started", sinceJvmStart);
    }

    private Workspace workspace(Path db) throws WorkspaceException, StoreException {
        ExecutorService engine = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "tandem-engine");
            t.setDaemon(true);
            return t;
        });
        SystemTimer timer = new SystemTimer();
        engines.add(engine);
        timers.add(timer);
        SqliteDocumentStore store = SqliteDocumentStore.open(db, StoreOptions.defaults());
        SqliteMetaStore meta;
        try {
            meta = SqliteMetaStore.open(db, StoreOptions.defaults()); // the same file: documents and their metadata
        } catch (StoreException e) {
            store.close();
            throw e;
        }
        Workspace ws = new Workspace(store, meta, engine, timer, Platform::runLater);
        workspaces.add(ws);
        return ws;
    }

    /** Saves window state, flushes and closes every workspace (nothing typed is lost), then stops the threads. */
    @Override
    public void stop() {
        for (MainWindow w : windows) w.saveWindow();
        for (Workspace ws : workspaces) ws.close();
        for (SystemTimer t : timers) t.close();
        for (ExecutorService e : engines) e.shutdown();
        background.shutdownNow();
        for (Path dir : demoDirs) deleteTree(dir);
    }

    /** Removes a demo store's temporary folder (best effort: the demo's data is throwaway). */
    private static void deleteTree(Path dir) {
        try (java.util.stream.Stream<Path> files = Files.walk(dir)) {
            files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> {
                try {
                    Files.deleteIfExists(p);
                } catch (IOException e) {
                    LOG.debug("could not delete {}: {}", p, e.getMessage());
                }
            });
        } catch (IOException e) {
            LOG.debug("could not delete {}: {}", dir, e.getMessage());
        }
    }
}
