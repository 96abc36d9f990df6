package dev.tandem.engine.sync;

import java.util.Objects;

/**
 * One state change of a document, as the engine reports it to its store. Applying a document's entries in order to
 * its last {@link DocumentSnapshot} gives its current state; every entry is O(size of the change), never a whole text
 * (except {@link LinkReset}, which is rare). See docs/decisions/0004-engine-state-and-store.md.
 */
public sealed interface JournalEntry {

    /** A splice of the document text ({@code linkId == null}) or of a link's shadow. */
    record Splice(String linkId, int pos, int deleted, String inserted) implements JournalEntry {
        public Splice {
            Objects.requireNonNull(inserted, "inserted");
            if (pos < 0 || deleted < 0) throw new IllegalArgumentException("bad splice " + pos + "+" + deleted);
        }
    }

    /** A link's counters changed. */
    record Versions(String linkId, long mine, long theirs, long backupMine) implements JournalEntry {
        public Versions { Objects.requireNonNull(linkId, "linkId"); }
    }

    /**
     * The other side's edits applied on a link now end with one whose result checksum is {@code resultChecksum} (see
     * {@link LinkSnapshot#theirsResult()}).
     */
    record TheirsApplied(String linkId, long resultChecksum) implements JournalEntry {
        public TheirsApplied { Objects.requireNonNull(linkId, "linkId"); }
    }

    /** An edit of mine was pushed on a link's stack. */
    record StackPush(String linkId, StackEntry entry) implements JournalEntry {
        public StackPush {
            Objects.requireNonNull(linkId, "linkId");
            Objects.requireNonNull(entry, "entry");
        }
    }

    /**
     * An edit of mine was made: its delta moved the link's shadow (from the delta's base to its result), and it was
     * pushed on the stack. One entry for what {@link Splice}s of the shadow and a {@link StackPush} said twice: the
     * delta's ops are the splices. Replay applies the ops to the shadow, then pushes the entry.
     */
    record EditMade(String linkId, StackEntry entry) implements JournalEntry {
        public EditMade {
            Objects.requireNonNull(linkId, "linkId");
            Objects.requireNonNull(entry, "entry");
        }
    }

    /** Stack entries with a version below {@code belowVersion} were acknowledged; {@code Long.MAX_VALUE} clears all. */
    record StackPrune(String linkId, long belowVersion) implements JournalEntry {
        public StackPrune { Objects.requireNonNull(linkId, "linkId"); }
    }

    /** Stack entries with a version at or above {@code fromVersion} were dropped (a backup restore). */
    record StackTruncate(String linkId, long fromVersion) implements JournalEntry {
        public StackTruncate { Objects.requireNonNull(linkId, "linkId"); }
    }

    /** A link was created anew (a join or a recovery): new epoch, shadow replaced, counters zero, stack empty. */
    record LinkReset(String linkId, long epoch, String shadow) implements JournalEntry {
        public LinkReset {
            Objects.requireNonNull(linkId, "linkId");
            Objects.requireNonNull(shadow, "shadow");
        }
    }

    /**
     * A link started again at a new epoch with the document text as it is at this point of the journal as its shadow:
     * stack empty, counters zero but {@code theirs}, which still counts the other side's edits of the epoch before
     * (a hub letting go of a gone client's view; decision 0023). {@link LinkReset} without the text.
     */
    record LinkRestarted(String linkId, long epoch, long theirs) implements JournalEntry {
        public LinkRestarted { Objects.requireNonNull(linkId, "linkId"); }
    }

    /** A link was removed (a client view the hub dropped). */
    record LinkRemoved(String linkId) implements JournalEntry {
        public LinkRemoved { Objects.requireNonNull(linkId, "linkId"); }
    }

    /** A conflict was recorded. */
    record ConflictAdded(Conflict conflict) implements JournalEntry {
        public ConflictAdded { Objects.requireNonNull(conflict, "conflict"); }
    }

    /** A conflict was re-applied or dismissed by the user. */
    record ConflictRemoved(String conflictId) implements JournalEntry {
        public ConflictRemoved { Objects.requireNonNull(conflictId, "conflictId"); }
    }
}
