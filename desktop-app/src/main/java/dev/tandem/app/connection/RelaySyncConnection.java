package dev.tandem.app.connection;

import dev.tandem.client.InviteLink;
import dev.tandem.client.RelayConnection;
import dev.tandem.engine.session.ClientSession;
import dev.tandem.engine.session.MetaSession;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.regex.Pattern;

/**
 * The app's {@link SyncConnection} over the relay client's {@link RelayConnection} ({@code ws://} / {@code wss://}).
 *
 * <p>State mapping:
 * <ul>
 *   <li>relay {@code CONNECTING} → {@code CONNECTING};</li>
 *   <li>relay {@code ONLINE} + the relay's welcome → {@code ONLINE} (but {@code FAILED} when the token belongs to
 *       another workspace than the one the user gave);</li>
 *   <li>relay {@code OFFLINE} before this connection was ever online → {@code FAILED} with the cause in plain words
 *       (unreachable, TLS, not a relay): the dialog shows it, and retrying a wrong address helps nobody;</li>
 *   <li>relay {@code OFFLINE} after it was online → {@code CONNECTING} ("reconnecting"): the relay client retries
 *       with exponential backoff and jitter by itself;</li>
 *   <li>relay {@code REFUSED} (token refused, a rule broken) → {@code FAILED}.</li>
 * </ul>
 *
 * <p>Names: the app's document ids (UUIDs, or fixed ids such as {@code welcome}) are valid relay document names
 * (one segment of {@code [A-Za-z0-9._-]}); the relay stores them as {@code workspace/id} and frames carry the id
 * unchanged. Presence for an id that is not a valid name is not sent (the relay would close the connection).
 *
 * <p>Concurrency: thread-safe. The relay client calls back on its own threads while holding its own lock; those
 * callbacks are handed to one private event thread, which takes {@code this} — so the two locks are never taken in
 * opposite orders. Listener calls are made under {@code this} (the app's listener only posts to the FX thread).
 */
public final class RelaySyncConnection implements SyncConnection {

    private static final Pattern SEGMENT = Pattern.compile("[A-Za-z0-9._-]{1,128}");
    private static final Pattern CLIENT_ID = Pattern.compile("[A-Za-z0-9._-]{1,64}");
    private static final Pattern COLOUR = Pattern.compile("#[0-9a-fA-F]{6}");
    private static volatile HttpClient sharedHttp;

    private final ClientSession session;
    private final MetaSession meta;
    private final String clientId;
    private final Listener listener;
    private final Duration minBackoff;
    private final Duration maxBackoff;
    private final ExecutorService events = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "tandem-relay-events");
        t.setDaemon(true);
        return t;
    });

    // Guarded by this:
    private State state = State.OFFLINE;
    private RelayConnection relay;
    private long generation;
    private ConnectionSettings settings;
    private URI url;
    private boolean everOnline;
    private boolean online;
    private String lastError = "";
    private LocalPresence presence;
    private boolean closed;

    public RelaySyncConnection(ClientSession session, MetaSession meta, String clientId, Listener listener) {
        this(session, meta, clientId, listener, Duration.ofMillis(250), Duration.ofSeconds(15));
    }

    /** With the relay client's reconnect backoff bounds (tests use short ones). */
    public RelaySyncConnection(ClientSession session, MetaSession meta, String clientId, Listener listener,
                               Duration minBackoff, Duration maxBackoff) {
        this.session = Objects.requireNonNull(session, "session");
        this.meta = meta;
        this.clientId = relayClientId(Objects.requireNonNull(clientId, "clientId"));
        this.listener = Objects.requireNonNull(listener, "listener");
        this.minBackoff = minBackoff;
        this.maxBackoff = maxBackoff;
    }

    /** The client id as the relay accepts it: the app's own if valid (a UUID is), else a stable hash of it. */
    static String relayClientId(String id) {
        if (CLIENT_ID.matcher(id).matches() && !id.equals(".") && !id.equals("..")) return id;
        try {
            byte[] h = MessageDigest.getInstance("SHA-256").digest(id.getBytes(StandardCharsets.UTF_8));
            return "c" + HexFormat.of().formatHex(h, 0, 16);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Whether the relay accepts this as a document name (what the app uses as ids: one segment). */
    static boolean isRelayDocName(String id) {
        if (id == null || id.isEmpty()) return false;
        for (String part : id.split("/", -1)) {
            if (!SEGMENT.matcher(part).matches() || part.equals(".") || part.equals("..")) return false;
        }
        return id.split("/", -1).length <= 4;
    }

    /** The HTTP client for these settings: one shared for relays the system trusts, its own for a self-signed one. */
    private static HttpClient http(ConnectionSettings s) throws IOException {
        if (s.trustFile().isPresent()) return RelayConnection.httpClient(s.trustFile(), new char[0]);
        return http();
    }

    private static HttpClient http() {
        HttpClient h = sharedHttp;
        if (h == null) {
            synchronized (RelaySyncConnection.class) {
                h = sharedHttp;
                if (h == null) {
                    try {
                        h = RelayConnection.httpClient(Optional.empty(), null);
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                    sharedHttp = h;
                }
            }
        }
        return h;
    }

    @Override
    public synchronized void connect(ConnectionSettings s) {
        if (closed) return;
        stopQuietly();
        settings = s;
        everOnline = false;
        lastError = "";
        long gen = ++generation;
        try {
            url = InviteLink.parse(s.relayUrl()).server();
        } catch (IllegalArgumentException e) {
            set(State.FAILED, "The relay URL is not usable: " + e.getMessage() + ".");
            return;
        }
        set(State.CONNECTING, "connecting to " + url);
        RelayConnection.Options o = new RelayConnection.Options(clientId, s.name(), s.colour(), minBackoff, maxBackoff,
                Duration.ofSeconds(5));
        HttpClient client;
        try {
            client = http(s);
        } catch (IOException e) {
            set(State.FAILED, "The certificate to trust cannot be used: " + e.getMessage() + ".");
            return;
        }
        relay = RelayConnection.connect(session, meta, url, s.token(), o, new Events(gen), client);
    }

    @Override
    public synchronized void disconnect() {
        stopQuietly();
        set(State.OFFLINE, "working offline");
    }

    /** Ends the current relay connection (if any) without telling the listener; its late callbacks are ignored. */
    private void stopQuietly() {
        generation++;
        online = false;
        RelayConnection r = relay;
        relay = null;
        if (r != null) r.close();
    }

    @Override
    public synchronized State state() {
        return state;
    }

    @Override
    public synchronized void publishPresence(LocalPresence p) {
        presence = p;
        if (online) send(p);
    }

    private void send(LocalPresence p) {
        if (p == null || relay == null || !isRelayDocName(p.docId())) return;
        relay.sendPresence(p.docId(), p.caret(), Math.min(p.caret(), p.anchor()), Math.max(p.caret(), p.anchor()));
    }

    @Override
    public synchronized void close() {
        closed = true;
        stopQuietly();
        state = State.OFFLINE;
        events.shutdown();
    }

    private void set(State s, String detail) {
        state = s;
        listener.stateChanged(s, detail);
    }

    private String where() {
        return url.getHost() + (url.getPort() >= 0 ? ":" + url.getPort() : "");
    }

    // ---- from the relay client (hopped to the event thread) ------------------------------------------------------

    private synchronized void relayState(long gen, RelayConnection.State s, RelayConnection.Cause cause, String reason) {
        if (gen != generation || closed) return;
        switch (s) {
            case CONNECTING -> {
                if (state != State.CONNECTING) {
                    set(State.CONNECTING, everOnline ? "reconnecting to " + url : "connecting to " + url);
                }
            }
            case ONLINE -> { } // online once the welcome (with the workspace) arrives
            case OFFLINE -> {
                online = false;
                if (!everOnline) {
                    String why = plainFailure(cause, reason);
                    stopQuietly();
                    set(State.FAILED, why);
                } else {
                    set(State.CONNECTING, "Connection to the relay lost (" + reason + "); reconnecting by itself…");
                }
            }
            case REFUSED -> {
                online = false;
                String why = plainRefusal(reason);
                stopQuietly();
                set(State.FAILED, why);
            }
        }
    }

    private String plainFailure(RelayConnection.Cause cause, String reason) {
        return switch (cause) {
            case UNREACHABLE -> "Cannot reach the relay at " + where() + ". Check the address and port, that the relay is"
                    + " running, and that this computer is online.";
            case TLS -> "The secure (TLS) connection to " + url.getHost() + " failed: " + reason.replaceFirst("^TLS handshake with \\S+ failed: ", "")
                    + ". Use wss:// only for a relay with TLS (ws:// otherwise), and check that its certificate is trusted.";
            default -> (lastError.isEmpty() ? "The relay did not accept the connection: " + reason : "The relay said: " + lastError)
                    + ". Check that " + url + " is a Tandem relay.";
        };
    }

    private String plainRefusal(String reason) {
        if (reason.startsWith("the relay refused the token") || reason.contains("(4401")) {
            return "The relay refused the token for workspace \"" + settings.workspace() + "\": it is wrong, revoked or"
                    + " for another relay. Check the invite link or ask for a new token.";
        }
        if (!lastError.isEmpty()) return "The relay closed the connection: " + lastError;
        return "The relay closed the connection for good (" + reason + ").";
    }

    private synchronized void welcome(long gen, String workspace, boolean readOnly) {
        if (gen != generation || closed) return;
        if (!workspace.isEmpty() && !workspace.equals(settings.workspace())) {
            stopQuietly();
            set(State.FAILED, "This token belongs to workspace \"" + workspace + "\", not \"" + settings.workspace()
                    + "\". Check the invite link (or enter workspace \"" + workspace + "\").");
            return;
        }
        everOnline = true;
        online = true;
        set(State.ONLINE, "connected to " + url + " (workspace \"" + settings.workspace() + "\")"
                + (readOnly ? "; read-only: your edits stay on this computer" : ""));
        send(presence);
    }

    private synchronized void error(long gen, int code, String message) {
        if (gen != generation || closed) return;
        lastError = message == null || message.isBlank() ? "error " + code : message;
    }

    private synchronized void peer(long gen, RelayConnection.PeerPresence p) {
        if (gen != generation || closed || p.clientId().isEmpty()) return;
        if (p.gone()) {
            listener.peerLeft(p.clientId());
            return;
        }
        int caret = Math.max(0, p.caret());
        int anchor = caret;
        if (p.selStart() >= 0 && p.selEnd() >= 0) anchor = caret == p.selStart() ? p.selEnd() : p.selStart();
        String name = p.name().isBlank() ? "someone" : p.name();
        String colour = COLOUR.matcher(p.color()).matches() ? p.color() : "#868e96";
        listener.presence(new PeerPresence(p.clientId(), name, colour, p.doc(), caret, Math.max(0, anchor)));
    }

    /** The relay client's callbacks, tagged with the connect generation they belong to. */
    private final class Events implements RelayConnection.Listener {
        private final long gen;

        Events(long gen) {
            this.gen = gen;
        }

        private void post(Runnable r) {
            try {
                events.execute(r);
            } catch (java.util.concurrent.RejectedExecutionException e) {
                // closed: nothing to tell
            }
        }

        @Override
        public void stateChanged(RelayConnection.State s, RelayConnection.Cause cause, String reason) {
            post(() -> relayState(gen, s, cause, reason));
        }

        @Override
        public void welcome(String workspace, boolean readOnly) {
            post(() -> RelaySyncConnection.this.welcome(gen, workspace, readOnly));
        }

        @Override
        public void presence(RelayConnection.PeerPresence p) {
            post(() -> peer(gen, p));
        }

        @Override
        public void error(int code, String message) {
            post(() -> RelaySyncConnection.this.error(gen, code, message));
        }
    }
}
