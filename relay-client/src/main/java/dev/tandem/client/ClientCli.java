package dev.tandem.client;

import dev.tandem.engine.store.StoreException;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.Callable;

/**
 * {@code ./tandem doc print|append|create|rename|delete|restore|list} and {@code ./tandem load}. {@code --doc} names a
 * document by its id or by its title when that is unique ({@link DocMetaCommands#resolve}).
 *
 * <p>Exit codes: 0 done (an append that could not reach the relay is queued: still 0), 1 refused by the relay, TLS
 * failure or a failed sync, 2 a usage error (a malformed URL, an invalid option).
 */
@Command(name = "tandem", subcommands = {ClientCli.Doc.class, LoadCommand.class, WireReplayCommand.class}, mixinStandardHelpOptions = true)
public final class ClientCli {

    public static void main(String[] args) {
        // The CLI's logging set-up travels under its own name, so that an application using this library as a
        // dependency (the desktop app) keeps its own logback.xml without a clash.
        if (System.getProperty("logback.configurationFile") == null) {
            System.setProperty("logback.configurationFile", "logback-cli.xml");
        }
        System.exit(new CommandLine(new ClientCli()).execute(args));
    }

    /** Options of print and append: the store and relay ones, and the document. */
    static final class Common extends StoreAndRelayOptions {
        @Option(names = "--doc", required = true, description = "the document's id or its title (if unique); else a name for its text")
        String doc;
    }

    @Command(name = "doc", mixinStandardHelpOptions = true, description = "A document from the command line.",
            subcommands = {Print.class, Append.class, DocMetaCommands.Create.class, DocMetaCommands.Rename.class,
                    DocMetaCommands.Delete.class, DocMetaCommands.Restore.class, DocMetaCommands.ListDocs.class})
    static final class Doc { }

    @Command(name = "print", mixinStandardHelpOptions = true, description = "Syncs if a server is given, then prints the text.")
    static final class Print implements Callable<Integer> {
        @CommandLine.Mixin Common c;

        @Override
        public Integer call() {
            return run(c, null);
        }
    }

    @Command(name = "append", mixinStandardHelpOptions = true,
            description = "Appends to the document in the local store; syncs when the server is reachable, else queues the edit.")
    static final class Append implements Callable<Integer> {
        @CommandLine.Mixin Common c;
        @Option(names = "--text", required = true) String text;

        @Override
        public Integer call() {
            return run(c, text);
        }
    }

    private static int run(Common c, String append) {
        String cmd = append == null ? "tandem doc print" : "tandem doc append";
        if (!validDocName(c.doc)) {
            System.err.println(cmd + ": invalid document name \"" + c.doc + "\" (parts of A-Z a-z 0-9 . _ - joined by '/')");
            return 2;
        }
        Optional<RelayTarget> target;
        try {
            target = RelayTarget.of(c.server, c.token, c.trustStore, c.trustPassword);
        } catch (RelayTarget.BadTarget e) {
            System.err.println(cmd + ": " + e.getMessage());
            return 2;
        }
        try (HeadlessClient client = new HeadlessClient(c.store)) {
            // A document known to the metadata by this id or unique title is that document's text; any other valid
            // name is a text of its own (as before metadata existed).
            String doc;
            try {
                doc = DocMetaCommands.resolve(client.meta.records().join(), c.doc, false).map(r -> r.docId()).orElse(c.doc);
            } catch (DocMetaCommands.Ambiguous e) {
                System.err.println(cmd + ": " + e.getMessage());
                return 2;
            }
            client.session.open(doc).join();
            HeadlessClient.SyncResult r = null;
            if (append != null) {
                if (target.isPresent()) {
                    // The document as the team has it first, so that the text goes at its end: appended to an older
                    // local copy (or to none), it landed before what the others had written meanwhile.
                    RelayTarget link = target.get();
                    r = client.sync(link.server(), link.token(), link.http(), c.timeoutMillis);
                    if (r.outcome() == HeadlessClient.Outcome.TLS_FAILED || r.outcome() == HeadlessClient.Outcome.REFUSED) {
                        System.err.println(cmd + ": " + r.reason() + "; nothing was appended");
                        return 1;
                    }
                }
                String text = client.session.text(doc).join();
                client.session.edit(doc, text.length(), 0, append);
                client.session.flush().join();
            }
            int exit = 0;
            if (target.isPresent()) {
                RelayTarget link = target.get();
                if (r == null || r.outcome() == HeadlessClient.Outcome.SYNCED) {
                    r = client.sync(link.server(), link.token(), link.http(), c.timeoutMillis);
                }
                switch (r.outcome()) {
                    case SYNCED -> { }
                    case UNREACHABLE -> {
                        if (append != null) System.err.println(cmd + ": " + r.reason() + "; the edit is queued in " + c.store + " and is sent by a later sync");
                        else System.err.println(cmd + ": " + r.reason() + "; showing the local copy");
                    }
                    case TIMED_OUT -> {
                        System.err.println(cmd + ": " + r.reason() + (append != null ? "; the edit is queued" : "; showing the local copy"));
                    }
                    case TLS_FAILED, REFUSED -> {
                        System.err.println(cmd + ": " + r.reason());
                        exit = 1;
                    }
                }
            }
            if (append == null && exit == 0) {
                System.out.println(client.session.text(doc).join());
            } else if (exit == 0) {
                System.out.println(client.session.text(doc).join().length() + " chars in " + c.doc);
            }
            return exit;
        } catch (StoreException | IOException e) {
            System.err.println(cmd + ": cannot use the local store " + c.store + ": " + e.getMessage());
            return 1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return 1;
        }
    }

    static boolean validDocName(String s) {
        if (s == null || s.isEmpty()) return false;
        String[] parts = s.split("/", -1);
        if (parts.length > 4) return false;
        for (String p : parts) {
            if (!p.matches("[A-Za-z0-9._-]{1,128}") || p.equals(".") || p.equals("..")) return false;
        }
        return true;
    }

    static String readFirstLine(Path p) throws IOException {
        return Files.readAllLines(p, StandardCharsets.UTF_8).stream().findFirst().orElse("");
    }
}
