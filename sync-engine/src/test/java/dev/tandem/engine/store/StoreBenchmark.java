package dev.tandem.engine.store;

import dev.tandem.engine.sync.DocumentJournal;
import dev.tandem.engine.sync.JournalEntry;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * A micro benchmark of the SQLite store (not a test): appends small Splice entries (keystrokes) and commits them in
 * groups of 1, 10, 100, 1000, then reloads them, and compares with plain JDBC
 * inserts. Prints entries per second. Figures vary with the machine's load; run it two or three times. Run from the repository root:
 *
 * <pre>
 * mvn -B -ntp -pl sync-engine test-compile dependency:build-classpath -Dmdep.outputFile=target/cp.txt
 * java -cp sync-engine/target/test-classes:sync-engine/target/classes:$(cat sync-engine/target/cp.txt) \
 *     dev.tandem.engine.store.StoreBenchmark [entries] [FULL]
 * </pre>
 */
public final class StoreBenchmark {

    private StoreBenchmark() {}

    public static void main(String[] args) throws Exception {
        int entries = args.length > 0 ? Integer.parseInt(args[0]) : 100_000;
        StoreOptions.Synchronous sync = args.length > 1 ? StoreOptions.Synchronous.valueOf(args[1])
                : StoreOptions.DEFAULT_SYNCHRONOUS;
        Path dir = Files.createTempDirectory("tandem-bench");
        try {
            codec(entries);
            run(dir, entries, 10, sync, false); // warm-up
            System.out.printf("synchronous=%s, %,d Splice entries of one char, one document%n", sync, entries);
            for (int group : new int[] {1, 10, 100, 1000}) run(dir, entries, group, sync, true);
            rawFloor(dir, entries, sync);
        } finally {
            try (Stream<Path> files = Files.walk(dir)) {
                for (Path p : files.sorted(Comparator.reverseOrder()).toList()) Files.deleteIfExists(p);
            }
        }
    }

    /** The floor: plain JDBC, one 9-byte row per commit into the same table, no store around it. */
    private static void rawFloor(Path dir, int entries, StoreOptions.Synchronous sync) throws SQLException {
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + dir.resolve("raw.db"))) {
            try (Statement st = c.createStatement()) {
                st.execute("PRAGMA journal_mode = WAL");
                st.execute("PRAGMA synchronous = " + sync.name());
                st.execute("CREATE TABLE journal (doc_id TEXT NOT NULL, first_seq INTEGER NOT NULL, last_seq INTEGER "
                        + "NOT NULL, entries BLOB NOT NULL, PRIMARY KEY (doc_id, first_seq)) WITHOUT ROWID");
            }
            c.setAutoCommit(false);
            byte[] blob = new byte[9];
            try (PreparedStatement ins = c.prepareStatement("INSERT INTO journal VALUES (?, ?, ?, ?)")) {
                long t0 = System.nanoTime();
                for (int i = 0; i < entries; i++) {
                    ins.setString(1, "doc");
                    ins.setLong(2, i);
                    ins.setLong(3, i);
                    ins.setBytes(4, blob);
                    ins.executeUpdate();
                    c.commit();
                }
                double s = (System.nanoTime() - t0) / 1e9;
                System.out.printf("raw JDBC floor, one row per commit: %,10.0f commits/s (%.1f us each)%n",
                        entries / s, s * 1e6 / entries);
            }
        }
    }

    private static void codec(int entries) {
        List<JournalEntry> list = new ArrayList<>(entries);
        for (int i = 0; i < entries; i++) list.add(new JournalEntry.Splice(null, i, 0, "a"));
        for (int warm = 0; warm < 5; warm++) JournalCodec.decodeEntries(JournalCodec.encodeEntries(list));
        long t0 = System.nanoTime();
        byte[] blob = JournalCodec.encodeEntries(list);
        long t1 = System.nanoTime();
        JournalCodec.decodeEntries(blob);
        long t2 = System.nanoTime();
        System.out.printf("codec: encode %.0f ns/entry, decode %.0f ns/entry, %.1f bytes/entry%n",
                (t1 - t0) / (double) entries, (t2 - t1) / (double) entries, (blob.length - 1) / (double) entries);
    }

    private static void run(Path dir, int entries, int group, StoreOptions.Synchronous sync, boolean print)
            throws StoreException, IOException {
        Path file = dir.resolve("bench-" + group + "-" + print + ".db");
        StoreOptions options = StoreOptions.defaults().withSynchronous(sync);
        long t0 = System.nanoTime();
        try (SqliteDocumentStore store = SqliteDocumentStore.open(file, options)) {
            DocumentJournal j = store.journal("doc");
            for (int i = 0; i < entries; i++) {
                j.append(new JournalEntry.Splice(null, i, 0, "a"));
                if ((i + 1) % group == 0) store.commit();
            }
            store.commit();
        }
        long t1 = System.nanoTime();
        long fileBytes = Files.size(file);
        int length;
        try (SqliteDocumentStore store = SqliteDocumentStore.open(file, options)) {
            length = store.load("doc").orElseThrow().text().length();
        }
        long t2 = System.nanoTime();
        if (length != entries) throw new IllegalStateException("loaded " + length + " of " + entries);
        if (print) {
            double write = (t1 - t0) / 1e9;
            System.out.printf("group %4d: %,10.0f entries/s %,9.0f commits/s (%.2f s)  reload+replay %.3f s  file %,d KB%n",
                    group, entries / write, entries / (double) group / write, write, (t2 - t1) / 1e9,
                    fileBytes / 1024);
        }
    }
}
