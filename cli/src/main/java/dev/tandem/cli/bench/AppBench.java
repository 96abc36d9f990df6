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
 * The desktop app as a user starts it, {@code ./tandem app --headless --exit-after-open} (JavaFX's Monocle platform,
 * no display), on a throwaway data folder: the app logs when its first document is editable (ms since the JVM
 * started) and quits. Cold start: an empty workspace (the app creates its Welcome document). With a 1 MB document:
 * {@code --open FILE} imports a 1,000,000-char file and opens it first; the open's cost is the difference of the medians.
 *
 * <p>Concurrency: used by the bench's thread; the app is always stopped ({@link Subprocess#close()}).
 */
final class AppBench {

    static final int DOCUMENT_CHARS = 1_000_000;
    private static final Pattern COLD = Pattern.compile("editable (\\d+) ms after the JVM started");
    private static final Pattern OPENED = Pattern.compile("tandem: opened .*\\((\\d+) characters\\)");

    private final Path root;
    private final Path work;

    AppBench(Path root, Path work) {
        this.root = root;
        this.work = work;
    }

    /** An untimed first start (the launcher builds desktop-app on first use), then {@code rounds} of each timed one. */
    void run(int rounds, ObjectNode out) throws IOException, InterruptedException {
        Path big = work.resolve("large-document.md");
        StringBuilder text = new StringBuilder();
        for (int i = 0; text.length() < DOCUMENT_CHARS; i++) text.append("Line ").append(i).append(" of a *large* document.\n");
        text.setLength(DOCUMENT_CHARS);
        Files.writeString(big, text);
        System.err.println("tandem bench: app, a first untimed start");
        once(null);
        List<Double> cold = new ArrayList<>(), withLarge = new ArrayList<>();
        for (int round = 0; round < rounds; round++) {
            System.err.println("tandem bench: app, run " + (round + 1) + " of " + rounds);
            cold.add((double) once(null)[0]);
            long[] r = once(big);
            if (r[1] != DOCUMENT_CHARS) throw new IOException("the app opened " + r[1] + " chars, not " + DOCUMENT_CHARS);
            withLarge.add((double) r[0]);
        }
        out.put("mode", "./tandem app --headless --exit-after-open [--open FILE]: Monocle, software rendering");
        Spread c = Spread.of(cold);
        Spread l = Spread.of(withLarge);
        c.put(out, "coldStartMs");
        l.put(out, "coldStartOpening1MbMs");
        out.put("documentChars", DOCUMENT_CHARS);
        out.put("open1MbMs", Spread.round(l.median() - c.median()));
    }

    /** One start, opening {@code file} when given: {ms from JVM start to editable, chars of the opened document}. */
    private long[] once(Path file) throws IOException, InterruptedException {
        Path home = Files.createTempDirectory(work, "app");
        List<String> cmd = new ArrayList<>(List.of(root.resolve("tandem").toString(), "app", "--headless", "--exit-after-open"));
        if (file != null) cmd.addAll(List.of("--open", file.toString()));
        try (Subprocess app = Subprocess.start("app", cmd, root, work,
                Map.of("XDG_DATA_HOME", home.resolve("data").toString(), "XDG_CONFIG_HOME", home.resolve("config").toString()))) {
            if (!app.process.waitFor(900, TimeUnit.SECONDS)) throw new IOException("the app did not quit in time: " + app.tail());
            String log = Files.readString(app.stderr) + Files.readString(app.stdout);
            Matcher c = COLD.matcher(log);
            Matcher o = OPENED.matcher(log);
            if (!c.find() || !o.find()) throw new IOException("the app did not report its times: " + app.tail());
            return new long[] {Long.parseLong(c.group(1)), Long.parseLong(o.group(1))};
        } finally {
            try {
                TempFolders.delete(home);
            } catch (IOException e) {
                System.err.println("tandem bench: could not remove " + home + ": " + e.getMessage());
            }
        }
    }
}
