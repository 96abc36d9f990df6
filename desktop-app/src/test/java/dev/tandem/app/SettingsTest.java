package dev.tandem.app;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import static org.junit.jupiter.api.Assertions.assertEquals;

class SettingsTest {

    @TempDir Path dir;

    @Test
    void a_debounced_save_after_the_app_stopped_is_skipped_not_thrown_on_the_fx_thread() {
        // Regression: --exit-after-open quit within the window-size debounce, and the late save threw
        // RejectedExecutionException on the FX thread because stop() had shut the pool down (after saving).
        Settings s = Settings.load(dir.resolve("settings.properties"));
        s.put("zoom", 1.5);
        s.save();
        ExecutorService io = Executors.newSingleThreadExecutor();
        io.shutdown();
        s.saveAsync(io);
        assertEquals(1.5, Settings.load(dir.resolve("settings.properties")).getDouble("zoom", 1.0));
    }
}
