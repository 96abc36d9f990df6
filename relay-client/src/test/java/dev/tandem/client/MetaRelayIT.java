package dev.tandem.client;

import dev.tandem.engine.meta.MetaRecord;
import dev.tandem.engine.session.MetaSession;
import dev.tandem.relay.Relay;
import dev.tandem.relay.RelayConfig;
import dev.tandem.relay.TokenStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The metadata protocol through a real relay (Tyrus, SQLite in a temp folder) on 127.0.0.1 with an OS-chosen port, with
 * real clients (JDK WebSocket, SQLite stores): renames reaching peers, tombstones sparing text, restarts, refusals.
 */
class MetaRelayIT {

    @TempDir Path dir;
    private RelayConfig config;
    private Relay relay;
    private String token;
    private final List<TestClient> clients = new ArrayList<>();

    @BeforeEach
    void start() throws Exception {
        config = RelayConfig.defaults(dir.resolve("relay"));
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
        return client(id, MetaSession.Options.DEFAULTS);
    }

    private TestClient client(String id, MetaSession.Options options) throws Exception {
        TestClient c = new TestClient(dir, id).withMeta(options).connect(URI.create(relay.url()), token);
        clients.add(c);
        Await.until(id + " online", c::online);
        return c;
    }

    @Test
    void a_rename_reaches_another_machine_by_push_without_waiting_for_an_idle_sync() throws Exception {
        // No idle sync within the test: a rename can only arrive because ada pushed it on the change and the relay
        // told grace at once (issue #6: "within a second"). The time it took is printed, not asserted: it is a
        // benchmark figure, and one GC pause on a busy CI machine says nothing about the product.
        MetaSession.Options noIdleSync = new MetaSession.Options(MetaSession.Options.DEFAULTS.coalesceMillis(),
                TimeUnit.HOURS.toMillis(1), MetaSession.Options.DEFAULTS.retransmitAfterMillis(),
                MetaSession.Options.DEFAULTS.tickMillis());
        TestClient ada = client("ada", noIdleSync);
        TestClient grace = client("grace", noIdleSync);
        String doc = ada.meta.create("Plan").join().docId();
        Await.until("grace sees the new document", () -> grace.record(doc) != null);
        List<Long> latencies = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            String title = "Plan v" + i;
            long t0 = System.nanoTime();
            ada.meta.rename(doc, title).join();
            Await.until("grace sees " + title, () -> title.equals(grace.record(doc).title()));
            latencies.add(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0));
        }
        Collections.sort(latencies);
        long median = latencies.get(latencies.size() / 2);
        long worst = latencies.get(latencies.size() - 1);
        System.out.println("{\"measure\":\"rename-to-peer\",\"medianMs\":" + median + ",\"maxMs\":" + worst + "}");
        Await.until("ada's changes are acknowledged", () -> ada.meta.status().join().pendingChanges() == 0);
    }

    @Test
    void a_document_deleted_while_another_machine_edits_it_keeps_the_edit_recoverable_and_tells_that_machine() throws Exception {
        TestClient ada = client("ada");
        TestClient grace = client("grace");
        String doc = ada.meta.create("Report").join().docId();
        ada.session.edit(doc, 0, 0, "draft");
        Await.until("grace has the text", () -> grace.record(doc) != null && grace.text(doc).equals("draft"));

        grace.disconnect();
        grace.session.edit(doc, 5, 0, " with grace's paragraph");
        ada.meta.delete(doc).join();
        Await.until("the relay holds the tombstone", () -> ada.meta.status().join().pendingChanges() == 0);

        grace.connect(URI.create(relay.url()), token);
        Await.until("grace is told", () -> grace.deletedElsewhere.size() == 1);
        assertTrue(grace.record(doc).deleted());
        Await.until("grace's edit reached the relay all the same", () -> grace.unacknowledged() == 0);
        String onRelay = relay.hub().inspect("team/" + doc, d -> d.text()).get(5, TimeUnit.SECONDS);
        assertEquals("draft with grace's paragraph", onRelay, "the deleted document's text is kept, edit included");

        grace.meta.restore(doc).join();
        Await.until("ada sees it restored, with grace's edit",
                () -> !ada.record(doc).deleted() && ada.text(doc).equals("draft with grace's paragraph"));
    }

    @Test
    void metadata_survives_a_relay_restart_and_clients_resume_from_their_cursors() throws Exception {
        TestClient ada = client("ada");
        TestClient grace = client("grace");
        String doc = ada.meta.create("Before").join().docId();
        Await.until("grace sees it", () -> grace.record(doc) != null);
        int port = relay.port();
        relay.close();
        Await.until("both offline", () -> !ada.online() && !grace.online());
        ada.meta.rename(doc, "Renamed while the relay was down").join();
        relay = Relay.start(config.withPort(port));
        Await.until("grace gets the rename after the restart",
                () -> "Renamed while the relay was down".equals(grace.record(doc).title()));
        Await.until("ada's changes are acknowledged", () -> ada.meta.status().join().pendingChanges() == 0);
    }

    @Test
    void a_stamp_days_ahead_of_the_relays_clock_is_refused_in_plain_words_and_nothing_is_stored() throws Exception {
        RawSocket raw = RawSocket.open(URI.create(relay.url()), token);
        raw.hello("raw");
        long future = System.currentTimeMillis() + 3L * 24 * 3_600_000;
        raw.send("{\"p\":1,\"type\":\"meta-push\",\"mv\":1,\"id\":1,\"changes\":[{\"doc\":\"d1\",\"field\":\"title\","
                + "\"value\":\"from 3 days ahead\",\"stamp\":\"" + future + ":0:raw\"}]}");
        Await.until("the answer", () -> raw.received.stream().anyMatch(m -> m.contains("meta-pushed")));
        String answer = raw.received.stream().filter(m -> m.contains("meta-pushed")).findFirst().orElseThrow();
        assertTrue(answer.contains("\"accepted\":[]") && answer.contains("ahead of the relay's clock"), answer);
        assertEquals(0, relay.meta().seq());
    }

    @Test
    void a_malformed_metadata_frame_costs_only_its_own_connection() throws Exception {
        TestClient ada = client("ada");
        RawSocket raw = RawSocket.open(URI.create(relay.url()), token);
        raw.hello("raw");
        raw.send("{\"p\":1,\"type\":\"meta-push\",\"mv\":1,\"id\":1,\"changes\":[{\"doc\":\"../x\",\"field\":\"title\",\"value\":\"x\",\"stamp\":\"1:0:raw\"}]}");
        assertEquals(4400, raw.closeCode.get(5, TimeUnit.SECONDS));
        String doc = ada.meta.create("still fine").join().docId();
        Await.until("ada synced", () -> ada.meta.status().join().pendingChanges() == 0);
        assertFalse(ada.record(doc).deleted());
    }

    @Test
    void another_workspace_never_sees_this_ones_documents() throws Exception {
        String other;
        try (TokenStore t = TokenStore.open(config.dataDir())) {
            other = t.create("elsewhere", false);
        }
        TestClient ada = client("ada");
        String doc = ada.meta.create("team only").join().docId();
        Await.until("synced", () -> ada.meta.status().join().pendingChanges() == 0);
        TestClient eve = new TestClient(dir, "eve").withMeta().connect(URI.create(relay.url()), other);
        clients.add(eve);
        Await.until("eve online", eve::online);
        eve.meta.sync().get(10, TimeUnit.SECONDS);
        assertEquals(List.<MetaRecord>of(), eve.meta.records().join());
        assertEquals(null, eve.record(doc));
    }
}
