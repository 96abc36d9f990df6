package dev.tandem.engine.sync;

import dev.tandem.engine.protocol.Message;
import dev.tandem.engine.store.SqliteDocumentStore;
import dev.tandem.engine.store.StoreOptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * Kills a real process running a client and a hub with SQLite stores (SIGKILL) at arbitrary instants mid-sync, then
 * reopens both stores: every edit the hub acknowledged is in the hub's text, the two sides sync back to the same text
 * by the protocol, and a restarted writer carries on from there.
 */
class EngineCrashIT {

    private static final long SEED = 7_262_011L;
    private static final int ROUNDS = 3;

    @TempDir
    Path dir;

    @Test
    @Timeout(180)
    void no_acknowledged_edit_is_lost_when_the_process_is_killed_mid_sync() throws Exception {
        Random when = new Random(SEED);
        long ackedBefore = -1;
        for (int round = 1; round <= ROUNDS; round++) {
            long acked = runAndKill(20 + when.nextInt(200), round);
            assertTrue(acked > ackedBefore, "round " + round + " made progress");
            try (SqliteDocumentStore clientStore = SqliteDocumentStore.open(dir.resolve("client.db"), StoreOptions.defaults());
                 SqliteDocumentStore hubStore = SqliteDocumentStore.open(dir.resolve("hub.db"), StoreOptions.defaults())) {
                AtomicLong ids = new AtomicLong();
                ClientDocument client = ClientDocument.open(SyncingWriter.DOC, clientStore.load(SyncingWriter.DOC),
                        clientStore.journal(SyncingWriter.DOC), EngineLimits.DEFAULTS, () -> 1L, () -> "t" + ids.incrementAndGet());
                HubDocument hub = HubDocument.open(SyncingWriter.DOC, hubStore.load(SyncingWriter.DOC),
                        hubStore.journal(SyncingWriter.DOC), EngineLimits.DEFAULTS, () -> 1L, () -> "u" + ids.incrementAndGet());
                for (long n = 0; n <= acked; n++) {
                    assertTrue(hub.text().contains(SyncingWriter.marker(n)), "round " + round + ": acknowledged "
                            + SyncingWriter.marker(n) + " is missing from the hub's text after the kill");
                }
                // Resume by the protocol: the client's in-flight exchange died with the process.
                client.connectionLost();
                Optional<Message> m = client.startExchange(true);
                boolean reset = false;
                for (int i = 0; i < 10 && m.isPresent(); i++) {
                    HubDocument.Step step = hub.receive("writer", m.get());
                    reset |= step.reset();
                    m = client.receive(step.reply().orElseThrow()).reply();
                }
                assertEquals(hub.text(), client.text(), "round " + round + ": the two sides converge");
                assertTrue(!reset, "round " + round + ": resumed by the protocol, without a reset");
                assertTrue(client.conflicts().isEmpty(), "round " + round + ": no conflicts from a crash");
                clientStore.commit();
                hubStore.commit();
                System.out.printf("round %d: killed after %d acknowledged edits; hub text %d chars%n", round, acked + 1,
                        hub.length());
            }
            ackedBefore = acked;
        }
    }

    /** Starts the writer, waits for {@code acks} acknowledgements, kills it at once; returns the last one. */
    private long runAndKill(int acks, int round) throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process p = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"), SyncingWriter.class.getName(),
                dir.toString())
                .redirectError(dir.resolve("writer-" + round + ".err").toFile())
                .start();
        long last = -1;
        try (BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
            for (int i = 0; i < acks; i++) {
                String line = out.readLine();
                if (line == null) fail("the writer stopped early; see writer-" + round + ".err");
                last = Long.parseLong(line.substring("acked ".length()));
            }
            p.destroyForcibly(); // SIGKILL, mid-step: the writer never stops between steps
        }
        assertTrue(p.waitFor(30, TimeUnit.SECONDS), "the writer died");
        return last;
    }
}
