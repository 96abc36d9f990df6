package dev.tandem.engine.store;

import dev.tandem.engine.meta.FieldChange;
import dev.tandem.engine.meta.FieldStamp;
import dev.tandem.engine.meta.Hlc;
import dev.tandem.engine.meta.MetaRecord;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * A {@link MetaStore} in memory (tests, the simulator, the in-process hub). Holds, like the SQLite one, only the latest
 * accepted write of each field with its sequence number: a pull never needs the writes a later one replaced.
 *
 * <p>Concurrency: every method is synchronized on the store.
 */
public final class MemoryMetaStore implements MetaStore {

    private final Map<String, MetaRecord> records = new HashMap<>();
    /** Sequence number of each field's current write, and the reverse index for {@link #changesSince}. */
    private final Map<FieldChange.Key, Long> seqOf = new HashMap<>();
    private final TreeMap<Long, FieldChange> bySeq = new TreeMap<>();
    private final LinkedHashMap<FieldChange.Key, FieldChange> pending = new LinkedHashMap<>();
    private long seq;
    private long cursor;
    private boolean closed;

    @Override
    public synchronized List<MetaRecord> records() throws StoreException {
        open();
        return List.copyOf(records.values());
    }

    @Override
    public synchronized Optional<MetaRecord> record(String docId) throws StoreException {
        open();
        return Optional.ofNullable(records.get(docId));
    }

    @Override
    public synchronized List<Numbered> merge(List<FieldChange> changes) throws StoreException {
        open();
        List<Numbered> out = new ArrayList<>();
        for (FieldChange c : changes) {
            MetaRecord r = records.getOrDefault(c.docId(), MetaRecord.empty(c.docId()));
            Optional<MetaRecord> next = r.apply(c);
            if (next.isEmpty()) continue;
            records.put(c.docId(), next.get());
            Long old = seqOf.put(c.key(), ++seq);
            if (old != null) bySeq.remove(old);
            bySeq.put(seq, c);
            out.add(new Numbered(seq, c));
        }
        return out;
    }

    @Override
    public synchronized List<Numbered> mergePulled(List<FieldChange> changes, long cursor) throws StoreException {
        List<Numbered> out = merge(changes);
        this.cursor = cursor;
        return out;
    }

    @Override
    public synchronized List<Numbered> writeLocal(List<FieldChange> changes) throws StoreException {
        List<Numbered> out = merge(changes);
        for (FieldChange c : changes) {
            pending.remove(c.key());
            pending.put(c.key(), c);
        }
        return out;
    }

    @Override
    public synchronized void restamp(FieldChange old, Hlc stamp) throws StoreException {
        open();
        FieldChange fresh = new FieldChange(old.docId(), old.field(), old.value(), stamp);
        MetaRecord r = records.get(old.docId());
        MetaRecord.Stamped current = r == null ? null : r.fields().get(old.field());
        if (current != null && current.stamp().equals(old.stamp())) {
            java.util.EnumMap<dev.tandem.engine.meta.MetaField, MetaRecord.Stamped> f = new java.util.EnumMap<>(dev.tandem.engine.meta.MetaField.class);
            f.putAll(r.fields());
            f.put(old.field(), new MetaRecord.Stamped(old.value(), stamp));
            records.put(old.docId(), new MetaRecord(old.docId(), f));
            Long was = seqOf.put(old.key(), ++seq);
            if (was != null) bySeq.remove(was);
            bySeq.put(seq, fresh);
        }
        FieldChange p = pending.get(old.key());
        if (p != null && p.stamp().equals(old.stamp())) pending.put(old.key(), fresh);
    }

    @Override
    public synchronized List<FieldChange> pending() throws StoreException {
        open();
        return List.copyOf(pending.values());
    }

    @Override
    public synchronized void acknowledge(List<FieldStamp> acknowledged) throws StoreException {
        open();
        for (FieldStamp a : acknowledged) {
            FieldChange p = pending.get(a.key());
            if (p != null && p.stamp().equals(a.stamp())) pending.remove(a.key());
        }
    }

    @Override
    public synchronized long cursor() throws StoreException {
        open();
        return cursor;
    }

    @Override
    public synchronized long lastSeq() throws StoreException {
        open();
        return seq;
    }

    @Override
    public synchronized List<Numbered> changesSince(long afterSeq, String docPrefix, int limit) throws StoreException {
        open();
        List<Numbered> out = new ArrayList<>();
        for (Map.Entry<Long, FieldChange> e : bySeq.tailMap(afterSeq, false).entrySet()) {
            if (out.size() >= limit) break;
            if (e.getValue().docId().startsWith(docPrefix)) out.add(new Numbered(e.getKey(), e.getValue()));
        }
        return out;
    }

    @Override
    public synchronized Optional<Hlc> maxStamp() throws StoreException {
        open();
        Hlc max = null;
        for (FieldChange c : bySeq.values()) if (max == null || c.stamp().isAfter(max)) max = c.stamp();
        for (FieldChange c : pending.values()) if (max == null || c.stamp().isAfter(max)) max = c.stamp();
        return Optional.ofNullable(max);
    }

    private void open() throws StoreException {
        if (closed) throw new StoreException("the metadata store is closed");
    }

    /** Marks the store closed; its contents stay (a test or the simulator may reopen it by {@link #reopen}). */
    @Override
    public synchronized void close() {
        closed = true;
    }

    /** The same contents, usable again (a simulated restart). */
    public synchronized MemoryMetaStore reopen() {
        closed = false;
        return this;
    }
}
