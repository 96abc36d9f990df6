package dev.tandem.client;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.file.Path;
import java.util.Optional;

/**
 * The relay a {@code ./tandem doc} command syncs with, from its {@code --server}, {@code --token} and trust options:
 * checked once, with one plain message when something is off.
 *
 * @param server the relay's WebSocket URL
 * @param token  the token (from {@code --token} or the invite link)
 * @param http   the HTTP client (trusting the given trust store, if any)
 */
record RelayTarget(URI server, String token, HttpClient http) {

    /** A usage error: the message is printed after the command's name, and the command exits with 2. */
    static final class BadTarget extends Exception {
        private static final long serialVersionUID = 1L;

        BadTarget(String message) {
            super(message);
        }
    }

    /** The target, or empty without {@code --server}. */
    static Optional<RelayTarget> of(String server, String token, Path trustStore, String trustPassword) throws BadTarget {
        if (server == null) return Optional.empty();
        InviteLink link;
        try {
            link = InviteLink.parse(server);
        } catch (IllegalArgumentException e) {
            throw new BadTarget(e.getMessage());
        }
        String t = token != null ? token : link.token();
        if (t.isEmpty()) throw new BadTarget("a token is needed (--token, or token= in the invite link)");
        try {
            return Optional.of(new RelayTarget(link.server(), t, RelayConnection.httpClient(Optional.ofNullable(trustStore),
                    trustPassword.toCharArray())));
        } catch (IOException e) {
            throw new BadTarget(e.getMessage());
        }
    }
}
