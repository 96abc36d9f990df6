package dev.tandem.engine.protocol;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** A frame's UTF-8 size, taken without encoding it (the relay's {@code bytes_out}, the replay's wire bytes). */
class WireSizeTest {

    @Test
    void a_frames_utf8_length_is_what_encoding_it_gives() {
        Random random = new Random(8); // any seed: every string it draws must agree
        for (int i = 0; i < 5_000; i++) {
            char[] chars = new char[random.nextInt(40)];
            for (int j = 0; j < chars.length; j++) {
                int kind = random.nextInt(5); // ASCII, 2-byte, 3-byte, surrogates (paired or not)
                chars[j] = (char) switch (kind) {
                    case 0 -> random.nextInt(0x80);
                    case 1 -> 0x80 + random.nextInt(0x780);
                    case 2 -> 0x800 + random.nextInt(0xD000 - 0x800);
                    case 3 -> 0xD800 + random.nextInt(0x400);
                    default -> 0xDC00 + random.nextInt(0x400);
                };
            }
            String text = new String(chars);
            assertEquals(text.getBytes(StandardCharsets.UTF_8).length, WireSize.utf8Length(text), "draw " + i);
        }
    }

    @Test
    void pairs_count_four_bytes_and_a_lone_surrogate_one() {
        assertEquals(4, WireSize.utf8Length("😀"));
        assertEquals(1 + 2 + 3 + 4, WireSize.utf8Length("aé中😀"));
        assertEquals(1, WireSize.utf8Length("\uD83D")); // encoded as '?'
        assertEquals(2, WireSize.utf8Length("\uDE00x"));
    }
}
