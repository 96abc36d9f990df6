package dev.tandem.app;

import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class AppOptionsTest {

    @Test
    void no_options_open_the_workspace_with_a_display() throws Exception {
        AppOptions o = AppOptions.parse(List.of());
        assertFalse(o.demo());
        assertFalse(o.headless());
        assertFalse(o.exitAfterOpen());
        assertEquals(Optional.empty(), o.open());
    }

    @Test
    void open_exit_after_open_and_headless_are_read_in_any_order() throws Exception {
        AppOptions o = AppOptions.parse(List.of("--headless", "--open", "notes/plan.md", "--exit-after-open"));
        assertEquals(Optional.of(Path.of("notes/plan.md")), o.open());
        assertTrue(o.exitAfterOpen());
        assertTrue(o.headless());
    }

    @Test
    void the_demo_takes_its_relay_and_token() throws Exception {
        AppOptions o = AppOptions.parse(List.of("demo", "--relay", "ws://127.0.0.1:1/sync", "--token", "t"));
        assertTrue(o.demo());
        assertEquals(Optional.of("ws://127.0.0.1:1/sync"), o.relay());
        assertEquals(Optional.of("t"), o.token());
    }

    @Test
    void an_unknown_option_or_a_missing_value_is_a_usage_error_that_names_it() {
        assertTrue(assertThrows(AppOptions.UsageException.class, () -> AppOptions.parse(List.of("--opn", "x")))
                .getMessage().contains("--opn"));
        assertTrue(assertThrows(AppOptions.UsageException.class, () -> AppOptions.parse(List.of("--open")))
                .getMessage().contains("--open needs a value"));
        assertThrows(AppOptions.UsageException.class, () -> AppOptions.parse(List.of("--open", "--headless")));
        assertThrows(AppOptions.UsageException.class, () -> AppOptions.parse(List.of("--relay", "ws://x")));
    }

    @Test
    void an_imported_file_is_titled_after_its_name_without_the_extension() {
        assertEquals("plan", AppOptions.titleOf(Path.of("/home/u/plan.md")));
        assertEquals("notes.v2", AppOptions.titleOf(Path.of("notes.v2.txt")));
        assertEquals(".profile", AppOptions.titleOf(Path.of(".profile")));
        assertEquals("README", AppOptions.titleOf(Path.of("README")));
    }

    @Test
    void help_is_recognised() {
        assertTrue(AppOptions.wantsHelp(List.of("--help")));
        assertFalse(AppOptions.wantsHelp(List.of("--open", "x")));
    }
}
