package dev.tandem.cli.lab;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The claims docs/strategies.md makes about the lab's table, checked against the table of seed 1. */
class LabTest {

    private static List<LabResult> table;

    @BeforeAll
    static void runTheLab() {
        table = Lab.run(1);
    }

    private static LabResult row(Scenario sc, Strategy st) {
        return table.stream().filter(r -> r.scenario().equals(sc.id()) && r.strategy().equals(st.id())).findFirst().orElseThrow();
    }

    @Test
    void the_docs_show_the_table_the_lab_prints_for_seed_1() throws IOException {
        String doc = Files.readString(Path.of("..", "docs", "strategies.md"), StandardCharsets.UTF_8);
        String printed = LabTable.text(1, Scenario.ALL, table);
        assertTrue(doc.contains(printed), "docs/strategies.md must contain ./tandem lab --seed 1 as it prints now:\n" + printed);
    }

    @Test
    void diff_sync_converges_with_no_silent_loss_and_blocks_nobody_in_every_scenario() {
        for (Scenario sc : Scenario.ALL) {
            LabResult r = row(sc, Strategy.DIFF_SYNC);
            assertTrue(r.converged(), sc.id());
            assertEquals(0, r.lostChars(), sc.id() + " lost " + r.lostMarkers());
            assertEquals(0, r.blockedMillis(), sc.id());
        }
    }

    @Test
    void event_passing_forks_under_loss_and_even_on_a_calm_lan() {
        assertFalse(row(Scenario.LOSSY_MOBILE, Strategy.EVENT_PASSING).converged());
        assertFalse(row(Scenario.CALM_LAN, Strategy.EVENT_PASSING).converged());
        for (Scenario sc : Scenario.ALL) {
            LabResult r = row(sc, Strategy.EVENT_PASSING);
            assertTrue(r.lostChars() > 0, sc.id());
            assertEquals(0, r.conflicts(), "nobody is ever told");
        }
    }

    @Test
    void locking_blocks_users_in_the_tunnel_and_without_a_lease_for_most_of_it() {
        Scenario.Tunnel t = Scenario.TUNNEL.tunnel().orElseThrow();
        long twoUsersThroughTheTunnel = 2 * (t.reopenedAt() - t.offlineAt());
        for (Strategy[] pair : new Strategy[][] {
                {Strategy.LOCK_DOCUMENT, Strategy.LOCK_DOCUMENT_LEASE}, {Strategy.LOCK_PARAGRAPH, Strategy.LOCK_PARAGRAPH_LEASE}}) {
            long withoutLease = row(Scenario.TUNNEL, pair[0]).blockedMillis();
            long withLease = row(Scenario.TUNNEL, pair[1]).blockedMillis();
            assertTrue(withLease > 0, pair[1].id());
            assertTrue(withoutLease > withLease, pair[0].id() + " " + withoutLease + " vs " + withLease);
        }
        assertTrue(row(Scenario.TUNNEL, Strategy.LOCK_DOCUMENT).blockedMillis() > twoUsersThroughTheTunnel * 3 / 4);
    }

    @Test
    void locking_blocks_users_everywhere_and_loses_nothing_in_silence() {
        for (Scenario sc : Scenario.ALL) {
            for (Strategy st : List.of(Strategy.LOCK_DOCUMENT, Strategy.LOCK_DOCUMENT_LEASE, Strategy.LOCK_PARAGRAPH,
                    Strategy.LOCK_PARAGRAPH_LEASE)) {
                LabResult r = row(sc, st);
                assertTrue(r.converged(), sc.id() + " " + st.id());
                assertEquals(0, r.lostChars(), sc.id() + " " + st.id() + " lost " + r.lostMarkers());
                assertTrue(r.blockedMillis() > 0, sc.id() + " " + st.id());
            }
        }
        // Paragraph locks help when users spread out, not when they all write in one paragraph.
        assertTrue(row(Scenario.CALM_LAN, Strategy.LOCK_PARAGRAPH).blockedMillis() < row(Scenario.CALM_LAN, Strategy.LOCK_DOCUMENT).blockedMillis());
        assertEquals(row(Scenario.ONE_PARAGRAPH, Strategy.LOCK_PARAGRAPH).blockedMillis(),
                row(Scenario.ONE_PARAGRAPH, Strategy.LOCK_DOCUMENT).blockedMillis());
    }

    @Test
    void three_way_merge_loses_what_users_type_during_a_round_trip_unless_it_locks_the_editor() {
        for (Scenario sc : Scenario.ALL) {
            assertTrue(row(sc, Strategy.THREE_WAY).lostChars() > 0, sc.id());
            LabResult blocking = row(sc, Strategy.THREE_WAY_BLOCKING);
            assertEquals(0, blocking.lostChars(), sc.id());
            assertTrue(blocking.blockedMillis() > 0, sc.id());
        }
        assertTrue(row(Scenario.LOSSY_MOBILE, Strategy.THREE_WAY_BLOCKING).blockedMillis() > 60_000);
    }

    @Test
    void sending_whole_documents_costs_ten_times_the_bytes_of_diffs() {
        for (Scenario sc : Scenario.ALL) {
            long diffs = row(sc, Strategy.DIFF_SYNC).bytesSent();
            assertTrue(row(sc, Strategy.THREE_WAY).bytesSent() > 10 * diffs, sc.id());
            assertTrue(row(sc, Strategy.THREE_WAY_BLOCKING).bytesSent() > 10 * diffs, sc.id());
        }
    }

    @Test
    void on_a_lan_diff_sync_reaches_peers_sooner_than_locking_or_three_way_merge() {
        for (Scenario sc : List.of(Scenario.CALM_LAN, Scenario.ONE_PARAGRAPH)) {
            long diffSync = row(sc, Strategy.DIFF_SYNC).latencyP50();
            for (Strategy st : Strategy.values()) {
                if (st == Strategy.DIFF_SYNC || st == Strategy.EVENT_PASSING) continue;
                assertTrue(diffSync < row(sc, st).latencyP50(), sc.id() + " " + st.id());
            }
        }
    }

    @Test
    void the_same_seed_gives_the_same_results() {
        List<Strategy> some = List.of(Strategy.LOCK_PARAGRAPH_LEASE, Strategy.EVENT_PASSING, Strategy.DIFF_SYNC);
        List<LabResult> again = Lab.run(1, List.of(Scenario.LOSSY_MOBILE), some);
        for (LabResult r : again) assertEquals(row(Scenario.LOSSY_MOBILE, Strategy.valueOf(name(r.strategy()))), r);
    }

    private static String name(String id) {
        for (Strategy st : Strategy.values()) if (st.id().equals(id)) return st.name();
        throw new IllegalArgumentException(id);
    }
}
