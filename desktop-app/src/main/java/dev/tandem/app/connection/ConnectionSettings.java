package dev.tandem.app.connection;

import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * What the connection dialog produces: a checked, immutable value. {@link #check} returns every problem in plain words;
 * the canonical constructor throws on the first.
 *
 * <p>Invite link format (one string to paste): {@code tandem://join?relay=<url>&workspace=<name>&token=<token>}, each
 * value URL-encoded. Example: {@code tandem://join?relay=wss%3A%2F%2Frelay.example.org&workspace=team&token=s3cret}.
 * The relay client's form ({@code tandem://HOST:PORT/WORKSPACE?token=T}, {@code tandem+wss://...}) is accepted too.
 *
 * @param relayUrl  {@code ws://} or {@code wss://} for a relay; {@code inproc://<hub>} for a hub in this process
 * @param workspace the workspace on the relay
 * @param token     the workspace's access token
 * @param name      the display name peers see
 * @param colour    the colour peers see, {@code #rrggbb}
 * @param trustCertificate for a relay with a self-signed certificate: that certificate (a {@code .pem}/{@code .crt}
 *                  file) or a trust store, trusted instead of the system's authorities; blank for a relay whose
 *                  certificate the system trusts
 */
public record ConnectionSettings(String relayUrl, String workspace, String token, String name, String colour,
                                 String trustCertificate) {

    public static final int MAX_NAME = 40;
    private static final Pattern COLOUR = Pattern.compile("#[0-9a-fA-F]{6}");
    private static final Pattern WORKSPACE = Pattern.compile("[A-Za-z0-9._-]{1,64}");

    public ConnectionSettings {
        trustCertificate = trustCertificate == null ? "" : trustCertificate.trim();
        String problem = check(relayUrl, workspace, token, name, colour);
        if (problem == null) problem = checkCertificate(trustCertificate);
        if (problem != null) throw new IllegalArgumentException(problem);
    }

    /** Settings for a relay whose certificate the system trusts (or a {@code ws://} relay). */
    public ConnectionSettings(String relayUrl, String workspace, String token, String name, String colour) {
        this(relayUrl, workspace, token, name, colour, "");
    }

    /** The problem with a certificate file to trust, in plain words, or null (none given, or a readable file). */
    public static String checkCertificate(String file) {
        if (file == null || file.isBlank()) return null;
        java.nio.file.Path p = java.nio.file.Path.of(file.trim());
        if (!java.nio.file.Files.isRegularFile(p) || !java.nio.file.Files.isReadable(p)) {
            return "The certificate file " + file.trim() + " cannot be read (ask the relay's admin for its .pem file).";
        }
        return null;
    }

    /** The certificate file to trust, if any. */
    public java.util.Optional<java.nio.file.Path> trustFile() {
        return trustCertificate.isBlank() ? java.util.Optional.empty() : java.util.Optional.of(java.nio.file.Path.of(trustCertificate));
    }

    /** The first problem with these values, in plain words, or null if they are fine. */
    public static String check(String relayUrl, String workspace, String token, String name, String colour) {
        if (relayUrl == null || relayUrl.isBlank()) return "Enter the relay URL (for example wss://relay.example.org).";
        URI uri;
        try {
            uri = new URI(relayUrl.trim());
        } catch (URISyntaxException e) {
            return "The relay URL is not a valid address: " + e.getReason() + ".";
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(java.util.Locale.ROOT);
        if (!scheme.equals("ws") && !scheme.equals("wss") && !scheme.equals("inproc")) {
            return "The relay URL must start with wss:// (or ws:// on a trusted network); \"" + relayUrl + "\" does not.";
        }
        if (uri.getHost() == null || uri.getHost().isBlank()) return "The relay URL has no host name.";
        if (workspace == null || !WORKSPACE.matcher(workspace).matches()) {
            return "The workspace name may use letters, digits, '.', '_' and '-' (1 to 64 characters).";
        }
        if (token == null || token.isBlank()) return "Enter the workspace's token (it is part of the invite link).";
        if (token.chars().anyMatch(Character::isWhitespace)) return "The token must not contain spaces.";
        if (name == null || name.isBlank()) return "Enter the name other people will see.";
        if (name.length() > MAX_NAME) return "The display name is longer than " + MAX_NAME + " characters.";
        if (colour == null || !COLOUR.matcher(colour).matches()) return "The colour must look like #3a7bd5.";
        return null;
    }

    public boolean inProcess() {
        return relayUrl.trim().toLowerCase(java.util.Locale.ROOT).startsWith("inproc:");
    }

    /** The invite link for these settings (without the personal name and colour). */
    public String inviteLink() {
        return "tandem://join?relay=" + enc(relayUrl) + "&workspace=" + enc(workspace) + "&token=" + enc(token);
    }

    /**
     * These settings as one line, for the local store (so that the app reconnects by itself when it starts again): the
     * invite link with the display name and colour added.
     */
    public String encode() {
        return inviteLink() + "&name=" + enc(name) + "&colour=" + enc(colour)
                + (trustCertificate.isBlank() ? "" : "&trust=" + enc(trustCertificate));
    }

    /**
     * Settings from {@link #encode()}.
     *
     * @throws IllegalArgumentException if the line is not such a form or its values do not pass {@link #check}
     */
    public static ConnectionSettings decode(String line) {
        Invite invite = parseInvite(line);
        Map<String, String> q = query(line.trim());
        return new ConnectionSettings(invite.relayUrl(), invite.workspace(), invite.token(), q.getOrDefault("name", ""),
                q.getOrDefault("colour", ""), q.getOrDefault("trust", ""));
    }

    /** The parts of an invite link. */
    public record Invite(String relayUrl, String workspace, String token) { }

    /**
     * Parses an invite link.
     *
     * @throws IllegalArgumentException with a plain-words message if it is not one
     */
    public static Invite parseInvite(String link) {
        if (link == null || link.isBlank()) throw new IllegalArgumentException("Paste an invite link first.");
        String s = link.trim();
        if (!s.startsWith("tandem://join?")) {
            // The relay client's form, as ./tandem prints it: tandem[+wss]://HOST:PORT/WORKSPACE?token=TOKEN
            try {
                dev.tandem.client.InviteLink l = dev.tandem.client.InviteLink.parse(s);
                if (s.startsWith("tandem") && !l.workspace().isBlank() && !l.token().isBlank()) {
                    return new Invite(l.server().toString(), l.workspace(), l.token());
                }
            } catch (IllegalArgumentException e) {
                // not that form either
            }
            throw new IllegalArgumentException("An invite link starts with tandem://join? — this one does not.");
        }
        Map<String, String> q = query(s);
        for (String key : new String[] {"relay", "workspace", "token"}) {
            if (q.getOrDefault(key, "").isBlank()) {
                throw new IllegalArgumentException("The invite link has no " + key + "; ask for a new link.");
            }
        }
        return new Invite(q.get("relay"), q.get("workspace"), q.get("token"));
    }

    /** The decoded query of a {@code tandem://join?...} link (empty for any other form). */
    private static Map<String, String> query(String link) {
        Map<String, String> q = new LinkedHashMap<>();
        if (!link.startsWith("tandem://join?")) return q;
        for (String part : link.substring("tandem://join?".length()).split("&")) {
            int eq = part.indexOf('=');
            if (eq <= 0) continue;
            q.put(part.substring(0, eq), URLDecoder.decode(part.substring(eq + 1), StandardCharsets.UTF_8));
        }
        return q;
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }
}
