package dev.tandem.engine.meta;

import org.junit.jupiter.api.Test;

import java.util.HashSet;
import java.util.Random;
import java.util.Set;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class DocIdsTest {

    @Test
    void an_id_is_a_version_7_uuid_carrying_its_creation_time() {
        String id = DocIds.newId(1_732_619_000_123L);
        UUID u = UUID.fromString(id);
        assertEquals(7, u.version());
        assertEquals(2, u.variant());
        assertEquals(1_732_619_000_123L, u.getMostSignificantBits() >>> 16);
        assertTrue(DocIds.isUuidV7(id));
        assertFalse(DocIds.isUuidV7(UUID.randomUUID().toString()), "a version-4 UUID is not one");
    }

    @Test
    void ids_made_in_the_same_millisecond_differ_and_later_ones_sort_after() {
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < 10_000; i++) assertTrue(seen.add(DocIds.newId(5_000)));
        assertTrue(DocIds.newId(5_001).compareTo(DocIds.newId(5_000)) > 0);
    }

    @Test
    void a_seeded_source_gives_the_same_ids() {
        assertEquals(DocIds.newId(7, new Random(3)), DocIds.newId(7, new Random(3)));
    }
}
