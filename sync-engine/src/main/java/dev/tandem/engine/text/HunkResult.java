package dev.tandem.engine.text;

import java.util.Objects;

/**
 * The fate of one hunk. Positions are in the text as it was when this hunk's turn came (earlier hunks applied).
 *
 * @param hunk     the hunk, with its text, context and the position it was made at
 * @param status   what happened to it
 * @param expected where it was aimed: its position in the edited text, moved by the drift of earlier hunks
 * @param landed   where the text it replaced began, or -1 when rejected
 * @param matched  the text it found and replaced ("" when rejected); equals {@code hunk.before()} unless FUZZY
 * @param produced the text it wrote in place of {@code matched} ("" when rejected)
 * @param reason   why it was rejected, in plain words; null when applied
 */
public record HunkResult(Hunk hunk, HunkStatus status, int expected, int landed, String matched, String produced,
                         String reason) {

    public HunkResult {
        Objects.requireNonNull(hunk, "hunk");
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(matched, "matched");
        Objects.requireNonNull(produced, "produced");
        if (status == HunkStatus.REJECTED) {
            if (landed != -1 || reason == null || reason.isBlank() || !matched.isEmpty() || !produced.isEmpty()) {
                throw new IllegalArgumentException("a rejected hunk has landed -1, a reason, and changed nothing");
            }
        } else {
            if (landed < 0 || reason != null) {
                throw new IllegalArgumentException("an applied hunk has a landing position and no reason");
            }
        }
    }

    static HunkResult applied(Hunk hunk, HunkStatus status, int expected, int landed, String matched, String produced) {
        return new HunkResult(hunk, status, expected, landed, matched, produced, null);
    }

    static HunkResult rejected(Hunk hunk, int expected, String reason) {
        return new HunkResult(hunk, HunkStatus.REJECTED, expected, -1, "", "", reason);
    }

    public boolean isApplied() {
        return status.applied();
    }
}
