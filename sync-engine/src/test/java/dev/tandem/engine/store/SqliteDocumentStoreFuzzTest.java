package dev.tandem.engine.store;

import dev.tandem.engine.sync.DocumentSnapshot;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * Random sequences of appends, commits, checkpoints, failing commits, crashes and clean restarts against a real
 * SQLite file, checked after every step against a simple model: the store holds exactly the steps committed so far.
 * A failure names its seed and step; add the seed to the list to replay it.
 */
class SqliteDocumentStoreFuzzTest {

    /** No waiting for locks: the failing commits fail at once. */
    private static final StoreOptions OPTIONS = StoreOptions.defaults().withBusyTimeout(Duration.ZERO);

    @TempDir
    Path dir;

    @ParameterizedTest(name = "seed {0}")
    @ValueSource(longs = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12})
    void the_store_always_holds_exactly_the_committed_steps(long seed) throws Exception {
        Random rnd = new Random(seed);
        Path file = dir.resolve("fuzz-" + seed + ".db");
        SqliteDocumentStore store = SqliteDocumentStore.open(file, OPTIONS);
        List<String> ids = List.of("a", "b", "c");
        List<EditScript> scripts = new ArrayList<>();
        long[] committed = new long[ids.size()];
        boolean[] checkpointed = new boolean[ids.size()];
        for (int d = 0; d < ids.size(); d++) scripts.add(new EditScript(ids.get(d), seed * 31 + d));
        List<String> log = new ArrayList<>();
        try {
            for (int step = 0; step < 120; step++) {
                int action = rnd.nextInt(100);
                int d = rnd.nextInt(ids.size());
                String id = ids.get(d);
                if (action < 50) {
                    int n = 1 + rnd.nextInt(8);
                    log.add("append " + n + " to " + id);
                    DocumentStoreContract.appendSteps(store.journal(id), scripts.get(d), n);
                } else if (action < 70) {
                    log.add("commit");
                    store.commit();
                    for (int i = 0; i < ids.size(); i++) committed[i] = scripts.get(i).steps();
                } else if (action < 78) {
                    log.add("checkpoint " + id);
                    store.checkpoint(scripts.get(d).state());
                    checkpointed[d] = true;
                    for (int i = 0; i < ids.size(); i++) committed[i] = scripts.get(i).steps();
                } else if (action < 84) {
                    log.add("append 1 to " + id + ", failing commit");
                    DocumentStoreContract.appendSteps(store.journal(id), scripts.get(d), 1);
                    try (Connection other = SqliteDocumentStoreTest.connect(file);
                         Statement st = other.createStatement()) {
                        st.execute("BEGIN IMMEDIATE");
                        assertThrows(StoreException.class, store::commit);
                        st.execute("ROLLBACK");
                    }
                } else if (action < 92) {
                    log.add("crash");
                    store.abandon();
                    store = SqliteDocumentStore.open(file, OPTIONS);
                    for (int i = 0; i < ids.size(); i++) {
                        EditScript rewound = new EditScript(ids.get(i), seed * 31 + i);
                        for (long k = 0; k < committed[i]; k++) rewound.next();
                        scripts.set(i, rewound);
                    }
                } else {
                    log.add("clean restart");
                    store.close();
                    store = SqliteDocumentStore.open(file, OPTIONS);
                    for (int i = 0; i < ids.size(); i++) committed[i] = scripts.get(i).steps();
                }
                if (rnd.nextInt(4) == 0) {
                    EditScript s = scripts.get(d);
                    Optional<DocumentSnapshot> expected = s.steps() == 0 && !checkpointed[d]
                            ? Optional.empty() : Optional.of(s.state());
                    assertEquals(expected, store.load(id), "seed " + seed + " after " + log);
                    // load commits what is buffered
                    for (int i = 0; i < ids.size(); i++) committed[i] = scripts.get(i).steps();
                }
            }
        } finally {
            store.close();
        }
    }
}
