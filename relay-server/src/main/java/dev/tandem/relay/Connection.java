package dev.tandem.relay;

import dev.tandem.engine.protocol.WireSize;
import jakarta.websocket.CloseReason;
import jakarta.websocket.Session;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.util.ArrayDeque;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * One authenticated WebSocket connection: who it is (its token's grant, then its hello), an outbound queue that keeps
 * one asynchronous send in flight at a time (Tyrus' async remote must not be used concurrently), and a token bucket
 * for the messages-per-second limit.
 *
 * <p>Concurrency: {@link #send} and {@link #close} may be called from any thread (hub actors, the presence timer,
 * Tyrus' I/O threads); the queue is guarded by {@code this}. The hello fields are written once by the thread that
 * delivers this connection's messages (Tyrus delivers them one at a time) and read by others after publication
 * through {@code volatile clientKey}. {@link #allowMessage} is called only on the delivering thread.
 */
final class Connection {

    private static final Logger LOG = LoggerFactory.getLogger(Connection.class);

    final Session ws;
    final TokenStore.Grant grant;
    final String remote;
    final Set<String> hubDocs = ConcurrentHashMap.newKeySet();
    // Set by hello:
    String clientId;
    String name = "";
    String color = "";
    volatile String clientKey;
    volatile boolean counted;
    /** When it opened: a relay short of memory closes its newest connections first. */
    final long openedNanos = System.nanoTime();
    /** When the client last sent a frame: only what it sends keeps it alive (what it is sent does not). */
    volatile long lastHeardNanos = System.nanoTime();

    private final long maxQueuedBytes;
    private final AtomicLong bytesOut;
    private final OutboundBudget budget;
    private final ArrayDeque<String> queue = new ArrayDeque<>();
    private long queuedBytes;
    /** Chars of the frame handed to Tyrus and not yet reported written (0 if none). */
    private long inFlightChars;
    private boolean sending;
    private boolean closed;

    private final double ratePerNano;
    private final double burst;
    private double allowance;
    private long lastCheck = System.nanoTime();

    Connection(Session ws, TokenStore.Grant grant, String remote, RelayConfig config, AtomicLong bytesOut,
               OutboundBudget budget) {
        this.ws = ws;
        this.grant = grant;
        this.remote = remote;
        this.maxQueuedBytes = config.maxQueuedBytes();
        this.bytesOut = bytesOut;
        this.budget = budget;
        this.ratePerNano = config.messagesPerSecond() / 1e9;
        this.burst = 2.0 * config.messagesPerSecond();
        this.allowance = burst;
    }

    /** Token bucket: false when the connection has used more than its burst and its rate allows. */
    boolean allowMessage() {
        long now = System.nanoTime();
        allowance = Math.min(burst, allowance + (now - lastCheck) * ratePerNano);
        lastCheck = now;
        if (allowance < 1) return false;
        allowance -= 1;
        return true;
    }

    /** Whether frames wait to be written, behind one being written now (never, once closed). */
    synchronized boolean backedUp() {
        return !closed && !queue.isEmpty();
    }

    /**
     * Queues a text frame; never blocks. A connection that falls too far behind is closed, and so is one whose frame
     * would pass what all connections together may hold ({@link OutboundBudget}).
     */
    void send(String text) {
        String next;
        boolean overBudget = false;
        synchronized (this) {
            if (closed) return;
            if (!budget.take(text.length())) {
                overBudget = true;
                next = null;
            } else {
                queue.add(text);
                queuedBytes += text.length();
                if (queuedBytes > maxQueuedBytes) {
                    dropQueued();
                    next = null;
                } else if (sending) {
                    return;
                } else {
                    sending = true;
                    next = queue.poll();
                    queuedBytes -= next.length();
                }
            }
        }
        if (overBudget) {
            close(CloseCodes.TRY_AGAIN_LATER, "the relay is short of memory; reconnect later");
            return;
        }
        if (next == null) {
            close(CloseCodes.SLOW, "the connection could not keep up with what it is sent");
            return;
        }
        transmit(next);
    }

    /** Drops every queued frame and gives back what they took from the budget (callers hold the lock). */
    private void dropQueued() {
        budget.giveBack(queuedBytes);
        queue.clear();
        queuedBytes = 0;
    }

    /**
     * Gives back what the frame being written took, once: when Tyrus reports it sent or failed, or when the connection
     * closes under it (a closed session need not report every write it had).
     */
    private synchronized void writeEnded() {
        budget.giveBack(inFlightChars);
        inFlightChars = 0;
    }

    private void transmit(String text) {
        bytesOut.addAndGet(WireSize.utf8Length(text)); // counted, not encoded twice
        synchronized (this) {
            inFlightChars = text.length();
        }
        try {
            ws.getAsyncRemote().sendText(text, result -> {
                writeEnded();
                if (!result.isOK()) {
                    LOG.debug("send to {} failed: {}", remote, result.getException() == null ? "?" : result.getException().getMessage());
                }
                String following;
                synchronized (this) {
                    following = closed ? null : queue.poll();
                    if (following == null) sending = false;
                    else queuedBytes -= following.length();
                }
                if (following != null) transmit(following);
            });
        } catch (RuntimeException e) {
            // The connection died under the send: Tyrus says so with an IllegalStateException, or with a plain
            // RuntimeException ("Socket is not connected.") when the socket went first. Either way the message is
            // dropped like any other to a gone client (the protocol resends on reconnect), never thrown at the caller.
            LOG.debug("send to {} failed: {}", remote, e.getMessage());
            writeEnded();
            synchronized (this) {
                sending = false;
                closed = true;
                dropQueued();
            }
        }
    }

    /** Closes with a code and a reason (truncated to the 123 bytes a close frame allows); idempotent. */
    void close(int code, String reason) {
        synchronized (this) {
            if (closed) return;
            closed = true;
            dropQueued();
        }
        writeEnded();
        String r = reason.length() > 120 ? reason.substring(0, 120) : reason;
        try {
            ws.close(new CloseReason(CloseReason.CloseCodes.getCloseCode(code), r));
        } catch (IOException | IllegalStateException e) {
            LOG.debug("closing {}: {}", remote, e.getMessage());
        }
    }

    synchronized boolean isClosed() {
        return closed;
    }

    /** The client's display form for logs: client id and workspace, never the token. */
    String who() {
        return (clientId == null ? "?" : clientId) + "@" + grant.workspace() + " (" + remote + ", token " + grant.tokenId() + ")";
    }
}
