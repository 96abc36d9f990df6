package dev.tandem.engine.store;

import dev.tandem.engine.sync.DocumentSnapshot;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * Kills a real writer process (SIGKILL, {@code destroyForcibly}) at arbitrary instants while it commits, and checks
 * that every commit it reported is in the store, that the state replays to exactly the script's state after the steps
 * it holds, and that a restarted writer resumes from there.
 */
class SqliteDocumentStoreCrashIT {

    private static final long SEED = 20_261_126L;
    private static final int ROUNDS = 4;

    @TempDir
    Path dir;

    @Test
    @Timeout(120)
    void no_reported_commit_is_lost_when_the_writer_is_killed() throws Exception {
        Path file = dir.resolve("client.db");
        Random when = new Random(SEED);
        long reportedBefore = 0;
        for (int round = 1; round <= ROUNDS; round++) {
            long lastReported = runAndKill(file, 10 + when.nextInt(60), when.nextInt(30), round);
            assertTrue(lastReported > reportedBefore, "round " + round + " made progress");
            try (SqliteDocumentStore store = SqliteDocumentStore.open(file, StoreOptions.defaults())) {
                DocumentSnapshot loaded = store.load("doc").orElseThrow();
                long steps = CrashingWriter.steps(loaded);
                assertTrue(steps >= lastReported, "round " + round + ": the writer reported " + lastReported
                        + " steps committed, the store holds " + steps);
                DocumentSnapshot expected = EditScript.stateAfter("doc", SEED, steps);
                // Part by part first, so that a failure names the part that differs rather than printing two states.
                assertEquals(expected.text(), loaded.text(), "round " + round + ": the text");
                assertEquals(expected.links(), loaded.links(), "round " + round + ": the links");
                assertEquals(expected.conflicts(), loaded.conflicts(), "round " + round + ": the conflicts");
                assertEquals(expected, loaded, "round " + round);
                System.out.printf("round %d: writer reported %d steps committed, store holds %d (text %d chars)%n",
                        round, lastReported, steps, loaded.text().length());
                assertEquals(List.of("doc"), store.documentIds());
            }
            reportedBefore = lastReported;
        }
    }

    /** Starts the writer, reads {@code lines} reports, waits a little more, kills it; returns the last report. */
    private long runAndKill(Path file, int lines, int extraMillis, int round) throws IOException, InterruptedException {
        Path err = dir.resolve("writer-" + round + ".err");
        Process p = new ProcessBuilder(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"),
                CrashingWriter.class.getName(), file.toString(), String.valueOf(SEED))
                .redirectError(err.toFile())
                .start();
        long last = -1;
        try (BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
            for (int i = 0; i < lines; i++) {
                String line = out.readLine();
                if (line == null) fail("the writer stopped early:\n" + Files.readString(err));
                last = Long.parseLong(line.trim());
            }
            Thread.sleep(extraMillis); // kill at an arbitrary instant, not only right after a report
            p.destroyForcibly();
            assertTrue(p.waitFor(30, TimeUnit.SECONDS), "the writer died");
            // Reports printed before the kill are commits too, if the pipe still has them.
            try {
                for (String line = out.readLine(); line != null; line = out.readLine()) {
                    if (!line.isBlank()) last = Long.parseLong(line.trim()); // a line cut by the kill is shorter
                }
            } catch (IOException closedAfterExit) {
                // the JDK may close the pipe of a dead process; the reports read so far are enough
            }
        } finally {
            p.destroyForcibly();
        }
        assertEquals(137, p.exitValue(), "killed by SIGKILL; stderr:\n" + Files.readString(err));
        return last;
    }
}
