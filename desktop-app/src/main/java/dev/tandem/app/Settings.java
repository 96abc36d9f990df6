package dev.tandem.app;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.Reader;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Properties;

/**
 * The app's small preferences file ({@code settings.properties} in the config dir): window size, last open document,
 * theme, font, wrap, line numbers, zoom, and the last connection (without the token, which the user re-enters or
 * pastes with the invite link). Written atomically (temp file + move); a broken file means defaults.
 *
 * <p>Concurrency: FX thread only.
 */
public final class Settings {

    private static final Logger LOG = LoggerFactory.getLogger(Settings.class);

    private final Path file;
    private final Properties p = new Properties();

    private Settings(Path file) {
        this.file = file;
    }

    /** Loads the settings (defaults if the file is missing or unreadable). {@code file} null: in memory only. */
    public static Settings load(Path file) {
        Settings s = new Settings(file);
        if (file != null && Files.isRegularFile(file)) {
            try (Reader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
                s.p.load(r);
            } catch (IOException | IllegalArgumentException e) {
                LOG.warn("ignoring unreadable settings {}: {}", file, e.getMessage());
            }
        }
        return s;
    }

    public String get(String key, String def) { return p.getProperty(key, def); }

    public double getDouble(String key, double def) {
        try {
            return Double.parseDouble(p.getProperty(key, Double.toString(def)));
        } catch (NumberFormatException e) {
            return def;
        }
    }

    public boolean getBoolean(String key, boolean def) {
        return Boolean.parseBoolean(p.getProperty(key, Boolean.toString(def)));
    }

    public void put(String key, Object value) {
        if (value == null) p.remove(key);
        else p.setProperty(key, value.toString());
    }

    /** Writes the current values on {@code io} (the FX thread only takes a copy). */
    public void saveAsync(java.util.concurrent.Executor io) {
        if (file == null) return;
        Properties copy = new Properties();
        copy.putAll(p);
        try {
            io.execute(() -> write(copy));
        } catch (java.util.concurrent.RejectedExecutionException e) {
            // The app is stopping (a debounced save fired after stop() shut the pool down): stop() saved already.
            LOG.debug("settings not saved asynchronously: the app is stopping");
        }
    }

    public void save() {
        if (file == null) return;
        write(p);
    }

    private synchronized void write(Properties values) {
        try {
            Files.createDirectories(file.getParent());
            Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
            try (Writer w = Files.newBufferedWriter(tmp, StandardCharsets.UTF_8)) {
                values.store(w, "Tandem settings");
            }
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            LOG.warn("could not save settings to {}: {}", file, e.getMessage());
        }
    }
}
