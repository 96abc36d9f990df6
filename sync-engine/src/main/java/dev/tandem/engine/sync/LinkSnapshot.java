package dev.tandem.engine.sync;

import java.util.List;
import java.util.Objects;

/**
 * The persisted state of one side of one link (a client's link to the hub, or one client view on the hub).
 *
 * @param linkId     on a client: the hub's name ("hub"); on the hub: the client's id
 * @param epoch      the link's incarnation; a reset starts a new one and messages of other epochs are ignored
 * @param shadow     the text as the other side last confirmed it (plus my edits since)
 * @param mine       versions of my edits made on this link so far (the next one gets this number)
 * @param theirs     versions of the other side's edits applied so far (my acknowledgement)
 * @param backupMine {@code mine} at the last receive: the backup shadow is the shadow with my stack entries from
 *                   this version on undone
 * @param stack      my edits not yet acknowledged, oldest first
 * @param theirsResult the result checksum of the other side's edit I applied last (version {@code theirs - 1}), or
 *                   null if unknown (none applied since the link started, or a store written before it was kept): an
 *                   edit that comes again under that version with another result is not a duplicate but a sign that
 *                   the other side's store went back in time
 */
public record LinkSnapshot(String linkId, long epoch, String shadow, long mine, long theirs, long backupMine,
                           List<StackEntry> stack, Long theirsResult) {
    public LinkSnapshot {
        Objects.requireNonNull(linkId, "linkId");
        Objects.requireNonNull(shadow, "shadow");
        stack = List.copyOf(stack);
        if (backupMine > mine) throw new IllegalArgumentException("backup ahead of shadow");
    }

    /** A link state without a known last result (see {@link #theirsResult}). */
    public LinkSnapshot(String linkId, long epoch, String shadow, long mine, long theirs, long backupMine,
                        List<StackEntry> stack) {
        this(linkId, epoch, shadow, mine, theirs, backupMine, stack, null);
    }
}
