package dev.tandem.client;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tandem.relay.Relay;
import dev.tandem.relay.RelayConfig;
import dev.tandem.relay.TokenStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static dev.tandem.client.DocCommandIT.run;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code ./tandem doc create|rename|delete|restore|list} offline and against a real relay, in-process. */
class DocMetaCommandIT {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir Path dir;

    private static List<JsonNode> lines(DocCommandIT.Run r) throws Exception {
        List<JsonNode> out = new ArrayList<>();
        for (String l : r.out().strip().split("\n")) if (!l.isBlank()) out.add(JSON.readTree(l));
        return out;
    }

    @Test
    void offline_changes_wait_in_the_change_log_and_list_shows_every_field_with_its_stamp() throws Exception {
        String a = dir.resolve("a").toString();
        DocCommandIT.Run created = run("doc", "create", "--store", a, "--doc", "Plan");
        assertEquals(0, created.exit(), created.err());
        JsonNode doc = lines(created).get(0);
        String id = doc.get("doc").asText();
        assertTrue(dev.tandem.engine.meta.DocIds.isUuidV7(id), id);
        assertEquals(0, run("doc", "rename", "--store", a, "--doc", "Plan", "--title", "Plan B").exit());

        DocCommandIT.Run list = run("doc", "list", "--store", a);
        JsonNode d = lines(list).get(0);
        assertEquals(id, d.get("doc").asText());
        assertEquals("Plan B", d.get("title").asText());
        assertFalse(d.get("deleted").asBoolean());
        assertEquals(0, d.get("tags").size());
        assertFalse(d.get("pinned").asBoolean());
        assertEquals("", d.get("folder").asText());
        assertTrue(d.get("created").asLong() > 0);
        for (String f : List.of("title", "deleted", "created")) {
            assertTrue(d.get("stamps").get(f).asText().matches("\\d+:\\d+:c[0-9a-f]{20}"), d.toString());
        }
        assertFalse(d.get("synced").asBoolean(), "no relay yet: the changes wait in the change log");
    }

    @Test
    void with_a_relay_changes_sync_to_another_store_and_names_resolve_by_title_or_id() throws Exception {
        RelayConfig config = RelayConfig.defaults(dir.resolve("relay"));
        String token;
        try (TokenStore t = TokenStore.open(config.dataDir())) {
            token = t.create("team", false);
        }
        String a = dir.resolve("a").toString();
        String b = dir.resolve("b").toString();
        String offlineId = lines(run("doc", "create", "--store", a, "--doc", "Written offline")).get(0).get("doc").asText();
        try (Relay relay = Relay.start(config)) {
            String[] server = {"--server", relay.url(), "--token", token};
            DocCommandIT.Run created = run(cat(new String[] {"doc", "create", "--store", a, "--doc", "Notes"}, server));
            assertEquals(0, created.exit(), created.err());
            assertTrue(lines(created).get(0).get("synced").asBoolean());

            DocCommandIT.Run listB = run(cat(new String[] {"doc", "list", "--store", b}, server));
            assertEquals(List.of("Notes", "Written offline"), lines(listB).stream().map(n -> n.get("title").asText()).toList(),
                    "the change made offline went with the next sync");
            assertTrue(lines(listB).stream().anyMatch(n -> n.get("doc").asText().equals(offlineId)));

            assertEquals(0, run(cat(new String[] {"doc", "rename", "--store", b, "--doc", "Notes", "--title", "Notes (b)"}, server)).exit());
            assertEquals(0, run(cat(new String[] {"doc", "delete", "--store", b, "--doc", offlineId}, server)).exit());
            List<JsonNode> onA = lines(run(cat(new String[] {"doc", "list", "--store", a}, server)));
            assertEquals("Notes (b)", onA.get(0).get("title").asText());
            assertTrue(onA.get(1).get("deleted").asBoolean());

            // The same title created on another store: --doc by that title is now ambiguous, and says which ids.
            run(cat(new String[] {"doc", "create", "--store", b, "--doc", "Notes (b)"}, server));
            DocCommandIT.Run ambiguous = run(cat(new String[] {"doc", "rename", "--store", a, "--doc", "Notes (b)", "--title", "x"}, server));
            assertEquals(2, ambiguous.exit());
            assertTrue(ambiguous.err().contains("2 documents are titled \"Notes (b)\"; name one by its id"), ambiguous.err());

            DocCommandIT.Run restored = run(cat(new String[] {"doc", "restore", "--store", a, "--doc", "Written offline"}, server));
            assertEquals(0, restored.exit(), restored.err());
            assertFalse(lines(restored).get(0).get("deleted").asBoolean());
        }
    }

    @Test
    void an_unknown_document_or_a_blank_title_is_a_usage_error_in_one_line() {
        String a = dir.resolve("a").toString();
        DocCommandIT.Run unknown = run("doc", "delete", "--store", a, "--doc", "nothing");
        assertEquals(2, unknown.exit());
        assertTrue(unknown.err().startsWith("tandem doc delete: no document with the id or title \"nothing\""), unknown.err());
        DocCommandIT.Run blank = run("doc", "create", "--store", a, "--doc", "  ");
        assertEquals(2, blank.exit());
        assertTrue(blank.err().contains("a title must not be blank"), blank.err());
    }

    @Test
    void print_and_append_find_a_document_by_its_title() throws Exception {
        String a = dir.resolve("a").toString();
        String id = lines(run("doc", "create", "--store", a, "--doc", "Diary")).get(0).get("doc").asText();
        assertEquals(0, run("doc", "append", "--store", a, "--doc", "Diary", "--text", "dear diary").exit());
        assertEquals("dear diary\n", run("doc", "print", "--store", a, "--doc", id).out());
    }

    private static String[] cat(String[] a, String[] b) {
        String[] out = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }
}
