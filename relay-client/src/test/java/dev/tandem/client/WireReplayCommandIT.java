package dev.tandem.client;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tandem.relay.Relay;
import dev.tandem.relay.RelayConfig;
import dev.tandem.relay.TokenStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import java.util.zip.GZIPOutputStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code ./tandem wire} against a real relay, in-process, on a small trace written here (typing, deleting, a paste). */
class WireReplayCommandIT {

    @TempDir Path dir;

    /** A sequential trace of {@code n} transactions and its end text, in the traces README's format. */
    private Path trace(int n) throws Exception {
        Random random = new Random(8);
        StringBuilder doc = new StringBuilder();
        StringBuilder txns = new StringBuilder();
        for (int i = 0; i < n; i++) {
            int pos;
            int del = 0;
            String ins;
            if (i % 50 == 49) {
                pos = random.nextInt(doc.length() + 1);
                ins = "pasted text " + i + " ";
            } else if (doc.length() > 0 && random.nextInt(5) == 0) {
                pos = random.nextInt(doc.length());
                del = 1;
                ins = "";
            } else {
                pos = random.nextInt(doc.length() + 1);
                ins = String.valueOf((char) ('a' + random.nextInt(26)));
            }
            doc.replace(pos, pos + del, ins);
            if (i > 0) txns.append(',');
            txns.append("{\"time\":\"t\",\"patches\":[[").append(pos).append(',').append(del).append(",\"").append(ins).append("\"]]}");
        }
        String json = "{\"startContent\":\"\",\"endContent\":\"" + doc + "\",\"txns\":[" + txns + "]}";
        Path file = dir.resolve("small.json.gz");
        try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(file))) {
            out.write(json.getBytes(StandardCharsets.UTF_8));
        }
        return file;
    }

    @Test
    void a_trace_typed_through_the_relay_arrives_whole_at_the_follower_with_a_latency_for_every_edit() throws Exception {
        Path trace = trace(400);
        RelayConfig config = RelayConfig.defaults(dir.resolve("relay"));
        String token;
        try (TokenStore t = TokenStore.open(config.dataDir())) {
            token = t.create("team", false);
        }
        try (Relay relay = Relay.start(config)) {
            for (String rate : new String[] {"0", "400"}) {
                DocCommandIT.Run r = DocCommandIT.run("wire", "--server", relay.url(), "--token", token, "--trace",
                        trace.toString(), "--rate", rate, "--timeout-seconds", "60");
                assertEquals(0, r.exit(), r.out() + r.err());
                JsonNode j = new ObjectMapper().readTree(r.out().strip());
                assertTrue(j.path("ok").asBoolean(), j.toString());
                assertEquals(400, j.path("edits").asInt());
                assertEquals(400, j.path("arrived").asInt());
                assertEquals(0, j.path("problems").asInt(), j.toString());
                assertTrue(j.path("p99Ms").asDouble() >= j.path("p50Ms").asDouble(), j.toString());
            }
        }
    }
}
