package dev.tandem.relay;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A relay that is stopping still answers handshakes for a moment (its HTTP server drains for up to 2 s). A client that
 * connects then must hear "come back later" (HTTP 503), not "your token is refused": a refused client gives up for good,
 * so every restart of the relay would leave some users offline until they reconnected by hand.
 */
class RelayStoppingTest {

    @TempDir Path dir;

    @Test
    void a_valid_token_is_not_refused_while_the_relay_stops_it_is_told_to_come_back() throws Exception {
        Path data = dir.resolve("relay");
        String token;
        try (TokenStore t = TokenStore.open(data)) {
            token = t.create("team", false);
        }
        Relay relay = Relay.start(RelayConfig.defaults(data));
        assertTrue(relay.authenticate(token).isPresent());
        relay.close();
        RelayUnavailableException e = assertThrows(RelayUnavailableException.class, () -> relay.authenticate(token));
        assertTrue(e.getMessage().contains("reconnect later"), e.getMessage());
    }
}
