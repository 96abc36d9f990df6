package dev.tandem.cli.lab;

/**
 * The lab's document is a row of paragraphs, separated by {@link #SEPARATOR}, whose pilcrow the random typist never
 * types and never deletes (every edit stays inside one paragraph). So "paragraph k" names the same stretch of text on
 * every replica for as long as no strategy garbles a separator, which is what a paragraph lock needs; where one does
 * (event passing replays deletes at stale positions), {@link #bounds} clamps to the paragraphs that are left.
 */
final class Paragraphs {

    static final String SEPARATOR = "\n\u00B6\n"; // "\n¶\n"
    /** Paragraphs in the starting document. */
    static final int COUNT = 8;

    private Paragraphs() {}

    /** The document every replica starts from: {@link #COUNT} short paragraphs. */
    static String initialText() {
        StringBuilder sb = new StringBuilder();
        for (int k = 0; k < COUNT; k++) {
            if (k > 0) sb.append(SEPARATOR);
            sb.append("Paragraph ").append(k + 1).append(": the team drafts this part together, ")
                    .append("and every replica starts from the same words.");
        }
        return sb.toString();
    }

    /** {@code [start, end)} of paragraph {@code k} of {@code text}, or of its last paragraph if it has fewer. */
    static Range bounds(String text, int k) {
        int start = 0;
        for (int i = 0; i < k; i++) {
            int sep = text.indexOf(SEPARATOR, start);
            if (sep < 0) break;
            start = sep + SEPARATOR.length();
        }
        int end = text.indexOf(SEPARATOR, start);
        return new Range(start, end < 0 ? text.length() : end);
    }

    /** A stretch of text; {@code end} exclusive. */
    record Range(int start, int end) {
        Range {
            if (start < 0 || end < start) throw new IllegalArgumentException("bad range " + start + ".." + end);
        }
    }
}
