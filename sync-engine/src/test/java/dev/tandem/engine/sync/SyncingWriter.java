package dev.tandem.engine.sync;

import dev.tandem.engine.protocol.Message;
import dev.tandem.engine.store.SqliteDocumentStore;
import dev.tandem.engine.store.StoreException;
import dev.tandem.engine.store.StoreOptions;

import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The child process of {@link EngineCrashIT}: a client and a hub, each with its own SQLite store, in one process.
 * The client appends a numbered marker and syncs, step after step, committing each side's store before anything it
 * produced goes to the other side; after the hub's reply it prints {@code acked N}. It resumes from the stores,
 * so it can be killed at any instant and started again.
 */
final class SyncingWriter {

    static final String DOC = "doc";

    private SyncingWriter() {}

    static String marker(long n) {
        return "<" + n + ">";
    }

    public static void main(String[] args) throws StoreException {
        Path dir = Path.of(args[0]);
        AtomicLong ids = new AtomicLong(System.nanoTime());
        try (SqliteDocumentStore clientStore = SqliteDocumentStore.open(dir.resolve("client.db"), StoreOptions.defaults());
             SqliteDocumentStore hubStore = SqliteDocumentStore.open(dir.resolve("hub.db"), StoreOptions.defaults())) {
            ClientDocument client = ClientDocument.open(DOC, clientStore.load(DOC), clientStore.journal(DOC),
                    EngineLimits.DEFAULTS, System::currentTimeMillis, () -> "c" + ids.incrementAndGet());
            HubDocument hub = HubDocument.open(DOC, hubStore.load(DOC), hubStore.journal(DOC),
                    EngineLimits.DEFAULTS, System::currentTimeMillis, () -> "h" + ids.incrementAndGet());
            long next = countMarkers(client.text());
            for (long step = 0; ; step++) {
                client.edit(client.length(), 0, marker(next) + " ");
                Optional<Message> m = client.startExchange(true);
                while (m.isPresent()) {
                    clientStore.commit();
                    Message reply = hub.receive("writer", m.get()).reply().orElseThrow();
                    hubStore.commit();
                    m = client.receive(reply).reply();
                    clientStore.commit();
                }
                System.out.println("acked " + next);
                System.out.flush();
                next++;
                if (step % 97 == 96) {
                    clientStore.checkpoint(client.snapshot());
                    hubStore.checkpoint(hub.snapshot());
                }
            }
        }
    }

    static long countMarkers(String text) {
        long n = 0;
        while (text.contains(marker(n))) n++;
        return n;
    }
}
