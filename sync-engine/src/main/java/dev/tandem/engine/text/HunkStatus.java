package dev.tandem.engine.text;

/** What became of one hunk of a patch. */
public enum HunkStatus {
    /** Its text was found unchanged exactly where it was aimed. */
    EXACT,
    /** Its text was found unchanged, elsewhere within the match distance. */
    OFFSET,
    /** Similar text was found (within the thresholds) and the hunk's edits were mapped onto it. */
    FUZZY,
    /** Not applied; the text was left untouched. The hunk carries what is needed to re-apply it. */
    REJECTED;

    public boolean applied() {
        return this != REJECTED;
    }
}
