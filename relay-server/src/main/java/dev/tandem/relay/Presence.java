package dev.tandem.relay;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Who is in which document, where their caret and selection are, relayed to the other connections of the same
 * document only. Updates are coalesced: a document fans out at most once per {@code intervalMillis}, each peer's
 * latest state once. A peer that leaves (closes, is closed, times out) is announced {@code gone} at once.
 *
 * <p>Concurrency: all state is guarded by {@code this}; sends only queue ({@link Connection#send} never blocks), so
 * they are made under the lock. The flush runs on the relay's scheduler thread.
 */
final class Presence {

    private record Peer(Connection conn, int caret, int selStart, int selEnd) {}

    private static final ObjectMapper JSON = new ObjectMapper();

    private final ScheduledExecutorService scheduler;
    private final long intervalMillis;
    private final Map<String, Set<Connection>> members = new HashMap<>();
    private final Map<String, Map<Connection, Peer>> peers = new HashMap<>();
    private final Map<String, Set<Connection>> dirty = new LinkedHashMap<>();
    private boolean flushScheduled;

    Presence(ScheduledExecutorService scheduler, long intervalMillis) {
        this.scheduler = scheduler;
        this.intervalMillis = intervalMillis;
    }

    /** The connection works on the document: from now on it hears the others' presence (and at once their current one). */
    synchronized void join(Connection c, String hubDoc, String docName) {
        if (!members.computeIfAbsent(hubDoc, k -> new LinkedHashSet<>()).add(c)) return;
        c.hubDocs.add(hubDoc);
        for (Peer p : peers.getOrDefault(hubDoc, Map.of()).values()) {
            if (p.conn != c) c.send(stateFrame(docName, p));
        }
    }

    synchronized void update(Connection c, String hubDoc, String docName, int caret, int selStart, int selEnd) {
        join(c, hubDoc, docName);
        peers.computeIfAbsent(hubDoc, k -> new LinkedHashMap<>()).put(c, new Peer(c, caret, selStart, selEnd));
        dirty.computeIfAbsent(hubDoc, k -> new LinkedHashSet<>()).add(c);
        if (!flushScheduled) {
            flushScheduled = true;
            scheduler.schedule(this::flush, intervalMillis, TimeUnit.MILLISECONDS);
        }
    }

    /** How many connections work on the document. */
    synchronized int count(String hubDoc) {
        Set<Connection> m = members.get(hubDoc);
        return m == null ? 0 : m.size();
    }

    /** The connection is gone: the others of each of its documents hear so at once. */
    synchronized void leave(Connection c) {
        for (String hubDoc : c.hubDocs) {
            Set<Connection> m = members.get(hubDoc);
            if (m != null) {
                m.remove(c);
                if (m.isEmpty()) members.remove(hubDoc);
            }
            Map<Connection, Peer> ps = peers.get(hubDoc);
            boolean hadState = ps != null && ps.remove(c) != null;
            if (ps != null && ps.isEmpty()) peers.remove(hubDoc);
            Set<Connection> d = dirty.get(hubDoc);
            if (d != null) d.remove(c);
            if (hadState && m != null && c.clientId != null) {
                String frame = goneFrame(docNameOf(hubDoc, c), c.clientId);
                for (Connection other : m) other.send(frame);
            }
        }
    }

    private synchronized void flush() {
        flushScheduled = false;
        for (Map.Entry<String, Set<Connection>> e : dirty.entrySet()) {
            String hubDoc = e.getKey();
            Set<Connection> m = members.getOrDefault(hubDoc, Set.of());
            Map<Connection, Peer> ps = peers.getOrDefault(hubDoc, Map.of());
            for (Connection changed : e.getValue()) {
                Peer p = ps.get(changed);
                if (p == null) continue;
                String frame = stateFrame(docNameOf(hubDoc, changed), p);
                for (Connection other : m) if (other != changed) other.send(frame);
            }
        }
        dirty.clear();
    }

    private static String docNameOf(String hubDoc, Connection c) {
        return hubDoc.substring(c.grant.workspace().length() + 1);
    }

    private static String stateFrame(String docName, Peer p) {
        ObjectNode o = JSON.createObjectNode();
        o.put("p", 1).put("type", "presence").put("doc", docName).put("client", p.conn.clientId)
                .put("name", p.conn.name).put("color", p.conn.color).put("caret", p.caret);
        o.putArray("sel").add(p.selStart).add(p.selEnd);
        return o.toString();
    }

    private static String goneFrame(String docName, String clientId) {
        ObjectNode o = JSON.createObjectNode();
        o.put("p", 1).put("type", "presence").put("doc", docName).put("client", clientId).put("gone", true);
        return o.toString();
    }
}
