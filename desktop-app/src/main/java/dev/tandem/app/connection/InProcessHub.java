package dev.tandem.app.connection;

import dev.tandem.engine.session.ClientSession;
import dev.tandem.engine.meta.MetaMessage;
import dev.tandem.engine.session.HubSession;
import dev.tandem.engine.session.MetaHub;
import dev.tandem.engine.session.MetaSession;
import dev.tandem.engine.session.SystemTimer;
import dev.tandem.engine.store.MemoryDocumentStore;
import dev.tandem.engine.store.MemoryMetaStore;
import dev.tandem.engine.store.StoreException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * A hub in this process, reachable as {@code inproc://<name>}: the engine's {@link HubSession} on a memory store, a
 * {@link MetaHub} for the documents' metadata (answering and announcing as the relay does) and a presence relay. Used by the tests and by {@code ./tandem demo} (the in-process twin of a relay; STYLE.md 15).
 *
 * <p>Concurrency: thread-safe. Messages are handed to the sessions' own actors (never run inline); presence is
 * delivered on the publishing thread to the peers' connection listeners, which hop threads themselves.
 */
public final class InProcessHub implements AutoCloseable {

    private static final Map<String, InProcessHub> HUBS = new ConcurrentHashMap<>();
    private static final Logger LOG = LoggerFactory.getLogger(InProcessHub.class);

    private final String name;
    private final String token;
    private final ExecutorService executor;
    private final SystemTimer timer;
    private final HubSession hub;
    private final MetaHub meta = new MetaHub(new MemoryMetaStore(), System::currentTimeMillis, MetaHub.Options.DEFAULTS);
    private final Map<String, Member> members = new ConcurrentHashMap<>();

    /** A joined client: its session, its presence listener, its latest presence. */
    private static final class Member {
        final String clientId;
        final ClientSession session;
        final MetaSession metaSession;
        final SyncConnection.Listener listener;
        volatile boolean live = true;
        volatile PeerPresence presence;

        Member(String clientId, ClientSession session, MetaSession metaSession, SyncConnection.Listener listener) {
            this.clientId = clientId;
            this.session = session;
            this.metaSession = metaSession;
            this.listener = listener;
        }
    }

    private InProcessHub(String name, String token) {
        this.name = name;
        this.token = token;
        this.executor = Executors.newFixedThreadPool(2, r -> {
            Thread t = new Thread(r, "inproc-hub-" + name);
            t.setDaemon(true);
            return t;
        });
        this.timer = new SystemTimer();
        this.hub = new HubSession(new MemoryDocumentStore(), HubSession.Options.DEFAULTS, executor, timer);
    }

    /** Starts a hub reachable as {@code inproc://name} with this token (replacing one of the same name). */
    public static InProcessHub start(String name, String token) {
        InProcessHub h = new InProcessHub(name, token);
        InProcessHub old = HUBS.put(name, h);
        if (old != null) old.close();
        return h;
    }

    static InProcessHub lookup(String name) {
        return HUBS.get(name);
    }

    public String url() {
        return "inproc://" + name;
    }

    public String token() {
        return token;
    }

    boolean tokenMatches(String t) {
        return token.equals(t);
    }

    /** Links a client session to the hub; returns a handle whose {@code run} unlinks it. */
    Runnable join(String clientId, ClientSession session, MetaSession metaSession, PeerPresence hello,
                  SyncConnection.Listener listener) {
        Objects.requireNonNull(session, "session");
        Member m = new Member(clientId, session, metaSession, listener);
        Member old = members.put(clientId, m);
        if (old != null) old.live = false;
        hub.attach(clientId, msg -> { if (m.live) session.receive(msg); });
        session.connected(msg -> { if (m.live) hub.receive(clientId, msg); });
        if (metaSession != null) {
            metaSession.connected(msg -> { if (m.live) executor.execute(() -> answerMeta(m, msg)); });
        }
        m.presence = hello;
        for (Member other : members.values()) {
            if (other == m) continue;
            if (other.presence != null) listener.presence(other.presence);
            if (hello != null) other.listener.presence(hello);
        }
        return () -> leave(m);
    }

    /** A metadata request of a member, answered as the relay does (and announced to the other members). */
    private void answerMeta(Member from, MetaMessage msg) {
        try {
            if (msg instanceof MetaMessage.Push p) {
                MetaHub.PushOutcome o = meta.push("", p);
                from.metaSession.receive(o.reply());
                if (o.changed()) {
                    for (Member other : members.values()) {
                        if (other != from && other.live && other.metaSession != null) {
                            other.metaSession.receive(new MetaMessage.Changed(o.seq()));
                        }
                    }
                }
            } else if (msg instanceof MetaMessage.Pull p) {
                from.metaSession.receive(meta.pull("", p));
            }
        } catch (StoreException e) {
            LOG.warn("in-process metadata request failed: {}", e.getMessage()); // the session sends it again
        }
    }

    void publish(String clientId, PeerPresence p) {
        Member m = members.get(clientId);
        if (m == null || !m.live) return;
        m.presence = p;
        for (Member other : members.values()) if (other != m && other.live) other.listener.presence(p);
    }

    private void leave(Member m) {
        if (!m.live) return;
        m.live = false;
        members.remove(m.clientId, m);
        hub.detach(m.clientId);
        m.session.disconnected();
        if (m.metaSession != null) m.metaSession.disconnected();
        for (Member other : members.values()) other.listener.peerLeft(m.clientId);
    }

    @Override
    public void close() {
        HUBS.remove(name, this);
        for (Member m : members.values()) leave(m);
        hub.close();
        timer.close();
        executor.shutdownNow();
    }
}
