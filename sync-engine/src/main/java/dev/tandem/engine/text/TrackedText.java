package dev.tandem.engine.text;

/**
 * A mutable text that keeps its {@link TextChecksum} up to date under splices, in O(splice) each.
 *
 * <p>Concurrency: not thread-safe. A TrackedText belongs to the single owner of its document state
 * (a client's document actor, a hub's per-document executor) and is never shared.
 */
public final class TrackedText implements CharSequence {

    /** Told of every splice after it happened (a store's journal, for instance). */
    @FunctionalInterface
    public interface SpliceListener {
        void spliced(int pos, int deleted, String inserted);
    }

    private final StringBuilder text;
    /** Whether the checksum is kept: shadows need it, document texts do not (speedup). */
    private final boolean checksummed;
    private long checksum;
    private SpliceListener listener = (p, d, i) -> { };

    public TrackedText(CharSequence initial) {
        this(initial, true);
    }

    /** A text that keeps its checksum only if {@code checksummed}; {@link #checksum()} fails otherwise. */
    public TrackedText(CharSequence initial, boolean checksummed) {
        this.text = new StringBuilder(initial);
        this.checksummed = checksummed;
        this.checksum = checksummed ? TextChecksum.of(initial) : 0L;
    }

    public TrackedText(TrackedText other) {
        this.text = new StringBuilder(other.text);
        this.checksummed = other.checksummed;
        this.checksum = other.checksum;
    }

    /** Replaces {@code deleted} chars at {@code pos} by {@code inserted}. */
    public void splice(int pos, int deleted, CharSequence inserted) {
        if (pos < 0 || deleted < 0 || pos + deleted > text.length()) {
            throw new IndexOutOfBoundsException("splice " + pos + "+" + deleted + " outside 0.." + text.length());
        }
        if (deleted == 0 && inserted.length() == 0) return;
        if (!checksummed) {
            text.replace(pos, pos + deleted, inserted.toString());
            listener.spliced(pos, deleted, inserted.toString());
            return;
        }
        int w = TextChecksum.WINDOW;
        long sum = checksum - TextChecksum.lengthTerm(text.length())
                - TextChecksum.windows(text, pos - w + 1, pos + deleted);
        text.replace(pos, pos + deleted, inserted.toString());
        sum += TextChecksum.lengthTerm(text.length()) + TextChecksum.windows(text, pos - w + 1, pos + inserted.length());
        checksum = sum;
        listener.spliced(pos, deleted, inserted.toString());
    }

    /** Sets the listener told of every later splice (one at a time; replaces the previous one). */
    public void setSpliceListener(SpliceListener listener) {
        this.listener = java.util.Objects.requireNonNull(listener, "listener");
    }

    /** Replaces the whole content (O(length)), as one splice. */
    public void setAll(CharSequence content) {
        int old = text.length();
        text.setLength(0);
        text.append(content);
        checksum = checksummed ? TextChecksum.of(content) : 0L;
        listener.spliced(0, old, content.toString());
    }

    public long checksum() {
        if (!checksummed) throw new IllegalStateException("this text keeps no checksum");
        return checksum;
    }


    @Override public int length() { return text.length(); }
    @Override public char charAt(int index) { return text.charAt(index); }
    @Override public CharSequence subSequence(int start, int end) { return text.subSequence(start, end); }
    public String substring(int start, int end) { return text.substring(start, end); }
    @Override public String toString() { return text.toString(); }
}
