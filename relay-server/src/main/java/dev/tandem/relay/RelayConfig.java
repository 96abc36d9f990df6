package dev.tandem.relay;

import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;

/**
 * Everything a relay is started with: a checked, immutable value with a named default for every limit. A limit that is
 * reached is reported to the client in plain words (an {@code error} frame and/or a close reason), never silently.
 *
 * @param bind                   the address to listen on ({@link #DEFAULT_BIND}: loopback only)
 * @param port                   the TCP port; 0 lets the operating system choose a free one
 * @param dataDir                where {@code hub.db} and {@code tokens.db} live
 * @param tls                    serve {@code wss://} with this key store, or empty for {@code ws://}
 * @param maxMessageBytes        the largest WebSocket text message accepted (UTF-8 bytes); larger closes with 1009
 * @param maxDocumentChars       the longest a document may grow (the engine's {@code EngineLimits})
 * @param messagesPerSecond      sustained messages per second per connection (a burst of twice as many is allowed)
 * @param connectionsPerToken    simultaneous connections one token may hold
 * @param presenceIntervalMillis presence updates of a document are coalesced to one fan-out per interval
 * @param idleTimeoutMillis      a connection silent this long is closed (clients heartbeat every few seconds); its
 *                               presence is then gone
 * @param maxQueuedBytes         bytes waiting to be sent to one slow connection before it is closed
 * @param pushDelayMillis        the hub's push coalescing window per client
 * @param shedHeapPercent        how full the heap may be after a garbage collection before the relay sheds
 *                               connections instead of running out of memory (decision 0023)
 * @param shedBehindMillis       how long a document's exchanges may wait in its owner's queue before the relay closes
 *                               some of that document's connections (its newest first; decision 0023)
 */
public record RelayConfig(String bind, int port, Path dataDir, Optional<Tls> tls, int maxMessageBytes,
                          int maxDocumentChars, int messagesPerSecond, int connectionsPerToken,
                          long presenceIntervalMillis, long idleTimeoutMillis, long maxQueuedBytes,
                          long pushDelayMillis, int shedHeapPercent, long shedBehindMillis) {

    public static final String DEFAULT_BIND = "127.0.0.1";
    public static final int DEFAULT_PORT = 0;
    /** A sync carrying a few thousand typed edits, or a reset of a large document, fits. */
    public static final int DEFAULT_MAX_MESSAGE_BYTES = 4 * 1024 * 1024;
    /** Four million characters: a book; well under the engine's own ceiling. */
    public static final int DEFAULT_MAX_DOCUMENT_CHARS = 4 * 1024 * 1024;
    /** Typing plus sync replies plus presence stays far below this; a loop or a flood does not. */
    public static final int DEFAULT_MESSAGES_PER_SECOND = 100;
    /** A person's desktop app and a few scripts; the load generator is started with a higher value. */
    public static final int DEFAULT_CONNECTIONS_PER_TOKEN = 32;
    public static final long DEFAULT_PRESENCE_INTERVAL_MILLIS = 50;
    public static final long DEFAULT_IDLE_TIMEOUT_MILLIS = 60_000;
    public static final long DEFAULT_MAX_QUEUED_BYTES = 16L * 1024 * 1024;
    public static final long DEFAULT_PUSH_DELAY_MILLIS = 10;
    /**
     * Past this, a collection has left too little room: the relay's own peak at 200 writers stays far below it, and a
     * heap this full after collecting is a few seconds from an {@link OutOfMemoryError} under growing load.
     */
    public static final int DEFAULT_SHED_HEAP_PERCENT = 85;
    /**
     * Ten times the slowest p99 edit-to-peer measured at 200 writers on a 2-core machine: a document this far behind is
     * past what the relay can serve, and falls further behind the longer it waits.
     */
    public static final long DEFAULT_SHED_BEHIND_MILLIS = 5_000;

    /** A PKCS12 (or JKS) key store holding the server's key and certificate, and its password. */
    public record Tls(Path keyStore, char[] password) {
        public Tls {
            Objects.requireNonNull(keyStore, "keyStore");
            Objects.requireNonNull(password, "password");
            password = password.clone();
        }

        @Override
        public char[] password() {
            return password.clone();
        }

        @Override
        public String toString() {
            return "Tls[keyStore=" + keyStore + ", password=<hidden>]";
        }
    }

    public RelayConfig {
        Objects.requireNonNull(bind, "bind");
        if (bind.isBlank()) throw new IllegalArgumentException("bind address must not be blank");
        if (port < 0 || port > 65_535) throw new IllegalArgumentException("port must be in 0..65535 (0: any free port): " + port);
        Objects.requireNonNull(dataDir, "dataDir");
        Objects.requireNonNull(tls, "tls");
        if (maxMessageBytes < 1024) throw new IllegalArgumentException("maxMessageBytes must be at least 1024: " + maxMessageBytes);
        if (maxDocumentChars <= 0) throw new IllegalArgumentException("maxDocumentChars must be positive: " + maxDocumentChars);
        if (messagesPerSecond <= 0) throw new IllegalArgumentException("messagesPerSecond must be positive: " + messagesPerSecond);
        if (connectionsPerToken <= 0) throw new IllegalArgumentException("connectionsPerToken must be positive: " + connectionsPerToken);
        if (presenceIntervalMillis < 0) throw new IllegalArgumentException("presenceIntervalMillis must not be negative: " + presenceIntervalMillis);
        if (idleTimeoutMillis < 1_000) throw new IllegalArgumentException("idleTimeoutMillis must be at least 1000: " + idleTimeoutMillis);
        if (maxQueuedBytes < maxMessageBytes) throw new IllegalArgumentException("maxQueuedBytes must be at least maxMessageBytes: " + maxQueuedBytes);
        if (pushDelayMillis < 0) throw new IllegalArgumentException("pushDelayMillis must not be negative: " + pushDelayMillis);
        if (shedHeapPercent < 50 || shedHeapPercent > 99) throw new IllegalArgumentException("shedHeapPercent must be in 50..99: " + shedHeapPercent);
        if (shedBehindMillis < 100) throw new IllegalArgumentException("shedBehindMillis must be at least 100: " + shedBehindMillis);
    }

    /** Every default, on {@code dataDir}. */
    public static RelayConfig defaults(Path dataDir) {
        return new RelayConfig(DEFAULT_BIND, DEFAULT_PORT, dataDir, Optional.empty(), DEFAULT_MAX_MESSAGE_BYTES,
                DEFAULT_MAX_DOCUMENT_CHARS, DEFAULT_MESSAGES_PER_SECOND, DEFAULT_CONNECTIONS_PER_TOKEN,
                DEFAULT_PRESENCE_INTERVAL_MILLIS, DEFAULT_IDLE_TIMEOUT_MILLIS, DEFAULT_MAX_QUEUED_BYTES,
                DEFAULT_PUSH_DELAY_MILLIS, DEFAULT_SHED_HEAP_PERCENT, DEFAULT_SHED_BEHIND_MILLIS);
    }

    public RelayConfig withBind(String v) { return new RelayConfig(v, port, dataDir, tls, maxMessageBytes, maxDocumentChars, messagesPerSecond, connectionsPerToken, presenceIntervalMillis, idleTimeoutMillis, maxQueuedBytes, pushDelayMillis, shedHeapPercent, shedBehindMillis); }
    public RelayConfig withPort(int v) { return new RelayConfig(bind, v, dataDir, tls, maxMessageBytes, maxDocumentChars, messagesPerSecond, connectionsPerToken, presenceIntervalMillis, idleTimeoutMillis, maxQueuedBytes, pushDelayMillis, shedHeapPercent, shedBehindMillis); }
    public RelayConfig withTls(Tls v) { return new RelayConfig(bind, port, dataDir, Optional.of(v), maxMessageBytes, maxDocumentChars, messagesPerSecond, connectionsPerToken, presenceIntervalMillis, idleTimeoutMillis, maxQueuedBytes, pushDelayMillis, shedHeapPercent, shedBehindMillis); }
    public RelayConfig withMaxMessageBytes(int v) { return new RelayConfig(bind, port, dataDir, tls, v, maxDocumentChars, messagesPerSecond, connectionsPerToken, presenceIntervalMillis, idleTimeoutMillis, Math.max(maxQueuedBytes, v), pushDelayMillis, shedHeapPercent, shedBehindMillis); }
    public RelayConfig withMaxDocumentChars(int v) { return new RelayConfig(bind, port, dataDir, tls, maxMessageBytes, v, messagesPerSecond, connectionsPerToken, presenceIntervalMillis, idleTimeoutMillis, maxQueuedBytes, pushDelayMillis, shedHeapPercent, shedBehindMillis); }
    public RelayConfig withMessagesPerSecond(int v) { return new RelayConfig(bind, port, dataDir, tls, maxMessageBytes, maxDocumentChars, v, connectionsPerToken, presenceIntervalMillis, idleTimeoutMillis, maxQueuedBytes, pushDelayMillis, shedHeapPercent, shedBehindMillis); }
    public RelayConfig withConnectionsPerToken(int v) { return new RelayConfig(bind, port, dataDir, tls, maxMessageBytes, maxDocumentChars, messagesPerSecond, v, presenceIntervalMillis, idleTimeoutMillis, maxQueuedBytes, pushDelayMillis, shedHeapPercent, shedBehindMillis); }
    public RelayConfig withPushDelayMillis(long v) { return new RelayConfig(bind, port, dataDir, tls, maxMessageBytes, maxDocumentChars, messagesPerSecond, connectionsPerToken, presenceIntervalMillis, idleTimeoutMillis, maxQueuedBytes, v, shedHeapPercent, shedBehindMillis); }
    public RelayConfig withIdleTimeoutMillis(long v) { return new RelayConfig(bind, port, dataDir, tls, maxMessageBytes, maxDocumentChars, messagesPerSecond, connectionsPerToken, presenceIntervalMillis, v, maxQueuedBytes, pushDelayMillis, shedHeapPercent, shedBehindMillis); }

    public RelayConfig withShedHeapPercent(int v) { return new RelayConfig(bind, port, dataDir, tls, maxMessageBytes, maxDocumentChars, messagesPerSecond, connectionsPerToken, presenceIntervalMillis, idleTimeoutMillis, maxQueuedBytes, pushDelayMillis, v, shedBehindMillis); }

    public RelayConfig withShedBehindMillis(long v) { return new RelayConfig(bind, port, dataDir, tls, maxMessageBytes, maxDocumentChars, messagesPerSecond, connectionsPerToken, presenceIntervalMillis, idleTimeoutMillis, maxQueuedBytes, pushDelayMillis, shedHeapPercent, v); }

    /** {@code ws} or {@code wss}. */
    public String scheme() {
        return tls.isPresent() ? "wss" : "ws";
    }
}
