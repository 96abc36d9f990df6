package dev.tandem.engine.sync;

import java.util.Objects;

/** A change made to a document text: {@code deleted} chars at {@code pos} replaced by {@code inserted}. */
public record TextSplice(int pos, int deleted, String inserted) {
    public TextSplice {
        Objects.requireNonNull(inserted, "inserted");
        if (pos < 0 || deleted < 0) throw new IllegalArgumentException("bad splice " + pos + "+" + deleted);
    }
}
