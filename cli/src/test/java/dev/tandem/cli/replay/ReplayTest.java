package dev.tandem.cli.replay;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPOutputStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ReplayTest {

    @BeforeAll
    static void diffsDependOnTheirInputsAlone() { // not on a wall-clock budget that a busy CI machine may overrun
        dev.tandem.engine.text.TextDiff.useDeterministicBudgets();
    }

    private static Path trace(String relative) {
        Path folder = Traces.folder().orElse(null);
        Assumptions.assumeTrue(folder != null, "skipped: ../shared/traces not found (set -Dtandem.traces=DIR)");
        Path p = folder.resolve(relative);
        Assumptions.assumeTrue(Files.isRegularFile(p), "skipped: " + p + " is absent");
        return p;
    }

    @ParameterizedTest
    @ValueSource(strings = {"automerge-paper", "seph-blog1", "sveltecomponent", "friendsforever_flat"})
    void a_sequential_trace_ends_with_its_end_content_on_every_site(String name) throws Exception {
        Trace t = Trace.load(trace("sequential/" + name + ".json.gz"));
        ReplayResult r = Replayer.replay(t, 1, 1000);
        System.out.println(ReplayCommand.toJson(r));
        assertTrue(r.matches(), ReplayCommand.toJson(r));
        assertEquals(t.patchCount(), r.edits());
    }

    @ParameterizedTest
    @ValueSource(ints = {10, 100})
    void a_sparser_cycle_still_ends_with_the_trace_text_and_sends_fewer_messages(int every) throws Exception {
        Trace t = Replayer.prefix(Trace.load(trace("sequential/sveltecomponent.json.gz")), 2_000);
        assertEquals(2_000, t.txns().size());
        ReplayResult each = Replayer.replay(t, 1, 1000, false, 1);
        ReplayResult sparse = Replayer.replay(t, 1, 1000, false, every);
        assertTrue(each.matches(), ReplayCommand.toJson(each));
        assertTrue(sparse.matches(), ReplayCommand.toJson(sparse));
        assertTrue(sparse.messages() < each.messages(), each.messages() + " vs " + sparse.messages());
    }

    @Test
    void authors_taking_turns_still_end_with_the_end_content() throws Exception {
        Trace t = Trace.load(trace("sequential/sveltecomponent.json.gz"));
        ReplayResult r = Replayer.replay(t, 3, 50);
        assertTrue(r.matches(), ReplayCommand.toJson(r));
    }

    @Test
    void the_concurrent_trace_converges_on_every_site() throws Exception {
        Trace t = Trace.load(trace("concurrent/friendsforever.json.gz"));
        ReplayResult r = Replayer.replay(t, 2, 1);
        System.out.println(ReplayCommand.toJson(r));
        assertTrue(r.converged(), ReplayCommand.toJson(r));
        assertEquals(0, r.distance(), "far from endContent: " + ReplayCommand.toJson(r));
    }

    @Test
    void a_replay_whose_sides_group_their_commits_ends_with_the_end_content_too() throws Exception {
        // The hub's own edits wait for its commit: the schedule's causal points and the authors' turns must still
        // bring every edit to the client that builds on it.
        Trace concurrent = Trace.load(trace("concurrent/friendsforever.json.gz"));
        ReplayResult r = Replayer.replay(concurrent, 2, 1, true, true, 1);
        assertTrue(r.converged(), ReplayCommand.toJson(r));
        assertEquals(0, r.distance(), ReplayCommand.toJson(r));
        Trace sequential = Replayer.prefix(Trace.load(trace("sequential/automerge-paper.json.gz")), 20_000);
        ReplayResult s = Replayer.replay(sequential, 3, 500, true, true, 1);
        assertTrue(s.matches(), ReplayCommand.toJson(s));
    }

    @Test
    void a_replay_with_every_side_in_its_own_sqlite_file_ends_with_the_end_content() throws Exception {
        Trace t = Trace.load(trace("concurrent/friendsforever.json.gz"));
        ReplayResult r = Replayer.replay(t, 2, 1, true);
        assertTrue(r.converged(), ReplayCommand.toJson(r));
        assertEquals(0, r.distance(), ReplayCommand.toJson(r));
    }

    @Test
    void the_reference_merge_of_the_concurrent_trace_is_its_end_content() throws Exception {
        Trace t = Trace.load(trace("concurrent/friendsforever.json.gz"));
        ReferenceMerge ref = new ReferenceMerge(8);
        int[] counts = new int[t.numAgents()];
        int n = t.txns().size();
        int[][] before = new int[n][];
        int[] seqOf = new int[n];
        for (int i = 0; i < n; i++) {
            Trace.Txn x = t.txns().get(i);
            seqOf[i] = counts[x.agent()]++;
            int[] v = new int[t.numAgents()];
            for (int p : x.parents()) {
                for (int k = 0; k < v.length; k++) v[k] = Math.max(v[k], before[p][k]);
                int pa = t.txns().get(p).agent();
                v[pa] = Math.max(v[pa], seqOf[p] + 1);
            }
            before[i] = v;
            int[] own = v.clone();
            own[x.agent()] = seqOf[i] + 1;
            for (Trace.Patch p : x.patches()) ref.apply(x.agent(), seqOf[i], own, p.pos(), p.del(), p.ins());
        }
        assertEquals(t.endContent(), ref.text(counts));
    }

    private static Path gzip(Path dir, String json) throws IOException {
        Path f = dir.resolve("t.json.gz");
        try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(f))) {
            out.write(json.getBytes(StandardCharsets.UTF_8));
        }
        return f;
    }

    @Test
    void a_small_sequential_trace_replays_through_two_authors(@TempDir Path dir) throws Exception {
        Trace t = Trace.load(gzip(dir, "{\"startContent\":\"\",\"endContent\":\"hello, world 😀\",\"txns\":["
                + "{\"time\":\"x\",\"patches\":[[0,0,\"hello world\"]]},{\"time\":\"x\",\"patches\":[[5,0,\",\"],[12,0,\" 😀\"]]}]}"));
        ReplayResult r = Replayer.replay(t, 2, 1);
        assertTrue(r.matches(), ReplayCommand.toJson(r));
        assertEquals(3, r.edits());
    }

    @Test
    void a_patch_outside_the_text_is_refused_with_its_transaction(@TempDir Path dir) throws Exception {
        Trace t = Trace.load(gzip(dir, "{\"endContent\":\"ab\",\"txns\":[{\"patches\":[[0,0,\"ab\"]]},{\"patches\":[[5,1,\"\"]]}]}"));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Replayer.replay(t, 1, 1));
        assertTrue(e.getMessage().contains("txn 1") && e.getMessage().contains("outside"), e.getMessage());
    }

    @Test
    void a_malformed_trace_is_refused_with_a_reason(@TempDir Path dir) throws Exception {
        Path f = gzip(dir, "{\"endContent\":\"ab\",\"txns\":[{\"patches\":[[0,\"ab\"]]}]}");
        Trace.TraceException e = assertThrows(Trace.TraceException.class, () -> Trace.load(f));
        assertTrue(e.getMessage().contains("[pos, del, \"ins\"]"), e.getMessage());
    }
}
