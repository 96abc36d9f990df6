package dev.tandem.engine.text;

/**
 * An exact delta met a base it was not made for (wrong length or checksum), or its ops do not fit the base.
 * The text it was applied to is left as it was.
 */
public final class DeltaMismatchException extends Exception {
    private static final long serialVersionUID = 1L;

    public DeltaMismatchException(String message) {
        super(message);
    }
}
