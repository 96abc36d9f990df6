package dev.tandem.app.connection;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ConnectionSettingsTest {

    @Test
    void an_invite_link_round_trips() {
        ConnectionSettings s = new ConnectionSettings("wss://relay.example.org:8443/x", "team-1", "s3cr&t", "Ada", "#112233");
        ConnectionSettings.Invite i = ConnectionSettings.parseInvite(s.inviteLink());
        assertEquals(new ConnectionSettings.Invite("wss://relay.example.org:8443/x", "team-1", "s3cr&t"), i);
    }

    @Test
    void a_link_without_a_token_is_refused_in_plain_words() {
        var e = assertThrows(IllegalArgumentException.class,
                () -> ConnectionSettings.parseInvite("tandem://join?relay=wss%3A%2F%2Fa.b&workspace=w"));
        assertTrue(e.getMessage().contains("no token"), e.getMessage());
    }

    @ParameterizedTest
    @CsvSource({
            "http://a.b, w, t, Ada, #112233, must start with wss://",
            "wss://, w, t, Ada, #112233, valid address",
            "wss://a.b, 'w s', t, Ada, #112233, workspace name",
            "wss://a.b, w, '', Ada, #112233, token",
            "wss://a.b, w, t, '', #112233, name",
            "wss://a.b, w, t, Ada, red, colour",
    })
    void bad_values_get_a_precise_message(String url, String ws, String token, String name, String colour, String expected) {
        String problem = ConnectionSettings.check(url, ws, token, name, colour);
        assertTrue(problem != null && problem.contains(expected), problem);
    }

    @Test
    void good_values_pass() {
        assertNull(ConnectionSettings.check("ws://127.0.0.1:8025", "demo", "t", "Ada", "#aabbcc"));
    }

    @org.junit.jupiter.api.Test
    void settings_survive_their_one_line_form_for_the_local_store() {
        ConnectionSettings s = new ConnectionSettings("wss://relay.example.org:8443/sync", "team-1", "s3cr&t=x", "Ada Lovelace", "#112233");
        org.junit.jupiter.api.Assertions.assertEquals(s, ConnectionSettings.decode(s.encode()));
    }

    @org.junit.jupiter.api.Test
    void a_certificate_to_trust_must_be_a_readable_file_and_is_remembered(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir)
            throws Exception {
        String missing = dir.resolve("relay.pem").toString();
        IllegalArgumentException e = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                () -> new ConnectionSettings("wss://relay.example.org", "team", "t", "Ada", "#112233", missing));
        org.junit.jupiter.api.Assertions.assertTrue(e.getMessage().contains("cannot be read"), e.getMessage());
        java.nio.file.Files.writeString(dir.resolve("relay.pem"), "-----BEGIN CERTIFICATE-----\n");
        ConnectionSettings s = new ConnectionSettings("wss://relay.example.org", "team", "t", "Ada", "#112233", missing);
        org.junit.jupiter.api.Assertions.assertEquals(s, ConnectionSettings.decode(s.encode()));
        org.junit.jupiter.api.Assertions.assertEquals(java.nio.file.Path.of(missing), s.trustFile().orElseThrow());
    }
}
