package dev.tandem.engine.store;

import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class StoreOptionsTest {

    @Test
    void defaults_are_the_named_constants() {
        StoreOptions o = StoreOptions.defaults();
        assertEquals(StoreOptions.DEFAULT_SYNCHRONOUS, o.synchronous());
        assertEquals(StoreOptions.DEFAULT_BUSY_TIMEOUT, o.busyTimeout());
        assertEquals(StoreOptions.Synchronous.NORMAL, o.synchronous());
    }

    @Test
    void a_negative_busy_timeout_is_refused_with_its_value() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> StoreOptions.defaults().withBusyTimeout(Duration.ofMillis(-1)));
        assertTrue(e.getMessage().contains("PT-0.001S"), e.getMessage());
    }

    @Test
    void a_busy_timeout_beyond_an_int_of_milliseconds_is_refused() {
        assertThrows(IllegalArgumentException.class,
                () -> StoreOptions.defaults().withBusyTimeout(Duration.ofDays(30)));
    }

    @Test
    void nulls_are_refused() {
        assertThrows(NullPointerException.class, () -> new StoreOptions(null, Duration.ZERO));
        assertThrows(NullPointerException.class, () -> new StoreOptions(StoreOptions.Synchronous.FULL, null));
    }
}
