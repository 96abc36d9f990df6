package dev.tandem.cli.lab;

/**
 * One user action as event passing sends it: "at {@code pos}, {@code deleted} chars were replaced by
 * {@code inserted}", positioned on the author's replica at the time, and replayed as it is everywhere else.
 */
record EditEvent(int author, int pos, int deleted, String inserted) {

    EditEvent {
        if (pos < 0 || deleted < 0) throw new IllegalArgumentException("bad event " + pos + "+" + deleted);
    }

    /**
     * {@code text} with this event replayed as it came — no transformation, only clamped to the text and to code point
     * boundaries so that a stale event still makes a string.
     */
    String replayOn(String text) {
        int start = boundary(text, Math.min(pos, text.length()));
        int end = boundary(text, Math.min(text.length(), start + deleted));
        return text.substring(0, start) + inserted + text.substring(end);
    }

    private static int boundary(String s, int i) {
        if (i > 0 && i < s.length() && Character.isLowSurrogate(s.charAt(i)) && Character.isHighSurrogate(s.charAt(i - 1))) return i - 1;
        return i;
    }
}
