package dev.tandem.app.workspace;

import dev.tandem.app.connection.ConnectionSettings;
import dev.tandem.app.connection.InProcessHub;
import dev.tandem.engine.meta.FieldChange;
import dev.tandem.engine.meta.Hlc;
import dev.tandem.engine.meta.MetaField;
import dev.tandem.engine.meta.MetaValue;
import dev.tandem.engine.session.ClientSession;
import dev.tandem.engine.session.ManualTimer;
import dev.tandem.engine.session.SystemTimer;
import dev.tandem.engine.store.MemoryDocumentStore;
import dev.tandem.engine.store.MemoryMetaStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

import static dev.tandem.app.TestWaits.WAIT_SECONDS;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The workspace's synced document lists, without a window: its "UI thread" is a plain single thread here. */
class WorkspaceMetaTest {

    private static final long DAY = 24L * 3_600_000;

    private final List<AutoCloseable> closing = new ArrayList<>();
    private final ExecutorService ui = Executors.newSingleThreadExecutor();

    @AfterEach
    void tearDown() throws Exception {
        for (int i = closing.size() - 1; i >= 0; i--) closing.get(i).close();
        ui.shutdownNow();
    }

    private Workspace workspace(MemoryDocumentStore store, MemoryMetaStore meta, dev.tandem.engine.session.Timer timer)
            throws Exception {
        ExecutorService engine = Executors.newSingleThreadExecutor();
        closing.add(engine::shutdownNow);
        Workspace ws = new Workspace(store, meta, engine, timer, ui);
        closing.add(ws);
        return ws;
    }

    private List<String> titles(List<DocumentInfo> docs) throws Exception {
        return ui.submit(() -> docs.stream().map(DocumentInfo::title).toList()).get(WAIT_SECONDS, TimeUnit.SECONDS);
    }

    private static void await(String what, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(WAIT_SECONDS).toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) throw new AssertionError("timed out waiting until " + what);
            Thread.sleep(10);
        }
    }

    private boolean has(Workspace ws, List<String> expected, boolean deleted) {
        try {
            return titles(deleted ? ws.deletedDocuments() : ws.documents()).equals(expected);
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void a_rename_tag_pin_and_delete_reach_the_other_workspace_through_the_in_process_hub() throws Exception {
        SystemTimer timer = new SystemTimer();
        closing.add(timer);
        InProcessHub hub = InProcessHub.start("meta-" + UUID.randomUUID().toString().substring(0, 8), "token");
        closing.add(hub);
        Workspace ada = workspace(new MemoryDocumentStore(), new MemoryMetaStore(), timer);
        Workspace grace = workspace(new MemoryDocumentStore(), new MemoryMetaStore(), timer);
        ada.connect(new ConnectionSettings(hub.url(), "test", "token", "Ada", "#d6336c"));
        grace.connect(new ConnectionSettings(hub.url(), "test", "token", "Grace", "#1c7ed6"));

        String id = ada.create("Budget", "numbers").get(WAIT_SECONDS, TimeUnit.SECONDS);
        await("grace lists it", () -> has(grace, List.of("Budget"), false));
        await("grace has its text", () -> grace.session().text(id).join().equals("numbers"));

        ada.rename(id, "Budget 2027").get(WAIT_SECONDS, TimeUnit.SECONDS);
        ada.setTags(id, List.of("money")).get(WAIT_SECONDS, TimeUnit.SECONDS);
        ada.setPinned(id, true).get(WAIT_SECONDS, TimeUnit.SECONDS);
        await("grace sees the rename, the tag and the pin", () -> {
            try {
                return ui.submit(() -> grace.documents().stream().anyMatch(d -> d.title().equals("Budget 2027")
                        && d.tags().equals(List.of("money")) && d.pinned())).get();
            } catch (Exception e) {
                throw new AssertionError(e);
            }
        });

        grace.delete(id).get(WAIT_SECONDS, TimeUnit.SECONDS);
        await("ada lists it as deleted", () -> has(ada, List.of(), false) && has(ada, List.of("Budget 2027"), true));
        ada.restore(id).get(WAIT_SECONDS, TimeUnit.SECONDS);
        await("grace lists it again", () -> has(grace, List.of("Budget 2027"), false));
        assertEquals("numbers", grace.session().text(id).join(), "its text came back with it");
    }

    @Test
    void documents_of_a_store_from_before_metadata_get_their_titles_and_deletions_as_synced_fields() throws Exception {
        MemoryDocumentStore store = new MemoryDocumentStore();
        ManualTimer time = new ManualTimer(1_750_000_000_000L);
        ClientSession old = ClientSession.start(store, ClientSession.Options.DEFAULTS, time, time, new ClientSession.Listener() { });
        old.edit("old-doc", 0, 0, "written long ago");
        old.edit("gone", 0, 0, "deleted long ago");
        var flushed = old.flush();
        time.runUntilIdle();
        flushed.join();
        store.putSetting("title:old-doc", "Old title");
        store.putSetting("title:gone", "Gone");
        store.putSetting("deleted:gone", "1750000000000");

        MemoryMetaStore meta = new MemoryMetaStore();
        SystemTimer timer = new SystemTimer();
        closing.add(timer);
        Workspace ws = workspace(store, meta, timer);
        await("the lists are converted", () -> {
            ws.refreshDocuments().join();
            return has(ws, List.of("Old title"), false) && has(ws, List.of("Gone"), true);
        });
        assertEquals(6, meta.pending().size(), "title, created and deleted of both documents wait to be pushed");
        assertTrue(store.documentIds().contains("gone"), "the deleted document's text is kept (restorable)");
    }

    @Test
    void the_text_of_a_document_deleted_longer_ago_than_the_retention_period_is_removed_at_start() throws Exception {
        long now = 1_750_000_000_000L;
        MemoryDocumentStore store = new MemoryDocumentStore();
        ManualTimer time = new ManualTimer(now);
        ClientSession s = ClientSession.start(store, ClientSession.Options.DEFAULTS, time, time, new ClientSession.Listener() { });
        for (String d : List.of("old", "recent", "live")) s.edit(d, 0, 0, d);
        var flushed = s.flush();
        time.runUntilIdle();
        flushed.join();
        MemoryMetaStore meta = new MemoryMetaStore();
        for (String d : List.of("old", "recent", "live")) {
            meta.merge(List.of(new FieldChange(d, MetaField.TITLE, new MetaValue.Text(d), new Hlc(now - 40 * DAY, 0, "x"))));
        }
        meta.merge(List.of(new FieldChange("old", MetaField.DELETED, new MetaValue.Flag(true), new Hlc(now - 31 * DAY, 0, "x")),
                new FieldChange("recent", MetaField.DELETED, new MetaValue.Flag(true), new Hlc(now - 2 * DAY, 0, "x"))));

        workspace(store, meta, time);
        assertFalse(store.documentIds().contains("old"));
        assertTrue(store.documentIds().contains("recent"));
        assertTrue(store.documentIds().contains("live"));
        assertTrue(meta.record("old").orElseThrow().deleted(), "the tombstone itself stays");
    }
}
