package dev.tandem.app;

import java.nio.file.Path;
import java.util.Map;

/** Where the app keeps its files on Linux (XDG base directories), with the documented fallbacks. */
public final class AppPaths {

    private AppPaths() { }

    /** {@code $XDG_DATA_HOME/tandem}, else {@code ~/.local/share/tandem}: the local store. */
    public static Path dataDir(Map<String, String> env, String home) {
        return base(env.get("XDG_DATA_HOME"), Path.of(home, ".local", "share")).resolve("tandem");
    }

    /** {@code $XDG_CONFIG_HOME/tandem}, else {@code ~/.config/tandem}: window size, last document, preferences. */
    public static Path configDir(Map<String, String> env, String home) {
        return base(env.get("XDG_CONFIG_HOME"), Path.of(home, ".config")).resolve("tandem");
    }

    private static Path base(String value, Path fallback) {
        // The spec says a relative path in these variables is invalid and must be ignored.
        if (value == null || value.isBlank() || !Path.of(value).isAbsolute()) return fallback;
        return Path.of(value);
    }
}
