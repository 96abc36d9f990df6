package dev.tandem.app;

import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;

class AppPathsTest {

    @Test
    void xdg_data_home_is_used_when_set() {
        assertEquals(Path.of("/x/data/tandem"), AppPaths.dataDir(Map.of("XDG_DATA_HOME", "/x/data"), "/home/u"));
    }

    @Test
    void without_xdg_the_data_goes_to_local_share() {
        assertEquals(Path.of("/home/u/.local/share/tandem"), AppPaths.dataDir(Map.of(), "/home/u"));
        assertEquals(Path.of("/home/u/.config/tandem"), AppPaths.configDir(Map.of(), "/home/u"));
    }

    @Test
    void a_relative_xdg_path_is_ignored_as_the_spec_says() {
        assertEquals(Path.of("/home/u/.config/tandem"), AppPaths.configDir(Map.of("XDG_CONFIG_HOME", "rel"), "/home/u"));
    }
}
