package dev.tandem.engine.text;

import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A text cut into units for Myers: code points, lines, or words. Each unit is an interned {@link Integer} id (equal
 * units share one instance, so java-diff-utils compares ids and never strings) and knows where it starts in the text.
 * No unit ever starts or ends inside a surrogate pair.
 */
final class Tokens {

    private final List<Integer> ids;
    /** {@code starts[i]} is the offset of unit {@code i}; {@code starts[size()]} is the text's length. */
    private final int[] starts;

    private Tokens(List<Integer> ids, int[] starts) {
        this.ids = ids;
        this.starts = starts;
    }

    /** The units' ids, in order (read-only use). */
    List<Integer> ids() {
        return ids;
    }

    /** Offset in the text where unit {@code i} starts ({@code i == size()} gives the text's length). */
    int start(int i) {
        return starts[i];
    }

    int size() {
        return ids.size();
    }

    /** One unit per code point; its id is the code point. */
    static Tokens codePoints(String text) {
        int n = text.codePointCount(0, text.length());
        Integer[] ids = new Integer[n];
        int[] starts = new int[n + 1];
        int pos = 0;
        for (int i = 0; i < n; i++) {
            int cp = text.codePointAt(pos);
            ids[i] = cp;
            starts[i] = pos;
            pos += Character.charCount(cp);
        }
        starts[n] = pos;
        return new Tokens(Arrays.asList(ids), starts);
    }

    /**
     * Cuts texts into shared vocabularies of lines or words. One interner is used for both sides of a diff, so that
     * the same line or word gets the same id on both.
     */
    static final class Interner {
        private final Map<String, Integer> ids = new HashMap<>();

        /** One unit per line, the line break included (the last line may have none). */
        Tokens lines(String text) {
            Builder b = new Builder(text);
            int pos = 0;
            while (pos < text.length()) {
                int nl = text.indexOf('\n', pos);
                int end = nl < 0 ? text.length() : nl + 1;
                b.add(pos, end);
                pos = end;
            }
            return b.build();
        }

        /**
         * One unit per run of non-whitespace and per run of whitespace: what a reader sees as one token ("3.14",
         * "foo-bar", "https://x.org/a"), kept whole where {@link #words} would cut it at each punctuation mark.
         */
        Tokens runs(String text) {
            Builder b = new Builder(text);
            int pos = 0;
            while (pos < text.length()) {
                boolean space = Character.isWhitespace(text.charAt(pos));
                int end = pos + 1;
                while (end < text.length() && Character.isWhitespace(text.charAt(end)) == space) end++;
                b.add(pos, end);
                pos = end;
            }
            return b.build();
        }

        /** One unit per run of word characters, per run of whitespace, and per other code point. */
        Tokens words(String text) {
            Builder b = new Builder(text);
            int pos = 0;
            while (pos < text.length()) {
                int cp = text.codePointAt(pos);
                int end = pos + Character.charCount(cp);
                if (TextBoundaries.isWordCodePoint(cp)) {
                    while (end < text.length() && TextBoundaries.isWordCodePoint(text.codePointAt(end))) {
                        end += Character.charCount(text.codePointAt(end));
                    }
                } else if (Character.isWhitespace(cp)) {
                    while (end < text.length() && Character.isWhitespace(text.charAt(end))) end++;
                }
                b.add(pos, end);
                pos = end;
            }
            return b.build();
        }

        private final class Builder {
            private final String text;
            private Integer[] ids = new Integer[16];
            private int[] starts = new int[17];
            private int size;

            Builder(String text) {
                this.text = text;
            }

            void add(int start, int end) {
                if (size == ids.length) {
                    ids = Arrays.copyOf(ids, size * 2);
                    starts = Arrays.copyOf(starts, size * 2 + 1);
                }
                ids[size] = Interner.this.ids.computeIfAbsent(text.substring(start, end), k -> Interner.this.ids.size());
                starts[size] = start;
                size++;
            }

            Tokens build() {
                starts[size] = text.length();
                return new Tokens(Arrays.asList(Arrays.copyOf(ids, size)), starts);
            }
        }
    }
}
