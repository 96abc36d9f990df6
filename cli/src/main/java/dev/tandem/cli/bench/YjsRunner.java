package dev.tandem.cli.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The reference engine: {@code bench/yjs/replay.js} on the machine's Node.js, with Yjs pinned by
 * {@code bench/yjs/package.json} and its lock file, installed with {@code npm ci} into {@code bench/yjs/node_modules}
 * when missing.
 *
 * <p>Concurrency: used by the bench's thread.
 */
final class YjsRunner {

    /** What one replay through Yjs gave. */
    record Run(double ms, long bytes, long updates, boolean ok, long maxRssKb) {}

    private final Path dir;
    private final Path logs;
    private final ObjectMapper json = new ObjectMapper();

    YjsRunner(Path root, Path logs) {
        this.dir = root.resolve("bench/yjs");
        this.logs = logs;
    }

    /** Node's version ({@code v20.1.0}), or empty when there is no {@code node} on the PATH. */
    static Optional<String> nodeVersion(Path logs) {
        try {
            return Optional.of(Subprocess.run("node-version", List.of("node", "--version"), Path.of("."), logs, Map.of(), 30, false).trim());
        } catch (IOException e) {
            return Optional.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        }
    }

    /** Installs the pinned Yjs ({@code npm ci}) unless {@code node_modules/yjs} is there already. */
    void install() throws IOException, InterruptedException {
        if (Files.isDirectory(dir.resolve("node_modules/yjs"))) return;
        System.err.println("tandem bench: installing the pinned Yjs into " + dir + " (npm ci)");
        Subprocess.run("npm-ci", List.of("npm", "ci", "--no-audit", "--no-fund"), dir, logs, Map.of(), 300, false);
    }

    /** Replays a trace (its first {@code limit} transactions when positive) in a fresh Node process. */
    Run replay(Path trace, int limit) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of("node", "replay.js", trace.toAbsolutePath().toString()));
        if (limit > 0) cmd.addAll(List.of("--limit", Integer.toString(limit)));
        String out = Subprocess.run("yjs", cmd, dir, logs, Map.of(), 600, false);
        String[] lines = out.trim().split("\n");
        JsonNode n = json.readTree(lines[lines.length - 1]);
        return new Run(n.get("ms").asDouble(), n.get("bytes").asLong(), n.get("updates").asLong(), n.get("ok").asBoolean(),
                n.get("maxRssKb").asLong());
    }
}
