package dev.tandem.engine.text;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Arbitraries;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

/**
 * The checksum travels on the wire ({@code bc}/{@code rc}), so its value is part of the protocol: it must equal the
 * definition in {@link TextChecksum}'s documentation, computed here the slow, obvious way.
 */
class TextChecksumDefinitionTest {

    @Property(tries = 200)
    void the_checksum_is_the_documented_sum_over_windows(@ForAll("texts") String text) {
        assertEquals(byDefinition(text), TextChecksum.of(text));
    }

    @Test
    void a_text_longer_than_one_scratch_block_has_the_documented_checksum() {
        StringBuilder sb = new StringBuilder();
        java.util.Random random = new java.util.Random(7);
        while (sb.length() < 20_000) sb.append((char) ('a' + random.nextInt(26)));
        assertEquals(byDefinition(sb.toString()), TextChecksum.of(sb));
        assertEquals(byDefinition(sb.toString()), TextChecksum.of(sb.toString()));
    }

    @Test
    void a_character_moved_within_a_window_changes_the_checksum() {
        assertNotEquals(TextChecksum.of("the cat sat on the mat"), TextChecksum.of("the cat sat on teh mat"));
    }

    @Provide
    Arbitrary<String> texts() {
        return new TextDiffPropertiesTest().texts();
    }

    private static long byDefinition(String text) {
        final int w = TextChecksum.WINDOW;
        final long base = 0x100000001B3L;
        long sum = mix(0x9E3779B97F4A7C15L ^ text.length());
        for (int start = -w + 1; start < text.length(); start++) {
            long h = 0;
            for (int j = 0; j < w; j++) {
                int i = start + j;
                h = h * base + ((i < 0 || i >= text.length()) ? 0x1_0000 : text.charAt(i));
            }
            sum += mix(h);
        }
        return sum;
    }

    private static long mix(long z) {
        z ^= z >>> 33;
        z *= 0xFF51AFD7ED558CCDL;
        z ^= z >>> 33;
        z *= 0xC4CEB9FE1A85EC53L;
        z ^= z >>> 33;
        return z;
    }
}
