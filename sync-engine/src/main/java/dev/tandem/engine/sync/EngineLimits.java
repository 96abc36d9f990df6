package dev.tandem.engine.sync;

/**
 * The engine's limits, each named, checked and reported as an error when reached: nothing is ever truncated.
 *
 * @param maxDocumentChars  the longest a document text may grow (chars)
 * @param maxEditsPerMessage the most edits one message may carry before the link asks for a reset instead
 */
public record EngineLimits(int maxDocumentChars, int maxEditsPerMessage) {

    public static final int DEFAULT_MAX_DOCUMENT_CHARS = 16 * 1024 * 1024;
    public static final int DEFAULT_MAX_EDITS_PER_MESSAGE = 100_000;
    public static final EngineLimits DEFAULTS = new EngineLimits(DEFAULT_MAX_DOCUMENT_CHARS, DEFAULT_MAX_EDITS_PER_MESSAGE);

    public EngineLimits {
        if (maxDocumentChars <= 0) throw new IllegalArgumentException("maxDocumentChars must be positive: " + maxDocumentChars);
        if (maxEditsPerMessage <= 0) throw new IllegalArgumentException("maxEditsPerMessage must be positive: " + maxEditsPerMessage);
    }
}
