package dev.tandem.engine.store;

import dev.tandem.engine.sync.DocumentSnapshot;

import java.nio.file.Path;
import java.util.Optional;
import java.util.Random;

/**
 * The child process of {@link SqliteDocumentStoreCrashIT}: resumes the {@link EditScript} from what the store holds,
 * then appends and commits steps in groups for ever, checkpointing now and then, and prints after each commit the
 * number of steps committed so far. It expects to be killed.
 *
 * <p>Arguments: the store file, the script's seed.
 */
public final class CrashingWriter {

    private CrashingWriter() {}

    public static void main(String[] args) throws Exception {
        Path file = Path.of(args[0]);
        long seed = Long.parseLong(args[1]);
        String docId = "doc";
        try (SqliteDocumentStore store = SqliteDocumentStore.open(file, StoreOptions.defaults())) {
            Optional<DocumentSnapshot> loaded = store.load(docId);
            long done = loaded.map(CrashingWriter::steps).orElse(0L);
            EditScript script = new EditScript(docId, seed);
            for (long i = 0; i < done; i++) script.next();
            if (!script.state().equals(loaded.orElse(EditScript.empty(docId)))) {
                throw new IllegalStateException("the loaded state is not the script's state after " + done + " steps");
            }
            Random groups = new Random(seed ^ done);
            for (int commit = 1; ; commit++) {
                int n = 1 + groups.nextInt(20);
                for (int i = 0; i < n; i++) script.next().forEach(store.journal(docId)::append);
                if (commit % 25 == 0) store.checkpoint(script.state());
                else store.commit();
                System.out.println(script.steps());
                System.out.flush();
            }
        }
    }

    /** The steps a state holds: the script's last Versions entry sets {@code theirs} to the step number. */
    static long steps(DocumentSnapshot s) {
        return s.links().stream().filter(l -> l.linkId().equals(EditScript.LINK)).findFirst()
                .map(l -> l.theirs()).orElse(0L);
    }
}
