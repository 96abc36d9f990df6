package dev.tandem.relay;

import jakarta.websocket.CloseReason;
import jakarta.websocket.Endpoint;
import jakarta.websocket.EndpointConfig;
import jakarta.websocket.HandshakeResponse;
import jakarta.websocket.MessageHandler;
import jakarta.websocket.Session;
import jakarta.websocket.server.HandshakeRequest;
import jakarta.websocket.server.ServerEndpointConfig;
import org.glassfish.tyrus.core.HandshakeException;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The WebSocket endpoint at {@code /sync}: authenticates in the handshake (a refused token never gets a WebSocket: HTTP
 * 401), then hands frames to the {@link Relay}.
 *
 * <p>Concurrency: Tyrus runs the handshake and then {@link #onOpen} on the same I/O thread, so the grant found in the
 * handshake is handed over in a thread-local (if a container ever separated them, {@link #onOpen} authenticates again
 * from the {@code token} query parameter, or closes with {@link CloseCodes#UNAUTHORIZED}). Tyrus delivers one
 * connection's messages one at a time.
 */
public final class RelayEndpoint extends Endpoint {

    static final String PATH = "/sync";
    private static final ThreadLocal<TokenStore.Grant> HANDSHAKE_GRANT = new ThreadLocal<>();

    private final Relay relay;
    private Connection connection;

    RelayEndpoint(Relay relay) {
        this.relay = relay;
    }

    static ServerEndpointConfig config(Relay relay) {
        return ServerEndpointConfig.Builder.create(RelayEndpoint.class, PATH)
                .configurator(new ServerEndpointConfig.Configurator() {
                    @Override
                    public void modifyHandshake(ServerEndpointConfig sec, HandshakeRequest request, HandshakeResponse response) {
                        HANDSHAKE_GRANT.remove();
                        Optional<TokenStore.Grant> grant;
                        try {
                            grant = relay.authenticate(tokenOf(request.getHeaders(), request.getParameterMap()));
                        } catch (RelayUnavailableException e) {
                            // 503, not 401: a client that hears "refused" gives up, and this one should come back.
                            throw refuse(response, 503, e.getMessage());
                        }
                        if (grant.isEmpty()) {
                            relay.refused();
                            throw refuse(response, 401, "unknown or revoked token");
                        }
                        HANDSHAKE_GRANT.set(grant.get());
                    }

                    /** A plain HTTP answer instead of the upgrade. */
                    private RuntimeException refuse(HandshakeResponse response, int status, String why) {
                        // Without these Tyrus keeps its upgrade headers and sends no body length, and a client (the
                        // JDK's) waits for the body forever.
                        Map<String, List<String>> h = response.getHeaders();
                        h.keySet().removeIf(k -> k.equalsIgnoreCase("Upgrade") || k.equalsIgnoreCase("Connection")
                                || k.toLowerCase(java.util.Locale.ROOT).startsWith("sec-websocket"));
                        h.put("Connection", List.of("close"));
                        h.put("Content-Length", List.of("0"));
                        return sneaky(new HandshakeException(status, why));
                    }

                    @Override
                    public <T> T getEndpointInstance(Class<T> endpointClass) {
                        return endpointClass.cast(new RelayEndpoint(relay));
                    }
                })
                .build();
    }

    /** {@code Authorization: Bearer <token>}, else the {@code token} query parameter, else null. */
    static String tokenOf(Map<String, List<String>> headers, Map<String, List<String>> params) {
        for (Map.Entry<String, List<String>> h : headers.entrySet()) {
            if (!"authorization".equalsIgnoreCase(h.getKey()) || h.getValue() == null) continue;
            for (String v : h.getValue()) {
                if (v != null && v.regionMatches(true, 0, "Bearer ", 0, 7)) return v.substring(7).trim();
            }
        }
        List<String> q = params == null ? null : params.get("token");
        return q == null || q.isEmpty() ? null : q.get(0);
    }

    @SuppressWarnings("unchecked")
    private static <E extends Throwable> RuntimeException sneaky(Throwable e) throws E {
        throw (E) e; // Tyrus answers a HandshakeException thrown from modifyHandshake with its HTTP status
    }

    @Override
    public void onOpen(Session session, EndpointConfig config) {
        TokenStore.Grant grant = HANDSHAKE_GRANT.get();
        HANDSHAKE_GRANT.remove();
        if (grant == null) {
            try {
                grant = relay.authenticate(tokenOf(Map.of(), session.getRequestParameterMap())).orElse(null);
            } catch (RelayUnavailableException e) {
                try {
                    session.close(new CloseReason(CloseReason.CloseCodes.GOING_AWAY, e.getMessage()));
                } catch (java.io.IOException closed) {
                    // the connection is gone either way
                }
                return;
            }
        }
        if (grant == null) {
            try {
                session.close(new CloseReason(CloseReason.CloseCodes.getCloseCode(CloseCodes.UNAUTHORIZED), "unknown or revoked token"));
            } catch (java.io.IOException e) {
                // the connection is gone either way
            }
            return;
        }
        connection = relay.opened(session, grant);
        if (connection == null) return;
        session.addMessageHandler(String.class, (MessageHandler.Whole<String>) text -> relay.onText(connection, text));
    }

    @Override
    public void onClose(Session session, CloseReason closeReason) {
        if (connection != null) relay.closed(connection, closeReason);
    }

    @Override
    public void onError(Session session, Throwable thr) {
        if (connection != null) relay.failed(connection, thr);
    }
}
