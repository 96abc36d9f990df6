package dev.tandem.relay;

import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.function.Function;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RelayConfigTest {

    private final RelayConfig defaults = RelayConfig.defaults(Path.of("data"));

    @Test
    void defaults_are_safe_loopback_any_port_and_named() {
        assertEquals("127.0.0.1", defaults.bind());
        assertEquals(0, defaults.port());
        assertEquals(RelayConfig.DEFAULT_MAX_MESSAGE_BYTES, defaults.maxMessageBytes());
        assertEquals(RelayConfig.DEFAULT_CONNECTIONS_PER_TOKEN, defaults.connectionsPerToken());
        assertEquals("ws", defaults.scheme());
    }

    @Test
    void out_of_range_values_are_refused_with_the_field_named() {
        List<Function<RelayConfig, RelayConfig>> bad = List.of(
                c -> c.withPort(-1), c -> c.withPort(70_000), c -> c.withBind(" "), c -> c.withMaxMessageBytes(10),
                c -> c.withMaxDocumentChars(0), c -> c.withMessagesPerSecond(0), c -> c.withConnectionsPerToken(0),
                c -> c.withIdleTimeoutMillis(5));
        for (Function<RelayConfig, RelayConfig> f : bad) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> f.apply(defaults));
            assertTrue(e.getMessage().matches("^[a-zA-Z]+ .*"), e.getMessage());
        }
    }

    @Test
    void tls_makes_wss_and_never_prints_the_password() {
        RelayConfig c = defaults.withTls(new RelayConfig.Tls(Path.of("k.p12"), "hunter2".toCharArray()));
        assertEquals("wss", c.scheme());
        assertFalse(c.toString().contains("hunter2"), c.toString());
    }
}
