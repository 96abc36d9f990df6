package dev.tandem.relay;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

class RelayEndpointTest {

    @Test
    void the_token_comes_from_the_bearer_header_first_then_the_query() {
        assertEquals("t1", RelayEndpoint.tokenOf(Map.of("authorization", List.of("Bearer t1")), Map.of("token", List.of("t2"))));
        assertEquals("t1", RelayEndpoint.tokenOf(Map.of("Authorization", List.of("bearer  t1 ")), Map.of()));
        assertEquals("t2", RelayEndpoint.tokenOf(Map.of("Authorization", List.of("Basic xyz")), Map.of("token", List.of("t2"))));
        assertNull(RelayEndpoint.tokenOf(Map.of(), Map.of()));
    }
}
