package dev.tandem.relay;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tandem.engine.meta.FieldChange;
import dev.tandem.engine.meta.MetaCodec;
import dev.tandem.engine.meta.MetaMessage;
import dev.tandem.engine.protocol.Edit;
import dev.tandem.engine.protocol.MalformedMessageException;
import dev.tandem.engine.protocol.Message;
import dev.tandem.engine.protocol.MessageCodec;
import dev.tandem.engine.session.HubMetrics;
import dev.tandem.engine.session.HubSession;
import dev.tandem.engine.session.MetaHub;
import dev.tandem.engine.session.SystemTimer;
import dev.tandem.engine.store.SqliteDocumentStore;
import dev.tandem.engine.store.SqliteMetaStore;
import dev.tandem.engine.store.StoreException;
import dev.tandem.engine.store.StoreOptions;
import dev.tandem.engine.sync.EngineLimits;
import jakarta.websocket.CloseReason;
import jakarta.websocket.DeploymentException;
import jakarta.websocket.Session;
import org.glassfish.grizzly.http.server.HttpHandler;
import org.glassfish.grizzly.http.server.HttpServer;
import org.glassfish.grizzly.http.server.NetworkListener;
import org.glassfish.grizzly.http.server.Request;
import org.glassfish.grizzly.http.server.Response;
import org.glassfish.grizzly.ssl.SSLEngineConfigurator;
import org.glassfish.tyrus.container.grizzly.server.WebSocketAddOn;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

/**
 * The relay: one {@link HubSession} over {@code hub.db}, behind an authenticated WebSocket endpoint ({@code /sync}) on
 * a Grizzly {@link HttpServer} that this class builds itself (to bind the given address, not 0.0.0.0, and to serve
 * {@code /health} and {@code /metrics} beside it), with TLS when given a key store.
 *
 * <p>Each connection speaks the relay envelope (docs/protocol.md): {@code hello} first, then engine messages for its
 * workspace's documents (renamed {@code workspace/name} on the hub, so a token reaches only its workspace),
 * {@code presence} and {@code list}, and the metadata protocol ({@code meta-push}, {@code meta-pull}) answered by a
 * {@link MetaHub} over the same file's metadata tables, workspace by workspace. A frame that breaks a rule closes only
 * its own connection, before anything of it reaches the hub.
 *
 * <p>Concurrency: Tyrus' I/O threads call {@link #opened}, {@link #onText}, {@link #closed}; the hub's document actors
 * run on {@code hubExecutor} and send through {@link Connection#send} (non-blocking), and their checkpoints are made
 * on {@code checkpointExecutor}; presence fans out on
 * {@code scheduler}; metadata requests run one at a time on {@code metaExecutor} (the metadata's one writer), which
 * answers and announces accepted changes to the workspace's other connections. The maps of connections are concurrent; {@link #active} (client key to its current connection)
 * is updated under {@code synchronized (active)} so that attach and detach of one client cannot interleave.
 */
public final class Relay implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(Relay.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    public static final String VERSION = "0.1.0";

    private final RelayConfig config;
    private final TokenStore tokens;
    private final SqliteDocumentStore store;
    private final SystemTimer timer = new SystemTimer();
    private final ExecutorService hubExecutor;
    /** Documents' checkpoints, one at a time, beside the owners and the committer (see HubSession#checkpointsOn). */
    private final ExecutorService checkpointExecutor;
    private final ScheduledExecutorService scheduler;
    private final HubSession hub;
    private final SqliteMetaStore metaStore;
    private final MetaHub meta;
    private final ExecutorService metaExecutor;
    private final Presence presence;
    private final HttpServer http;
    private final Instant started = Instant.now();
    private int port;
    private volatile boolean stopping;

    private final Set<Connection> connections = ConcurrentHashMap.newKeySet();
    private final Map<String, Connection> active = new ConcurrentHashMap<>();
    private final Map<Long, AtomicInteger> perToken = new ConcurrentHashMap<>();
    final AtomicLong bytesIn = new AtomicLong();
    final AtomicLong bytesOut = new AtomicLong();
    private final LongAdder refusedHandshakes = new LongAdder();
    private final LongAdder violations = new LongAdder();
    private final LongAdder metaAccepted = new LongAdder();
    private final LongAdder metaRefused = new LongAdder();
    private final LongAdder shed = new LongAdder();
    private final Admission admission = new Admission();
    private final OutboundBudget outbound = OutboundBudget.ofHeap();
    private final HeapPressure heapPressure;
    private final HeapWatch heapWatch;

    private Relay(RelayConfig config, TokenStore tokens, SqliteDocumentStore store, SqliteMetaStore metaStore) {
        this.config = config;
        this.tokens = tokens;
        this.store = store;
        this.metaStore = metaStore;
        this.meta = new MetaHub(metaStore, System::currentTimeMillis, MetaHub.Options.DEFAULTS);
        this.metaExecutor = Executors.newSingleThreadExecutor(daemon("relay-meta"));
        int threads = Math.max(2, Runtime.getRuntime().availableProcessors());
        this.hubExecutor = Executors.newFixedThreadPool(threads, daemon("relay-hub"));
        this.scheduler = Executors.newSingleThreadScheduledExecutor(daemon("relay-presence"));
        this.hub = new HubSession(store, new HubSession.Options(config.pushDelayMillis(), 20_000,
                new EngineLimits(config.maxDocumentChars(), EngineLimits.DEFAULT_MAX_EDITS_PER_MESSAGE)), hubExecutor, timer);
        this.checkpointExecutor = Executors.newSingleThreadExecutor(daemon("relay-checkpoint"));
        hub.checkpointsOn(checkpointExecutor);
        this.presence = new Presence(scheduler, config.presenceIntervalMillis());
        this.http = new HttpServer();
        long sweep = Math.max(100, Math.min(1_000, config.idleTimeoutMillis() / 4));
        scheduler.scheduleAtFixedRate(this::sweepIdle, sweep, sweep, TimeUnit.MILLISECONDS);
        scheduler.scheduleAtFixedRate(this::admit, 1, 1, TimeUnit.SECONDS);
        this.heapPressure = HeapPressure.atPercent(config.shedHeapPercent());
        this.heapWatch = new HeapWatch(this::heapReading);
        hub.checkpointsWithin(() -> {
            double full = heapPressure.lastReading();
            return Double.isNaN(full) ? Long.MAX_VALUE : (long) ((1 - full) * Runtime.getRuntime().maxMemory());
        });
    }

    private static java.util.concurrent.ThreadFactory daemon(String name) {
        AtomicInteger n = new AtomicInteger();
        return r -> {
            Thread t = new Thread(r, name + "-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
    }

    /** Opens the stores, binds and starts serving. */
    public static Relay start(RelayConfig config) throws RelayException {
        TokenStore tokens = TokenStore.open(config.dataDir());
        SqliteDocumentStore store;
        try {
            store = SqliteDocumentStore.open(config.dataDir().resolve("hub.db"), StoreOptions.defaults());
        } catch (StoreException e) {
            closeQuietly(tokens);
            throw new RelayException("cannot open the hub store in " + config.dataDir() + ": " + e.getMessage(), e);
        }
        SqliteMetaStore metaStore;
        try {
            metaStore = SqliteMetaStore.open(config.dataDir().resolve("hub.db"), StoreOptions.defaults());
            purgeExpiredTexts(store, metaStore);
        } catch (StoreException e) {
            closeQuietly(tokens);
            try {
                store.close();
            } catch (StoreException s) {
                e.addSuppressed(s);
            }
            throw new RelayException("cannot open the metadata in " + config.dataDir() + ": " + e.getMessage(), e);
        }
        Relay relay = new Relay(config, tokens, store, metaStore);
        try {
            relay.serve();
        } catch (RelayException e) {
            relay.close();
            throw e;
        }
        LOG.info("relay listening on {} (data {})", relay.url(), config.dataDir());
        return relay;
    }

    /**
     * Removes the text of documents deleted longer ago than the retention period (their tombstones stay). At start, before
     * the hub has loaded any document, so no live document is removed under its owner.
     */
    private static void purgeExpiredTexts(SqliteDocumentStore store, SqliteMetaStore metaStore) throws StoreException {
        Set<String> held = new java.util.HashSet<>(store.documentIds());
        for (String id : MetaHub.expiredTombstones(metaStore.records(), System.currentTimeMillis(),
                MetaHub.Options.DEFAULTS.retentionMillis())) {
            if (held.contains(id)) {
                store.delete(id);
                LOG.info("removed the text of {}: deleted more than the retention period ago", id);
            }
        }
    }

    private void serve() throws RelayException {
        NetworkListener listener = new NetworkListener("relay", config.bind(), config.port());
        if (config.tls().isPresent()) {
            listener.setSecure(true);
            listener.setSSLEngineConfig(new SSLEngineConfigurator(sslContext(config.tls().get()), false, false, false));
        }
        http.addListener(listener);
        GrizzlyTyrusContainer container = new GrizzlyTyrusContainer(2 * config.maxMessageBytes() + 1024);
        container.setDefaultMaxTextMessageBufferSize(config.maxMessageBytes());
        container.setDefaultMaxSessionIdleTimeout(config.idleTimeoutMillis());
        try {
            container.getWebSocketEngine().register(RelayEndpoint.config(this), "");
        } catch (DeploymentException e) {
            throw new RelayException("cannot deploy the WebSocket endpoint: " + e.getMessage(), e);
        }
        listener.registerAddOn(new WebSocketAddOn(container, ""));
        http.getServerConfiguration().addHttpHandler(new HttpHandler() {
            @Override
            public void service(Request request, Response response) throws IOException {
                respond(response, "application/json", health());
            }
        }, "/health");
        http.getServerConfiguration().addHttpHandler(new HttpHandler() {
            @Override
            public void service(Request request, Response response) throws IOException {
                respond(response, "text/plain; version=0.0.4; charset=utf-8", metricsText());
            }
        }, "/metrics");
        try {
            http.start();
        } catch (IOException e) {
            throw new RelayException("cannot listen on " + config.bind() + ":" + config.port() + ": " + e.getMessage(), e);
        }
        port = listener.getPort();
    }

    private static void respond(Response response, String type, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        response.setContentType(type);
        response.setContentLength(bytes.length);
        response.getOutputStream().write(bytes);
    }

    private static SSLContext sslContext(RelayConfig.Tls tls) throws RelayException {
        char[] password = tls.password();
        try (InputStream in = Files.newInputStream(tls.keyStore())) {
            KeyStore ks = KeyStore.getInstance(KeyStore.getDefaultType());
            ks.load(in, password);
            KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            kmf.init(ks, password);
            SSLContext ctx = SSLContext.getInstance("TLS");
            ctx.init(kmf.getKeyManagers(), null, null);
            return ctx;
        } catch (IOException | GeneralSecurityException e) {
            throw new RelayException("cannot load the TLS key store " + tls.keyStore() + ": " + e.getMessage(), e);
        } finally {
            java.util.Arrays.fill(password, '\0');
        }
    }

    // ---------------------------------------------------------------------------------------------------------------
    // Connections

    /**
     * The token's grant, or empty if the token is unknown or revoked.
     *
     * @throws RelayUnavailableException if the relay cannot decide now (stopping, or its token store failed): a
     *                                   client must be told to come back, not that its token is refused
     */
    Optional<TokenStore.Grant> authenticate(String token) {
        if (stopping) throw new RelayUnavailableException("the relay is shutting down; reconnect later");
        if (token == null) return Optional.empty();
        try {
            return tokens.authenticate(token);
        } catch (RelayException e) {
            if (stopping) throw new RelayUnavailableException("the relay is shutting down; reconnect later");
            LOG.error("token check failed: {}", e.getMessage());
            throw new RelayUnavailableException("the relay cannot check tokens now; reconnect later");
        }
    }

    void refused() {
        refusedHandshakes.increment();
        LOG.info("refused a connection: unknown or revoked token");
    }

    /** An authenticated connection is open; null if it was closed at once (a limit, or the relay is stopping). */
    Connection opened(Session ws, TokenStore.Grant grant) {
        String remote = ws instanceof org.glassfish.tyrus.core.TyrusSession t ? t.getRemoteAddr() : "remote";
        Connection c = new Connection(ws, grant, remote, config, bytesOut, outbound);
        ws.setMaxTextMessageBufferSize(config.maxMessageBytes());
        ws.setMaxIdleTimeout(2 * config.idleTimeoutMillis()); // a backstop; sweepIdle() is the rule
        if (stopping) {
            c.close(CloseCodes.GOING_AWAY, "the relay is shutting down; reconnect later");
            return null;
        }
        if (heapPressure.shedding()) {
            closeToShed(c, SHORT_OF_MEMORY);
            return null;
        }
        int n = perToken.computeIfAbsent(grant.tokenId(), k -> new AtomicInteger()).incrementAndGet();
        c.counted = true;
        connections.add(c);
        if (n > config.connectionsPerToken()) {
            LOG.info("closed {}: more than {} connections for its token", c.who(), config.connectionsPerToken());
            violations.increment();
            c.close(CloseCodes.TOO_MANY, "too many connections for this token (limit " + config.connectionsPerToken() + ")");
            release(c); // the endpoint keeps no connection, so its onClose cannot release it
            return null;
        }
        LOG.debug("connection from {} for workspace {}", c.remote, grant.workspace());
        return c;
    }

    private static final String SHORT_OF_MEMORY = "the relay is short of memory; reconnect later";
    /** Shedding closes the newest connections first: the oldest have been served longest without trouble. */
    private static final java.util.Comparator<Connection> NEWEST_FIRST =
            java.util.Comparator.comparingLong((Connection c) -> c.openedNanos).reversed();

    /** Closes a connection to shed load (1013: its client reconnects later with backoff), and counts it. */
    private void closeToShed(Connection c, String reason) {
        c.close(CloseCodes.TRY_AGAIN_LATER, reason);
        release(c); // a no-op for one not yet taken in: the endpoint keeps no connection it was refused
        shed.increment();
    }

    /**
     * How full the heap was after a garbage collection ({@link HeapWatch}). Short of memory, the relay closes its newest
     * connections rather than run out (decision 0023): their clients keep their edits and reconnect with backoff, and
     * the documents they wrote stop growing the views everyone else's edits must reach. Called after each collection
     * by the relay's own {@link HeapWatch}; public so that integration tests can give a reading.
     */
    public void heapReading(double fullness) {
        int n = heapPressure.onReading(fullness, connections.size(), System.nanoTime());
        if (n == 0 || stopping) return;
        List<Connection> newest = new ArrayList<>(connections);
        newest.sort(NEWEST_FIRST);
        List<Connection> closing = newest.subList(0, Math.min(n, newest.size()));
        LOG.warn("heap {}% full after a garbage collection: closing the {} newest of {} connections ({}), and refusing"
                + " new ones until it is below {}%", Math.round(fullness * 100), closing.size(), newest.size(),
                CloseCodes.TRY_AGAIN_LATER, config.shedHeapPercent() - 15);
        Map<String, Integer> before = new HashMap<>();
        Map<String, Integer> closed = new HashMap<>();
        for (Connection c : closing) {
            for (String doc : c.hubDocs) {
                before.computeIfAbsent(doc, presence::count);
                closed.merge(doc, 1, Integer::sum);
            }
        }
        for (Connection c : closing) closeToShed(c, SHORT_OF_MEMORY);
        // Their clients come back once memory is free again: a few at a time, not all into the same documents at once.
        long now = System.nanoTime();
        before.forEach((doc, had) -> admission.shrunk(doc, Math.min(presence.count(doc), had - closed.get(doc)), had, now));
        // Closing alone frees little: a gone client's views keep their own old texts and stacks.
        hub.evictDetached();
    }

    /**
     * Once a second: a document whose latest exchange waited {@link RelayConfig#shedBehindMillis} in its owner's queue
     * has more writers than this relay can serve. Its cap ({@link Admission}) is cut and its newest connections above
     * it are closed (1013); the owner skips their queued exchanges, and their views let go of what they held. Their
     * clients keep their edits and reconnect with backoff. A document the relay keeps up with (a wait under a fifth of
     * the limit) gets its cap raised slowly (decision 0023).
     */
    private void admit() {
        if (stopping) return;
        long now = System.nanoTime();
        Map<String, Long> waits = hub.exchangeWaits();
        Map<String, List<Connection>> byDoc = new java.util.HashMap<>();
        for (Connection c : connections) for (String doc : c.hubDocs) byDoc.computeIfAbsent(doc, k -> new ArrayList<>()).add(c);
        for (String doc : admission.caps().keySet()) byDoc.putIfAbsent(doc, List.of());
        for (Map.Entry<String, List<Connection>> e : byDoc.entrySet()) {
            String doc = e.getKey();
            List<Connection> on = new ArrayList<>(e.getValue());
            long wait = waits.getOrDefault(doc, 0L);
            if (wait < config.shedBehindMillis()) {
                // A cap grows only while memory is roomy too: the views of more writers would need it.
                if (wait < config.shedBehindMillis() / 5 && heapPressure.roomy()) admission.keptUp(doc, now);
                continue;
            }
            int n = admission.behind(doc, on.size(), now);
            if (n == 0) continue;
            on.sort(NEWEST_FIRST);
            LOG.warn("document {}: exchanges waited {} ms (limit {}): at most {} connections now; closing the {} newest ({})",
                    doc, wait, config.shedBehindMillis(), admission.cap(doc).orElse(-1), n, CloseCodes.TRY_AGAIN_LATER);
            for (Connection c : on.subList(0, n)) closeToShed(c, BUSY_DOCUMENT);
        }
        // Their views are left as they are: memory is not short (the heap rule lets go of them when it is), and a view
        // let go of costs its client a whole-text reset when it comes back.
    }

    private static final String BUSY_DOCUMENT = "this document has more writers than the relay can serve now; reconnect later";

    /**
     * Closes connections the client has not sent anything on for the idle timeout (Tyrus' own idle timeout also counts
     * what the relay sends, so a silent client that keeps receiving presence or pushes would never time out).
     */
    private void sweepIdle() {
        long limit = TimeUnit.MILLISECONDS.toNanos(config.idleTimeoutMillis());
        long now = System.nanoTime();
        for (Connection c : connections) {
            if (now - c.lastHeardNanos > limit && !c.isClosed()) {
                LOG.info("closed {}: silent for {} ms", c.who(), config.idleTimeoutMillis());
                c.close(CloseCodes.IDLE, "no message for " + config.idleTimeoutMillis() + " ms");
                release(c);
            }
        }
    }

    void closed(Connection c, CloseReason reason) {
        release(c);
        LOG.info("{} left: {} {}", c.who(), reason.getCloseCode().getCode(), reason.getReasonPhrase());
    }

    void failed(Connection c, Throwable t) {
        LOG.debug("{} failed: {}", c.who(), t.toString());
    }

    private void release(Connection c) {
        if (!connections.remove(c)) return;
        if (c.counted) {
            AtomicInteger n = perToken.get(c.grant.tokenId());
            if (n != null) n.decrementAndGet();
        }
        String key = c.clientKey;
        if (key != null) {
            synchronized (active) {
                if (active.get(key) == c) {
                    active.remove(key);
                    hub.detach(key);
                }
            }
        }
        presence.leave(c);
    }

    /** One text frame of a connection (Tyrus delivers one connection's frames one at a time). */
    void onText(Connection c, String text) {
        if (c.isClosed()) return;
        c.lastHeardNanos = System.nanoTime();
        bytesIn.addAndGet(text.length());
        if (text.length() > config.maxMessageBytes()) {
            violate(c, CloseCodes.TOO_LARGE, "message larger than " + config.maxMessageBytes() + " bytes");
            return;
        }
        if (!c.allowMessage()) {
            violate(c, CloseCodes.TOO_MANY, "more than " + config.messagesPerSecond() + " messages per second");
            return;
        }
        JsonNode n;
        try {
            n = JSON.readTree(text);
        } catch (IOException e) {
            violate(c, CloseCodes.MALFORMED, "not JSON");
            return;
        }
        if (n == null || !n.isObject()) { violate(c, CloseCodes.MALFORMED, "a message must be a JSON object"); return; }
        JsonNode p = n.get("p");
        if (p == null || !p.isInt() || p.intValue() != 1) { violate(c, CloseCodes.MALFORMED, "protocol version must be \"p\":1"); return; }
        JsonNode t = n.get("type");
        String type = t == null || !t.isTextual() ? "" : t.textValue();
        if (c.clientKey == null && !type.equals("hello")) { violate(c, CloseCodes.MALFORMED, "the first message must be hello"); return; }
        switch (type) {
            case "hello" -> onHello(c, n);
            case "ping" -> { } // keeps the connection alive; no answer
            case "list" -> onList(c);
            case "presence" -> onPresence(c, n);
            case "sync", "reset-request" -> onEngine(c, n);
            case MetaCodec.PUSH, MetaCodec.PULL -> onMeta(c, n);
            case "push", "reset", "welcome", "error", MetaCodec.PUSHED, MetaCodec.CHANGES, MetaCodec.CHANGED -> violate(c, CloseCodes.MALFORMED, "\"" + type + "\" is sent by the relay, not to it");
            default -> violate(c, CloseCodes.MALFORMED, "unknown message type \"" + type + "\"");
        }
    }

    private void violate(Connection c, int code, String reason) {
        violations.increment();
        LOG.info("closed {}: {}", c.who(), reason);
        c.send(errorFrame(code, reason));
        c.close(code, reason);
    }

    private static String errorFrame(int code, String message) {
        ObjectNode o = JSON.createObjectNode();
        o.put("p", 1).put("type", "error").put("code", code).put("message", message);
        return o.toString();
    }

    private void onHello(Connection c, JsonNode n) {
        if (c.clientKey != null) { violate(c, CloseCodes.MALFORMED, "hello was already sent"); return; }
        String client = text(n, "client");
        if (!Names.isSegment(client) || client.length() > 64) {
            violate(c, CloseCodes.MALFORMED, "hello needs a client id of 1-64 of A-Z a-z 0-9 . _ -");
            return;
        }
        c.clientId = client;
        c.name = limit(text(n, "name"), 64);
        c.color = limit(text(n, "color"), 16);
        String key = c.grant.workspace() + "/" + client;
        Connection previous;
        synchronized (active) {
            previous = active.put(key, c);
            c.clientKey = key;
            hub.attach(key, new HubSession.ClientChannel() {
                @Override
                public void send(Message m) {
                    sendEngine(c, m);
                }

                @Override
                public boolean backedUp() {
                    return c.backedUp();
                }
            });
        }
        if (previous != null && previous != c) {
            LOG.info("{} replaced by a newer connection of the same client", previous.who());
            previous.close(CloseCodes.REPLACED, "another connection of this client took over");
        }
        ObjectNode w = JSON.createObjectNode();
        w.put("p", 1).put("type", "welcome").put("workspace", c.grant.workspace()).put("server", "tandem-relay " + VERSION)
                .put("readOnly", c.grant.readOnly()).put("meta", MetaCodec.VERSION);
        w.putObject("limits").put("maxMessageBytes", config.maxMessageBytes())
                .put("maxDocumentChars", config.maxDocumentChars())
                .put("messagesPerSecond", config.messagesPerSecond())
                .put("presenceIntervalMillis", config.presenceIntervalMillis());
        c.send(w.toString());
        LOG.info("{} joined ({})", c.who(), c.grant.readOnly() ? "read-only" : "read-write");
    }

    private static String text(JsonNode n, String field) {
        JsonNode v = n.get(field);
        return v == null || !v.isTextual() ? "" : v.textValue();
    }

    private static String limit(String s, int max) {
        return s.length() > max ? s.substring(0, max) : s;
    }

    private void onList(Connection c) {
        String prefix = c.grant.workspace() + "/";
        Set<String> names = new TreeSet<>();
        for (String id : store.documentIds()) if (id.startsWith(prefix)) names.add(id.substring(prefix.length()));
        ObjectNode o = JSON.createObjectNode();
        o.put("p", 1).put("type", "list");
        ArrayNode docs = o.putArray("docs");
        names.forEach(docs::add);
        c.send(o.toString());
    }

    private void onPresence(Connection c, JsonNode n) {
        String doc = text(n, "doc");
        if (!Names.isDocName(doc)) { violate(c, CloseCodes.MALFORMED, Names.docNameRule()); return; }
        JsonNode caret = n.get("caret");
        JsonNode sel = n.get("sel");
        int selStart = -1;
        int selEnd = -1;
        if (caret == null || !caret.isInt() || caret.intValue() < 0) { violate(c, CloseCodes.MALFORMED, "presence needs a caret (a non-negative integer)"); return; }
        if (sel != null) {
            if (!sel.isArray() || sel.size() != 2 || !sel.get(0).isInt() || !sel.get(1).isInt()) {
                violate(c, CloseCodes.MALFORMED, "presence sel must be [start, end]");
                return;
            }
            selStart = sel.get(0).intValue();
            selEnd = sel.get(1).intValue();
        }
        presence.update(c, Names.hubDocId(c.grant.workspace(), doc), doc, caret.intValue(), selStart, selEnd);
    }

    private void onEngine(Connection c, JsonNode n) {
        Message m;
        try {
            m = MessageCodec.decode(n);
        } catch (MalformedMessageException e) {
            violate(c, CloseCodes.MALFORMED, e.getMessage());
            return;
        }
        if (!Names.isDocName(m.docId())) { violate(c, CloseCodes.MALFORMED, Names.docNameRule()); return; }
        if (m instanceof Message.Sync s) {
            for (Edit e : s.edits()) {
                if (c.grant.readOnly() && !e.delta().isEmpty()) {
                    violate(c, CloseCodes.FORBIDDEN, "this token is read-only: edits are refused");
                    return;
                }
                // Only growth past the limit is refused: a document already over it (merged from writers who were
                // each within it, or kept from before an operator lowered the limit) can still be edited down.
                if (e.delta().resultLength() > config.maxDocumentChars() && e.delta().resultLength() > e.delta().baseLength()) {
                    violate(c, CloseCodes.TOO_LARGE, "document \"" + m.docId() + "\" would exceed " + config.maxDocumentChars() + " characters");
                    return;
                }
            }
        }
        String hubDoc = Names.hubDocId(c.grant.workspace(), m.docId());
        if (!c.hubDocs.contains(hubDoc) && !admission.mayJoin(hubDoc, presence.count(hubDoc))) {
            LOG.info("closed {}: document {} has as many connections as the relay can serve now ({})", c.who(), hubDoc,
                    admission.cap(hubDoc).orElse(-1));
            closeToShed(c, BUSY_DOCUMENT);
            return;
        }
        presence.join(c, hubDoc, m.docId());
        hub.receive(c.clientKey, withDoc(m, hubDoc));
    }

    /**
     * A metadata request: checked here (a bad frame closes the connection like any other), then merged or answered on
     * the metadata executor. Accepted changes are announced to the workspace's other connections, which pull.
     */
    private void onMeta(Connection c, JsonNode n) {
        MetaMessage m;
        try {
            m = MetaCodec.decode(n);
        } catch (dev.tandem.engine.protocol.MalformedMessageException e) {
            violate(c, CloseCodes.MALFORMED, e.getMessage());
            return;
        }
        String prefix = c.grant.workspace() + "/";
        if (m instanceof MetaMessage.Push p) {
            for (FieldChange f : p.changes()) {
                if (!Names.isDocName(f.docId())) { violate(c, CloseCodes.MALFORMED, Names.docNameRule()); return; }
            }
            if (c.grant.readOnly() && !p.changes().isEmpty()) {
                violate(c, CloseCodes.FORBIDDEN, "this token is read-only: metadata changes are refused");
                return;
            }
        }
        try {
            metaExecutor.execute(() -> answerMeta(c, prefix, m));
        } catch (java.util.concurrent.RejectedExecutionException e) {
            // stopping: the client asks again after reconnecting
        }
    }

    private void answerMeta(Connection c, String prefix, MetaMessage m) {
        try {
            if (m instanceof MetaMessage.Push p) {
                MetaHub.PushOutcome o = meta.push(prefix, p);
                metaAccepted.add(o.reply().accepted().size());
                metaRefused.add(o.reply().refused().size());
                c.send(MetaCodec.encode(o.reply()));
                if (o.changed()) {
                    String announce = MetaCodec.encode(new MetaMessage.Changed(o.seq()));
                    for (Connection other : connections) {
                        if (other != c && other.clientKey != null && other.grant.workspace().equals(c.grant.workspace())) {
                            other.send(announce);
                        }
                    }
                }
            } else if (m instanceof MetaMessage.Pull p) {
                c.send(MetaCodec.encode(meta.pull(prefix, p)));
            }
        } catch (StoreException e) {
            // No answer: the client sends the request again and it is merged then (nothing was taken half-way).
            LOG.error("metadata request of {} failed: {}", c.who(), e.getMessage());
        }
    }

    private void sendEngine(Connection c, Message m) {
        String prefix = c.grant.workspace() + "/";
        if (!m.docId().startsWith(prefix)) {
            LOG.error("refusing to send {} of another workspace to {}", m.docId(), c.who()); // cannot happen: views are per client key
            return;
        }
        c.send(MessageCodec.encodeToString(withDoc(m, m.docId().substring(prefix.length()))));
    }

    /** The same message for another document id (workspace names added on the way in, taken off on the way out). */
    static Message withDoc(Message m, String doc) {
        if (m instanceof Message.Sync s) return new Message.Sync(doc, s.epoch(), s.seq(), s.ack(), s.edits(), s.ackResult(), s.got());
        if (m instanceof Message.Push p) return new Message.Push(doc, p.epoch(), p.ack(), p.edits(), p.ackWanted(), p.ackResult(), p.got(), p.seen());
        if (m instanceof Message.ResetRequest r) return new Message.ResetRequest(doc, r.epoch(), r.reason(), r.behind());
        if (m instanceof Message.Reset r) return new Message.Reset(doc, r.epoch(), r.text(), r.behind(), r.got());
        throw new IllegalArgumentException("unknown message " + m);
    }

    // ---------------------------------------------------------------------------------------------------------------
    // Observability

    public String url() {
        String host = config.bind().contains(":") ? "[" + config.bind() + "]" : config.bind();
        return config.scheme() + "://" + host + ":" + port + RelayEndpoint.PATH;
    }

    public int port() {
        return port;
    }

    /** The hub, for tests and tools (its {@code inspect} reads a document on its owner). */
    public HubSession hub() {
        return hub;
    }

    /** The metadata side, for tests and tools. */
    public MetaHub meta() {
        return meta;
    }

    String health() {
        ObjectNode o = JSON.createObjectNode();
        o.put("status", stopping ? "stopping" : "ok").put("version", VERSION)
                .put("connections", connections.size()).put("documentsOpen", hub.liveDocuments())
                .put("shedding", heapPressure.shedding()).put("heapAfterGcPercent", heapAfterGcPercent())
                .put("uptimeSeconds", Duration.between(started, Instant.now()).toSeconds());
        return o.toString();
    }

    String metricsText() {
        HubMetrics m = hub.metrics;
        StringBuilder b = new StringBuilder();
        gauge(b, "tandem_relay_connections", "Open WebSocket connections.", connections.size());
        gauge(b, "tandem_relay_documents_open", "Documents loaded by the hub since start.", hub.liveDocuments());
        counter(b, "tandem_relay_edits_applied_total", "Client messages that changed a document's text.", m.editsApplied.sum());
        counter(b, "tandem_relay_hunks_rejected_total", "Hunks the hub could not place (kept as conflicts).", m.hunksRejected.sum());
        counter(b, "tandem_relay_messages_in_total", "Engine messages received.", m.messagesIn.sum());
        counter(b, "tandem_relay_messages_out_total", "Engine messages sent.", m.messagesOut.sum());
        counter(b, "tandem_relay_bytes_in_total", "WebSocket text received (characters).", bytesIn.get());
        counter(b, "tandem_relay_bytes_out_total", "WebSocket text sent (UTF-8 bytes).", bytesOut.get());
        counter(b, "tandem_relay_refused_handshakes_total", "Handshakes refused for an unknown or revoked token.", refusedHandshakes.sum());
        counter(b, "tandem_relay_closed_for_violation_total", "Connections closed for breaking a rule or a limit.", violations.sum());
        gauge(b, "tandem_relay_outbound_held_chars", "Characters of frames queued or being written, all connections together.", outbound.held());
        counter(b, "tandem_relay_outbound_refused_total", "Frames that would have passed the relay's outbound budget (their connection was closed, 1013).", outbound.refused.sum());
        counter(b, "tandem_relay_exchanges_of_gone_clients_total", "Exchanges skipped because their client had left before the hub came to them.", m.exchangesOfGoneClients.sum());
        counter(b, "tandem_relay_checkpoints_total", "Checkpoints written (documents' snapshots replacing their journals).", m.checkpoints.sum());
        counter(b, "tandem_relay_checkpoints_postponed_total", "Checkpoints that waited for room in the heap.", m.checkpointsPostponed.sum());
        counter(b, "tandem_relay_views_evicted_total", "Views of gone clients started again from the text to free memory.", m.viewsEvicted.sum());
        gauge(b, "tandem_relay_heap_after_gc_percent", "How full the heap was after the last garbage collection (-1: none yet).", heapAfterGcPercent());
        gauge(b, "tandem_relay_shedding", "1 while the relay, short of memory, refuses new connections.", heapPressure.shedding() ? 1 : 0);
        counter(b, "tandem_relay_shed_connections_total", "Connections closed or refused because the heap was nearly full or a document was too far behind (1013).", shed.sum());
        counter(b, "tandem_relay_meta_changes_accepted_total", "Metadata writes taken from pushes (stored or already superseded).", metaAccepted.sum());
        counter(b, "tandem_relay_meta_changes_refused_total", "Metadata writes refused (a stamp too far ahead of the relay's clock).", metaRefused.sum());
        b.append("# HELP tandem_relay_apply_seconds Time the hub spent applying one message (upper bound of a log2 bucket).\n");
        b.append("# TYPE tandem_relay_apply_seconds summary\n");
        for (double q : new double[] {0.5, 0.95, 0.99}) {
            b.append("tandem_relay_apply_seconds{quantile=\"").append(q).append("\"} ")
                    .append(m.applyNanos.quantileUpperBound(q) / 1e9).append('\n');
        }
        b.append("tandem_relay_apply_seconds_count ").append(m.applyNanos.count()).append('\n');
        return b.toString();
    }

    private long heapAfterGcPercent() {
        double r = heapPressure.lastReading();
        return Double.isNaN(r) ? -1 : Math.round(r * 100);
    }

    private static void gauge(StringBuilder b, String name, String help, long v) {
        b.append("# HELP ").append(name).append(' ').append(help).append('\n')
                .append("# TYPE ").append(name).append(" gauge\n").append(name).append(' ').append(v).append('\n');
    }

    private static void counter(StringBuilder b, String name, String help, long v) {
        b.append("# HELP ").append(name).append(' ').append(help).append('\n')
                .append("# TYPE ").append(name).append(" counter\n").append(name).append(' ').append(v).append('\n');
    }

    // ---------------------------------------------------------------------------------------------------------------
    // Shutdown

    /**
     * Stops cleanly: no new connections, every client told "going away" (1001, they reconnect later), the hub's
     * in-flight steps committed, the stores closed. Idempotent.
     */
    @Override
    public synchronized void close() {
        if (stopping) return;
        stopping = true;
        heapWatch.close();
        List<Connection> all = new ArrayList<>(connections);
        for (Connection c : all) c.close(CloseCodes.GOING_AWAY, "the relay is shutting down; reconnect later");
        try {
            http.shutdown(2, TimeUnit.SECONDS).get(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
            http.shutdownNow();
        }
        hub.close();
        scheduler.shutdownNow();
        hubExecutor.shutdown();
        checkpointExecutor.shutdown();
        metaExecutor.shutdown();
        try {
            if (!metaExecutor.awaitTermination(5, TimeUnit.SECONDS)) LOG.warn("metadata requests still running at shutdown");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        try {
            metaStore.close();
        } catch (StoreException e) {
            LOG.error("closing the metadata store: {}", e.getMessage());
        }
        timer.close();
        try {
            store.close();
        } catch (StoreException e) {
            LOG.error("closing the hub store: {}", e.getMessage());
        }
        closeQuietly(tokens);
        LOG.info("relay stopped ({} connections closed)", all.size());
    }

    private static void closeQuietly(TokenStore t) {
        try {
            t.close();
        } catch (RelayException e) {
            LOG.warn("{}", e.getMessage());
        }
    }
}
