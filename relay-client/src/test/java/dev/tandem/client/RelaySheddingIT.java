package dev.tandem.client;

import dev.tandem.relay.Relay;
import dev.tandem.relay.RelayConfig;
import dev.tandem.relay.TokenStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A relay short of memory closes its newest connections and refuses new ones for a while, instead of running out
 * (decision 0023). Its clients are told to come back (1013), not refused for good; they keep typing offline, and once
 * the relay takes them again nothing they or the others typed is lost. The real relay, real clients, real SQLite.
 */
class RelaySheddingIT {

    @TempDir Path dir;
    Relay relay;
    String token;
    final List<TestClient> clients = new ArrayList<>();

    @BeforeEach
    void start() throws Exception {
        RelayConfig config = RelayConfig.defaults(dir.resolve("relay"));
        try (TokenStore t = TokenStore.open(config.dataDir())) {
            token = t.create("team", false);
        }
        relay = Relay.start(config);
    }

    @AfterEach
    void stop() throws Exception {
        for (TestClient c : clients) c.close();
        if (relay != null) relay.close();
    }

    private TestClient client(String id) throws Exception {
        TestClient c = new TestClient(dir, id);
        clients.add(c);
        return c.connect(URI.create(relay.url()), token);
    }

    private long metric(String name) {
        HttpResponse<String> r;
        try {
            r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                    URI.create("http://127.0.0.1:" + relay.port() + "/metrics")).build(), HttpResponse.BodyHandlers.ofString());
        } catch (java.io.IOException | InterruptedException e) {
            throw new AssertionError("GET /metrics: " + e, e);
        }
        for (String line : r.body().split("\n")) {
            if (line.startsWith(name + " ")) return Long.parseLong(line.substring(name.length() + 1).trim());
        }
        throw new AssertionError("no metric " + name + " in\n" + r.body());
    }

    @Test
    void short_of_memory_the_newest_connection_is_closed_new_ones_wait_and_nothing_typed_is_lost() throws Exception {
        TestClient older = client("older");
        older.session.open("plan").join();
        Await.until("older online", older::online);
        older.insertAtStart("plan", "Agenda.\n");
        Await.until("older synced", () -> older.unacknowledged() == 0);
        TestClient newer = client("newer");
        newer.session.open("plan").join();
        Await.until("newer has the agenda", () -> newer.text("plan").equals("Agenda.\n"));

        relay.heapReading(0.90); // two open: a tenth, rounded up, is one, the newest
        Await.until("the newer connection is closed", () -> !newer.online());
        assertTrue(older.online(), "the older one stays");
        newer.session.edit("plan", 8, 0, "Budget.\n"); // typed while out
        older.session.edit("plan", 0, 0, "# Monday\n");
        Await.until("its reconnection is refused too", () -> metric("tandem_relay_shed_connections_total") >= 2);
        assertFalse(newer.online());
        assertNotEquals(RelayConnection.State.REFUSED, newer.state(), "told to come back later, not refused for good");
        assertEquals(1, metric("tandem_relay_shedding"));

        // Readings stay low for the hold (ten seconds): the relay takes it again.
        Await.until("newer back online", Duration.ofSeconds(60), () -> {
            relay.heapReading(0.30);
            return newer.online();
        });
        Await.until("both hold the same text, acknowledged",
                () -> newer.unacknowledged() == 0 && older.unacknowledged() == 0 && newer.text("plan").equals(older.text("plan")));
        assertEquals("# Monday\nAgenda.\nBudget.\n", older.text("plan"));
        assertEquals(0, metric("tandem_relay_shedding"));
    }
}
