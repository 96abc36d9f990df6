package dev.tandem.cli.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A tiny slice of {@code ./tandem bench}: the suite starts, writes JSON of the issue's shape and a Markdown table from
 * it. Not a measurement: one round, a short trace prefix, five load clients for two seconds.
 */
class BenchCommandTest {

    @BeforeAll
    static void diffsDependOnTheirInputsAlone() { // not on a wall-clock budget that a busy CI machine may overrun
        dev.tandem.engine.text.TextDiff.useDeterministicBudgets();
    }

    private static final Path ROOT = Path.of(System.getProperty("user.dir")).toAbsolutePath().getParent();

    @TempDir
    Path dir;
    private String savedRoot;

    @BeforeEach
    void pointAtTheRepository() {
        savedRoot = System.getProperty("tandem.root");
        System.setProperty("tandem.root", ROOT.toString());
    }

    @AfterEach
    void restore() {
        if (savedRoot == null) System.clearProperty("tandem.root");
        else System.setProperty("tandem.root", savedRoot);
    }

    private JsonNode bench(String... args) throws IOException {
        List<String> all = new ArrayList<>(List.of("--quick", "--rounds", "1", "--out", dir.resolve("latest.json").toString(),
                "--markdown", dir.resolve("benchmarks.md").toString()));
        all.addAll(List.of(args));
        int code = new CommandLine(new BenchCommand()).execute(all.toArray(String[]::new));
        assertEquals(0, code, "exit code");
        return new ObjectMapper().readTree(dir.resolve("latest.json").toFile());
    }

    @Test
    void a_trace_slice_writes_the_issue_shape_and_a_table_from_it() throws IOException {
        Assumptions.assumeTrue(BenchCommand.tracesFolder(ROOT).isPresent(), "skipped: ../shared/traces not found");
        JsonNode r = bench("--only", "traces", "--trace", "sveltecomponent", "--trace", "friendsforever",
                "--trace-limit", "300");
        for (String key : List.of("machine", "traces", "textLayer", "relay", "wire", "app")) assertTrue(r.has(key), key);
        assertTrue(r.path("machine").path("cores").asInt() > 0);
        JsonNode svelte = r.path("traces").path("sveltecomponent");
        assertEquals(300, svelte.path("txns").asInt());
        assertTrue(svelte.path("textOk").asBoolean(), svelte.toString());
        assertTrue(svelte.path("tandemMs").isNumber() && svelte.path("tandemInMemoryMs").isNumber());
        assertFalse(svelte.has("tandemCommitEachSendMs"), "--quick leaves the commit-before-every-send replay out");
        assertTrue(svelte.path("tandemMsSpread").path("runs").isArray());
        assertTrue(svelte.path("cycles").has("every10") && svelte.path("cycles").has("every100"));
        assertTrue(svelte.path("cycles").path("every10").path("textOk").asBoolean());
        JsonNode concurrent = r.path("traces").path("friendsforever");
        assertEquals("concurrent", concurrent.path("kind").asText());
        assertEquals(0, concurrent.path("distance").asInt(), concurrent.toString());
        if (Files.isDirectory(ROOT.resolve("bench/yjs/node_modules/yjs"))) { // Node.js found and npm ci worked
            for (String key : List.of("yjsMs", "yjsBytes", "timeRatio", "timeRatioInMemory", "tandemBytes", "bytesRatio")) {
                assertTrue(svelte.path(key).isNumber(), key + " in " + svelte);
            }
            assertTrue(svelte.path("yjsTextOk").asBoolean());
            assertTrue(concurrent.path("yjsTextOk").asBoolean(), "Yjs on the concurrent trace's schedule");
        }
        String md = Files.readString(dir.resolve("benchmarks.md"));
        assertTrue(md.contains("| sveltecomponent | 300 of 18,335 |"), md);
        assertTrue(md.contains("cores"), md);
        int again = new CommandLine(new BenchCommand()).execute("--render", dir.resolve("latest.json").toString(),
                "--markdown", dir.resolve("again.md").toString());
        assertEquals(0, again);
        assertEquals(md, Files.readString(dir.resolve("again.md")), "--render rebuilds the same page from the JSON");
    }

    @Test
    void a_relay_slice_measures_latency_and_idle_memory_through_the_launcher() throws IOException {
        // The relay runs as ./tandem relay and load, which build their modules on first use: inside a Maven build
        // that would start a nested one, so the slice runs only where the launcher has built them already.
        for (String module : List.of("relay-server", "relay-client")) {
            Assumptions.assumeTrue(Files.exists(ROOT.resolve(module).resolve("target/.tandem-built")),
                    "skipped: ./tandem has not built " + module + " yet (run ./tandem relay --help once)");
        }
        Assumptions.assumeTrue(Files.isDirectory(Path.of("/proc/self")), "skipped: no /proc to read resident memory from");
        JsonNode r = bench("--only", "relay", "--load-clients", "5", "--load-seconds", "2", "--idle-connections", "10");
        JsonNode w = r.path("relay").path("writers").path("5");
        assertTrue(w.path("p99Ms").isNumber(), w.toString());
        assertTrue(w.path("converged").asBoolean(), w.toString());
        assertEquals(0, w.path("errors").asInt(), w.toString());
        assertTrue(r.path("relay").path("idle").path("relayPeakRssMb").asDouble() > 0);
        assertTrue(Files.readString(dir.resolve("benchmarks.md")).contains("| 5 | 2 (after 4) |"));
    }

    @Test
    void a_part_that_does_not_exist_is_refused() {
        int code = new CommandLine(new BenchCommand()).execute("--only", "everything", "--markdown", "none",
                "--out", dir.resolve("x.json").toString());
        assertEquals(2, code);
        assertTrue(Files.notExists(dir.resolve("x.json")));
    }

    @Test
    void a_negative_warm_up_is_refused() {
        int code = new CommandLine(new BenchCommand()).execute("--only", "relay", "--load-warmup-seconds", "-1",
                "--markdown", "none", "--out", dir.resolve("x.json").toString());
        assertEquals(2, code);
        assertTrue(Files.notExists(dir.resolve("x.json")));
    }
}
