package dev.tandem.engine.session;

import dev.tandem.engine.meta.FieldChange;
import dev.tandem.engine.meta.FieldStamp;
import dev.tandem.engine.meta.MetaMessage;
import dev.tandem.engine.store.MetaStore;
import dev.tandem.engine.store.StoreException;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.LongSupplier;

/**
 * The relay's side of the metadata protocol (docs/protocol.md, "Metadata protocol"): merges pushed changes field by
 * field into its {@link MetaStore}, numbering each accepted write with the store's sequence, and answers pulls from that
 * sequence. Several workspaces share one store: a workspace's documents are stored as {@code prefix + id} and each
 * call names the prefix, so a client only ever reaches its own workspace's documents.
 *
 * <p>A write whose stamp is more than {@link Options#maxAheadMillis()} ahead of this side's clock is refused with the
 * reason in plain words: accepted, it would move every clock that sees it (hybrid logical clocks never go back) and win
 * every later write until real time caught up.
 *
 * <p>Concurrency: thread-safe; every call runs under the hub's lock (one writer), and a push is durable in the store
 * before its answer exists.
 */
public final class MetaHub {

    /**
     * @param maxAheadMillis  how far ahead of the relay's clock a stamp may be. A day covers a clock set in the wrong
     *                        time zone (up to 14 h) and any honest drift; more than that is a broken clock
     * @param pullLimit       the most changes in one pull answer (the client pulls again while {@code more})
     * @param retentionMillis how long the text of a deleted document is kept after its tombstone's time (then it may
     *                        be purged; the tombstone itself is kept for good, so the document never comes back)
     */
    public record Options(long maxAheadMillis, int pullLimit, long retentionMillis) {
        public static final long DEFAULT_MAX_AHEAD_MILLIS = 24L * 60 * 60 * 1000;
        public static final int DEFAULT_PULL_LIMIT = 500;
        public static final long DEFAULT_RETENTION_MILLIS = 30L * 24 * 60 * 60 * 1000;
        public static final Options DEFAULTS = new Options(DEFAULT_MAX_AHEAD_MILLIS, DEFAULT_PULL_LIMIT, DEFAULT_RETENTION_MILLIS);

        public Options {
            if (maxAheadMillis < 0) throw new IllegalArgumentException("maxAheadMillis must not be negative: " + maxAheadMillis);
            if (pullLimit < 1) throw new IllegalArgumentException("pullLimit must be at least 1: " + pullLimit);
            if (retentionMillis < 0) throw new IllegalArgumentException("retentionMillis must not be negative: " + retentionMillis);
        }
    }

    /** A push's answer and the store's sequence after it ({@code changed}: some write won, peers should pull). */
    public record PushOutcome(MetaMessage.Pushed reply, long seq, boolean changed) { }

    private final MetaStore store;
    private final LongSupplier wall;
    private final Options options;

    public MetaHub(MetaStore store, LongSupplier wall, Options options) {
        this.store = Objects.requireNonNull(store, "store");
        this.wall = Objects.requireNonNull(wall, "wall");
        this.options = Objects.requireNonNull(options, "options");
    }

    /** Merges a client's push (document ids relative to {@code prefix}); the answer names them the same way. */
    public synchronized PushOutcome push(String prefix, MetaMessage.Push push) throws StoreException {
        long now = wall.getAsLong();
        List<FieldChange> take = new ArrayList<>();
        List<FieldStamp> accepted = new ArrayList<>();
        List<MetaMessage.Refusal> refused = new ArrayList<>();
        for (FieldChange c : push.changes()) {
            long ahead = c.stamp().millis() - now;
            if (ahead > options.maxAheadMillis()) {
                refused.add(new MetaMessage.Refusal(FieldStamp.of(c), tooFarAhead(c, ahead)));
            } else {
                take.add(c.withDocId(prefix + c.docId()));
                accepted.add(FieldStamp.of(c));
            }
        }
        List<MetaStore.Numbered> won = take.isEmpty() ? List.of() : store.merge(take);
        return new PushOutcome(new MetaMessage.Pushed(push.id(), accepted, refused, now), store.lastSeq(), !won.isEmpty());
    }

    private String tooFarAhead(FieldChange c, long aheadMillis) {
        return "the change of " + c.field().wireName() + " is stamped " + Instant.ofEpochMilli(c.stamp().millis())
                + ", " + hours(aheadMillis) + " ahead of the relay's clock (the limit is " + hours(options.maxAheadMillis())
                + "): check this computer's date, time and time zone; the change waits on this computer and is sent again";
    }

    private static String hours(long millis) {
        return String.format(java.util.Locale.ROOT, "%.1f h", millis / 3_600_000.0);
    }

    /**
     * Every field of the workspace changed after the pull's cursor. A cursor beyond this store's sequence (the relay's
     * data was restored from an older copy) is answered from the start, so the client misses nothing.
     */
    public synchronized MetaMessage.Changes pull(String prefix, MetaMessage.Pull pull) throws StoreException {
        long last = store.lastSeq();
        long from = pull.cursor() > last ? 0 : pull.cursor();
        List<MetaStore.Numbered> rows = store.changesSince(from, prefix, options.pullLimit() + 1);
        boolean more = rows.size() > options.pullLimit();
        if (more) rows = rows.subList(0, options.pullLimit());
        long cursor = more ? rows.get(rows.size() - 1).seq() : last;
        List<FieldChange> changes = new ArrayList<>(rows.size());
        for (MetaStore.Numbered n : rows) changes.add(n.change().withDocId(n.change().docId().substring(prefix.length())));
        return new MetaMessage.Changes(pull.id(), cursor, changes, more);
    }

    /**
     * Documents (full ids, with their workspace prefix) whose tombstone is older than the retention period at
     * {@code nowMillis}: their text may be purged.
     */
    public static List<String> expiredTombstones(List<dev.tandem.engine.meta.MetaRecord> records, long nowMillis,
                                                 long retentionMillis) {
        List<String> out = new ArrayList<>();
        for (dev.tandem.engine.meta.MetaRecord r : records) {
            r.deletedAtMillis().filter(t -> nowMillis - t > retentionMillis).ifPresent(t -> out.add(r.docId()));
        }
        return out;
    }

    /** The store's sequence now (what a {@link MetaMessage.Changed} announces). */
    public synchronized long seq() throws StoreException {
        return store.lastSeq();
    }
}
