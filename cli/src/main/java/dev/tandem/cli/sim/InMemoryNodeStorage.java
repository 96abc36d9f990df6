package dev.tandem.cli.sim;

import dev.tandem.engine.store.DocumentStore;
import dev.tandem.engine.store.StoreException;
import dev.tandem.engine.sync.DocumentJournal;
import dev.tandem.engine.sync.DocumentSnapshot;
import dev.tandem.engine.sync.JournalEntry;
import dev.tandem.engine.sync.SnapshotReplay;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The simulator's stand-in for a durable store until the SQLite store is merged: per side, per document, the committed
 * snapshot and journal live in memory across handles; each handle buffers its own entries until {@code commit}, so a
 * handle dropped without committing (a crash) loses exactly what a real store would. {@code load} rebuilds state with
 * the engine's {@link SnapshotReplay}, as every store does.
 *
 * <p>Concurrency: single-threaded (the simulation's thread).
 */
final class InMemoryNodeStorage implements NodeStorage {

    private static final class Durable {
        final Map<String, DocumentSnapshot> snapshots = new HashMap<>();
        final Map<String, List<JournalEntry>> journals = new LinkedHashMap<>();
        final Map<String, String> settings = new HashMap<>();
    }

    private final Map<String, Durable> nodes = new HashMap<>();

    @Override
    public DocumentStore open(String node) {
        return new Handle(nodes.computeIfAbsent(node, n -> new Durable()));
    }

    @Override
    public void close() {
        nodes.clear();
    }

    private static final class Handle implements DocumentStore {
        private final Durable durable;
        private final Map<String, List<JournalEntry>> buffered = new LinkedHashMap<>();

        Handle(Durable durable) { this.durable = durable; }

        @Override
        public Optional<DocumentSnapshot> load(String docId) {
            DocumentSnapshot base = durable.snapshots.get(docId);
            List<JournalEntry> entries = durable.journals.getOrDefault(docId, List.of());
            if (base == null && entries.isEmpty()) return Optional.empty();
            SnapshotReplay replay = new SnapshotReplay(base != null ? base : new DocumentSnapshot(docId, "", List.of(), List.of()));
            for (JournalEntry e : entries) replay.apply(e);
            return Optional.of(replay.result());
        }

        /** Per document: entries appended through this handle, and how many of them are committed. */
        private final Map<String, long[]> positions = new LinkedHashMap<>();

        @Override
        public DocumentJournal journal(String docId) {
            List<JournalEntry> list = buffered.computeIfAbsent(docId, d -> new ArrayList<>());
            long[] at = positions.computeIfAbsent(docId, d -> new long[2]);
            return DocumentJournal.of(entry -> {
                list.add(entry);
                at[0]++;
            }, () -> at[0], () -> at[1]);
        }

        @Override
        public void commit() {
            buffered.forEach((doc, entries) -> {
                if (!entries.isEmpty()) {
                    durable.journals.computeIfAbsent(doc, d -> new ArrayList<>()).addAll(entries);
                    entries.clear();
                }
            });
            positions.values().forEach(at -> at[1] = at[0]);
        }

        @Override
        public void checkpoint(DocumentSnapshot snapshot) {
            commit();
            durable.snapshots.put(snapshot.docId(), snapshot);
            durable.journals.remove(snapshot.docId());
        }

        @Override
        public void checkpoint(DocumentSnapshot snapshot, long asOf) {
            long[] at = positions.get(snapshot.docId());
            long appended = at == null ? 0 : at[0];
            if (asOf > appended) {
                throw new IllegalArgumentException("checkpoint of " + snapshot.docId() + " as of entry " + asOf
                        + ", past its latest entry " + appended);
            }
            commit();
            // The durable journal ends with this handle's entries: those after asOf stay, to be replayed over it.
            List<JournalEntry> journal = durable.journals.getOrDefault(snapshot.docId(), List.of());
            List<JournalEntry> after = new ArrayList<>(journal.subList(
                    Math.max(0, journal.size() - (int) (appended - asOf)), journal.size()));
            durable.snapshots.put(snapshot.docId(), snapshot);
            if (after.isEmpty()) durable.journals.remove(snapshot.docId());
            else durable.journals.put(snapshot.docId(), after);
        }

        @Override
        public long journalLength(String docId) {
            return durable.journals.getOrDefault(docId, List.of()).size()
                    + buffered.getOrDefault(docId, List.of()).size();
        }

        @Override
        public List<String> documentIds() {
            List<String> ids = new ArrayList<>(durable.snapshots.keySet());
            for (String d : durable.journals.keySet()) if (!ids.contains(d)) ids.add(d);
            return ids;
        }

        @Override
        public void delete(String docId) {
            durable.snapshots.remove(docId);
            durable.journals.remove(docId);
            buffered.remove(docId);
        }

        @Override
        public Optional<String> setting(String key) { return Optional.ofNullable(durable.settings.get(key)); }

        @Override
        public void putSetting(String key, String value) { durable.settings.put(key, value); }

        @Override
        public void close() { commit(); }
    }
}
