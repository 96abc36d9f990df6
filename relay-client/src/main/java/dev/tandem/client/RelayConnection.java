package dev.tandem.client;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tandem.engine.meta.MetaCodec;
import dev.tandem.engine.protocol.MalformedMessageException;
import dev.tandem.engine.protocol.Message;
import dev.tandem.engine.protocol.MessageCodec;
import dev.tandem.engine.session.ClientSession;
import dev.tandem.engine.session.MetaSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLException;
import javax.net.ssl.TrustManagerFactory;
import java.io.IOException;
import java.io.InputStream;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.WebSocket;
import java.net.http.WebSocketHandshakeException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

/**
 * Connects a {@link ClientSession} (and, if given, a {@link MetaSession} for the documents' metadata) to a relay over
 * the JDK's WebSocket ({@code java.net.http}): authenticates with a token ({@code Authorization: Bearer}), says
 * {@code hello}, routes engine and metadata messages both ways (metadata only with a relay whose welcome says it speaks
 * the metadata protocol) and relay messages
 * (welcome, presence, list, error) to the {@link Listener}, and reconnects with exponential backoff and jitter
 * ({@link Backoff}: neither a connection that ended soon after its welcome nor one the relay closed asking to come back
 * later starts the count again).
 *
 * <p>States: {@code CONNECTING} → {@code ONLINE} (after the relay's welcome) → {@code OFFLINE} (the connection failed or
 * closed; a reconnect is scheduled) ... ; {@code REFUSED} is final: the relay refused the token (HTTP 401/403, close
 * 4401/4403) or this client broke a rule (4400/4413); reconnecting cannot help, the reason says why.
 *
 * <p>Concurrency: state changes happen under {@code this}; listener callbacks run on the JDK's WebSocket threads or
 * the reconnect timer and must not block. The JDK allows one outstanding send per WebSocket, so outgoing frames queue
 * in a {@link Link} and go one after another.
 */
public final class RelayConnection implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(RelayConnection.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    public enum State { CONNECTING, ONLINE, OFFLINE, REFUSED }

    /** Why the connection is offline: {@code UNREACHABLE} (no TCP), {@code TLS} (the TLS handshake failed), {@code CLOSED}. */
    public enum Cause { NONE, UNREACHABLE, TLS, CLOSED }

    /** A peer's caret and selection in a document, or {@code gone}. */
    public record PeerPresence(String doc, String clientId, String name, String color, int caret, int selStart,
                               int selEnd, boolean gone) {}

    public interface Listener {
        default void stateChanged(State state, Cause cause, String reason) { }

        default void welcome(String workspace, boolean readOnly) { }

        default void presence(PeerPresence p) { }

        default void error(int code, String message) { }
    }

    /**
     * @param clientId    this client's stable id (kept in its store), 1-64 of A-Z a-z 0-9 . _ -
     * @param name        the display name others see
     * @param color       the colour others see (e.g. {@code #3366cc})
     * @param minBackoff  first reconnect delay
     * @param maxBackoff  longest reconnect delay
     * @param connectTimeout how long a connection attempt may take
     */
    public record Options(String clientId, String name, String color, Duration minBackoff, Duration maxBackoff,
                          Duration connectTimeout) {
        public Options {
            Objects.requireNonNull(clientId, "clientId");
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(color, "color");
            if (minBackoff.isNegative() || minBackoff.isZero()) throw new IllegalArgumentException("minBackoff must be positive");
            if (maxBackoff.compareTo(minBackoff) < 0) throw new IllegalArgumentException("maxBackoff must be at least minBackoff");
            if (connectTimeout.isNegative() || connectTimeout.isZero()) throw new IllegalArgumentException("connectTimeout must be positive");
        }

        public static Options of(String clientId, String name, String color) {
            return new Options(clientId, name, color, Duration.ofMillis(200), Duration.ofSeconds(10), Duration.ofSeconds(5));
        }
    }

    private final ClientSession session;
    private final MetaSession meta;
    private final URI url;
    private final String token;
    private final Options options;
    private final Listener listener;
    private final HttpClient http;
    private final ScheduledExecutorService timer;
    private final boolean ownTimer;

    // Guarded by this:
    private State state = State.CONNECTING;
    private Cause cause = Cause.NONE;
    private String reason = "";
    private Link link;
    private long generation;
    private final Backoff backoff;
    /** When the current connection was welcomed (System.nanoTime), for {@link Backoff#afterEnd}. */
    private long onlineSince;
    private boolean closed;
    private boolean metaLinked;
    private final ConcurrentLinkedQueue<CompletableFuture<List<String>>> listRequests = new ConcurrentLinkedQueue<>();

    /** A {@code ping} goes out when nothing else was sent for this long (the relay closes silent connections after 60 s). */
    static final long HEARTBEAT_MILLIS = 15_000;

    private RelayConnection(ClientSession session, MetaSession meta, URI url, String token, Options options, Listener listener,
                            HttpClient http, ScheduledExecutorService timer, boolean ownTimer) {
        this.session = session;
        this.meta = meta;
        this.url = url;
        this.token = token;
        this.options = options;
        this.backoff = new Backoff(options.minBackoff().toMillis(), options.maxBackoff().toMillis());
        this.listener = listener;
        this.http = http;
        this.timer = timer;
        this.ownTimer = ownTimer;
    }

    /** Starts connecting at once; returns immediately. */
    public static RelayConnection connect(ClientSession session, URI url, String token, Options options, Listener listener,
                                          HttpClient http) {
        return connect(session, null, url, token, options, listener, http);
    }

    /** {@link #connect(ClientSession, URI, String, Options, Listener, HttpClient)} with the documents' metadata too. */
    public static RelayConnection connect(ClientSession session, MetaSession meta, URI url, String token, Options options,
                                          Listener listener, HttpClient http) {
        ScheduledExecutorService t = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread th = new Thread(r, "relay-reconnect");
            th.setDaemon(true);
            return th;
        });
        RelayConnection c = new RelayConnection(session, meta, url, token, options, listener, http, t, true);
        t.scheduleAtFixedRate(c::heartbeat, HEARTBEAT_MILLIS / 3, HEARTBEAT_MILLIS / 3, TimeUnit.MILLISECONDS);
        c.attempt();
        return c;
    }

    /**
     * An HTTP client for relays: trusting the system's certificates, or (for a self-signed relay) only
     * {@code trustStore}'s — a key store (PKCS12, JKS) or the relay's certificate itself as a PEM or DER file (what an
     * admin hands out: {@code .pem}, {@code .crt}, {@code .cer}), which needs no password.
     */
    public static HttpClient httpClient(Optional<Path> trustStore, char[] password) throws IOException {
        return httpClient(trustStore, password, Optional.empty());
    }

    /**
     * {@link #httpClient(Optional, char[])} whose WebSocket callbacks run on {@code executor} when given, instead of
     * the HTTP client's default pool (which hands every received message to a new or parked thread: for hundreds of
     * connections in one process, as in {@code ./tandem load}, a fixed pool wakes fewer threads).
     */
    public static HttpClient httpClient(Optional<Path> trustStore, char[] password, Optional<java.util.concurrent.Executor> executor)
            throws IOException {
        HttpClient.Builder b = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5));
        executor.ifPresent(b::executor);
        if (trustStore.isPresent()) {
            try (InputStream in = Files.newInputStream(trustStore.get())) {
                KeyStore ks;
                if (isCertificateFile(trustStore.get())) {
                    ks = KeyStore.getInstance("PKCS12");
                    ks.load(null, null);
                    int n = 0;
                    for (java.security.cert.Certificate c : java.security.cert.CertificateFactory.getInstance("X.509")
                            .generateCertificates(in)) {
                        ks.setCertificateEntry("relay-" + n++, c);
                    }
                    if (n == 0) throw new IOException("no certificate in " + trustStore.get());
                } else {
                    ks = KeyStore.getInstance(KeyStore.getDefaultType());
                    ks.load(in, password);
                }
                TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
                tmf.init(ks);
                SSLContext ctx = SSLContext.getInstance("TLS");
                ctx.init(null, tmf.getTrustManagers(), null);
                b.sslContext(ctx);
            } catch (GeneralSecurityException e) {
                throw new IOException("cannot use the trust store " + trustStore.get() + ": " + e.getMessage(), e);
            }
        }
        return b.build();
    }

    private static boolean isCertificateFile(Path file) {
        String name = file.getFileName().toString().toLowerCase(java.util.Locale.ROOT);
        return name.endsWith(".pem") || name.endsWith(".crt") || name.endsWith(".cer") || name.endsWith(".der");
    }

    public synchronized State state() {
        return state;
    }

    public synchronized Cause cause() {
        return cause;
    }

    public synchronized String reason() {
        return reason;
    }

    /** Tells the others of {@code doc} where this client's caret and selection are (the relay coalesces). */
    public void sendPresence(String doc, int caret, int selStart, int selEnd) {
        ObjectNode o = JSON.createObjectNode();
        o.put("p", 1).put("type", "presence").put("doc", doc).put("caret", caret);
        o.putArray("sel").add(selStart).add(selEnd);
        sendRelay(o.toString());
    }

    /** The documents of this token's workspace, as the relay knows them; fails if offline. */
    public CompletableFuture<List<String>> list() {
        CompletableFuture<List<String>> f = new CompletableFuture<>();
        Link l;
        synchronized (this) {
            l = state == State.ONLINE ? link : null;
        }
        if (l == null) {
            f.completeExceptionally(new IllegalStateException("not connected to the relay"));
            return f;
        }
        listRequests.add(f);
        l.send("{\"p\":1,\"type\":\"list\"}");
        return f;
    }

    /** Sends a raw frame (for tests of the relay's rules). */
    void sendRaw(String text) {
        sendRelay(text);
    }

    private void sendRelay(String text) {
        Link l;
        synchronized (this) {
            l = state == State.ONLINE ? link : null;
        }
        if (l != null) l.send(text);
    }

    private void heartbeat() {
        Link l;
        synchronized (this) {
            l = state == State.ONLINE ? link : null;
        }
        if (l != null && System.nanoTime() - l.lastSentNanos > TimeUnit.MILLISECONDS.toNanos(HEARTBEAT_MILLIS)) {
            l.send("{\"p\":1,\"type\":\"ping\"}");
        }
    }

    // ---------------------------------------------------------------------------------------------------------------

    private void attempt() {
        long gen;
        synchronized (this) {
            if (closed || state == State.REFUSED) return;
            gen = ++generation;
            setState(State.CONNECTING, Cause.NONE, "");
        }
        Link l = new Link(gen);
        http.newWebSocketBuilder()
                .header("Authorization", "Bearer " + token)
                .connectTimeout(options.connectTimeout())
                .buildAsync(url, l)
                .whenComplete((ws, err) -> {
                    if (err != null) failedToConnect(gen, err);
                });
    }

    private void failedToConnect(long gen, Throwable err) {
        WebSocketHandshakeException hs = find(err, WebSocketHandshakeException.class);
        if (hs != null) {
            int status = hs.getResponse().statusCode();
            if (status == 401 || status == 403) {
                down(gen, State.REFUSED, Cause.CLOSED, "the relay refused the token (HTTP " + status + ")");
            } else {
                down(gen, State.OFFLINE, Cause.CLOSED, "the relay answered HTTP " + status + " instead of a WebSocket");
            }
            return;
        }
        SSLException ssl = find(err, SSLException.class);
        if (ssl != null) {
            down(gen, State.OFFLINE, Cause.TLS, "TLS handshake with " + url.getHost() + " failed: " + ssl.getMessage());
            return;
        }
        if (find(err, ConnectException.class) != null || find(err, HttpConnectTimeoutException.class) != null) {
            down(gen, State.OFFLINE, Cause.UNREACHABLE, "cannot reach the relay at " + url.getHost() + ":" + url.getPort());
            return;
        }
        Throwable root = err;
        while (root.getCause() != null) root = root.getCause();
        down(gen, State.OFFLINE, Cause.UNREACHABLE, "cannot connect to the relay: " + root);
    }

    private static <T extends Throwable> T find(Throwable t, Class<T> type) {
        for (Throwable c = t; c != null; c = c.getCause()) if (type.isInstance(c)) return type.cast(c);
        return null;
    }

    /** A connection of generation {@code gen} is gone: offline (reconnect later) or refused (final). */
    private void down(long gen, State next, Cause why, String text) {
        down(gen, next, why, text, false);
    }

    private void down(long gen, State next, Cause why, String text, boolean tryLater) {
        long delay;
        synchronized (this) {
            if (gen != generation || closed) return;
            boolean wasOnline = state == State.ONLINE;
            link = null;
            if (wasOnline) session.disconnected();
            unlinkMeta();
            setState(next, why, text);
            for (CompletableFuture<List<String>> f; (f = listRequests.poll()) != null; ) {
                f.completeExceptionally(new IllegalStateException("connection lost"));
            }
            if (next == State.REFUSED) return;
            long onlineMillis = wasOnline ? TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - onlineSince) : -1;
            delay = Backoff.jittered(backoff.afterEnd(onlineMillis, tryLater), ThreadLocalRandom.current());
        }
        timer.schedule(this::attempt, delay, TimeUnit.MILLISECONDS);
    }

    private void setState(State s, Cause c, String r) {
        boolean changed = s != state || !r.equals(reason);
        state = s;
        cause = c;
        reason = r;
        if (changed) {
            if (s == State.OFFLINE || s == State.REFUSED) LOG.info("relay {}: {}", s.name().toLowerCase(), r);
            listener.stateChanged(s, c, r);
        }
    }

    private void online(long gen, Link l, JsonNode welcome) {
        synchronized (this) {
            if (gen != generation || closed) return;
            link = l;
            onlineSince = System.nanoTime();
            // Under the lock, so that a "disconnected" of this link can never overtake its "connected" (both only post).
            session.connected(m -> l.send(MessageCodec.encodeToString(m)));
            if (meta != null) {
                if (welcome.path("meta").asInt(0) >= MetaCodec.VERSION) {
                    metaLinked = true;
                    meta.connected(m -> l.send(MetaCodec.encode(m)));
                } else {
                    LOG.info("the relay does not speak the metadata protocol: titles, tags and deletions stay on this computer");
                }
            }
            setState(State.ONLINE, Cause.NONE, "");
        }
        listener.welcome(welcome.path("workspace").asText(""), welcome.path("readOnly").asBoolean(false));
    }

    /** Closes the connection (1000) and stops reconnecting; the session goes on offline. */
    @Override
    public void close() {
        Link l;
        synchronized (this) {
            if (closed) return;
            closed = true;
            l = link;
            link = null;
            if (state == State.ONLINE) session.disconnected();
            unlinkMeta();
        }
        if (l != null) l.close();
        if (ownTimer) timer.shutdownNow();
    }

    private void unlinkMeta() {
        if (metaLinked) {
            metaLinked = false;
            meta.disconnected();
        }
    }

    /** One WebSocket: its incoming frame assembly and its outgoing queue. */
    private final class Link implements WebSocket.Listener {
        private final long gen;
        private final StringBuilder partial = new StringBuilder();
        private final ArrayDeque<String> out = new ArrayDeque<>();
        private boolean sending;
        private WebSocket ws;
        volatile long lastSentNanos = System.nanoTime();

        Link(long gen) {
            this.gen = gen;
        }

        @Override
        public void onOpen(WebSocket webSocket) {
            synchronized (this) {
                ws = webSocket;
            }
            ObjectNode hello = JSON.createObjectNode();
            hello.put("p", 1).put("type", "hello").put("client", options.clientId()).put("name", options.name())
                    .put("color", options.color());
            send(hello.toString());
            webSocket.request(1);
        }

        void send(String text) {
            lastSentNanos = System.nanoTime();
            WebSocket w;
            synchronized (this) {
                if (ws == null) return;
                if (sending) {
                    out.add(text);
                    return;
                }
                sending = true;
                w = ws;
            }
            transmit(w, text);
        }

        private void transmit(WebSocket w, String text) {
            w.sendText(text, true).whenComplete((r, e) -> {
                String next;
                synchronized (this) {
                    next = e == null ? out.poll() : null;
                    if (e != null) out.clear();
                    if (next == null) sending = false;
                }
                if (next != null) transmit(w, next);
            });
        }

        void close() {
            WebSocket w;
            synchronized (this) {
                w = ws;
            }
            if (w != null) w.sendClose(WebSocket.NORMAL_CLOSURE, "bye").orTimeout(2, TimeUnit.SECONDS)
                    .whenComplete((r, e) -> w.abort());
        }

        @Override
        public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
            partial.append(data);
            if (last) {
                String text = partial.toString();
                partial.setLength(0);
                handle(text);
            }
            webSocket.request(1);
            return null;
        }

        private void handle(String text) {
            JsonNode n;
            try {
                n = JSON.readTree(text);
            } catch (IOException e) {
                LOG.warn("the relay sent something that is not JSON; ignored");
                return;
            }
            String type = n.path("type").asText("");
            switch (type) {
                case "welcome" -> online(gen, this, n);
                case "sync", "push", "reset" -> {
                    try {
                        session.receive(MessageCodec.decode(n));
                    } catch (MalformedMessageException e) {
                        LOG.warn("malformed message from the relay: {}", e.getMessage());
                    }
                }
                case "presence" -> listener.presence(new PeerPresence(n.path("doc").asText(), n.path("client").asText(),
                        n.path("name").asText(""), n.path("color").asText(""), n.path("caret").asInt(0),
                        n.path("sel").path(0).asInt(-1), n.path("sel").path(1).asInt(-1), n.path("gone").asBoolean(false)));
                case "list" -> {
                    List<String> docs = new ArrayList<>();
                    n.path("docs").forEach(d -> docs.add(d.asText()));
                    CompletableFuture<List<String>> f = listRequests.poll();
                    if (f != null) f.complete(List.copyOf(docs));
                }
                case "error" -> listener.error(n.path("code").asInt(0), n.path("message").asText(""));
                case MetaCodec.PUSHED, MetaCodec.CHANGES, MetaCodec.CHANGED -> {
                    if (meta == null) return;
                    try {
                        meta.receive(MetaCodec.decode(n));
                    } catch (MalformedMessageException e) {
                        LOG.warn("malformed metadata message from the relay: {}", e.getMessage());
                    }
                }
                default -> LOG.debug("ignored relay message of type {}", type);
            }
        }

        @Override
        public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String why) {
            boolean refused = statusCode == 4400 || statusCode == 4401 || statusCode == 4403 || statusCode == 4413;
            String text = "the relay closed the connection (" + statusCode + (why == null || why.isEmpty() ? "" : ": " + why) + ")";
            boolean tryLater = statusCode == 1013 || statusCode == 4429;
            down(gen, refused ? State.REFUSED : State.OFFLINE, Cause.CLOSED, text, tryLater);
            return null;
        }

        @Override
        public void onError(WebSocket webSocket, Throwable error) {
            down(gen, State.OFFLINE, find(error, SSLException.class) != null ? Cause.TLS : Cause.CLOSED,
                    "connection lost: " + error.getMessage());
        }
    }
}
