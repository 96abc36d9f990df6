package dev.tandem.client;

import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Objects;

/**
 * Where a relay is and how to get in, as one string a team shares:
 * {@code tandem://HOST:PORT/WORKSPACE?token=TOKEN} (plain {@code ws://}) or
 * {@code tandem+wss://HOST:PORT/WORKSPACE?token=TOKEN} (TLS). The workspace in the link is for people to read; the token
 * alone decides which workspace the relay grants. {@link #parse} also accepts a relay URL ({@code ws://} or
 * {@code wss://}, path {@code /sync}) with the token given separately.
 *
 * @param server    the relay's WebSocket URL ({@code ws[s]://HOST:PORT/sync})
 * @param workspace the workspace named in the link, or empty
 * @param token     the token, or empty
 */
public record InviteLink(URI server, String workspace, String token) {

    public InviteLink {
        Objects.requireNonNull(server, "server");
        Objects.requireNonNull(workspace, "workspace");
        Objects.requireNonNull(token, "token");
    }

    /** Reads an invite link or a relay URL; {@link IllegalArgumentException} with a plain message if it is neither. */
    public static InviteLink parse(String text) {
        URI u;
        try {
            u = new URI(text.trim());
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("not a relay URL or invite link: " + e.getMessage());
        }
        String scheme = u.getScheme() == null ? "" : u.getScheme().toLowerCase(java.util.Locale.ROOT);
        if (u.getHost() == null || u.getPort() < 0 && !scheme.startsWith("tandem")) {
            if (u.getHost() == null) throw new IllegalArgumentException("not a relay URL or invite link (no host): " + text);
        }
        String token = "";
        if (u.getRawQuery() != null) {
            for (String kv : u.getRawQuery().split("&")) {
                if (kv.startsWith("token=")) token = URLDecoder.decode(kv.substring(6), StandardCharsets.UTF_8);
            }
        }
        String wsScheme;
        switch (scheme) {
            case "ws", "wss" -> {
                String path = u.getPath() == null || u.getPath().isEmpty() ? "/sync" : u.getPath();
                return new InviteLink(URI.create(scheme + "://" + hostPort(u) + path), "", token);
            }
            case "tandem", "tandem+ws" -> wsScheme = "ws";
            case "tandem+wss" -> wsScheme = "wss";
            default -> throw new IllegalArgumentException("not a relay URL or invite link (scheme must be ws, wss, tandem or tandem+wss): " + text);
        }
        String path = u.getPath() == null ? "" : u.getPath();
        String workspace = path.startsWith("/") ? path.substring(1) : path;
        return new InviteLink(URI.create(wsScheme + "://" + hostPort(u) + "/sync"), workspace, token);
    }

    private static String hostPort(URI u) {
        String host = u.getHost().contains(":") && !u.getHost().startsWith("[") ? "[" + u.getHost() + "]" : u.getHost();
        return u.getPort() >= 0 ? host + ":" + u.getPort() : host;
    }

    /** The invite-link form of this value. */
    public String format() {
        String scheme = server.getScheme().equals("wss") ? "tandem+wss" : "tandem";
        String port = server.getPort() >= 0 ? ":" + server.getPort() : "";
        return scheme + "://" + server.getHost() + port + "/" + workspace + "?token="
                + URLEncoder.encode(token, StandardCharsets.UTF_8);
    }
}
