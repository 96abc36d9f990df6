package dev.tandem.client;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tandem.engine.meta.FieldChange;
import dev.tandem.engine.meta.Hlc;
import dev.tandem.engine.meta.MetaField;
import dev.tandem.engine.meta.MetaRecord;
import dev.tandem.engine.store.StoreException;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletionException;

/**
 * {@code ./tandem doc create|rename|delete|restore|list}: the documents' metadata from the command line. Without
 * {@code --server} a change waits in the local change log; with one, the command pulls first (so a document made
 * elsewhere can be named), makes its change, and syncs it. Each command prints the documents it touched (or, for
 * {@code list}, every document) as one JSON object per line: {@code doc}, {@code title}, {@code deleted}, {@code tags},
 * {@code pinned}, {@code folder}, {@code created}, {@code stamps} (each field's stamp) and {@code synced} (no change of it
 * waits in the change log).
 *
 * <p>Exit codes: 0 done (a change that could not reach the relay waits: still 0, said on stderr), 1 refused by the relay,
 * TLS failure or an unusable store, 2 a usage error (an unknown or ambiguous {@code --doc}, a bad title, a bad URL).
 */
final class DocMetaCommands {

    private static final ObjectMapper JSON = new ObjectMapper();

    private DocMetaCommands() { }

    /** Several documents carry the title given to {@code --doc}. */
    static final class Ambiguous extends Exception {
        private static final long serialVersionUID = 1L;

        Ambiguous(String message) {
            super(message);
        }
    }

    /**
     * The document {@code name} names: the one with that id, else the one (live, or deleted if {@code deleted}) with that
     * title; empty if none; {@link Ambiguous} (listing the ids) if several share the title.
     */
    static Optional<MetaRecord> resolve(List<MetaRecord> records, String name, boolean deleted) throws Ambiguous {
        for (MetaRecord r : records) if (r.docId().equals(name)) return Optional.of(r);
        List<MetaRecord> titled = records.stream().filter(r -> r.deleted() == deleted && r.title().equals(name)).toList();
        if (titled.size() > 1) {
            throw new Ambiguous(titled.size() + " " + (deleted ? "deleted " : "") + "documents are titled \"" + name
                    + "\"; name one by its id: " + String.join(", ", titled.stream().map(MetaRecord::docId).sorted().toList()));
        }
        return titled.stream().findFirst();
    }

    /** A usage error found while acting (an unknown document): exit 2 with this message. */
    private static final class Usage extends Exception {
        private static final long serialVersionUID = 1L;

        Usage(String message) {
            super(message);
        }
    }

    @FunctionalInterface
    private interface Action {
        /** Makes the change; returns the ids of the documents to print (null: every document). */
        List<String> run(HeadlessClient client, List<MetaRecord> records) throws Usage, Ambiguous;
    }

    @Command(name = "create", mixinStandardHelpOptions = true,
            description = "Creates a document titled NAME (a new UUIDv7 id, made offline if need be); prints it as JSON.")
    static final class Create implements Callable<Integer> {
        @CommandLine.Mixin StoreAndRelayOptions o;
        @Option(names = "--doc", required = true, description = "the new document's title") String name;

        @Override
        public Integer call() {
            return run("tandem doc create", o, (client, records) -> {
                checkTitle(name);
                return List.of(client.meta.create(name).join().docId());
            });
        }
    }

    @Command(name = "rename", mixinStandardHelpOptions = true, description = "Gives a document a new title.")
    static final class Rename implements Callable<Integer> {
        @CommandLine.Mixin StoreAndRelayOptions o;
        @Option(names = "--doc", required = true, description = "the document's id, or its title if unique") String name;
        @Option(names = "--title", required = true, description = "the new title") String title;

        @Override
        public Integer call() {
            return run("tandem doc rename", o, (client, records) -> {
                checkTitle(title);
                String id = find(records, name, false);
                client.meta.rename(id, title).join();
                return List.of(id);
            });
        }
    }

    @Command(name = "delete", mixinStandardHelpOptions = true,
            description = "Deletes a document everywhere (a tombstone); its text stays recoverable for the retention period.")
    static final class Delete implements Callable<Integer> {
        @CommandLine.Mixin StoreAndRelayOptions o;
        @Option(names = "--doc", required = true, description = "the document's id, or its title if unique") String name;

        @Override
        public Integer call() {
            return run("tandem doc delete", o, (client, records) -> {
                String id = find(records, name, false);
                client.meta.delete(id).join();
                return List.of(id);
            });
        }
    }

    @Command(name = "restore", mixinStandardHelpOptions = true, description = "Brings a deleted document back everywhere.")
    static final class Restore implements Callable<Integer> {
        @CommandLine.Mixin StoreAndRelayOptions o;
        @Option(names = "--doc", required = true, description = "the document's id, or its title if unique among deleted ones") String name;

        @Override
        public Integer call() {
            return run("tandem doc restore", o, (client, records) -> {
                String id = find(records, name, true);
                client.meta.restore(id).join();
                return List.of(id);
            });
        }
    }

    @Command(name = "list", mixinStandardHelpOptions = true,
            description = "Prints every document (deleted ones too) as one JSON object per line, by title.")
    static final class ListDocs implements Callable<Integer> {
        @CommandLine.Mixin StoreAndRelayOptions o;

        @Override
        public Integer call() {
            return run("tandem doc list", o, (client, records) -> null);
        }
    }

    private static void checkTitle(String title) throws Usage {
        try {
            MetaField.TITLE.check(new dev.tandem.engine.meta.MetaValue.Text(title));
        } catch (IllegalArgumentException e) {
            throw new Usage("bad title: " + e.getMessage());
        }
    }

    private static String find(List<MetaRecord> records, String name, boolean deleted) throws Usage, Ambiguous {
        return resolve(records, name, deleted).map(MetaRecord::docId).orElseThrow(() -> new Usage(
                "no " + (deleted ? "deleted " : "") + "document with the id or title \"" + name + "\" (./tandem doc list shows them)"));
    }

    private static int run(String cmd, StoreAndRelayOptions o, Action action) {
        Optional<RelayTarget> target;
        try {
            target = RelayTarget.of(o.server, o.token, o.trustStore, o.trustPassword);
        } catch (RelayTarget.BadTarget e) {
            System.err.println(cmd + ": " + e.getMessage());
            return 2;
        }
        try (HeadlessClient client = new HeadlessClient(o.store)) {
            boolean reachable = target.isPresent();
            if (reachable) { // first pull, so that a document made elsewhere can be named
                HeadlessClient.SyncResult r = client.syncMeta(target.get().server(), target.get().token(), target.get().http(), o.timeoutMillis);
                Integer exit = report(cmd, r);
                if (exit != null && exit != 0) return exit;
                reachable = exit != null;
            }
            List<String> touched;
            try {
                touched = action.run(client, client.meta.records().join());
            } catch (Usage | Ambiguous e) {
                System.err.println(cmd + ": " + e.getMessage());
                return 2;
            }
            if (reachable && touched != null) {
                HeadlessClient.SyncResult r = client.syncMeta(target.get().server(), target.get().token(), target.get().http(), o.timeoutMillis);
                Integer exit = report(cmd, r);
                if (exit != null && exit != 0) return exit;
            }
            for (String p : client.problems) System.err.println(cmd + ": " + p);
            List<FieldChange> pending = client.metaStore.pending();
            Set<String> unsynced = new HashSet<>();
            for (FieldChange c : pending) unsynced.add(c.docId());
            if (touched != null && !pending.isEmpty() && !reachable) {
                System.err.println(cmd + ": the change waits in " + o.store + " and is sent by a later sync (--server)");
            }
            List<MetaRecord> records = new ArrayList<>(client.meta.records().join());
            records.sort(Comparator.comparing(MetaRecord::title).thenComparing(MetaRecord::docId));
            for (MetaRecord r : records) {
                if (touched == null || touched.contains(r.docId())) System.out.println(json(r, !unsynced.contains(r.docId())));
            }
            return 0;
        } catch (StoreException | IOException e) {
            System.err.println(cmd + ": cannot use the local store " + o.store + ": " + e.getMessage());
            return 1;
        } catch (CompletionException e) {
            System.err.println(cmd + ": " + (e.getCause() == null ? e.getMessage() : e.getCause().getMessage()));
            return 1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return 1;
        }
    }

    /** Tells how a sync went: 0 synced, null unreachable (go on offline), another code to exit with. */
    private static Integer report(String cmd, HeadlessClient.SyncResult r) {
        switch (r.outcome()) {
            case SYNCED:
                return 0;
            case UNREACHABLE:
            case TIMED_OUT:
                System.err.println(cmd + ": " + r.reason() + "; working on the local copy");
                return null;
            default:
                System.err.println(cmd + ": " + r.reason());
                return 1;
        }
    }

    /** One document as the JSON line {@code list} prints. */
    static String json(MetaRecord r, boolean synced) {
        ObjectNode o = JSON.createObjectNode();
        o.put("doc", r.docId()).put("title", r.title()).put("deleted", r.deleted());
        ArrayNode tags = o.putArray("tags");
        r.tags().forEach(tags::add);
        o.put("pinned", r.pinned()).put("folder", r.folder()).put("created", r.created());
        ObjectNode stamps = o.putObject("stamps");
        for (MetaField f : MetaField.values()) r.stamp(f).map(Hlc::toString).ifPresent(s -> stamps.put(f.wireName(), s));
        o.put("synced", synced);
        return o.toString();
    }

}
