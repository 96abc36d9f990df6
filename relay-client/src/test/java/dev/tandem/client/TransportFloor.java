package dev.tandem.client;

import dev.tandem.relay.GrizzlyTyrusContainer;
import jakarta.websocket.Endpoint;
import jakarta.websocket.EndpointConfig;
import jakarta.websocket.MessageHandler;
import jakarta.websocket.Session;
import jakarta.websocket.server.ServerEndpointConfig;
import org.glassfish.grizzly.http.server.HttpServer;
import org.glassfish.grizzly.http.server.NetworkListener;
import org.glassfish.tyrus.container.grizzly.server.WebSocketAddOn;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * The floor under {@code ./tandem load}: what the transport alone costs on this machine, with no engine, no store and
 * no JSON. A Tyrus server on Grizzly (as the relay's) gathers every client's message and, every {@code windowMs}, sends
 * each client one message holding what the others sent in that window (as the relay's coalesced pushes). N JDK
 * WebSocket clients (as {@code ./tandem load}'s) each send a timestamp {@code rate} times a second and measure, for
 * each other client's timestamp they receive, the time since it was sent. Server and clients run in separate
 * processes, as the relay and the load generator do.
 *
 * <p>Not a test: a harness that prints JSON (decision 0021). Run the server, then the clients with the port it printed:
 * <pre>
 * cp=$(cat relay-client/target/test-classpath.txt):relay-client/target/test-classes:relay-client/target/classes
 * java -cp "$cp" dev.tandem.client.TransportFloor server 10 &amp;
 * java -Dfloor.pad=120 -cp "$cp" dev.tandem.client.TransportFloor clients PORT 200 5 10 10
 * </pre>
 * {@code tyrus-clients} instead of {@code clients} runs the same clients on Tyrus' own client (Grizzly) rather than the
 * JDK's: measured at 200 writers it cost more than twice the CPU (decision 0021, session 14).
 * {@code floor.pad}: bytes of padding per entry (default 120, about one edit of a relay push).
 */
public final class TransportFloor {

    private TransportFloor() { }

    public static void main(String[] args) throws Exception {
        if (args.length >= 2 && args[0].equals("server")) {
            server(Integer.parseInt(args[1]));
        } else if (args.length >= 6 && args[0].equals("clients")) {
            clients(Integer.parseInt(args[1]), Integer.parseInt(args[2]), Double.parseDouble(args[3]),
                    Integer.parseInt(args[4]), Integer.parseInt(args[5]));
        } else if (args.length >= 6 && args[0].equals("tyrus-clients")) {
            tyrusClients(Integer.parseInt(args[1]), Integer.parseInt(args[2]), Double.parseDouble(args[3]),
                    Integer.parseInt(args[4]), Integer.parseInt(args[5]));
        } else {
            System.err.println("usage: TransportFloor server WINDOW_MS | clients|tyrus-clients PORT N RATE WARMUP_S MEASURE_S");
            System.exit(2);
        }
    }

    // ---------------------------------------------------------------------------------------------------------------
    // Server: gather, and every window send each client what the others sent

    private static final Set<Session> SESSIONS = ConcurrentHashMap.newKeySet();
    private static final List<String> WINDOW = new ArrayList<>();

    public static final class Hub extends Endpoint {
        @Override
        public void onOpen(Session session, EndpointConfig config) {
            SESSIONS.add(session);
            session.addMessageHandler(String.class, (MessageHandler.Whole<String>) text -> {
                synchronized (WINDOW) {
                    WINDOW.add(text);
                }
            });
        }

        @Override
        public void onClose(Session session, jakarta.websocket.CloseReason reason) {
            SESSIONS.remove(session);
        }
    }

    private static void server(int windowMs) throws Exception {
        HttpServer http = new HttpServer();
        NetworkListener listener = new NetworkListener("floor", "127.0.0.1", 0);
        http.addListener(listener);
        GrizzlyTyrusContainer container = new GrizzlyTyrusContainer(1 << 20);
        container.getWebSocketEngine().register(ServerEndpointConfig.Builder.create(Hub.class, "/floor").build(), "");
        listener.registerAddOn(new WebSocketAddOn(container, ""));
        http.start();
        System.out.println(listener.getPort());
        System.out.flush();
        ScheduledExecutorService pusher = Executors.newSingleThreadScheduledExecutor();
        pusher.scheduleAtFixedRate(() -> {
            List<String> batch;
            synchronized (WINDOW) {
                if (WINDOW.isEmpty()) return;
                batch = new ArrayList<>(WINDOW);
                WINDOW.clear();
            }
            String message = String.join("\n", batch);
            for (Session s : SESSIONS) {
                if (s.isOpen()) s.getAsyncRemote().sendText(message);
            }
        }, windowMs, windowMs, TimeUnit.MILLISECONDS);
        Thread.currentThread().join();
    }

    // ---------------------------------------------------------------------------------------------------------------
    // Clients: send timestamps, measure the others'

    private static volatile boolean measuring;
    private static final java.util.concurrent.atomic.AtomicLong SKIPPED = new java.util.concurrent.atomic.AtomicLong();
    private static final List<Long> LATENCIES = Collections.synchronizedList(new ArrayList<>());

    private static void clients(int port, int n, double rate, int warmupS, int measureS) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(Math.max(2, Runtime.getRuntime().availableProcessors()));
        HttpClient http = HttpClient.newBuilder().executor(pool).build();
        URI uri = URI.create("ws://127.0.0.1:" + port + "/floor");
        List<WebSocket> sockets = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            String me = "c" + i;
            sockets.add(http.newWebSocketBuilder().buildAsync(uri, new Listener(me)).get(10, TimeUnit.SECONDS));
        }
        ScheduledExecutorService typer = Executors.newScheduledThreadPool(1);
        long periodNanos = (long) (1e9 / rate);
        for (int i = 0; i < n; i++) {
            WebSocket ws = sockets.get(i);
            String me = "c" + i;
            // Padded to the size of a typical relay push entry (an edit with its versions and checksums).
            String pad = "x".repeat(Integer.getInteger("floor.pad", 120));
            typer.scheduleAtFixedRate(() -> {
                try {
                    ws.sendText(me + " " + System.nanoTime() + " " + pad, true);
                } catch (IllegalStateException busy) {
                    SKIPPED.incrementAndGet(); // the previous send has not completed: this keystroke is not sent
                }
            }, periodNanos * i / n, periodNanos, TimeUnit.NANOSECONDS);
        }
        report(n, rate, warmupS, measureS);
    }

    private static void report(int n, double rate, int warmupS, int measureS) throws InterruptedException {
        Thread.sleep(warmupS * 1000L);
        measuring = true;
        Thread.sleep(measureS * 1000L);
        measuring = false;
        List<Long> all;
        synchronized (LATENCIES) {
            all = new ArrayList<>(LATENCIES);
        }
        Collections.sort(all);
        double expected = n * (n - 1.0) * rate * measureS;
        System.out.printf("{\"clients\": %d, \"rate\": %s, \"received\": %d, \"expected\": %.0f, "
                        + "\"p50Ms\": %.1f, \"p95Ms\": %.1f, \"p99Ms\": %.1f, \"skippedSends\": %d}%n", n, rate, all.size(), expected,
                pct(all, 0.50), pct(all, 0.95), pct(all, 0.99), SKIPPED.get());
        System.exit(0);
    }

    /**
     * The same clients on Tyrus' own client (Grizzly: a few selector threads for all connections) instead of the
     * JDK's WebSocket, to see which costs less per message.
     */
    private static void tyrusClients(int port, int n, double rate, int warmupS, int measureS) throws Exception {
        org.glassfish.tyrus.client.ClientManager manager = org.glassfish.tyrus.client.ClientManager.createClient(
                org.glassfish.tyrus.container.grizzly.client.GrizzlyClientContainer.class.getName());
        manager.getProperties().put(org.glassfish.tyrus.client.ClientProperties.SHARED_CONTAINER, true);
        URI uri = URI.create("ws://127.0.0.1:" + port + "/floor");
        List<Session> sessions = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            String me = "c" + i;
            sessions.add(manager.connectToServer(new Endpoint() {
                @Override
                public void onOpen(Session session, EndpointConfig config) {
                    session.addMessageHandler(String.class, (MessageHandler.Whole<String>) text -> received(me, text));
                }
            }, jakarta.websocket.ClientEndpointConfig.Builder.create().build(), uri));
        }
        ScheduledExecutorService typer = Executors.newScheduledThreadPool(1);
        long periodNanos = (long) (1e9 / rate);
        String pad = "x".repeat(Integer.getInteger("floor.pad", 120));
        for (int i = 0; i < n; i++) {
            Session s = sessions.get(i);
            String me = "c" + i;
            typer.scheduleAtFixedRate(() -> s.getAsyncRemote().sendText(me + " " + System.nanoTime() + " " + pad),
                    periodNanos * i / n, periodNanos, TimeUnit.NANOSECONDS);
        }
        report(n, rate, warmupS, measureS);
    }

    private static void received(String me, String text) {
        long now = System.nanoTime();
        if (!measuring) return;
        List<Long> mine = new ArrayList<>();
        for (String line : text.split("\n")) {
            int sp = line.indexOf(' ');
            if (line.startsWith(me + " ")) continue;
            int sp2 = line.indexOf(' ', sp + 1);
            mine.add(now - Long.parseLong(line.substring(sp + 1, sp2)));
        }
        LATENCIES.addAll(mine);
    }

    private static double pct(List<Long> sorted, double p) {
        if (sorted.isEmpty()) return Double.NaN;
        return sorted.get(Math.min(sorted.size() - 1, (int) (p * sorted.size()))) / 1e6;
    }

    private static final class Listener implements WebSocket.Listener {
        private final String me;
        private final StringBuilder partial = new StringBuilder();

        Listener(String me) {
            this.me = me;
        }

        @Override
        public CompletionStage<?> onText(WebSocket ws, CharSequence data, boolean last) {
            partial.append(data);
            if (last) {
                String text = partial.toString();
                partial.setLength(0);
                received(me, text);
            }
            ws.request(1);
            return null;
        }
    }
}
