package dev.tandem.client;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.net.URI;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class InviteLinkTest {

    @Test
    void a_plain_invite_link_names_a_ws_relay_a_workspace_and_a_token() {
        InviteLink l = InviteLink.parse("tandem://relay.example:8443/team?token=tdm_1_abc-_x");
        assertEquals(URI.create("ws://relay.example:8443/sync"), l.server());
        assertEquals("team", l.workspace());
        assertEquals("tdm_1_abc-_x", l.token());
    }

    @Test
    void a_tls_invite_link_names_a_wss_relay_and_round_trips() {
        InviteLink l = InviteLink.parse("tandem+wss://127.0.0.1:9000/team?token=tdm_2_zz");
        assertEquals(URI.create("wss://127.0.0.1:9000/sync"), l.server());
        assertEquals(l, InviteLink.parse(l.format()));
    }

    @Test
    void a_relay_url_is_accepted_without_a_token() {
        InviteLink l = InviteLink.parse("ws://127.0.0.1:1234/sync");
        assertEquals(URI.create("ws://127.0.0.1:1234/sync"), l.server());
        assertEquals("", l.token());
    }

    @ParameterizedTest
    @ValueSource(strings = {"ht!tp:/x", "http://example.com/sync", "relay.example:80", "tandem:///team", "not a url"})
    void malformed_links_are_refused_in_plain_words(String text) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> InviteLink.parse(text));
        assertEquals(true, e.getMessage().startsWith("not a relay URL or invite link"), e.getMessage());
    }
}
