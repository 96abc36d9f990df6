package dev.tandem.cli.bench;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tandem.cli.TempFolders;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The desktop app as a user starts it ({@code ./tandem app}) under a virtual display ({@code xvfb-run}), on a throwaway
 * data folder, with {@code --bench-open-chars}: the app logs when its window is editable (ms since the JVM started),
 * then opens a new document of that many chars, logs the ms until it is editable, and quits. Both lines are parsed.
 *
 * <p>Concurrency: used by the bench's thread; the app is always stopped ({@link Subprocess#close()}).
 */
final class AppBench {

    static final int DOCUMENT_CHARS = 1_000_000;
    private static final Pattern COLD = Pattern.compile("editable (\\d+) ms after the JVM started");
    private static final Pattern OPEN = Pattern.compile("opening a (\\d+)-char document: (\\d+) ms until editable");

    private final Path root;
    private final Path work;

    AppBench(Path root, Path work) {
        this.root = root;
        this.work = work;
    }

    /** Whether there is a virtual display to run the app in. */
    static boolean available() {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(":")) {
            if (Files.isExecutable(Path.of(dir, "xvfb-run"))) return true;
        }
        return false;
    }

    /** An untimed first start (the launcher builds desktop-app on first use), then {@code rounds} timed ones. */
    void run(int rounds, ObjectNode out) throws IOException, InterruptedException {
        System.err.println("tandem bench: app, a first untimed start");
        once();
        List<Double> cold = new ArrayList<>(), open = new ArrayList<>();
        int chars = 0;
        for (int round = 0; round < rounds; round++) {
            System.err.println("tandem bench: app, run " + (round + 1) + " of " + rounds);
            long[] r = once();
            cold.add((double) r[0]);
            chars = (int) r[1];
            open.add((double) r[2]);
        }
        out.put("display", "xvfb-run (virtual X display), software rendering as JavaFX picks it");
        Spread.of(cold).put(out, "coldStartMs");
        out.put("documentChars", chars);
        Spread.of(open).put(out, "openMs");
    }

    /** One start: {cold start ms, chars, open ms}. */
    private long[] once() throws IOException, InterruptedException {
        Path home = Files.createTempDirectory(work, "app");
        try (Subprocess app = Subprocess.start("app", List.of("xvfb-run", "-a", "-s", "-screen 0 1280x800x24",
                root.resolve("tandem").toString(), "app", "--bench-open-chars", Integer.toString(DOCUMENT_CHARS)), root, work,
                Map.of("XDG_DATA_HOME", home.resolve("data").toString(), "XDG_CONFIG_HOME", home.resolve("config").toString()))) {
            if (!app.process.waitFor(900, TimeUnit.SECONDS)) throw new IOException("the app did not quit in time: " + app.tail());
            String log = Files.readString(app.stderr) + Files.readString(app.stdout);
            Matcher c = COLD.matcher(log);
            Matcher o = OPEN.matcher(log);
            if (!c.find() || !o.find()) throw new IOException("the app did not report its times: " + app.tail());
            return new long[] {Long.parseLong(c.group(1)), Long.parseLong(o.group(1)), Long.parseLong(o.group(2))};
        } finally {
            try {
                TempFolders.delete(home);
            } catch (IOException e) {
                System.err.println("tandem bench: could not remove " + home + ": " + e.getMessage());
            }
        }
    }
}
