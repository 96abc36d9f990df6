package dev.tandem.app.ui;

import dev.tandem.client.RelayConnection;
import dev.tandem.engine.session.ClientSession;
import dev.tandem.engine.session.SystemTimer;
import dev.tandem.engine.store.MemoryDocumentStore;
import dev.tandem.relay.Relay;
import dev.tandem.relay.RelayConfig;
import dev.tandem.relay.TokenStore;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * The rest of the world for {@link UiPerformanceIT}, in a process of its own: a relay on 127.0.0.1 (any free port) and a
 * peer without a window, the same engine and relay connection as the app's, typing where it is told. As in use, the
 * peer's typing and the relay's work happen outside the measured app's JVM: the app's FX thread and heap hold only what
 * one user's app holds. (Two windows in one JVM share one FX thread: the peer's own keystrokes and pulses would be
 * measured as the app's.)
 *
 * <p>Protocol, one line each way, on stdin / stdout:
 * <ul>
 *   <li>at start it prints {@code relay URL WORKSPACE TOKEN};</li>
 *   <li>{@code open DOC LENGTH}: opens the document and waits until its text has at least that length; prints
 *       {@code ready};</li>
 *   <li>{@code type POS TEXT}: types TEXT at POS one character every 50 ms (20 edits/s), its caret (sent as presence)
 *       moving along; prints {@code typed};</li>
 *   <li>{@code insert POS TEXT}: one edit; prints {@code inserted};</li>
 *   <li>{@code text}: prints {@code text LENGTH HASH} of its current text (to check convergence);</li>
 *   <li>{@code quit} or end of input: closes everything and exits.</li>
 * </ul>
 * Text arguments are everything after the second space, with {@code \n} for a line break.
 *
 * <p>Concurrency: the main thread reads commands and types; the session and the connection own their threads.
 */
public final class RemotePeer {

    private RemotePeer() { }

    public static void main(String[] args) throws Exception {
        Path dir = Path.of(args[0]);
        PrintStream out = new PrintStream(System.out, true, StandardCharsets.UTF_8);
        RelayConfig config = RelayConfig.defaults(dir.resolve("relay")).withPort(0);
        String token;
        try (TokenStore tokens = TokenStore.open(config.dataDir())) {
            token = tokens.create("team", false);
        }
        ExecutorService engine = Executors.newSingleThreadExecutor();
        SystemTimer timer = new SystemTimer();
        try (Relay relay = Relay.start(config)) {
            out.println("relay " + relay.url() + " team " + token);
            ClientSession session = ClientSession.start(new MemoryDocumentStore(), ClientSession.Options.DEFAULTS, engine,
                    timer, new ClientSession.Listener() {
                        @Override
                        public void problem(String docId, String message) {
                            System.err.println("problem in " + docId + ": " + message);
                        }
                    });
            try (RelayConnection connection = RelayConnection.connect(session, URI.create(relay.url()), token,
                    RelayConnection.Options.of("peer-grace", "Grace", "#1c7ed6"), new RelayConnection.Listener() { },
                    RelayConnection.httpClient(Optional.empty(), new char[0]))) {
                serve(session, connection, out);
            } finally {
                session.closeAsync().get(10, TimeUnit.SECONDS);
            }
        } finally {
            timer.close();
            engine.shutdownNow();
        }
    }

    private static void serve(ClientSession session, RelayConnection connection, PrintStream out) throws Exception {
        BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        String doc = null;
        for (String line; (line = in.readLine()) != null && !line.equals("quit"); ) {
            String[] w = line.split(" ", 3);
            switch (w[0]) {
                case "open" -> {
                    doc = w[1];
                    int length = Integer.parseInt(w[2]);
                    session.open(doc).get(10, TimeUnit.SECONDS);
                    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
                    while (session.text(doc).get().length() < length) {
                        if (System.nanoTime() > deadline) throw new IllegalStateException("the document never arrived");
                        Thread.sleep(20); // polling with a deadline: the session has no "text reached" signal
                    }
                    out.println("ready");
                }
                case "type" -> {
                    int pos = Integer.parseInt(w[1]);
                    String text = w[2].replace("\\n", "\n");
                    long next = System.nanoTime();
                    for (int i = 0; i < text.length(); i++) {
                        session.edit(doc, pos + i, 0, String.valueOf(text.charAt(i)));
                        connection.sendPresence(doc, pos + i + 1, pos + i + 1, pos + i + 1);
                        next += TimeUnit.MILLISECONDS.toNanos(50);
                        long wait = next - System.nanoTime();
                        if (wait > 0) TimeUnit.NANOSECONDS.sleep(wait); // the typing rate: 20 edits/s
                    }
                    out.println("typed");
                }
                case "insert" -> {
                    int pos = Integer.parseInt(w[1]);
                    String text = w[2].replace("\\n", "\n");
                    session.edit(doc, pos, 0, text);
                    connection.sendPresence(doc, pos + text.length(), pos + text.length(), pos + text.length());
                    out.println("inserted");
                }
                case "text" -> {
                    String text = session.text(doc).get();
                    out.println("text " + text.length() + " " + text.hashCode());
                }
                default -> throw new IllegalArgumentException("unknown command: " + line);
            }
        }
    }
}
