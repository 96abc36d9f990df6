package dev.tandem.engine.protocol;

/**
 * The size of a message on the wire, counted without encoding it: a transport's byte metric and the replay's wire
 * figures would otherwise encode every frame a second time just to measure it.
 *
 * <p>Concurrency: stateless.
 */
public final class WireSize {

    private WireSize() {}

    /**
     * The length of {@code s} in UTF-8 as {@code s.toString().getBytes(UTF_8).length} gives it (a lone surrogate
     * becomes '?', one byte).
     */
    public static int utf8Length(CharSequence s) {
        int n = s.length();
        int bytes = n;
        for (int i = 0; i < n; i++) {
            char c = s.charAt(i);
            if (c < 0x80) continue;
            if (c < 0x800) bytes += 1;
            else if (Character.isHighSurrogate(c) && i + 1 < n && Character.isLowSurrogate(s.charAt(i + 1))) {
                bytes += 2; // 4 bytes for the pair's 2 chars
                i++;
            } else if (!Character.isSurrogate(c)) {
                bytes += 2; // a lone surrogate is encoded as '?', the one byte already counted
            }
        }
        return bytes;
    }
}
