package dev.tandem.relay;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class NamesTest {

    @ParameterizedTest
    @ValueSource(strings = {"notes", "notes/plan", "a.b_c-d", "1/2/3/4", "..a", "v1.0"})
    void valid_document_names(String name) {
        assertTrue(Names.isDocName(name), name);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "/", "a/", "/a", "a//b", ".", "..", "../alpha/plan", "a/../b", "1/2/3/4/5", "with space",
            "ünïcode", "a\\b", "a\u0000b"})
    void invalid_document_names(String name) {
        assertFalse(Names.isDocName(name), name);
    }

    @ParameterizedTest
    @ValueSource(ints = {128, 129})
    void a_part_is_at_most_128_characters(int length) {
        assertTrue(Names.isDocName("x".repeat(length)) == (length <= 128));
    }
}
