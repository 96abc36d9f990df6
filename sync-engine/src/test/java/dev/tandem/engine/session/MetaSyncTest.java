package dev.tandem.engine.session;

import dev.tandem.engine.meta.FieldChange;
import dev.tandem.engine.meta.Hlc;
import dev.tandem.engine.meta.MetaCodec;
import dev.tandem.engine.meta.MetaField;
import dev.tandem.engine.meta.MetaMessage;
import dev.tandem.engine.meta.MetaRecord;
import dev.tandem.engine.store.MemoryMetaStore;
import dev.tandem.engine.store.MetaStore;
import dev.tandem.engine.store.SqliteMetaStore;
import dev.tandem.engine.store.StoreException;
import dev.tandem.engine.store.StoreOptions;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.CompletableFuture;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Metadata sessions and a metadata hub over an in-process link with a delay each way, every message round-tripped
 * through its JSON form, on virtual time: the edge cases of issue #6, each a test.
 */
class MetaSyncTest {

    private static final long T0 = 1_732_619_000_000L;
    private static final long HOUR = 3_600_000;
    private static final long LATENCY = 10;

    @TempDir
    Path dir;

    private final ManualTimer time = new ManualTimer(T0);
    private MetaStore hubStore = new MemoryMetaStore();
    private MetaHub hub = new MetaHub(hubStore, time::nowMillis, MetaHub.Options.DEFAULTS);
    private final List<Client> clients = new ArrayList<>();
    private int pushesReceived;
    /** When the relay received each pull, and from whom (to check that a test hit the interleaving it aims at). */
    private final List<String> pullsReceived = new ArrayList<>();
    private boolean announce = true;

    private final class Client {
        final String id;
        volatile long skew;
        final MemoryMetaStore store = new MemoryMetaStore();
        final List<String> told = new ArrayList<>();
        final List<MetaRecord> deletedElsewhere = new ArrayList<>();
        MetaSession session;
        boolean online;
        boolean dropAnswers;
        long link; // bumped by every connect/disconnect: messages of an older link are lost

        Client(String id, long skew) {
            this.id = id;
            this.skew = skew;
            Timer skewed = new Timer() {
                @Override
                public long nowMillis() {
                    return time.nowMillis() + Client.this.skew;
                }

                @Override
                public Cancellable schedule(long delayMillis, Runnable task) {
                    return time.schedule(delayMillis, task);
                }
            };
            session = MetaSession.start(store, id, MetaSession.Options.DEFAULTS, time, skewed, new MetaSession.Listener() {
                @Override
                public void deletedElsewhere(MetaRecord r) {
                    deletedElsewhere.add(r);
                }

                @Override
                public void problem(String message) {
                    told.add(message);
                }
            });
            clients.add(this);
            time.runUntilIdle();
        }

        void connect() {
            online = true;
            long l = ++link;
            session.connected(m -> {
                MetaMessage wire = MetaCodec.decode(MetaCodec.encode(m));
                time.schedule(LATENCY, () -> { if (online && link == l) relayReceives(this, wire); });
            });
        }

        void disconnect() {
            online = false;
            link++;
            session.disconnected();
        }

        void deliver(MetaMessage m) {
            long l = link;
            MetaMessage wire = MetaCodec.decode(MetaCodec.encode(m));
            time.schedule(LATENCY, () -> { if (online && link == l) session.receive(wire); });
        }

        <T> T get(CompletableFuture<T> f) {
            time.runUntilIdle();
            return f.join();
        }

        List<MetaRecord> records() {
            List<MetaRecord> r = new ArrayList<>(get(session.records()));
            r.sort(Comparator.comparing(MetaRecord::docId));
            return r;
        }

        MetaRecord record(String doc) {
            return get(session.record(doc)).orElseThrow();
        }

        int pending() {
            return get(session.status()).pendingChanges();
        }
    }

    /** The relay's part: the hub answers, and (like the relay) announces accepted changes to the other clients. */
    private void relayReceives(Client from, MetaMessage m) {
        try {
            if (m instanceof MetaMessage.Push p) {
                pushesReceived++;
                MetaHub.PushOutcome o = hub.push("w/", p);
                if (!from.dropAnswers) from.deliver(o.reply());
                if (o.changed() && announce) {
                    for (Client c : clients) if (c != from && c.online) c.deliver(new MetaMessage.Changed(o.seq()));
                }
            } else if (m instanceof MetaMessage.Pull p) {
                pullsReceived.add(from.id + "@" + time.nowMillis());
                MetaMessage.Changes ch = hub.pull("w/", p);
                if (!from.dropAnswers) from.deliver(ch);
            }
        } catch (StoreException e) {
            throw new AssertionError(e);
        }
    }

    @AfterEach
    void tearDown() throws Exception {
        hubStore.close();
    }

    private void run(long millis) {
        time.advance(millis);
    }

    private MetaRecord hubRecord(String doc) throws StoreException {
        return hubStore.record("w/" + doc).orElseThrow();
    }

    @Test
    void a_rename_reaches_another_online_client_within_a_few_round_trips() throws Exception {
        Client a = new Client("a", 0);
        Client b = new Client("b", 0);
        a.connect();
        b.connect();
        String doc = a.get(a.session.create("Plan")).docId();
        run(200);
        assertEquals("Plan", b.record(doc).title());
        a.session.rename(doc, "Plan v2");
        run(100); // coalescing (30 ms) + push/answer + announcement + pull: far below a second
        assertEquals("Plan v2", b.record(doc).title());
        assertEquals(0, a.pending());
    }

    @Test
    void local_changes_close_together_travel_in_one_push() {
        Client a = new Client("a", 0);
        a.connect();
        run(100);
        String doc = a.get(a.session.create("x")).docId();
        for (int i = 0; i < 5; i++) a.session.rename(doc, "title " + i);
        run(500);
        assertEquals(1, pushesReceived);
    }

    @Test
    void a_field_edited_between_the_push_and_its_acknowledgement_is_pushed_again_not_forgotten() throws Exception {
        Client a = new Client("a", 0);
        Client b = new Client("b", 0);
        a.connect();
        b.connect();
        String doc = a.get(a.session.create("one")).docId();
        run(35); // the push of "one" has left (30 ms coalescing) and is on its way
        a.session.rename(doc, "two");
        run(1_000);
        assertEquals("two", hubRecord(doc).title());
        assertEquals("two", b.record(doc).title());
        assertEquals(0, a.pending());
        assertEquals(2, pushesReceived);
    }

    @Test
    void a_field_edited_between_a_pull_and_the_next_push_keeps_the_local_edit_and_pushes_it() throws Exception {
        Client a = new Client("a", 0);
        Client b = new Client("b", 0);
        a.connect();
        b.connect();
        String doc = a.get(a.session.create("start")).docId();
        run(300);
        b.session.rename(doc, "from b");
        // b's push leaves after 30 ms, reaches the relay at 40; the announcement reaches a at 50 and a's pull leaves at
        // once, to be answered at 70. At 55 a renames the same field: its pull then brings b's older write.
        run(55);
        long renamedAt = time.nowMillis();
        a.session.rename(doc, "from a, during the pull");
        run(1_000);
        assertTrue(pullsReceived.contains("a@" + (renamedAt + 5)), "a's pull was on its way when a renamed: " + pullsReceived);
        for (Client c : List.of(a, b)) assertEquals("from a, during the pull", c.record(doc).title());
        assertEquals("from a, during the pull", hubRecord(doc).title());
        assertEquals(0, a.pending());
    }

    @Test
    void a_relay_stamp_newer_than_the_clients_last_pull_wins_over_its_older_local_write() throws Exception {
        Client a = new Client("a", 0);
        Client b = new Client("b", 0);
        a.connect();
        b.connect();
        String doc = a.get(a.session.create("start")).docId();
        run(200);
        a.disconnect();
        a.session.rename(doc, "older, from a"); // offline, earlier
        run(1_000);
        b.session.rename(doc, "newer, from b"); // online, later: the relay's stamp is newer than a's last pull
        run(200);
        a.connect();
        run(500);
        assertEquals("newer, from b", a.record(doc).title());
        assertEquals("newer, from b", hubRecord(doc).title());
        assertEquals(0, a.pending(), "the older write was taken (and lost to the newer one): it leaves the change log");
    }

    @Test
    void a_rename_on_one_machine_and_a_tag_on_another_both_stay() throws Exception {
        Client a = new Client("a", 0);
        Client b = new Client("b", 0);
        a.connect();
        b.connect();
        String doc = a.get(a.session.create("doc")).docId();
        run(200);
        a.disconnect();
        b.disconnect();
        a.session.rename(doc, "renamed on a");
        b.session.setTags(doc, List.of("tagged", "on-b"));
        a.connect();
        b.connect();
        run(6_000);
        for (Client c : List.of(a, b)) {
            assertEquals("renamed on a", c.record(doc).title());
            assertEquals(List.of("on-b", "tagged"), c.record(doc).tags());
        }
    }

    @Test
    void a_document_deleted_on_one_side_and_renamed_on_the_other_is_deleted_with_the_rename_kept_and_the_editor_told() throws Exception {
        Client a = new Client("a", 0);
        Client b = new Client("b", 0);
        a.connect();
        b.connect();
        String doc = a.get(a.session.create("Report")).docId();
        run(200);
        b.disconnect();
        b.session.rename(doc, "Report, edited offline");
        a.session.delete(doc);
        run(200);
        b.connect();
        run(500);
        MetaRecord onB = b.record(doc);
        assertTrue(onB.deleted());
        assertEquals("Report, edited offline", onB.title(), "the other field's write is not lost to the tombstone");
        assertEquals(1, b.deletedElsewhere.size(), "b is told its document was deleted elsewhere");
        assertTrue(a.deletedElsewhere.isEmpty(), "the one who deleted is not told");

        b.session.restore(doc); // an explicit restore is a later write of the tombstone
        run(500);
        assertFalse(a.record(doc).deleted());
        assertEquals("Report, edited offline", a.record(doc).title());
    }

    @Test
    void a_deleted_document_does_not_come_back_from_a_peer_that_missed_the_delete() throws Exception {
        Client a = new Client("a", 0);
        Client b = new Client("b", 0);
        a.connect();
        b.connect();
        String doc = a.get(a.session.create("Gone")).docId();
        run(200);
        b.disconnect();
        a.session.delete(doc);
        run(200);
        b.session.setPinned(doc, true); // b, unaware, writes another field: it must not resurrect the document
        b.connect();
        run(500);
        assertTrue(hubRecord(doc).deleted());
        assertTrue(b.record(doc).deleted());
        assertTrue(a.record(doc).deleted());
    }

    @Test
    void documents_created_offline_on_two_machines_with_the_same_title_stay_two_documents() {
        Client a = new Client("a", 0);
        Client b = new Client("b", 0);
        String onA = a.get(a.session.create("Notes")).docId();
        String onB = b.get(b.session.create("Notes")).docId();
        assertNotEquals(onA, onB);
        a.connect();
        b.connect();
        run(6_000);
        for (Client c : List.of(a, b)) {
            assertEquals(2, c.records().size());
            assertTrue(c.records().stream().allMatch(r -> r.title().equals("Notes") && !r.deleted()));
        }
    }

    @Test
    void a_change_never_acknowledged_is_retried_and_neither_lost_nor_duplicated() throws Exception {
        Client a = new Client("a", 0);
        a.connect();
        run(100);
        String doc = a.get(a.session.create("draft")).docId();
        run(100);
        a.dropAnswers = true; // the relay takes the pushes, but no answer ever reaches a
        a.session.rename(doc, "final");
        run(7_000);
        assertTrue(pushesReceived >= 3, "retransmitted: " + pushesReceived);
        assertEquals(1, a.pending(), "not acknowledged, so still in the change log");
        long seq = hubStore.lastSeq();
        assertEquals("final", hubRecord(doc).title());
        run(5_000);
        assertEquals(seq, hubStore.lastSeq(), "the repeats changed nothing on the relay");
        a.dropAnswers = false;
        run(3_000);
        assertEquals(0, a.pending());
        assertEquals(seq, hubStore.lastSeq());
    }

    @Test
    void a_client_whose_clock_is_an_hour_ahead_does_not_win_over_a_later_rename() throws Exception {
        Client ahead = new Client("ahead", HOUR);
        Client right = new Client("right", 0);
        ahead.connect();
        right.connect();
        String doc = ahead.get(ahead.session.create("from the future")).docId();
        run(300);
        right.session.rename(doc, "renamed later"); // stamped after what it pulled, though its wall clock is an hour behind
        run(300);
        for (Client c : List.of(ahead, right)) assertEquals("renamed later", c.record(doc).title());
        Hlc stamp = right.record(doc).stamp(MetaField.TITLE).orElseThrow();
        assertEquals(T0 + HOUR, stamp.millis(), "the physical part follows the hour-ahead stamp it saw");
        assertEquals("right", stamp.node());
    }

    @Test
    void a_client_whose_clock_is_an_hour_behind_still_wins_with_a_rename_made_after_it_pulled() throws Exception {
        Client behind = new Client("behind", -HOUR);
        Client right = new Client("right", 0);
        behind.connect();
        right.connect();
        String doc = right.get(right.session.create("first")).docId();
        run(300);
        assertEquals("first", behind.record(doc).title());
        behind.session.rename(doc, "second, from the late clock");
        run(300);
        for (Client c : List.of(behind, right)) assertEquals("second, from the late clock", c.record(doc).title());
    }

    @Test
    void a_stamp_too_far_in_the_future_is_refused_with_a_clear_reason_and_kept_for_later() throws Exception {
        Client broken = new Client("broken", 48 * HOUR);
        broken.connect();
        run(100);
        String doc = broken.get(broken.session.create("from a broken clock")).docId();
        run(300);
        assertTrue(hubStore.record("w/" + doc).isEmpty(), "the relay took nothing");
        assertEquals(1, broken.told.size(), broken.told.toString());
        String why = broken.told.get(0);
        assertTrue(why.contains("48.0 h ahead of the relay's clock (the limit is 24.0 h)") && why.contains("check this computer's date"), why);
        assertEquals(3, broken.pending(), "title, created and deleted wait in the change log");
        assertEquals(3, broken.get(broken.session.status()).refused());
        int pushes = pushesReceived;
        run(200);
        assertEquals(pushes, pushesReceived, "a refused write is not pushed again at once (no loop)");
        run(6_000);
        assertTrue(pushesReceived > pushes, "it is offered again at the idle sync");
        assertEquals(1, broken.told.size(), "and the user is not told the same thing twice");
    }

    @Test
    void once_the_broken_clock_is_set_right_the_refused_changes_are_stamped_anew_and_taken() throws Exception {
        Client broken = new Client("broken", 48 * HOUR);
        Client other = new Client("other", 0);
        broken.connect();
        other.connect();
        run(100);
        String doc = broken.get(broken.session.create("made while the clock was off")).docId();
        broken.session.setTags(doc, List.of("kept"));
        run(300);
        assertTrue(hubStore.record("w/" + doc).isEmpty());
        broken.skew = 0; // the user fixes the date
        run(11_000); // the refused writes are offered again at an idle sync, refused again, stamped anew, and taken
        assertEquals(0, broken.pending());
        MetaRecord onRelay = hubRecord(doc);
        assertEquals("made while the clock was off", onRelay.title());
        assertEquals(List.of("kept"), onRelay.tags());
        assertTrue(onRelay.stamp(MetaField.TITLE).orElseThrow().millis() < T0 + HOUR, "stamped by the fixed clock");
        assertEquals("made while the clock was off", other.record(doc).title());
        other.session.rename(doc, "renamed later by the other");
        run(300);
        assertEquals("renamed later by the other", broken.record(doc).title(), "the old future stamps no longer win");
    }

    @Test
    void with_no_announcements_the_idle_sync_fetches_a_peers_change_within_five_seconds() {
        announce = false;
        Client a = new Client("a", 0);
        Client b = new Client("b", 0);
        a.connect();
        b.connect();
        run(100);
        String doc = a.get(a.session.create("quiet")).docId();
        run(200);
        assertTrue(b.get(b.session.record(doc)).isEmpty(), "not announced, not yet pulled");
        run(5_000);
        assertEquals("quiet", b.record(doc).title());
    }

    @Test
    void changes_made_offline_wait_in_the_change_log_and_sync_when_the_connection_returns() throws Exception {
        Client a = new Client("a", 0);
        String doc = a.get(a.session.create("offline")).docId();
        a.session.setFolder(doc, "inbox");
        run(10_000);
        assertEquals(3 + 1, a.pending());
        a.connect();
        run(200);
        assertEquals(0, a.pending());
        assertEquals("inbox", hubRecord(doc).folder());
    }

    @Test
    void a_relay_restart_between_push_and_pull_loses_nothing_and_repeats_nothing() throws Exception {
        hubStore.close();
        hubStore = SqliteMetaStore.open(dir.resolve("hub.db"), StoreOptions.defaults());
        hub = new MetaHub(hubStore, time::nowMillis, MetaHub.Options.DEFAULTS);
        Client a = new Client("a", 0);
        Client b = new Client("b", 0);
        a.connect();
        b.connect();
        String doc = a.get(a.session.create("before restart")).docId();
        run(200);
        a.session.rename(doc, "pushed, then the relay restarted");
        run(30 + LATENCY + 1); // the push has reached the relay and been merged; its answer and the pull are in flight
        assertEquals("pushed, then the relay restarted", hubRecord(doc).title());
        // The relay restarts: connections drop, messages in flight are lost, the store is reopened.
        a.disconnect();
        b.disconnect();
        long seq = hubStore.lastSeq();
        hubStore.close();
        hubStore = SqliteMetaStore.open(dir.resolve("hub.db"), StoreOptions.defaults());
        hub = new MetaHub(hubStore, time::nowMillis, MetaHub.Options.DEFAULTS);
        assertEquals(seq, hubStore.lastSeq());
        run(1_000);
        a.connect();
        b.connect();
        run(500);
        assertEquals(0, a.pending());
        assertEquals(seq, hubStore.lastSeq(), "the repeated push changed nothing");
        assertEquals("pushed, then the relay restarted", b.record(doc).title());
    }

    @Test
    void a_client_restarted_from_its_store_keeps_its_change_log_and_its_clock_above_its_stamps() throws Exception {
        Client a = new Client("a", 0);
        String doc = a.get(a.session.create("kept")).docId();
        Hlc before = a.record(doc).stamp(MetaField.TITLE).orElseThrow();
        a.get(a.session.closeAsync());
        a.session = MetaSession.start(a.store, "a", MetaSession.Options.DEFAULTS, time,
                new Timer() {
                    @Override public long nowMillis() { return T0 - HOUR; } // and its wall clock went back an hour
                    @Override public Cancellable schedule(long d, Runnable t) { return time.schedule(d, t); }
                }, new MetaSession.Listener() { });
        a.session.rename(doc, "after restart");
        Hlc after = a.record(doc).stamp(MetaField.TITLE).orElseThrow();
        assertTrue(after.isAfter(before), after + " after " + before);
        a.connect();
        run(300);
        assertEquals("after restart", hubRecord(doc).title());
        assertEquals(0, a.pending());
    }

    @Test
    void a_pull_larger_than_the_limit_arrives_in_several_answers() throws Exception {
        hub = new MetaHub(hubStore, time::nowMillis, new MetaHub.Options(MetaHub.Options.DEFAULT_MAX_AHEAD_MILLIS, 4, MetaHub.Options.DEFAULT_RETENTION_MILLIS));
        Client a = new Client("a", 0);
        for (int i = 0; i < 5; i++) a.session.create("doc " + i);
        a.connect();
        run(300);
        Client b = new Client("b", 0);
        b.connect();
        run(300);
        assertEquals(5, b.records().size());
        assertEquals(hubStore.lastSeq(), b.store.cursor());
    }

    @Test
    void an_unknown_document_or_a_bad_value_is_refused_on_the_callers_side() {
        Client a = new Client("a", 0);
        CompletableFuture<MetaRecord> f = a.session.rename("nope", "x");
        time.runUntilIdle();
        assertTrue(f.isCompletedExceptionally());
        try {
            a.session.rename("nope", " ");
            throw new AssertionError("a blank title was accepted");
        } catch (IllegalArgumentException e) {
            assertTrue(e.getMessage().contains("blank"));
        }
    }

    @Test
    void a_tombstone_older_than_the_retention_period_lets_the_text_go_and_a_younger_one_keeps_it() {
        long day = 24 * HOUR;
        MetaRecord old = deletedAt("old", T0);
        MetaRecord recent = deletedAt("recent", T0 + 29 * day);
        MetaRecord restored = deletedAt("restored", T0).apply(new FieldChange("restored", MetaField.DELETED,
                new dev.tandem.engine.meta.MetaValue.Flag(false), new Hlc(T0 + 1, 0, "n"))).orElseThrow();
        List<String> expired = MetaHub.expiredTombstones(List.of(old, recent, restored), T0 + 31 * day,
                MetaHub.Options.DEFAULT_RETENTION_MILLIS);
        assertEquals(List.of("old"), expired);
    }

    private static MetaRecord deletedAt(String doc, long millis) {
        return MetaRecord.empty(doc).apply(new FieldChange(doc, MetaField.DELETED, new dev.tandem.engine.meta.MetaValue.Flag(true),
                new Hlc(millis, 0, "n"))).orElseThrow();
    }

    @Test
    void changes_for_another_workspace_never_reach_this_one() throws Exception {
        hubStore.merge(List.of(new FieldChange("elsewhere/doc", MetaField.TITLE, new dev.tandem.engine.meta.MetaValue.Text("secret"), new Hlc(T0, 0, "x"))));
        Client a = new Client("a", 0);
        a.connect();
        run(300);
        assertEquals(List.of(), a.records());
    }
}
