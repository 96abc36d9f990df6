package dev.tandem.engine.text;

/**
 * Where a text may be cut: the surrogate-pair rules every diff run obeys, the surrogate-safe common prefix and suffix,
 * and what counts as a word character for the semantic passes.
 */
final class TextBoundaries {

    private TextBoundaries() {}

    /** True when cutting {@code text} before index {@code i} would separate a high surrogate from its low surrogate. */
    static boolean splitsPair(CharSequence text, int i) {
        return i > 0 && i < text.length()
                && Character.isHighSurrogate(text.charAt(i - 1)) && Character.isLowSurrogate(text.charAt(i));
    }

    /** True when joining a text ending in {@code before} to one starting with {@code after} would form a pair. */
    static boolean formsPair(char before, char after) {
        return Character.isHighSurrogate(before) && Character.isLowSurrogate(after);
    }

    /**
     * Length of the common prefix of {@code a} and {@code b}, backed off by one when it would end between a high and a
     * low surrogate. A plain loop over the chars: no copies, whatever the lengths. (Typed {@code String}, not
     * {@code CharSequence}, so that the loop over a 1 MB text compiles to direct array reads.)
     */
    static int commonPrefix(String a, String b) {
        int n = Math.min(a.length(), b.length());
        int i = 0;
        while (i < n && a.charAt(i) == b.charAt(i)) i++;
        if (i > 0 && Character.isHighSurrogate(a.charAt(i - 1))) i--;
        return i;
    }

    /**
     * Length of the common suffix of {@code a} and {@code b} that does not overlap their first {@code prefix} chars,
     * backed off by one when it would start on a low surrogate.
     */
    static int commonSuffix(String a, String b, int prefix) {
        int la = a.length();
        int lb = b.length();
        int n = Math.min(la, lb) - prefix;
        int i = 0;
        while (i < n && a.charAt(la - 1 - i) == b.charAt(lb - 1 - i)) i++;
        if (i > 0 && Character.isLowSurrogate(a.charAt(la - i))) i--;
        return i;
    }

    /**
     * A character that belongs to a word: letters, digits, the underscore and combining marks. Ideographs are left out
     * on purpose: scripts written without spaces would otherwise make a whole sentence one "word".
     */
    static boolean isWordCodePoint(int cp) {
        if (Character.isIdeographic(cp)) return false;
        if (Character.isLetterOrDigit(cp) || cp == '_') return true;
        int type = Character.getType(cp);
        return type == Character.NON_SPACING_MARK || type == Character.COMBINING_SPACING_MARK
                || type == Character.ENCLOSING_MARK;
    }
}
