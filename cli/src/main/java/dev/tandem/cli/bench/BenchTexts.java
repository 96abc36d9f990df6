package dev.tandem.cli.bench;

import java.util.Random;

/** Deterministic prose-like texts for the benchmarks: words, punctuation, a few non-ASCII letters and emoji, lines. */
final class BenchTexts {

    private static final String[] WORDS = {"the", "quick", "brown", "fox", "jumps", "over", "lazy", "dog", "a", "sync",
            "shadow", "delta", "patch", "text", "edit", "café", "naïve", "😀", "and", "of", "to", "in", "is", "it"};

    private BenchTexts() {}

    /** About {@code length} chars of prose from {@code seed}, with a line break every 60 chars or so. */
    static String prose(long seed, int length) {
        Random random = new Random(seed);
        StringBuilder sb = new StringBuilder(length + 16);
        int lineLength = 0;
        while (sb.length() < length) {
            String w = WORDS[random.nextInt(WORDS.length)];
            sb.append(w);
            lineLength += w.length();
            if (random.nextInt(10) == 0) sb.append(random.nextBoolean() ? '.' : ',');
            if (lineLength > 60) {
                sb.append('\n');
                lineLength = 0;
            } else {
                sb.append(' ');
                lineLength++;
            }
        }
        return sb.toString();
    }

    /** {@code text} with the letter at or after {@code near} replaced by another letter (a typo inside a word). */
    static String oneLetterChanged(String text, int near) {
        int at = near;
        while (!Character.isLetter(text.charAt(at))) at++;
        char replacement = text.charAt(at) == 'x' ? 'y' : 'x';
        return text.substring(0, at) + replacement + text.substring(at + 1);
    }
}
