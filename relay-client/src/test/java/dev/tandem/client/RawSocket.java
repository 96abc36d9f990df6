package dev.tandem.client;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;

/** A bare WebSocket for sending the relay what a well-behaved client never would. */
final class RawSocket implements WebSocket.Listener {
    final List<String> received = new CopyOnWriteArrayList<>();
    final CompletableFuture<Integer> closeCode = new CompletableFuture<>();
    volatile String closeReason = "";
    private final StringBuilder partial = new StringBuilder();
    WebSocket ws;

    static RawSocket open(URI url, String token) {
        RawSocket r = new RawSocket();
        r.ws = HttpClient.newHttpClient().newWebSocketBuilder().header("Authorization", "Bearer " + token)
                .buildAsync(url, r).join();
        return r;
    }

    void send(String text) {
        ws.sendText(text, true).join();
    }

    void hello(String clientId) {
        send("{\"p\":1,\"type\":\"hello\",\"client\":\"" + clientId + "\",\"name\":\"raw\",\"color\":\"#000\"}");
    }

    @Override
    public void onOpen(WebSocket webSocket) {
        webSocket.request(1);
    }

    @Override
    public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
        partial.append(data);
        if (last) {
            received.add(partial.toString());
            partial.setLength(0);
        }
        webSocket.request(1);
        return null;
    }

    @Override
    public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
        closeReason = reason;
        closeCode.complete(statusCode);
        return null;
    }

    @Override
    public void onError(WebSocket webSocket, Throwable error) {
        closeCode.complete(-1);
    }
}
