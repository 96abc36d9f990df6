package dev.tandem.cli.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tandem.engine.text.DeltaMismatchException;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The text grid's benchmarks do what they say (outside JMH, one call at a time), and the report shows their figures. */
class TextBenchTest {

    @BeforeAll
    static void diffsDependOnTheirInputsAlone() { // not on a wall-clock budget that a busy CI machine may overrun
        dev.tandem.engine.text.TextDiff.useDeterministicBudgets();
    }

    @ParameterizedTest
    @ValueSource(strings = {"oneChar", "paste", "scattered", "unrelated"})
    void each_scenario_and_its_undo_give_back_the_document(String scenario) {
        String doc = TextGrid.document("100KB");
        TextGrid.Scenario s = TextGrid.scenario(scenario, doc);
        assertFalse(s.after().equals(doc));
        assertEquals(doc, s.back().applyTo(s.after()));
    }

    @ParameterizedTest
    @CsvSource({"oneChar, 1KB", "paste, 1KB", "scattered, 1KB", "unrelated, 1KB", "oneChar, 100KB", "scattered, 100KB"})
    void the_engine_cycle_reaches_the_hub_and_back_and_both_sides_agree(String scenario, String size) {
        EngineCycleBenchmark b = new EngineCycleBenchmark();
        b.size = size;
        b.scenario = scenario;
        b.setUp();
        int length = b.textLength();
        for (int i = 0; i < 4; i++) {
            b.otherWriterTypes();
            b.cycle();
            assertTrue(b.converged(), scenario + " " + size + " after cycle " + i);
        }
        assertEquals(length, b.textLength(), "the edit and its undo, twice: the same size");
        if (!scenario.equals("unrelated")) assertEquals(0, b.conflicts, "edits away from the other writer's merge cleanly");
    }

    @ParameterizedTest
    @ValueSource(strings = {"oneChar", "paste", "scattered"})
    void the_whole_document_receiver_patches_the_changed_text_without_rejections(String scenario) throws DeltaMismatchException {
        TextLayerBenchmark b = new TextLayerBenchmark();
        b.size = "100KB";
        b.scenario = scenario;
        b.setUp();
        for (int i = 0; i < 4; i++) {
            b.sender();
            assertTrue(b.receiver().allApplied(), scenario);
        }
        assertEquals(0, b.rejectedHunks);
    }

    @Test
    void the_report_shows_the_grid_and_judges_the_10mb_one_char_target() throws IOException {
        ObjectNode r = new ObjectMapper().createObjectNode();
        r.put("startedAt", "2026-01-01T00:00:00Z");
        ObjectNode text = r.putObject("textLayer");
        ObjectNode method = text.putObject("method");
        method.put("warmupIterations", 2);
        method.put("measurementIterations", 5);
        method.put("iterationMs", 1000);
        ObjectNode cell = text.putObject("grid").putObject("oneChar").putObject("10MB");
        cell.put("chars", 10_000_000);
        ObjectNode cycle = cell.putObject("cycle");
        cycle.put("ms", 0.143);
        cycle.putObject("msSpread").put("min", 0.12).put("max", 0.2);
        cycle.put("errorMs", 0.01);
        cell.putNull("sender");
        cell.putNull("receiver");
        ObjectNode target = text.putObject("target");
        target.put("ms", 0.143).put("limitMs", 5.0).put("met", true);
        String md = BenchReport.render(r);
        assertTrue(md.contains("| oneChar | 10MB | — | — | 0.143 (0.120–0.200) ± 0.0100 |"), md);
        assertTrue(md.contains("a one-character edit in a 10 MB document, the engine's whole cycle (diff, delta, exact apply, "
                + "fuzzy patch): 0.143 ms against ≤ 5 ms: met."), md);
    }

    @Test
    void a_partial_run_keeps_the_other_parts_of_the_json_it_replaces(@TempDir Path dir) throws IOException {
        ObjectMapper json = new ObjectMapper();
        Path file = dir.resolve("latest.json");
        Files.writeString(file, """
                {"startedAt": "2026-01-01T00:00:00Z", "quick": false, "rounds": 3,
                 "traces": {"seph-blog1": {"tandemMs": 538}}, "textLayer": {"old": {}},
                 "relay": {"writers": {"50": {"p99Ms": 214}}}, "wire": {}, "app": {"coldStartMs": 1680},
                 "partSeconds": {"traces": 158, "text": 42, "relay": 268, "app": 14}}
                """);
        ObjectNode now = json.createObjectNode();
        now.put("startedAt", "2026-02-02T00:00:00Z");
        now.putObject("traces");
        now.putObject("textLayer").putObject("grid");
        now.putObject("relay");
        now.putObject("wire");
        now.putObject("app");
        now.putObject("partSeconds").put("text", 300);
        now.putObject("partRuns").putObject("text").put("startedAt", "2026-02-02T00:00:00Z");
        BenchCommand.keepEarlierParts(file, Set.of("text"), now, json);
        assertEquals(538, now.path("traces").path("seph-blog1").path("tandemMs").asInt());
        assertEquals(214, now.path("relay").path("writers").path("50").path("p99Ms").asInt());
        assertEquals(1680, now.path("app").path("coldStartMs").asInt());
        assertTrue(now.path("textLayer").has("grid") && !now.path("textLayer").has("old"), "the part run now replaces its own");
        assertEquals(300, now.path("partSeconds").path("text").asInt());
        assertEquals(158, now.path("partSeconds").path("traces").asInt());
        JsonNode runs = now.path("partRuns");
        assertEquals("2026-01-01T00:00:00Z", runs.path("traces").path("startedAt").asText());
        assertFalse(runs.has("wire"), "an empty part stays empty");
        assertEquals(java.util.List.of("traces", "text", "relay", "app"),
                java.util.stream.StreamSupport.stream(((Iterable<String>) runs::fieldNames).spliterator(), false).toList());
        String md = BenchReport.render(now);
        assertTrue(md.contains("traces, relay, app from `./tandem bench` on 2026-01-01T00:00:00Z"), md);
    }
}
