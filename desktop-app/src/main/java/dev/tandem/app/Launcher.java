package dev.tandem.app;

import javafx.application.Application;

import java.util.List;

/**
 * The main class. It does not extend {@link Application}, so the app starts from a plain class path (JavaFX refuses
 * to launch an Application subclass as the main class when it is not on the module path). It checks the command line
 * ({@link AppOptions}) before JavaFX starts, so that a mistake is a message and exit code 2, not a window.
 *
 * <pre>
 *   java -cp ... dev.tandem.app.Launcher          the editor on this user's workspace
 *   java -cp ... dev.tandem.app.Launcher --open notes.md --exit-after-open --headless   import, show, quit (no display)
 *   java -cp ... dev.tandem.app.Launcher demo --relay URL --token T   two editors (Ada, Grace) with their own stores, via that relay
 * </pre>
 *
 * <p>Exit codes: 0 closed normally, 1 could not start or open the file, 2 a usage error.
 */
public final class Launcher {

    private Launcher() { }

    public static void main(String[] args) {
        List<String> list = List.of(args);
        if (AppOptions.wantsHelp(list)) {
            System.out.println(AppOptions.USAGE);
            return;
        }
        AppOptions options;
        try {
            options = AppOptions.parse(list);
        } catch (AppOptions.UsageException e) {
            System.err.println("tandem: " + e.getMessage());
            System.err.println(AppOptions.USAGE);
            System.exit(2);
            return;
        }
        if (options.headless()) headless();
        Application.launch(TandemApp.class, args);
        int status = TandemApp.exitStatus();
        if (status != 0) System.exit(status);
    }

    /**
     * JavaFX without a display: the Monocle glass platform (shipped with the app) in its headless mode, and the
     * software renderer. A property the user set on the command line wins.
     */
    private static void headless() {
        setIfAbsent("glass.platform", "Monocle");
        setIfAbsent("monocle.platform", "Headless");
        setIfAbsent("prism.order", "sw");
        setIfAbsent("java.awt.headless", "true");
    }

    private static void setIfAbsent(String key, String value) {
        if (System.getProperty(key) == null) System.setProperty(key, value);
    }
}
