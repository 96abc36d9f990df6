package dev.tandem.relay;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TokenStoreTest {

    @TempDir Path dir;

    @Test
    void a_created_token_grants_its_workspace_and_read_only_flag() throws Exception {
        try (TokenStore t = TokenStore.open(dir)) {
            String rw = t.create("alpha", false);
            String ro = t.create("beta", true);
            assertEquals(Optional.of(new TokenStore.Grant(1, "alpha", false)), t.authenticate(rw));
            assertEquals(Optional.of(new TokenStore.Grant(2, "beta", true)), t.authenticate(ro));
        }
    }

    @Test
    void tokens_survive_reopening_and_only_their_hash_is_stored() throws Exception {
        String token;
        try (TokenStore t = TokenStore.open(dir)) {
            token = t.create("alpha", false);
        }
        String secret = token.substring(token.indexOf('_', "tdm_".length()) + 1); // the secret itself may contain '_'
        assertEquals(43, secret.length());
        String file = new String(Files.readAllBytes(dir.resolve("tokens.db")), StandardCharsets.ISO_8859_1);
        assertFalse(file.contains(secret), "the secret is not in the file");
        try (TokenStore t = TokenStore.open(dir)) {
            assertTrue(t.authenticate(token).isPresent());
        }
    }

    @Test
    void wrong_malformed_and_foreign_tokens_are_refused() throws Exception {
        try (TokenStore t = TokenStore.open(dir)) {
            String token = t.create("alpha", false);
            String wrongSecret = token.substring(0, token.length() - 2) + (token.endsWith("AA") ? "BB" : "AA");
            for (String bad : List.of(wrongSecret, "", "tdm_", "tdm_x_y", "tdm_99_" + token.substring(6), "Bearer " + token, "tdm_1")) {
                assertEquals(Optional.empty(), t.authenticate(bad), bad);
            }
            assertEquals(Optional.empty(), t.authenticate(null));
        }
    }

    @Test
    void a_revoked_token_is_refused_and_listed_as_revoked() throws Exception {
        try (TokenStore t = TokenStore.open(dir)) {
            String token = t.create("alpha", true);
            assertTrue(t.revoke(1));
            assertFalse(t.revoke(1), "already revoked");
            assertFalse(t.revoke(42), "no such token");
            assertEquals(Optional.empty(), t.authenticate(token));
            TokenStore.Info info = t.list().get(0);
            assertEquals("alpha", info.workspace());
            assertTrue(info.readOnly());
            assertTrue(info.revoked().isPresent());
            assertFalse(info.toString().contains(token.substring(6)), "list never shows the token");
        }
    }

    @Test
    void an_invalid_workspace_name_is_refused() throws Exception {
        try (TokenStore t = TokenStore.open(dir)) {
            for (String bad : List.of("", "a/b", "..", "with space", "x".repeat(129))) {
                assertThrows(IllegalArgumentException.class, () -> t.create(bad, false), bad);
            }
        }
    }
}
