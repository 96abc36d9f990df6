package dev.tandem.app;

import javafx.application.Application;

/**
 * The main class. It does not extend {@link Application}, so the app starts from a plain class path (JavaFX refuses
 * to launch an Application subclass as the main class when it is not on the module path).
 *
 * <pre>
 *   java -cp ... dev.tandem.app.Launcher          the editor on this user's workspace
 *   java -cp ... dev.tandem.app.Launcher demo --relay URL --token T   two editors (Ada, Grace) with their own stores, via that relay
 * </pre>
 */
public final class Launcher {

    private Launcher() { }

    public static void main(String[] args) {
        Application.launch(TandemApp.class, args);
    }
}
