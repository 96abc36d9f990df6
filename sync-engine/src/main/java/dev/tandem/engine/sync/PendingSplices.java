package dev.tandem.engine.sync;


import java.util.ArrayList;
import java.util.List;

/**
 * The pending splices of a link — the text's own changes since it last equalled the shadow, which applied to the
 * shadow in order give the text — carried over a change made to both alike.
 *
 * <p>Why: a link whose pending splices are known makes its next edit from them (the delta comes from the edit) instead
 * of diffing the regions where text and shadow differ. On a hub every incoming edit of a view's own client used to
 * drop them, so with many writers each reply diffed many regions (Myers was half of a busy relay's time).
 */
final class PendingSplices {

    private PendingSplices() {}

    /**
     * {@code splices} (shadow to text) after the shadow's {@code [at, at + deleted)} and the text's
     * {@code [textAt, textAt + deleted)} — the same chars, untouched by the splices — were both replaced by the same
     * {@code inserted} chars; null if that cannot be said exactly (a splice touches those chars, or inserts at the
     * same point as the change, where the order of the two is unknown) or if {@code splices} is null.
     */
    static List<TextSplice> over(List<TextSplice> splices, int at, int deleted, int inserted, int textAt) {
        if (splices == null) return null;
        List<TextSplice> out = new ArrayList<>(splices.size() + 1);
        int p = at; // the change's position in the text as each splice found it
        int net = inserted - deleted;
        for (TextSplice s : splices) {
            int pos = s.pos();
            int end = pos + s.deleted();
            if (deleted == 0 && pos == p) return null;          // two insertions at one point
            if (end <= p) {                                       // before the change
                out.add(s);
                p += s.inserted().length() - s.deleted();
            } else if (pos >= p + deleted) {                      // after it
                out.add(net == 0 ? s : new TextSplice(pos + net, s.deleted(), s.inserted()));
            } else {
                return null;                                      // it touched the changed chars
            }
        }
        return p == textAt ? out : null;
    }
}
