package dev.tandem.client;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tandem.relay.Relay;
import dev.tandem.relay.RelayConfig;
import dev.tandem.relay.TokenStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code ./tandem load} against a real relay, in-process: the JSON, a warm-up left out of the figures. */
class LoadCommandIT {

    @TempDir Path dir;

    @Test
    void writers_converge_and_only_keystrokes_after_the_warm_up_are_measured() throws Exception {
        RelayConfig config = RelayConfig.defaults(dir.resolve("relay"));
        String token;
        try (TokenStore t = TokenStore.open(config.dataDir())) {
            token = t.create("team", false);
        }
        try (Relay relay = Relay.start(config)) {
            DocCommandIT.Run r = DocCommandIT.run("load", "--server", relay.url(), "--token", token, "--clients", "3",
                    "--rate", "10", "--seconds", "1", "--warmup-seconds", "1", "--settle-seconds", "20");
            assertEquals(0, r.exit(), r.err());
            String[] lines = r.out().trim().split("\n");
            JsonNode j = new ObjectMapper().readTree(lines[lines.length - 1]);
            for (String key : new String[] {"clients", "edits", "p50Ms", "p95Ms", "p99Ms", "errors", "converged"}) {
                assertTrue(j.has(key), key + " in " + j);
            }
            assertTrue(j.path("converged").asBoolean(), j.toString());
            assertEquals(0, j.path("errors").asInt(), j.toString());
            // Each writer types at the end of its own line: nothing of one writer's touches another's.
            assertEquals(0, j.path("conflicts").asInt(-1), j.toString());
            assertEquals(1, j.path("warmupSeconds").asInt());
            // 3 writers at 10/s for 2 s type about 60 keystrokes; each reaches 2 peers. Only the second second's count.
            long samples = j.path("samples").asLong();
            assertTrue(samples > 0 && samples <= 2 * (j.path("edits").asLong() / 2 + 6), j.toString());
        }
    }
}
